"""Measure a draft's quality with figures that need no gold answer, so any two runs compare.

Per area: how many bullets and citations, the share of citations supported, bullets that need
evidence, bullets that copy a source rather than judge it (the most words in one run shared
with a cited passage), citations of policy or evidence passages that are mainly about another
area, and empty sections. The pure functions take the draft and the cited passages' texts and area scores.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from pydantic import BaseModel

from assistant.models import AreaDraft, ResponseDraft
from assistant.retrieval.areas import mainly_about

COPIED = 0.8  # a bullet whose words stand at least this much in one run of a source is a copy
_WORD = re.compile(r"[^\W_]+")


def _longest_run(words: list[str], have: list[str]) -> int:
    return SequenceMatcher(None, words, have, autojunk=False).find_longest_match(0, len(words), 0, len(have)).size


def copied_run(text: str, source: str) -> int:
    """Pure: how many of the text's words stand in its longest contiguous run of the source."""
    return _longest_run(_WORD.findall(text.lower()), _WORD.findall(source.lower()))


def copied_share(text: str, source: str) -> float:
    """Pure: the share of the text's words that stand in one contiguous run of the source."""
    words = _WORD.findall(text.lower())
    return _longest_run(words, _WORD.findall(source.lower())) / len(words) if words else 0.0


def on_area(scores: dict[str, float], area_id: str, margin: float) -> bool:
    """Pure: the passage is mainly about the area, or untagged (the forum's own, say)."""
    return not scores or mainly_about(scores, area_id, margin)


class AreaQuality(BaseModel):
    area_id: str
    bullets: int
    citations: int
    supported: int
    needs_evidence: int
    copied: int
    off_area_citations: int
    empty_sections: list[str]

    @property
    def supported_share(self) -> float:
        return self.supported / self.citations if self.citations else 0.0


def area_quality(area: AreaDraft, texts: dict[str, str], area_scores: dict[str, dict[str, float]],
                 margin: float = 0.05) -> AreaQuality:
    """Pure: the figures of one drafted area; `texts` and `area_scores` are keyed by passage id."""
    sections = area.sections()
    bullets = [b for bs in sections.values() for b in bs]
    citations = [c for b in bullets for c in b.citations]
    return AreaQuality(
        area_id=area.area_id, bullets=len(bullets), citations=len(citations),
        supported=sum(c.supported for c in citations), needs_evidence=sum(b.needs_evidence for b in bullets),
        copied=sum(any(copied_share(b.text, texts.get(c.passage_id, "")) >= COPIED for c in b.citations) for b in bullets),
        off_area_citations=sum(not on_area(area_scores.get(c.passage_id, {}), area.area_id, margin) for c in citations),
        empty_sections=[name for name, bs in sections.items() if not bs],
    )


def draft_quality(draft: ResponseDraft, texts: dict[str, str], area_scores: dict[str, dict[str, float]],
                  margin: float = 0.05) -> dict:
    """Pure: per area figures and their totals, as printed by `sendraft eval draft`."""
    areas = [area_quality(a, texts, area_scores, margin) for a in draft.areas]
    total = {key: sum(getattr(a, key) for a in areas)
             for key in ("bullets", "citations", "supported", "needs_evidence", "copied", "off_area_citations")}
    total["empty_sections"] = sum(len(a.empty_sections) for a in areas)
    total["supported_share"] = round(total["supported"] / total["citations"], 3) if total["citations"] else 0.0
    total["copied_share"] = round(total["copied"] / total["bullets"], 3) if total["bullets"] else 0.0
    return {"areas": [a.model_dump() | {"supported_share": round(a.supported_share, 3)} for a in areas], "total": total}


def evaluate_draft(store, draft: ResponseDraft) -> dict:
    """The figures of a saved draft, reading the cited passages from the store."""
    ids = sorted({c.passage_id for a in draft.areas for bs in a.sections().values() for b in bs for c in b.citations})
    store.ensure_area_scores()
    passages = store.catalog.passages_by_id(ids)
    # The forum's own past points are filed under their area already; only policy and evidence
    # passages can be off-area.
    forum = {d.id for d in store.catalog.documents() if d.kind == "response"}
    tagged = [pid for pid, p in passages.items() if p.document_id not in forum]
    result = draft_quality(draft, {pid: p.text for pid, p in passages.items()}, store.catalog.area_scores(tagged),
                           store.settings.draft_area_margin)
    result["missing_passages"] = [pid for pid in ids if pid not in passages]
    return result
