"""Pure chunking: blocks -> document text and citable passages.

Structure first: a heading always starts a new passage and passages never straddle a
heading; paragraphs are packed up to about `size` characters; a paragraph longer than that
is cut at sentence ends (at a space only when a single sentence is itself too long).
Consecutive passages in the same section overlap by whole sentences, up to `overlap`
characters. Every passage is an exact slice of the document text, so offsets always hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.models import Block, Passage
from assistant.text import sentence_spans

BLOCK_SEPARATOR = "\n\n"

@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    block: int
    heading: bool


def document_text(blocks: list[Block]) -> tuple[str, list[int]]:
    """The document's text (blocks joined by blank lines) and each block's start offset."""
    starts, offset = [], 0
    for block in blocks:
        starts.append(offset)
        offset += len(block.text) + len(BLOCK_SEPARATOR)
    return BLOCK_SEPARATOR.join(b.text for b in blocks), starts


def _hard_split(start: int, end: int, text: str, size: int) -> list[tuple[int, int]]:
    """Split an over-long sentence at spaces, as a last resort."""
    pieces = []
    while end - start > size:
        cut = text.rfind(" ", start, start + size)
        cut = cut if cut > start else start + size
        pieces.append((start, cut))
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    pieces.append((start, end))
    return pieces


def _units(blocks: list[Block], text: str, starts: list[int], size: int) -> list[_Unit]:
    units = []
    for index, (block, start) in enumerate(zip(blocks, starts)):
        end = start + len(block.text)
        if block.kind == "heading" or len(block.text) <= size:
            units.append(_Unit(start, end, index, block.kind == "heading"))
            continue
        for s, e in sentence_spans(block.text):
            for hs, he in _hard_split(start + s, start + e, text, size):
                units.append(_Unit(hs, he, index, False))
    return units


def chunk_blocks(document_id: str, blocks: list[Block], size: int = 1000, overlap: int = 150) -> tuple[str, list[Passage]]:
    """Chunk a document's blocks into passages; returns (document text, passages)."""
    text, starts = document_text(blocks)
    groups: list[tuple[list[_Unit], list[str]]] = []
    path: list[tuple[int, str]] = []  # (level, heading text) of the current section
    current: list[_Unit] = []
    current_path: list[str] = []

    def has_body(units: list[_Unit]) -> bool:
        return any(not u.heading for u in units)

    for unit in _units(blocks, text, starts, size):
        block = blocks[unit.block]
        if unit.heading:
            if has_body(current):
                groups.append((current, current_path))
                current = []
            # Headings with no body yet stay together and join the text that follows.
            level = max(block.level, 1)
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, block.text))
            current.append(unit)
            current_path = [h for _, h in path]
            continue
        if not current:
            current_path = [h for _, h in path]
        elif has_body(current) and unit.end - current[0].start > size:
            groups.append((current, current_path))
            current = _overlap(current, overlap)
        current.append(unit)
    if current:
        groups.append((current, current_path))

    passages = []
    for ordinal, (units, heading_path) in enumerate(groups):
        start, end = units[0].start, units[-1].end
        body = [blocks[u.block] for u in units if not u.heading] or [blocks[u.block] for u in units]
        pages = [b.page for b in [blocks[u.block] for u in units] if b.page is not None]
        numbers = list(dict.fromkeys(b.paragraph for b in body if b.paragraph))
        paragraph = None
        if numbers:
            paragraph = numbers[0] if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"
        passages.append(
            Passage(
                id=f"{document_id}:{ordinal:04d}",
                document_id=document_id,
                ordinal=ordinal,
                text=text[start:end],
                page_start=min(pages) if pages else None,
                page_end=max(pages) if pages else None,
                heading_path=heading_path,
                paragraph=paragraph,
                char_start=start,
                char_end=end,
            )
        )
    return text, passages


def _overlap(previous: list[_Unit], overlap: int) -> list[_Unit]:
    """Trailing whole units (sentences or short paragraphs) of a passage, within the overlap budget."""
    carried: list[_Unit] = []
    for unit in reversed([u for u in previous if not u.heading]):
        if (carried[-1].end if carried else unit.end) - unit.start > overlap:
            break
        carried.insert(0, unit)
    if len(carried) == len([u for u in previous if not u.heading]):
        return []  # carrying everything would repeat the whole passage
    return carried
