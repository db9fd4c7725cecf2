"""Commands that find things: search, areas, positions."""

from __future__ import annotations

import json
from datetime import date
from typing import Optional

import typer

from assistant.cli.shared import _fail, _kind, _store, app, out
from assistant.errors import SendraftError


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
    import assistant.generation  # noqa: F401  (provides the llm-judge reranker to retrieval)
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
