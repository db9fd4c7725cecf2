"""`sendraft questions`: a consultation's numbered questions (extract; later, draft answers)."""

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
