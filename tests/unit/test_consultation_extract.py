"""Question extraction, one test per class of layout (assistant/consultation/).

Every document here is made up for its test: a rule must hold for the class, not for the
sample consultation it was first written from."""

from __future__ import annotations

import pytest

from assistant.consultation.extract import asks, extract_questions, lines_of, text_overlap
from assistant.consultation.formats import answer_format, inline_options, is_follow_up
from assistant.models import Block

AGREE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]


def p(text: str, page: int | None = None) -> Block:
    return Block(text=text, page=page)


def li(text: str, level: int = 0) -> Block:
    return Block(text=text, kind="list_item", level=level)


def h(text: str, level: int = 2, page: int | None = None) -> Block:
    return Block(text=text, kind="heading", level=level, page=page)


def numbers(blocks: list[Block]) -> list[str]:
    return [q.number for q in extract_questions(blocks)]


# --- where a question starts ----------------------------------------------------------------


@pytest.mark.parametrize("text, number", [
    ("Question 4: Do you agree with the new duty?", "4"),
    ("Question 4. Do you agree with the new duty?", "4"),
    ("QUESTION 4 - Do you agree with the new duty?", "4"),
    ("Q4. Do you agree with the new duty?", "4"),
    ("Q4: Do you agree with the new duty?", "4"),
    ("Q 4) Do you agree with the new duty?", "4"),
    ("Q4 Do you agree with the new duty?", "4"),
    ("Question 12a: Do you agree with the new duty?", "12a"),
    ("Q12(b) Do you agree with the new duty?", "12b"),
    ("Consultation question 7: Do you agree with the new duty?", "7"),
    ("4. Do you agree with the new duty?", "4"),
    ("4) Do you agree with the new duty?", "4"),
])
def test_the_common_numbering_styles_start_a_question(text, number):
    assert numbers([h("Duties"), p(text)]) == [number]


def test_an_explicit_label_asks_even_without_a_question_mark():
    qs = extract_questions([p("Question 9: Please give any other comments on the proposals."),
                            p("Q10. Your views on the timetable")])
    assert [q.number for q in qs] == ["9", "10"]


@pytest.mark.parametrize("text", [
    "3.1 The government will publish guidance on the new duty.",
    "3.1. What does this mean for schools? It means a new duty.",
    "3. The government will publish guidance on the new duty.",
    "2. Read the chapters that matter to you; you need not answer every question.",
    "4. Why does this matter? Because funding is short, and schools cannot plan.",
    "Question 4 of the 2022 green paper asked about the same duty.",
    "Questions 3 to 5 will be analysed together with the data return.",
    "1) Schools must publish their plan by September.",
])
def test_numbered_paragraphs_and_prose_that_do_not_ask_are_not_questions(text):
    assert numbers([h("Duties"), p(text)]) == []


def test_a_bare_number_is_a_question_when_it_requests_an_answer():
    assert numbers([p("12. Please tell us about any costs to families we have not considered.")]) == ["12"]
    assert numbers([p("12. Tell parents about the change before it starts.")]) == []


def test_a_numbered_heading_is_a_chapter_even_when_it_asks():
    qs = extract_questions([h("2. Why are we consulting?"), p("2.1 The system is not working."),
                            p("Question 1: Do you agree that the system should change?")])
    assert [(q.number, q.chapter) for q in qs] == [("1", "2. Why are we consulting?")]


def test_a_label_on_its_own_line_or_cell_takes_the_next_line_as_its_question():
    blocks = [h("Transport"), h("Question 9", level=3), p("Should the policy cover ages 0 to 25?"), p("Yes / No"),
              h("Question 10", level=3), p("How should charges be set?")]
    qs = extract_questions(blocks)
    assert [(q.number, q.text, q.chapter) for q in qs] == [
        ("9", "Should the policy cover ages 0 to 25?", "Transport"), ("10", "How should charges be set?", "Transport")]
    assert qs[0].format == "yes_no"


def test_a_number_cell_followed_by_a_question_cell_is_a_question():
    # An HTML table read cell by cell: header cells, then number | question | options.
    blocks = [h("Eligibility"), p("No."), p("Question"), p("Response options"),
              p("3"), p("Should every area use the same form?"), p("Yes / No / Not sure"),
              p("4"), p("What evidence should be asked for?"), p("Free text")]
    qs = extract_questions(blocks)
    assert [(q.number, q.format) for q in qs] == [("3", "yes_no"), ("4", "free_text")]


def test_a_table_row_joined_by_the_docx_loader_is_read_cell_by_cell():
    row = p("5 | Do you agree with a three-year settlement? | Strongly agree | Agree | Neither agree nor disagree | Disagree | Strongly disagree")
    assert [line.text for line in lines_of([row])][:2] == ["5", "Do you agree with a three-year settlement?"]
    qs = extract_questions([row])
    assert [(q.number, q.format, q.options) for q in qs] == [("5", "agree_scale", AGREE)]


def test_tick_box_cells_join_the_option_beside_them():
    blocks = [p("Q1. In which capacity are you responding?"), p("☐ | Parent or carer"), p("☐ | Teacher"), p("☐ | Other")]
    q = extract_questions(blocks)[0]
    assert (q.format, q.options) == ("choice", ["Parent or carer", "Teacher", "Other"])


# --- sub-questions --------------------------------------------------------------------------


def test_lettered_items_under_a_stem_are_sub_questions_and_the_stem_is_not_a_question():
    blocks = [h("Top-up funding"), p("Q5. Top-up funding bands"),
              p("a) Should there be a minimum rate for each band?"), p("Yes / No / Not sure"),
              p("b) How should the minimum rates be kept up to date?")]
    qs = extract_questions(blocks)
    assert [(q.number, q.format) for q in qs] == [("5a", "yes_no"), ("5b", "free_text")]
    assert qs[0].text == "Should there be a minimum rate for each band?"


def test_numbered_sub_questions_under_a_stem():
    blocks = [p("Q12. Commissioning plans"), p("Q12a. Should every area publish a plan?"), p("☐ Yes ☐ No"),
              p("Q12b. What should a plan contain?")]
    assert [(q.number, q.format) for q in extract_questions(blocks)] == [("12a", "yes_no"), ("12b", "free_text")]


def test_a_question_that_asks_keeps_its_number_beside_its_sub_questions():
    blocks = [p("Q6. Do you agree with the proposal?"), p("Yes / No"), p("Q6a. If not, what would you change?")]
    assert numbers(blocks) == ["6", "6a"]


def test_lettered_options_are_options_not_sub_questions():
    blocks = [p("Q3. Which body should hear appeals?"), p("a) The tribunal"), p("b) The local authority"), p("c) An ombudsman")]
    qs = extract_questions(blocks)
    assert [(q.number, q.format, q.options) for q in qs] == [
        ("3", "choice", ["The tribunal", "The local authority", "An ombudsman"])]


# --- what follows a question: options, follow-ups, the end ----------------------------------


def test_an_agree_scale_as_a_list_with_a_follow_up_is_one_question():
    blocks = [p("Question 1: To what extent do you agree with the duty?"), *[li(o) for o in AGREE],
              p("Please explain your answer.")]
    q = extract_questions(blocks)[0]
    assert (q.format, q.options) == ("agree_scale", AGREE)
    assert q.text == "To what extent do you agree with the duty? Please explain your answer."


@pytest.mark.parametrize("line, options", [
    ("Yes / No / Not sure", ["Yes", "No", "Not sure"]),
    ("Yes/No/Don't know", ["Yes", "No", "Don't know"]),
    ("☐ Yes ☐ No ☐ Don’t know", ["Yes", "No", "Don’t know"]),
    ("Yes ☐      No ☐", ["Yes", "No"]),
    ("[ ] Yes [ ] No [ ] Unsure", ["Yes", "No", "Unsure"]),
    ("Parent or carer; Young person; Teacher", ["Parent or carer", "Young person", "Teacher"]),
])
def test_options_on_one_line(line, options):
    assert inline_options(line) == options


@pytest.mark.parametrize("line", [
    "The government will publish guidance / a code of practice in 2027 so that schools know what to do.",
    "Please explain your answer.",
    "Local authorities; schools; and health services all told us that support arrives late and is hard to get.",
])
def test_prose_is_not_a_line_of_options(line):
    assert inline_options(line) is None


def test_options_after_the_question_mark_in_the_same_paragraph():
    q = extract_questions([p("Q6. How far do you agree with a longer settlement? Strongly agree / Agree / "
                             "Neither agree nor disagree / Disagree / Strongly disagree")])[0]
    assert (q.text, q.format, q.options) == ("How far do you agree with a longer settlement?", "agree_scale", AGREE)


@pytest.mark.parametrize("options, expected", [
    (AGREE, "agree_scale"),
    ([*AGREE, "Don't know"], "agree_scale"),
    (["Agree", "Disagree", "Don't know"], "agree_scale"),
    (["Yes", "No"], "yes_no"),
    (["Yes", "No", "Not sure"], "yes_no"),
    (["Yes", "No", "Don't know"], "yes_no"),
    (["YES", "NO", "Do not know"], "yes_no"),
    (["The high needs block", "The schools block", "Don't know"], "choice"),
    (["Yes, in full", "Only in part", "No"], "choice"),
    (["Very satisfied", "Satisfied", "Dissatisfied"], "choice"),
    ([], "free_text"),
    (["Free text"], "free_text"),
])
def test_the_format_follows_from_the_options(options, expected):
    assert answer_format(options) == expected


def test_a_list_of_short_options_is_a_choice_and_a_single_short_line_is_not_an_option():
    choice = extract_questions([p("11. Which route should pay for shared specialist teachers?"),
                                li("The high needs block"), li("The schools block"), li("A new grant")])[0]
    assert choice.format == "choice" and len(choice.options) == 3
    free = extract_questions([p("11. Which route should pay for shared specialist teachers?"), p("Next steps"),
                              p("7.1 We will publish a response.")])[0]
    assert (free.format, free.options) == ("free_text", [])


def test_a_free_text_mark_and_an_instruction_are_not_options():
    q = extract_questions([p("Q8. What would help schools share responsibility?"), p("(Maximum 250 words)"),
                           p("[Free text]")])[0]
    assert (q.format, q.options) == ("free_text", [])


@pytest.mark.parametrize("text", ["Please explain your answer.", "Please give reasons for your answer.",
                                  "If not, what alternative would you propose?", "If yes, please send it to us.",
                                  "Why?", "Give reasons where you can."])
def test_follow_ups_join_the_question(text):
    assert is_follow_up(text)
    q = extract_questions([p("Q14. Should the SENCo be a senior leader?"), p("Yes / No / Don't know"), p(text)])[0]
    assert q.text.endswith(text) and q.format == "yes_no"


def test_prose_after_a_question_ends_it():
    q = extract_questions([p("Q4. What should the government do about inclusion bases?"),
                           p("The government will also review the funding of inclusion bases in 2028, with schools.")])[0]
    assert q.text == "What should the government do about inclusion bases?"


def test_a_question_cut_by_a_page_break_is_joined():
    q = extract_questions([p("Question 4: What should the government do to make sure that", page=2),
                           p("inclusion bases do not separate pupils from their classmates?", page=3)])[0]
    assert q.text == ("What should the government do to make sure that inclusion bases do not separate pupils "
                      "from their classmates?")
    assert q.page == 2


def test_a_short_bold_question_read_as_a_heading_is_still_a_question_and_not_a_chapter():
    # The PDF loader takes a short bold line for a heading.
    blocks = [h("3. Plans", page=3), h("Q8. Should plans move between areas?", level=4, page=3),
              li("Yes"), li("No"), p("Q9. How should families be involved?", page=3)]
    qs = extract_questions(blocks)
    assert [(q.number, q.chapter, q.format) for q in qs] == [("8", "3. Plans", "yes_no"), ("9", "3. Plans", "free_text")]


# --- chapter, page, repeats -----------------------------------------------------------------


def test_chapter_is_the_nearest_heading_but_not_a_bare_questions_label():
    blocks = [h("Consultation on SEND", level=1), h("4. Funding", page=4), h("Top-up funding", level=3, page=4),
              h("Questions", level=4), p("Q9. Should there be national bands?", page=5)]
    q = extract_questions(blocks)[0]
    assert (q.chapter, q.page) == ("Top-up funding", 5)


def test_a_question_repeated_in_an_annex_is_one_question_with_its_first_chapter_and_page():
    blocks = [h("2. Inclusion", page=2), p("Question 1: Do you agree with the inclusion duty?", page=2), p("Yes / No"),
              p("Q2. We propose a new base. How should bases be funded?", page=2),
              h("Annex A: list of questions", page=9),
              p("1. Do you agree with the inclusion duty?", page=9), p("2. How should bases be funded?", page=9)]
    qs = extract_questions(blocks)
    assert [(q.number, q.chapter, q.page, q.format) for q in qs] == [
        ("1", "2. Inclusion", 2, "yes_no"), ("2", "2. Inclusion", 2, "free_text")]


def test_an_annex_gives_the_options_the_body_left_out():
    blocks = [p("Question 3: Should the duty apply to academies?"), h("Annex A"),
              p("Question 3: Should the duty apply to academies?"), p("Yes / No / Not sure")]
    q = extract_questions(blocks)[0]
    assert (q.format, q.chapter) == ("yes_no", None)


def test_the_same_number_with_another_question_is_not_a_repeat():
    blocks = [h("Part 1"), p("1. Do you agree with the duty?"), h("Part 2"), p("1. How should the duty be funded?")]
    assert numbers(blocks) == ["1", "1"]


def test_text_overlap_measures_the_shorter_text_in_the_longer():
    assert text_overlap("Do you agree?", "We propose X. Do you agree? Please explain.") == 1.0
    assert text_overlap("Do you agree with the duty?", "How should bases be funded?") < 0.5
    assert text_overlap("", "anything") == 0.0


def test_asks_allows_options_or_a_follow_up_after_the_question_mark():
    assert asks("Do you agree? Yes / No")
    assert asks("Do you agree? Please explain your answer.")
    assert asks("Which apply? (Select all that apply)")
    assert not asks("Why does it matter? Because schools cannot plan.")
