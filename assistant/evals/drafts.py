"""Measure a draft's quality with figures that need no gold answer, so any two runs compare.

Per area: how many bullets and citations, the share of citations supported, bullets that need
evidence, bullets that copy a source rather than judge it, citations of policy or evidence
passages that are mainly about another area, and empty sections. The pure functions take the
draft and the cited passages' texts and area scores.

Copying is measured twice. "copied" (the most words in one run shared with a cited passage) is
the measure the product itself filters appraised points with (assistant/measures.py), so for
those points it holds by construction: it shows the filter ran. "patchwork" is the
evaluation's own, stricter check, which no product rule uses: the words in any run of three
or more shared with a cited passage, however many runs, so a bullet stitched together from
pieces of its source counts as well.
"""

from __future__ import annotations

from pydantic import BaseModel

from assistant.measures import COPIED, copied_share
from assistant.models import AreaDraft, ResponseDraft
from assistant.retrieval.areas import mainly_about
from assistant.text import words

PATCHWORK_RUN = 3  # words: a run this long shared with the source is copied, not a common phrase


def patchwork_share(text: str, source: str, run: int = PATCHWORK_RUN) -> float:
    """Pure: the share of the text's words that stand in some run of at least `run` consecutive
    words shared with the source, however many such runs. Never below `copied_share` when that
    longest run has `run` words or more; above it when the text stitches several runs together."""
    mine, have = words(text), words(source)
    if not mine:
        return 0.0
    shared = {tuple(have[i:i + run]) for i in range(len(have) - run + 1)}
    covered = [False] * len(mine)
    for i in range(len(mine) - run + 1):
        if tuple(mine[i:i + run]) in shared:
            covered[i:i + run] = [True] * run
    return sum(covered) / len(mine)


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
    patchwork: int
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
        patchwork=sum(any(patchwork_share(b.text, texts.get(c.passage_id, "")) >= COPIED for c in b.citations) for b in bullets),
        off_area_citations=sum(not on_area(area_scores.get(c.passage_id, {}), area.area_id, margin) for c in citations),
        empty_sections=[name for name, bs in sections.items() if not bs],
    )


def draft_quality(draft: ResponseDraft, texts: dict[str, str], area_scores: dict[str, dict[str, float]],
                  margin: float = 0.05) -> dict:
    """Pure: per area figures and their totals, as printed by `sendraft eval draft`."""
    areas = [area_quality(a, texts, area_scores, margin) for a in draft.areas]
    total = {key: sum(getattr(a, key) for a in areas)
             for key in ("bullets", "citations", "supported", "needs_evidence", "copied", "patchwork", "off_area_citations")}
    total["empty_sections"] = sum(len(a.empty_sections) for a in areas)
    total["supported_share"] = round(total["supported"] / total["citations"], 3) if total["citations"] else 0.0
    total["copied_share"] = round(total["copied"] / total["bullets"], 3) if total["bullets"] else 0.0
    total["patchwork_share"] = round(total["patchwork"] / total["bullets"], 3) if total["bullets"] else 0.0
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
