"""Pure: passages cut into paragraph-sized sources for the model.

A small model cites and quotes far better from short sources: each numbered paragraph of a
retrieved passage becomes its own source (P1, P2, ...), still cited to its passage, but with
its own paragraph number ("para 7.2"), and checked against its own text.
"""

from __future__ import annotations

from typing import Callable

from assistant.generation.prompts import Source
from assistant.ingest.loaders.structure import paragraph_number
from assistant.models import SearchHit
from assistant.text import overlap


def paragraph_units(text: str) -> list[tuple[str, str | None]]:
    """The passage's paragraphs with their numbers; a short heading line is kept with the
    paragraph after it (the number is the paragraph's own, not the heading's), still as a block
    of its own, so that a run of short bullets stays a run of separate sentences."""
    units: list[tuple[str, str | None]] = []
    carry = ""
    for piece in (p.strip() for p in text.split("\n\n")):
        if not piece:
            continue
        if len(piece) < 80 and not piece.rstrip().endswith((".", "?", "!", ";")):
            carry = f"{carry}\n\n{piece}".strip()
            continue
        units.append((f"{carry}\n\n{piece}" if carry else piece, paragraph_number(piece)))
        carry = ""
    if carry:
        units.append((carry, None))
    return units


def where(hit: SearchHit, paragraph: str | None = None) -> str:
    parts = []
    if hit.page:
        parts.append(f"p. {hit.page}" if hit.page_end in (None, hit.page) else f"pp. {hit.page}-{hit.page_end}")
    if paragraph or hit.paragraph:
        parts.append(f"para {paragraph or hit.paragraph}")
    if parts:
        return ", ".join(parts)
    # No page or paragraph number (a Markdown or DOCX response): its section, "FUNDING: › Issues:".
    return " › ".join(h.strip()[:60] for h in hit.heading_path[-3:])


def sources_from(hits: list[SearchHit], prefix: str, limit: int, query: str | None = None,
                 skip: Callable[[str], bool] | None = None) -> list[tuple[Source, SearchHit]]:
    """Paragraph sources labelled prefix1, prefix2, ...; with a query, the best-matching first;
    paragraphs for which `skip` is true are left out."""
    units = [(text, number, hit) for hit in hits for text, number in paragraph_units(hit.text) if not (skip and skip(text))]
    if query:
        units = sorted(units, key=lambda u: -overlap(query, u[0]))
    out = []
    for text, number, hit in units[:limit]:
        label = f"{prefix}{len(out) + 1}"
        out.append((Source(label, hit.id, hit.kind, hit.title, where(hit, number), text, number), hit))
    return out
