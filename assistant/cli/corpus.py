"""Commands about the corpus: ingest, docs list / remove, framework."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.markup import escape
from rich.table import Table

from assistant.cli.shared import _fail, _kind, _short, _store, app, docs_app, err, out
from assistant.errors import SendraftError
from assistant.framework import load_framework
from assistant.settings import Settings


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or directories (a manifest.yaml beside files gives metadata)."),
    kind: Optional[str] = typer.Option(None, help="policy, response (the forum's own) or evidence."),
    title: Optional[str] = typer.Option(None),
    date_: Optional[str] = typer.Option(None, "--date", help="YYYY-MM-DD"),
    publisher: Optional[str] = typer.Option(None),
) -> None:
    """Embed documents into the store; unchanged files cost nothing, changed files are replaced."""
    from assistant.ingest.pipeline import Ingestor

    try:
        when = date.fromisoformat(date_) if date_ else None
    except ValueError:
        _fail(f"--date {date_!r} is not a date like 2026-05-15")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"no such file or directory: {', '.join(missing)}")
    overrides = {"kind": _kind(kind), "title": title, "date": when, "publisher": publisher}
    store = _store()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(f"embedding {Path(label).name}", total=total or 1)
            bar.update(tasks[label], completed=done if total else 1)

        report = Ingestor(store, progress).ingest(
            paths, overrides, waiting=lambda: err.print("waiting for another ingest into this home to finish ..."))
    table = Table("status", "id", "kind", "passages", "positions", "embedded", "file")
    for column in table.columns[:-1]:
        column.no_wrap = True
    table.columns[-1].overflow = "fold"
    for r in report.results:
        colour = {"failed": "red", "skipped": "yellow", "duplicate": "yellow"}.get(r.status, "green")
        table.add_row(
            f"[{colour}]{r.status}[/{colour}]", r.document_id or "", r.kind or "",
            str(r.passages), str(r.positions), str(r.embedded), _short(r.path),
        )
    out.print(table)
    for r in report.results:
        if r.reason:
            colour = "red" if r.status == "failed" else "yellow"
            err.print(f"[{colour}]{r.status}:[/{colour}] {_short(r.path)}: {escape(r.reason)}")
    out.print(f"{len(report.results) - len(report.failed)} ok, {len(report.failed)} failed; {report.embedded} embeddings computed")
    if report.failed:
        raise typer.Exit(1)


@docs_app.command("list")
def docs_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """Documents in the store with their passage counts."""
    documents = _store().catalog.documents()
    if as_json:
        rows = [
            {**d.model_dump(mode="json", include={"id", "title", "kind", "source", "publisher", "date", "url",
                                                  "n_pages", "passage_count", "position_count"})}
            for d in documents
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table("id", "kind", "title", "date", "passages", "positions")
    for column in table.columns:
        column.no_wrap = column.header != "title"
    for d in documents:
        table.add_row(d.id, d.kind, d.title, str(d.date or ""), str(d.passage_count), str(d.position_count))
    out.print(table)


@docs_app.command("remove")
def docs_remove(document_id: str = typer.Argument(..., help="Id or unique id prefix.")) -> None:
    """Delete a document with all its passages and positions."""
    store = _store()
    try:
        document, removed = store.remove(document_id)
    except SendraftError as exc:
        _fail(str(exc))
    out.print(f"removed {document.id} ({document.title}): {removed} passages")


@app.command()
def framework(as_json: bool = typer.Option(False, "--json")) -> None:
    """The framework areas and the sections of each."""
    settings = Settings()
    try:
        fw = load_framework(settings.framework_path)
    except SendraftError as exc:
        _fail(str(exc))
    if as_json:
        data = {
            "name": fw.name, "version": fw.version,
            "areas": [{"id": a.id, "title": a.title, "description": a.description.strip(),
                       "guiding_questions": a.guiding_questions} for a in fw.areas],
            "sections": [{"id": s.id, "title": s.title} for s in fw.sections],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    out.print(f"[bold]{fw.name}[/bold] (version {fw.version})")
    out.print("sections: " + ", ".join(f"{s.title} ({s.id})" for s in fw.sections))
    for area in fw.areas:
        out.print(f"- [bold]{area.title}[/bold] ({area.id}): {' '.join(area.description.split())}")
