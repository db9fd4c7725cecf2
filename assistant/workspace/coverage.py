"""Coverage: which parts of the policy each area's draft rests on, and where the gaps are.

Rows are the policy documents' sections (the top heading under the title, or a numbered
consultation question where the passage holds one); columns are the framework's areas. A cell
counts the passages retrieved for the area in that section and the kept (accepted, edited or
human) points that cite one of them. A cell with evidence but no kept point is a gap.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.models import Passage, ResponseDraft

_QUESTION = re.compile(r"\b(?:consultation\s+)?question\s+(\d{1,3})\b", re.I)
KEPT = ("accepted", "edited", "human")


class Cell(BaseModel):
    passages: list[str] = Field(default_factory=list)
    bullets: list[str] = Field(default_factory=list, description="Ids of kept points citing these passages.")

    @property
    def gap(self) -> bool:
        return bool(self.passages) and not self.bullets


class Row(BaseModel):
    document_id: str
    document: str
    section: str
    cells: dict[str, Cell] = Field(default_factory=dict, description="Area id -> cell.")


def section_of(passage: Passage, document_title: str) -> str:
    """Pure: the passage's section: a numbered question it asks, else its first heading that is
    not the document's own title."""
    question = _QUESTION.search(passage.text)
    if question:
        return f"Question {question.group(1)}"
    title = " ".join(document_title.split()).lower()
    for heading in passage.heading_path:
        clean = " ".join(heading.split())
        if clean and not title.startswith(clean.lower()):
            return clean
    return "(opening)"


def coverage(draft: ResponseDraft, passages: dict[str, Passage], titles: dict[str, str], area_ids: list[str]) -> list[Row]:
    """Pure: the matrix for a draft, given the policy passages (id -> passage) and the
    documents' titles. Rows keep the documents' order and their sections' order."""
    rows: dict[tuple[str, str], Row] = {}
    where: dict[str, tuple[str, str]] = {}
    for pid, passage in sorted(passages.items(), key=lambda kv: (kv[1].document_id, kv[1].ordinal)):
        key = (passage.document_id, section_of(passage, titles.get(passage.document_id, "")))
        where[pid] = key
        rows.setdefault(key, Row(document_id=key[0], document=titles.get(key[0], key[0]), section=key[1],
                                 cells={a: Cell() for a in area_ids}))
    for area in draft.areas:
        if area.area_id not in area_ids:
            continue
        for pid in dict.fromkeys([*area.passages_used, *area.pinned]):
            if pid in where and pid not in area.excluded:
                rows[where[pid]].cells[area.area_id].passages.append(pid)
        for bullets in area.sections().values():
            for bullet in bullets:
                if bullet.status not in KEPT:
                    continue
                for key in {where[c.passage_id] for c in bullet.citations if c.passage_id in where}:
                    cell = rows[key].cells[area.area_id]
                    if bullet.id not in cell.bullets:
                        cell.bullets.append(bullet.id)
    return list(rows.values())


def policy_coverage(store, draft: ResponseDraft, policy_ids: list[str] | None = None) -> list[Row]:
    """The matrix over the corpus's policy documents (or the ones the response answers)."""
    documents = [d for d in store.catalog.documents() if d.kind == "policy" and (not policy_ids or d.id in policy_ids)]
    passages = {p.id: p for d in documents for p in store.catalog.passages(d.id)}
    return coverage(draft, passages, {d.id: d.title for d in documents}, [a.id for a in store.framework.areas])
