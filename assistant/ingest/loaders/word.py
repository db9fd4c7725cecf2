"""DOCX (python-docx): headings from styles, list items, numbered paragraphs, tables in order."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from assistant.errors import LoadError
from assistant.ingest.loaders.structure import one_line, paragraph_number, real_title
from assistant.models import Block, Emphasis, LoadedDocument

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def _emphasis(paragraph: Paragraph) -> Emphasis | None:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and all(r.bold for r in runs):
        return "bold"
    if runs and all(r.italic for r in runs):
        return "italic"
    return None


def _list_depth(paragraph: Paragraph) -> int | None:
    """Depth of a list paragraph (from numbering or a List style), None if not a list item."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        ilvl = ppr.numPr.ilvl
        return int(ilvl.val) if ilvl is not None else 0
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower().startswith("list"):
        match = re.search(r"(\d)$", style)
        return int(match.group(1)) - 1 if match else 0
    return None


def _paragraph_block(paragraph: Paragraph) -> Block | None:
    text = one_line(paragraph.text)
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = _HEADING_STYLE.match(style)
    if heading or style.lower() == "title":
        return Block(text=text, kind="heading", level=int(heading.group(1)) if heading else 1)
    depth = _list_depth(paragraph)
    if depth is not None:
        return Block(text=text, kind="list_item", level=depth, emphasis=_emphasis(paragraph))
    return Block(text=text, emphasis=_emphasis(paragraph), paragraph=paragraph_number(text))


def _iter_body(document: DocxDocument):
    """Paragraphs and tables in document order (python-docx lists them separately)."""
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            yield Paragraph(child, document)
        elif child.tag.endswith("}tbl"):
            yield Table(child, document)


def load_docx(path: Path, data: bytes) -> LoadedDocument:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(path, f"corrupt or unreadable DOCX: {exc}") from None
    blocks: list[Block] = []
    for item in _iter_body(document):
        if isinstance(item, Paragraph):
            block = _paragraph_block(item)
            if block:
                blocks.append(block)
            continue
        for row in item.rows:
            cells = [one_line(cell.text) for cell in row.cells]
            unique = [c for i, c in enumerate(cells) if c and c not in cells[:i]]
            if unique:
                blocks.append(Block(text=" | ".join(unique)))
    title = real_title(document.core_properties.title) or next(
        (b.text for b in blocks if b.kind == "heading"), None
    )
    return LoadedDocument(blocks=blocks, title_hint=title)
