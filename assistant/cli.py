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
eval_app = typer.Typer(help="Evaluation suites.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
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


def _date(value: Optional[str], flag: str) -> Optional[date]:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        _fail(f"{flag} {value!r} is not a date like 2026-05-15")


@app.command()
def search(
    query: Optional[str] = typer.Argument(None, help="Leave out with --area to use the area's own queries."),
    area: Optional[str] = typer.Option(None, "--area", help="Retrieve for a framework area (QUERY becomes a focus)."),
    kind: Optional[str] = typer.Option(None, help="policy, response or evidence."),
    doc: Optional[list[str]] = typer.Option(None, "--doc", help="Only these documents (id or prefix); repeatable."),
    date_from: Optional[str] = typer.Option(None, "--date-from", help="Only documents dated on or after (YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--date-to", help="Only documents dated on or before."),
    k: int = typer.Option(5, "--k", min=1, max=200),
    mode: str = typer.Option("hybrid", help="hybrid (BM25 + dense, fused), dense or bm25."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Passages that best match the query or framework area, with their citations."""
    from assistant.models import SearchFilters
    from assistant.retrieval.per_area import retrieve_for_area
    from assistant.retrieval.search import search as run_search

    if not area and not (query and query.strip()):
        _fail("give a QUERY, or --area AREA_ID (see `sendraft framework`)")
    store = _store()
    try:
        filters = SearchFilters(
            kinds=[_kind(kind)] if kind else None,
            document_ids=[store.resolve(d).id for d in doc] if doc else None,
            date_from=_date(date_from, "--date-from"), date_to=_date(date_to, "--date-to"),
        )
        if area:
            hits = retrieve_for_area(store, area, focus=query, filters=filters, k=k, mode=mode)
        else:
            hits = run_search(store, query, k=k, mode=mode, filters=filters)
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
def areas(
    document_id: str = typer.Argument(..., help="Id or unique id prefix."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Per area: how many of a document's passages are mainly about it, and its top three."""
    from assistant.retrieval.per_area import document_areas

    store = _store()
    try:
        summary = document_areas(store, document_id)
    except SendraftError as exc:
        _fail(str(exc))
    if as_json:
        print(json.dumps([s.model_dump() for s in summary], indent=2, ensure_ascii=False))
        return
    for s in summary:
        out.print(f"[bold]{s.title}[/bold] ({s.area_id}): {s.passages} passages mainly about it")
        for t in s.top:
            where = f"p. {t['page']}" if t["page"] else (f"para {t['paragraph']}" if t["paragraph"] else "")
            out.print(f"   {t['score']:.3f}  {where:10} {t['text']}...")


@app.command()
def positions(
    area: str = typer.Option(..., "--area", help="Framework area id (see `sendraft framework`)."),
    query: Optional[str] = typer.Option(None, "--query", help="Rank by closeness to this topic."),
    k: Optional[int] = typer.Option(None, "--k", min=1, help="At most this many (all by default)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The forum's past positions on an area, from its parsed responses."""
    from assistant.retrieval.positions import past_positions

    store = _store()
    try:
        found = past_positions(store, area, query=query, k=k)
    except SendraftError as exc:
        _fail(str(exc))
    if as_json:
        print(json.dumps([p.model_dump() for p in found], indent=2, ensure_ascii=False))
        return
    if not found:
        out.print(f"no past positions on {area} (ingest the forum's responses with --kind response)")
    sections = ("positives", "issues", "ways_forward") if query is None else (None,)
    for section in sections:
        items = [p for p in found if section is None or p.section == section]
        if items and section:
            out.print(f"[bold]{section}[/bold]")
        for p in items:
            context = " / ".join(x for x in (p.subheading, p.parent) if x)
            label = f"{p.score:.3f} [{p.section}] " if p.score is not None else ""
            out.print(f"  - {label}{p.text}" + (f" [dim]({context})[/dim]" if context else "") + f" [dim]{p.title}, {p.date or ''}[/dim]")


@app.command()
def draft(
    policy: Optional[list[str]] = typer.Option(None, "--policy", help="Policy documents to respond to (id or prefix); default all."),
    area: Optional[list[str]] = typer.Option(None, "--area", help="Only these areas (repeatable); default all six."),
    focus: Optional[str] = typer.Option(None, "--focus", help="A topic every area should address."),
    title: Optional[str] = typer.Option(None, "--title"),
    out_path: Optional[Path] = typer.Option(None, "--out", help="Write FILE.md, FILE.docx or FILE.json."),
    as_json: bool = typer.Option(False, "--json", help="Print the ResponseDraft as JSON."),
) -> None:
    """Draft cited Positives / Issues / Ways forward per framework area, every citation checked."""
    from assistant.drafts.export import export, to_markdown
    from assistant.drafts.repository import save_draft
    from assistant.drafts.response import draft_response

    store = _store()
    try:
        policy_ids = [store.resolve(p).id for p in policy] if policy else None
        result = draft_response(store, area or None, policy_ids, focus, title, progress=lambda m: err.print(f"[dim]{m}[/dim]"))
        saved = save_draft(store.settings.home, result)
        written = export(result, out_path) if out_path else None
    except (SendraftError, KeyError) as exc:
        _fail(exc.args[0] if isinstance(exc, KeyError) else str(exc))
    err.print(f"saved {saved}" + (f"; wrote {written}" if written else ""))
    bullets = [b for a in result.areas for bs in a.sections().values() for b in bs]
    cites = [c for b in bullets for c in b.citations]
    err.print(f"{len(bullets)} bullets, {sum(c.supported for c in cites)}/{len(cites)} citations verified, "
              f"{sum(b.needs_evidence for b in bullets)} need evidence; {result.seconds:.0f} s")
    if as_json:
        print(result.model_dump_json(indent=2))
    elif not out_path:
        print(to_markdown(result))


@app.command()
def ask(
    question: str = typer.Argument(...),
    k: int = typer.Option(5, "--k", min=1, max=20, help="Passages given to the model."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Answer a question from the corpus with verified citations, or say the corpus does not answer it."""
    from assistant.generation.qa import ask as ask_corpus

    store = _store()
    try:
        answer = ask_corpus(store, question, k=k)
    except SendraftError as exc:
        _fail(str(exc))
    if as_json:
        data = {
            "answer": answer.answer, "abstained": answer.abstained,
            "citations": [{"passage_id": c.passage_id, "title": c.title, "page": c.page, "paragraph": c.paragraph,
                           "quote": c.quote, "supported": c.supported, "verdict": c.verdict} for c in answer.citations],
            "closest": [{"passage_id": h.id, "title": h.title, "page": h.page, "text": h.text[:300]} for h in answer.closest],
            "model": answer.model, "prompt_version": answer.prompt_version,
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    out.print(answer.answer)
    for n, c in enumerate(answer.citations, 1):
        where = ", ".join(x for x in [f"p. {c.page}" if c.page else "", f"para {c.paragraph}" if c.paragraph else ""] if x)
        out.print(f"  [{n}] {c.title} {where}: “{c.quote}” [{c.verdict}]")
    if answer.abstained and answer.closest:
        out.print("[dim]closest passages:[/dim]")
        for h in answer.closest:
            out.print(f"  - {h.title} {('p. ' + str(h.page)) if h.page else ''}: {' '.join(h.text.split())[:200]}")


@eval_app.command("retrieval")
def eval_retrieval(
    dataset: Optional[Path] = typer.Option(None, help="JSONL of queries with gold (source, quote)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Recall@5, recall@10, MRR and nDCG@10 for dense, BM25 and hybrid, overall and per area."""
    from assistant.evals.retrieval import DEFAULT_DATASET, dump, evaluate, format_table, load_cases

    store = _store()
    try:
        report = evaluate(store, load_cases(dataset or DEFAULT_DATASET))
    except SendraftError as exc:
        _fail(str(exc))
    if as_json:
        print(dump(report))
        return
    print(format_table(report))
    for mode, misses in report["misses"].items():
        if misses:
            out.print(f"[dim]{mode} misses at 10: {', '.join(misses)}[/dim]")


if __name__ == "__main__":
    app()
