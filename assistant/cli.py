"""The `sendraft` command line: a thin shell over the library."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.errors import SendraftError
from assistant.framework import load_framework
from assistant.models import DOCUMENT_KINDS
from assistant.settings import Settings

app = typer.Typer(help="Forum Drafting Assistant: cited consultation responses from your corpus.", no_args_is_help=True)
docs_app = typer.Typer(help="What is in the store.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")
# Piped output gets a generous width instead of rich's 80 columns; a terminal uses its own.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(2)


def _store():
    from assistant.store import Store

    try:
        return Store(Settings())
    except SendraftError as exc:
        _fail(str(exc))


def _short(path: str) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def _kind(kind: Optional[str]) -> Optional[str]:
    if kind is not None and kind not in DOCUMENT_KINDS:
        _fail(f"unknown kind {kind!r}; use one of {', '.join(DOCUMENT_KINDS)}")
    return kind


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

        report = Ingestor(store, progress).ingest(paths, overrides)
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
            err.print(f"[{colour}]{r.status}:[/{colour}] {_short(r.path)}: {r.reason}")
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


@app.command()
def search(
    query: str = typer.Argument(...),
    k: int = typer.Option(5, "--k", min=1, max=200),
    kind: Optional[str] = typer.Option(None),
    mode: str = typer.Option("hybrid", help="hybrid (BM25 + dense, fused), dense or bm25."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Passages that best match the query, with their citations."""
    from assistant.retrieval.search import search as run_search

    store = _store()
    try:
        hits = run_search(store, query, k=k, kind=_kind(kind), mode=mode)
    except SendraftError as exc:
        _fail(str(exc))
    if as_json:
        print(json.dumps([h.model_dump(mode="json") for h in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        out.print("no passages found")
    for rank, hit in enumerate(hits, 1):
        where = ", ".join(x for x in [f"p. {hit.page}" if hit.page else "", f"para {hit.paragraph}" if hit.paragraph else ""] if x)
        out.print(f"[bold]{rank}. {hit.title}[/bold] [{hit.kind}] {where}  score {hit.score:.3f}  ({hit.id})")
        if hit.heading_path:
            out.print(f"   [dim]{' > '.join(hit.heading_path)}[/dim]")
        out.print("   " + " ".join(hit.text.split())[:400])


@app.command()
def positions(
    area: str = typer.Option(..., "--area", help="Framework area id (see `sendraft framework`)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The forum's past positions on an area, from its parsed responses."""
    store = _store()
    try:
        store.framework.area(area)
    except KeyError as exc:
        _fail(exc.args[0])
    except SendraftError as exc:
        _fail(str(exc))
    found = store.catalog.positions(area_id=area)
    sources = {d.id: {"title": d.title, "date": d.date.isoformat() if d.date else None} for d in store.catalog.documents()}
    rows = [
        {**p.model_dump(include={"text", "section", "subheading", "parent", "document_id"}), **sources[p.document_id]}
        for p in found
    ]
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        out.print(f"no past positions on {area} (ingest the forum's responses with --kind response)")
    for section in ("positives", "issues", "ways_forward"):
        items = [r for r in rows if r["section"] == section]
        if items:
            out.print(f"[bold]{section}[/bold]")
        for r in items:
            context = " / ".join(x for x in (r["subheading"], r["parent"]) if x)
            out.print(f"  - {r['text']}" + (f" [dim]({context})[/dim]" if context else "") + f" [dim]{r['date'] or ''}[/dim]")


if __name__ == "__main__":
    app()
