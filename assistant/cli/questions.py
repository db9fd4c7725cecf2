"""`sendraft questions`: a consultation's numbered questions (extract) and a response's answers to them (draft)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from assistant.cli.shared import _fail, _short, _store, app, err, out
from assistant.errors import SendraftError

questions_app = typer.Typer(help="A consultation's numbered questions.", no_args_is_help=True)
app.add_typer(questions_app, name="questions")


def _looks_like_path(target: str) -> bool:
    from assistant.ingest.loaders import SUPPORTED_SUFFIXES

    return "/" in target or "\\" in target or Path(target).suffix.lower() in SUPPORTED_SUFFIXES


@questions_app.command("extract")
def extract(
    target: str = typer.Argument(..., metavar="DOC_ID|FILE",
                                 help="An ingested document's id (or the start of it), or a consultation file: PDF, DOCX, HTML or Markdown."),
    as_json: bool = typer.Option(False, "--json", help="A list of {number, text, format, options, chapter, page}."),
    refresh: bool = typer.Option(False, "--refresh", help="Extract an ingested document again, replacing its stored questions."),
) -> None:
    """The numbered questions of a consultation, with answer format, chapter and page.

    For an ingested document they are extracted once and stored with it; a file is read and
    extracted each time, and nothing is stored."""
    from assistant.consultation.extract import extract_questions
    from assistant.consultation.service import questions_for_document
    from assistant.ingest.loaders import LoadLimits, load_file
    from assistant.settings import Settings

    limits = LoadLimits.from_settings(Settings())
    path = Path(target)
    try:
        if path.is_dir():
            _fail(f"{target}: is a folder; give one consultation file or an ingested document's id")
        if path.is_file():
            questions, where = extract_questions(load_file(path, limits=limits).blocks), _short(target)
        elif _looks_like_path(target):
            _fail(f"{target}: no such file")
        else:
            read = lambda p: load_file(p, limits=limits).blocks  # noqa: E731
            extraction = questions_for_document(_store(), target, read, refresh=refresh)
            questions = extraction.questions
            where = f"{extraction.document.id} ({escape(extraction.document.title)}), from its {extraction.source}"
    except SendraftError as exc:
        _fail(str(exc))
    if not questions:
        err.print(f"[yellow]no numbered questions found[/yellow] in {where}")
    if as_json:
        print(json.dumps([q.model_dump(mode="json") for q in questions], indent=2, ensure_ascii=False))
        return
    table = Table("no.", "question", "format", "options", "chapter", "page", title=f"{len(questions)} questions: {where}")
    for column in table.columns:
        column.no_wrap = column.header in ("no.", "format", "page")
        column.overflow = "fold"
    for q in questions:
        table.add_row(q.number, escape(q.text), q.format.replace("_", " "), escape(" / ".join(q.options)),
                      escape(q.chapter or ""), str(q.page or ""))
    out.print(table)


@questions_app.command("draft")
def draft(
    response: str = typer.Argument(..., metavar="RESPONSE_ID", help="A workspace response's id (or unique prefix, or exact title)."),
    consultation: str = typer.Option(..., "--consultation", metavar="DOC_ID",
                                     help="The ingested consultation's document id (or the start of it)."),
    out_path: Path | None = typer.Option(None, "--out", metavar="FILE", help="Also write the answers: FILE.docx, FILE.csv or FILE.json."),
    model: bool = typer.Option(False, "--model", help="Let the chat model choose among a choice question's options "
                                                    "(else the option the points name most closely)."),
    author: str = typer.Option("sendraft questions draft", "--author", help="Recorded with the saved version."),
) -> None:
    """Answer each question of a consultation from a response's points, and save the answers
    into the response (a new version; answers the editors accepted or edited stay).

    Per question: the stance among its options from the direction of the points that bear on it,
    or no position yet (no point bears on it, or they pull both ways), and an answer made of
    those points' own sentences, each with its citations."""
    from assistant.drafts.answers_export import export_answers, stance_label
    from assistant.settings import Settings
    from assistant.workspace.answering import answer_response, flagged, summary
    from assistant.workspace.service import Workspace

    ws = Workspace(Settings())
    try:
        ws.responses()  # imports drafts saved by `sendraft draft` since
        info = ws.drafts.resolve(response)
        saved, version = answer_response(ws, info.id, consultation, author, model, progress=lambda m: err.print(f"[dim]{escape(m)}[/dim]"))
        written = export_answers(saved, out_path) if out_path else None
    except SendraftError as exc:
        _fail(str(exc))
    answers = saved.consultation.answers
    table = Table("no.", "stance", "status", "answer", title=f"{escape(saved.consultation.title)}: {len(answers)} questions")
    for column in table.columns:
        column.no_wrap = column.header in ("no.", "status")
        column.overflow = "fold"
    for a in answers:
        said = a.text or a.reason or ""
        table.add_row(a.number, escape(stance_label(a)), a.status.replace("_", " "), escape(said if len(said) <= 160 else said[:157] + "..."))
    out.print(table)
    counts = summary(answers)
    err.print(f"saved as version {version} of {info.id} ({escape(info.title)}): " + ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items() if n))
    for answer_id, issues in flagged(saved).items():
        for issue in issues:
            err.print(f"[yellow]{answer_id}:[/yellow] {escape(issue)}")
    if written:
        err.print(f"wrote {_short(str(written))}")
