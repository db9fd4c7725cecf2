"""Build the held-out DOCX consultation (fictional, our own words) for the `questions` evaluation.

    python evals/consultations/build_heldout.py

Written with python-docx directly, not from Markdown, so its layout differs from the dev
sample's: "Q12." labels in bold, sub-questions (lettered "a)" under a stem, and "Q12a."),
options in tick-box tables, in one-row tables, in the question's own paragraph and in a
bulleted list, and empty answer boxes. Its gold is in evals/datasets/questions-test.jsonl;
it was written before the extractor was run on it, and the extractor is not tuned to it.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "specialist-places-consultation-2026.docx"
TITLE = "Consultation on funding places in special schools and alternative provision"
AGREE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]

# (kind, payload): heading1/heading2/para/question (bold)/ticks (a table row per option)/
# scale (one-row table)/box (empty answer box)/bullets
CONTENT: list[tuple[str, object]] = [
    ("para", "A fictional consultation written for the Forum Drafting Assistant's evaluation. It is not a "
             "government document and no department has proposed what it describes."),
    ("heading1", "Chapter 1: Introduction"),
    ("para", "1.1 Most children with an education, health and care plan are taught in mainstream schools, but the "
             "number placed in special schools and in alternative provision has grown every year since 2015."),
    ("para", "1.2 The way these places are paid for has not kept pace. Place funding is set nationally at a flat rate, "
             "while top-up funding is agreed school by school, and the same pupil can attract very different sums "
             "in neighbouring areas."),
    ("para", "1.3 This consultation asks for views on national top-up bands, a longer funding settlement for "
             "alternative provision and clearer rules for commissioning independent places. It closes on 12 June 2027."),
    ("heading2", "About you"),
    ("question", "Q1. In which capacity are you responding?"),
    ("ticks", ["Parent or carer", "Young person", "Headteacher or school leader", "Local authority officer",
               "Provider of alternative provision", "Other (please specify)"]),
    ("question", "Q2. If you are responding for an organisation, what is its name?"),
    ("box", None),
    ("heading1", "Chapter 2: Funding special school places"),
    ("heading2", "Place funding for special post-16 institutions"),
    ("para", "2.1 Special post-16 institutions receive place funding at a lower rate than special schools, although "
             "many of their students have needs at least as complex."),
    ("para", "2.2 The department proposes to pay special post-16 institutions the same place rate as special schools "
             "from April 2028."),
    ("question", "Q3. Do you agree that place funding for special post-16 institutions should be paid at the same rate as for special schools?"),
    ("para", "Yes ☐      No ☐      Don't know ☐"),
    ("question", "Q4. To what extent do you agree that the change should be phased in over two years rather than made at once?"),
    ("scale", AGREE),
    ("para", "Please explain your answer."),
    ("box", None),
    ("heading2", "Top-up funding"),
    ("para", "2.3 Top-up funding pays for the support a pupil needs beyond what the place itself provides. Each local "
             "authority sets its own rates, usually in bands."),
    ("para", "2.4 A national banding framework would describe each band by the support it pays for, so that a pupil "
             "moving between areas keeps the same level of support."),
    ("question", "Q5. Top-up funding bands"),
    ("para", "a) Should the national banding framework set a minimum top-up rate for each band?"),
    ("para", "Yes / No / Not sure"),
    ("para", "b) If you answered yes to part (a), how should the minimum rates be kept up to date?"),
    ("box", None),
    ("heading1", "Chapter 3: Alternative provision"),
    ("para", "3.1 Alternative provision educates pupils who cannot attend a mainstream school, for a few weeks or for "
             "several years. Most providers are funded one year at a time, which makes it hard to keep staff."),
    ("para", "3.2 The department will expect every placement in alternative provision to have a clear purpose agreed "
             "with the pupil's school and family."),
    ("question", "Q6. How far do you agree that alternative provision should receive a three-year funding settlement? "
                 "Strongly agree / Agree / Neither agree nor disagree / Disagree / Strongly disagree"),
    ("question", "Q7. Which of these should be the main measure of whether a placement in alternative provision has succeeded?"),
    ("bullets", ["Return to a mainstream school", "Attendance", "Progress towards the outcomes in the pupil's plan",
                 "The pupil's destination after 16"]),
    ("question", "Q8. What would help mainstream schools and alternative provision share responsibility for a pupil who is placed with a provider?"),
    ("box", None),
    ("heading1", "Chapter 4: Commissioning independent places"),
    ("para", "4.1 Local authorities spend a growing share of their high needs budget on places in independent special "
             "schools, often agreed one pupil at a time and at short notice."),
    ("para", "4.2 The department will collect the fees paid for independent places and publish them by type of need."),
    ("question", "Q9. Do you have evidence about the cost of independent special school places that you would like us to consider?"),
    ("para", "Yes ☐      No ☐"),
    ("para", "If yes, please summarise it or send it to us."),
    ("question", "Q10. Should the department publish a national price guide for independent special school places?"),
    ("para", "☐ Yes   ☐ No   ☐ Not sure"),
    ("question", "Q11. Please describe any ways in which commissioning across local authority boundaries could be made simpler."),
    ("box", None),
    ("question", "Q12. Commissioning plans"),
    ("question", "Q12a. Do you agree that each local authority should publish a commissioning plan for specialist and alternative provision every three years?"),
    ("para", "Yes / No / Not sure"),
    ("question", "Q12b. What should such a plan contain?"),
    ("box", None),
    ("heading1", "Chapter 5: Equalities"),
    ("para", "5.1 We have considered the effect of these proposals on pupils who share a protected characteristic, and "
             "we would welcome evidence we have not seen."),
    ("question", "Q13. Do you think any of the proposals would have a disproportionate effect on pupils who share a protected characteristic?"),
    ("para", "Yes / No / Don't know"),
    ("para", "Please explain your answer and give any evidence you have."),
    ("question", "Q14. Is there anything else you would like to tell us about the proposals in this consultation?"),
    ("box", None),
    ("heading1", "Chapter 6: Next steps"),
    ("para", "6.1 Responses to questions 3 to 5 will be analysed alongside the high needs data that local authorities return each year."),
    ("para", "6.2 The department will publish its response in the autumn, and will consult again on the detailed rates."),
]


def build(path: Path = OUT) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = TITLE
    document.add_paragraph(TITLE, style="Title")
    for kind, payload in CONTENT:
        if kind == "heading1":
            document.add_heading(payload, level=1)
        elif kind == "heading2":
            document.add_heading(payload, level=2)
        elif kind == "para":
            document.add_paragraph(payload)
        elif kind == "question":
            document.add_paragraph().add_run(payload).bold = True
        elif kind == "ticks":
            table = document.add_table(rows=0, cols=2)
            for option in payload:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = "☐", option
        elif kind == "scale":
            table = document.add_table(rows=1, cols=len(payload))
            for cell, option in zip(table.rows[0].cells, payload):
                cell.text = option
        elif kind == "box":
            document.add_table(rows=1, cols=1).style = "Table Grid"
        elif kind == "bullets":
            for option in payload:
                document.add_paragraph(option, style="List Bullet")
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
