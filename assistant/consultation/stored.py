"""Pure: a stored document's blocks rebuilt from its passages, when its file is gone or changed.

Passages are exact slices of the document text at their offsets, and the text is the blocks
joined by blank lines (ingest/chunking.py), so the blocks' texts come back exactly: a gap of
two characters between passages is a block boundary, of one a space within a block. What the
passages do not keep is approximated: a heading is a block whose text is in its passage's
heading path, and list items come back as paragraphs; a block's page is exact when a passage
on one page holds it or a passage starts or ends inside it, and otherwise (the middle of a
passage across a page break) it is the page of the block before, never later than the truth.
"""

from __future__ import annotations

from assistant.models import Block, Passage

BLOCK_SEPARATOR = "\n\n"  # as ingest/chunking.py joins blocks (this package does not import ingest)


def _text(passages: list[Passage]) -> str:
    pieces, end = [], 0
    for p in passages:
        if p.char_end <= end:
            continue
        gap = p.char_start - end
        if gap > 0 and end > 0:
            pieces.append(BLOCK_SEPARATOR if gap >= len(BLOCK_SEPARATOR) else " " * gap)
        pieces.append(p.text[max(0, end - p.char_start):])
        end = p.char_end
    return "".join(pieces)


def _page(start: int, end: int, overlapping: list[Passage]) -> int | None:
    """A block's page when the passages tell it: a passage on one page, or one that starts or
    ends inside the block (its first or last page is the block's); else None."""
    for p in overlapping:
        if p.page_start is not None and p.page_start == p.page_end:
            return p.page_start
        if start <= p.char_start < end:
            return p.page_start
        if start < p.char_end <= end:
            return p.page_end
    return None


def blocks_from_passages(passages: list[Passage]) -> list[Block]:
    """The document's blocks, in order, from its stored passages."""
    ordered = sorted(passages, key=lambda p: (p.char_start, p.char_end))
    text = _text(ordered)
    blocks, pages, start = [], [], 0
    for piece in text.split(BLOCK_SEPARATOR):
        end = start + len(piece)
        overlapping = [p for p in ordered if p.char_start < end and start < p.char_end]
        level = next((p.heading_path.index(piece) + 1 for p in overlapping if piece in p.heading_path), 0)
        if piece.strip():
            blocks.append(Block(text=piece, kind="heading" if level else "paragraph", level=level))
            pages.append(_page(start, end, overlapping))
        start = end + len(BLOCK_SEPARATOR)
    # A block in the middle of a passage across pages: the page of the last block before it that
    # has one (pages only grow in reading order), so never later than its true page.
    known = None
    for n, page in enumerate(pages):
        known = page if page is not None else known
        pages[n] = known
    return [b.model_copy(update={"page": page}) for b, page in zip(blocks, pages)]
