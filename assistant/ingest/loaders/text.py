"""Markdown (markdown-it-py) and plain text."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from assistant.errors import LoadError
from assistant.ingest.loaders.structure import one_line, paragraph_number
from assistant.models import Block, Emphasis, LoadedDocument

_MARKDOWN = MarkdownIt("commonmark")


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (a BOM allowed); anything else is refused with the offending byte position."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            path, f"not valid UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save the file as UTF-8"
        ) from None


def _inline_text(token: Token) -> tuple[str, Emphasis | None]:
    """Plain text of an inline token, and whether all of it is bold or all italic."""
    parts: list[str] = []
    strong = em = 0
    flags: list[tuple[bool, bool]] = []
    for child in token.children or []:
        if child.type == "strong_open":
            strong += 1
        elif child.type == "strong_close":
            strong -= 1
        elif child.type == "em_open":
            em += 1
        elif child.type == "em_close":
            em -= 1
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
            if child.content.strip():
                flags.append((strong > 0, em > 0))
        elif child.type == "image":
            parts.append(child.content)
    emphasis: Emphasis | None = None
    if flags and all(s for s, _ in flags):
        emphasis = "bold"
    elif flags and all(e for _, e in flags):
        emphasis = "italic"
    return one_line("".join(parts)), emphasis


def load_markdown(path: Path, data: bytes) -> LoadedDocument:
    tokens = _MARKDOWN.parse(decode_text(path, data))
    blocks: list[Block] = []
    heading_level = 0
    list_depth = -1
    in_item = False
    for token in tokens:
        if token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "list_item_open":
            in_item = True
        elif token.type == "inline":
            text, emphasis = _inline_text(token)
            if not text:
                continue
            if heading_level:
                blocks.append(Block(text=text, kind="heading", level=heading_level))
            elif in_item:
                blocks.append(Block(text=text, kind="list_item", level=max(list_depth, 0), emphasis=emphasis))
                in_item = False  # continuation paragraphs of the item become paragraphs
            else:
                blocks.append(Block(text=text, emphasis=emphasis, paragraph=paragraph_number(text)))
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "fence" or token.type == "code_block":
            if token.content.strip():
                blocks.append(Block(text=one_line(token.content)))
    title = next((b.text for b in blocks if b.kind == "heading"), None)
    return LoadedDocument(blocks=blocks, title_hint=title)


_BLANK_LINES = re.compile(r"\n\s*\n")


def load_plain_text(path: Path, data: bytes) -> LoadedDocument:
    """Paragraphs are separated by blank lines; numbered paragraphs are recognised."""
    text = decode_text(path, data).replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for chunk in _BLANK_LINES.split(text):
        line = one_line(chunk)
        if line:
            blocks.append(Block(text=line, paragraph=paragraph_number(line)))
    return LoadedDocument(blocks=blocks, title_hint=blocks[0].text[:120] if blocks else None)
