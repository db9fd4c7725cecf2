"""PDF (pypdf): text per page, rebuilt into headings, paragraphs and list items.

pypdf gives text fragments with their font and position. Lines are grouped into
paragraphs by vertical gaps; a line set larger than the body text (or wholly bold and
short) is a heading; a bullet glyph starts a list item.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

from assistant.errors import LoadError
from assistant.ingest.loaders.structure import one_line, paragraph_number, real_title
from assistant.models import Block, LoadedDocument

logging.getLogger("pypdf").setLevel(logging.ERROR)

_BULLETS = {"•", "\x7f", "▪", "●", "◦", "‣", "–", "-", "*", "·", "", "o"}


@dataclass
class _Line:
    text: str
    size: float
    bold: bool
    y: float


def _page_lines(page) -> list[_Line]:
    lines: list[_Line] = []

    def visit(text, cm, tm, font_dict, font_size):
        scale = abs(tm[3] * cm[3]) or 1.0
        font = str((font_dict or {}).get("/BaseFont", ""))
        y = cm[5] + tm[5] * cm[3]
        for piece in text.split("\n"):
            piece = one_line(piece)
            if not piece:
                continue
            if lines and abs(lines[-1].y - y) < 0.5 and not text.startswith("\n"):
                lines[-1].text += (" " if not lines[-1].text.endswith(" ") else "") + piece
                continue
            lines.append(_Line(piece, round(font_size * scale, 1), "bold" in font.lower(), y))

    page.extract_text(visitor_text=visit)
    return lines


def _open(path: Path, data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise LoadError(path, "encrypted PDF (password protected); remove the password and try again")
            except (FileNotDecryptedError, DependencyError, NotImplementedError):
                raise LoadError(path, "encrypted PDF (password protected); remove the password and try again") from None
        _ = len(reader.pages)
        return reader
    except LoadError:
        raise
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(path, f"corrupt PDF: {exc}") from None


def load_pdf(path: Path, data: bytes) -> LoadedDocument:
    reader = _open(path, data)
    pages: list[list[_Line]] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            pages.append(_page_lines(page))
        except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError) as exc:
            raise LoadError(path, f"corrupt PDF: page {number} cannot be read ({exc})") from None
    blocks = _blocks_from_pages(pages)
    title = None
    try:
        title = real_title(reader.metadata.title) if reader.metadata and reader.metadata.title else None
    except (PdfReadError, TypeError, ValueError):
        title = None
    title = title or next((b.text for b in blocks if b.kind == "heading"), None)
    return LoadedDocument(blocks=blocks, n_pages=len(reader.pages), title_hint=title)


_PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?$", re.IGNORECASE)


def _drop_page_numbers(lines: list[_Line]) -> list[_Line]:
    """Running page numbers are the first or last line of a page and only a number."""
    ends = {0, len(lines) - 1}
    return [line for i, line in enumerate(lines) if not (i in ends and _PAGE_NUMBER.match(line.text))]


def _blocks_from_pages(pages: list[list[_Line]]) -> list[Block]:
    """Pure: lines with font sizes and positions -> blocks with page numbers."""
    pages = [_drop_page_numbers(lines) for lines in pages]
    sizes = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    heading_sizes = sorted({s for s in sizes if s > body * 1.15}, reverse=True)
    rank = {size: i + 1 for i, size in enumerate(heading_sizes[:5])}
    blocks: list[Block] = []
    for number, lines in enumerate(pages, start=1):
        current: list[str] = []
        kind, level, prev = "paragraph", 0, None
        pending_bullet = False

        def flush():
            nonlocal current
            if current:
                text = one_line(" ".join(current))
                number_ = paragraph_number(text) if kind == "paragraph" else None
                blocks.append(Block(text=text, kind=kind, level=level, page=number, paragraph=number_))
            current = []

        for line in lines:
            if line.text in _BULLETS:
                flush()
                kind, level, pending_bullet = "list_item", 0, True
                prev = line
                continue
            bullet_prefix = line.text[:2] in {"• ", "▪ ", "● ", "– "}
            is_heading = line.size > body * 1.15 or (line.bold and line.size >= body and len(line.text) < 100)
            gap = (prev.y - line.y) if prev else 0.0
            new_para = (
                prev is None
                or is_heading != (kind == "heading")
                or bullet_prefix
                or paragraph_number(line.text) is not None
                or abs(line.size - prev.size) > 0.5
                or gap > max(prev.size, line.size) * 1.45
            )
            if pending_bullet:
                new_para, pending_bullet = False, False
            elif new_para:
                flush()
                kind, level = ("heading", rank.get(line.size, len(rank) + 1)) if is_heading else ("paragraph", 0)
                if bullet_prefix:
                    kind, level = "list_item", 0
            current.append(line.text[2:] if bullet_prefix else line.text)
            prev = line
        flush()
    return blocks
