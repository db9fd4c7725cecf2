"""HTML (BeautifulSoup with lxml): main text and headings; scripts and navigation dropped."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag

from assistant.ingest.loaders.structure import one_line, paragraph_number, real_title
from assistant.ingest.loaders.text import decode_text
from assistant.models import Block, LoadedDocument

_DROP = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "template", "button"]
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_TEXT_TAGS = [*_HEADINGS, "p", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption"]


def _nested_in_text_tag(tag: Tag) -> bool:
    return any(parent.name in _TEXT_TAGS for parent in tag.parents)


def load_html(path: Path, data: bytes) -> LoadedDocument:
    soup = BeautifulSoup(decode_text(path, data), "lxml")
    for tag in soup(_DROP):
        tag.decompose()
    for tag in soup.select('[role="navigation"], [role="banner"], [role="contentinfo"], [aria-hidden="true"]'):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks: list[Block] = []
    for tag in root.find_all(_TEXT_TAGS):
        if tag.name == "li":
            # The item's own text, without any list nested inside it (those are items too).
            own = [c for c in tag.children if not (isinstance(c, Tag) and c.name in ("ul", "ol"))]
            text = one_line(" ".join(c.get_text(" ") if isinstance(c, Tag) else str(c) for c in own))
            depth = sum(1 for p in tag.parents if p.name in ("ul", "ol")) - 1
            if text:
                blocks.append(Block(text=text, kind="list_item", level=max(depth, 0)))
            continue
        if _nested_in_text_tag(tag):
            continue
        text = one_line(tag.get_text(" "))
        if not text:
            continue
        if tag.name in _HEADINGS:
            blocks.append(Block(text=text, kind="heading", level=_HEADINGS[tag.name]))
        else:
            blocks.append(Block(text=text, paragraph=paragraph_number(text)))
    title_tag = soup.find("title")
    title = real_title(title_tag.get_text()) if title_tag else None
    if not title:
        title = next((b.text for b in blocks if b.kind == "heading"), None)
    return LoadedDocument(blocks=blocks, title_hint=title)
