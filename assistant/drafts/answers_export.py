"""Export a response's answers to a consultation in question order: DOCX with footnoted
citations (export.py's footnotes), CSV for pasting into an online form, JSON with everything.

Each answer shows its number, the question, the stance ("No position yet" where the editors
have still to decide) and the answer; in DOCX each drafted sentence is followed by the footnotes
of the point it is, and an edited answer by those of the points it draws on.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.consultation.answers import points_of
from assistant.drafts.export import add_footnote, citation_note, docx_with_footnotes
from assistant.errors import SendraftError
from assistant.files import atomic_write
from assistant.models import ConsultationAnswers, QuestionAnswer, ResponseDraft

CSV_COLUMNS = ("number", "question", "stance", "answer")
NO_POSITION = "No position yet"


def _answers(draft: ResponseDraft) -> ConsultationAnswers:
    if draft.consultation is None or not draft.consultation.answers:
        raise SendraftError("this response has no answers to a consultation yet: run `sendraft questions draft` first")
    return draft.consultation


def stance_label(answer: QuestionAnswer) -> str:
    """The stance as the form shows it: the option, nothing for a free-text answer, or "No position yet"."""
    if answer.stance:
        return answer.stance
    if answer.format == "free_text" and answer.text:
        return ""
    return NO_POSITION


def answers_csv(draft: ResponseDraft) -> str:
    """number, question, stance, answer: one row a question, in the consultation's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in _answers(draft).answers:
        writer.writerow([a.number, a.question, stance_label(a), a.text])
    return buffer.getvalue()


def answers_docx_bytes(draft: ResponseDraft) -> bytes:
    """The answers as DOCX, one section a question, in the consultation's order, with the
    chapters as headings."""
    import docx

    answers = _answers(draft)
    citations = {p.id: p.citations for p in points_of(draft)}
    document = docx.Document()
    document.core_properties.title = f"{draft.title}: {answers.title}"
    document.add_heading(draft.title, level=0)
    document.add_paragraph().add_run(f"Answers to: {answers.title}").bold = True
    document.add_paragraph(
        "Each answer is made of the points of this response that bear on the question; the "
        "footnotes give their citations. Questions marked 'No position yet' have no point that "
        "bears on them, or points that pull both ways: the editors must decide them.")
    footnotes: list[str] = []
    chapter = None
    for a in answers.answers:
        if a.chapter and a.chapter != chapter:
            chapter = a.chapter
            document.add_heading(chapter, level=1)
        document.add_heading(f"Question {a.number}", level=2)
        document.add_paragraph().add_run(a.question).italic = True
        stance = stance_label(a)
        if stance:
            line = document.add_paragraph()
            line.add_run("Our answer: ").bold = True
            line.add_run(stance)
        if not a.text:
            document.add_paragraph().add_run(a.reason or "Not answered yet.").italic = True
            continue
        paragraph = document.add_paragraph()
        if a.sentences:
            for n, sentence in enumerate(a.sentences):
                paragraph.add_run(("" if n == 0 else " ") + sentence.text)
                for c in sentence.citations:
                    add_footnote(paragraph, footnotes, citation_note(c))
        else:
            paragraph.add_run(a.text)
            for point_id in a.point_ids:
                for c in citations.get(point_id, ()):
                    add_footnote(paragraph, footnotes, citation_note(c))
    return docx_with_footnotes(document, footnotes)


def export_answers(draft: ResponseDraft, path: Path) -> Path:
    """Write the answers to .docx, .csv or .json by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return atomic_write(path, answers_docx_bytes(draft))
    if suffix == ".csv":
        return atomic_write(path, answers_csv(draft).encode("utf-8-sig"))  # the mark lets spreadsheets read UTF-8
    if suffix == ".json":
        return atomic_write(path, _answers(draft).model_dump_json(indent=2).encode("utf-8"))
    raise SendraftError(f"{path}: unsupported export type {suffix or '(none)'}; use .docx, .csv or .json")
