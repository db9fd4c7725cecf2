"""Pure: read a forum response (area -> Positives / Issues / Ways forward -> bullets) into positions.

Real responses vary: an area may be a heading of any level or a bold line, sections may be
headings or bold lines with or without a colon, sub-headings may be italic lines or minor
headings, and bullets may be list items, nested list items or plain paragraphs. So headings
are recognised by what they say (the framework's area and section names and aliases), not
by their level or markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.framework import Framework
from assistant.models import Block, Position

Role = Literal["area", "section", "label", "intro", "claim", "bullet", "other"]

_MAX_HEADING_CHARS = 150


@dataclass(frozen=True)
class Classified:
    block: Block
    role: Role
    area_id: str | None
    section: str | None


def _strip(text: str) -> str:
    return text.strip().strip("*_").strip().rstrip(":").strip()


def _heading_like(block: Block) -> bool:
    if block.kind == "heading":
        return True
    return block.kind == "paragraph" and block.emphasis is not None and len(block.text) <= _MAX_HEADING_CHARS


def _is_label(text: str) -> bool:
    """A sub-heading that only names a group ("General:", "ISPs:", "Specialist packages")."""
    return text.rstrip().endswith(":") or len(_strip(text).split()) <= 2


def _is_intro(text: str) -> bool:
    """A plain line such as "ISPs:" that introduces the list right after it."""
    return text.rstrip().endswith(":") and len(text.split()) <= 6


def classify(blocks: list[Block], framework: Framework) -> list[Classified]:
    """Give each block its role in the response and the area/section it falls under."""
    out: list[Classified] = []
    area: str | None = None
    area_level: int | None = None
    section: str | None = None
    for block in blocks:
        text = _strip(block.text)
        heading = _heading_like(block)
        matched_area = framework.match_area(text) if heading else None
        matched_section = framework.match_section(text) if heading and not matched_area else None
        if matched_area:
            area, section = matched_area.id, None
            area_level = block.level if block.kind == "heading" else None
            out.append(Classified(block, "area", area, None))
        elif matched_section and area:
            section = matched_section.id
            out.append(Classified(block, "section", area, section))
        elif block.kind == "heading" and area_level is not None and block.level <= area_level:
            area = section = area_level = None  # e.g. "Conclusion" at the level of the areas
            out.append(Classified(block, "other", None, None))
        elif area and section and heading:
            role: Role = "label" if _is_label(block.text) else "claim"
            out.append(Classified(block, role, area, section))
        elif area and section and block.kind == "paragraph" and _is_intro(block.text):
            out.append(Classified(block, "intro", area, section))
        elif area and section:
            out.append(Classified(block, "bullet", area, section))
        else:
            out.append(Classified(block, "other", area, section))
    return out


def parse_positions(document_id: str, blocks: list[Block], framework: Framework) -> list[Position]:
    """Every bullet of every area and section, with its sub-heading and parent bullet."""
    positions: list[Position] = []
    label: str | None = None  # a sub-heading that names a group ("General:")
    claim: str | None = None  # a sub-heading that is itself a position ("Greater emphasis on ...")
    intro: str | None = None  # "ISPs:" before a list: names only the list right after it
    lead: str | None = None  # last plain-paragraph bullet: list items right after it nest under it
    parents: dict[int, str] = {}  # list depth -> text, for nested list items
    for item in classify(blocks, framework):
        block, role = item.block, item.role
        if role in ("area", "section", "other"):
            label = claim = intro = lead = None
            parents = {}
            continue
        if role == "label":
            label, claim, intro, lead, parents = _strip(block.text), None, None, None, {}
            continue
        if role == "intro":
            intro, lead, parents = _strip(block.text), None, {}
            continue
        parent = None
        subheading = claim or label
        if role == "claim":
            claim, intro, lead, parents = None, None, None, {}
            subheading = label
        elif block.kind == "list_item":
            parent = parents.get(block.level - 1) if block.level > 0 else lead
            parents = {d: t for d, t in parents.items() if d < block.level}
            parents[block.level] = block.text
            subheading = intro or subheading
        else:
            intro, lead, parents = None, block.text, {}
        positions.append(
            Position(
                id=f"{document_id}:p{len(positions):03d}",
                document_id=document_id,
                ordinal=len(positions),
                area_id=item.area_id,
                section=item.section,
                text=_strip(block.text) if role == "claim" else block.text,
                subheading=subheading,
                parent=parent,
            )
        )
        if role == "claim":
            claim = _strip(block.text)
    return positions


def normalise_headings(blocks: list[Block], framework: Framework) -> list[Block]:
    """Give area, section and sub-heading lines true heading levels (2, 3, 4) for chunking."""
    levels = {"area": 2, "section": 3, "label": 4, "claim": 4, "intro": 5}
    out = []
    for item in classify(blocks, framework):
        if item.role in levels and item.block.kind != "list_item":
            out.append(item.block.model_copy(update={"kind": "heading", "level": levels[item.role], "emphasis": None}))
        else:
            out.append(item.block)
    return out
