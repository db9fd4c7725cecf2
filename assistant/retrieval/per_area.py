"""Retrieval for a framework area, and how a document's passages spread over the areas."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.errors import SendraftError
from assistant.framework import Area
from assistant.models import SearchFilters, SearchHit
from assistant.retrieval.areas import FOCUS_QUERIES, area_queries, is_reference_section, mainly_about
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.retrieval.search import Mode, allowed_documents, candidates, fuse, hits_for, refine
from assistant.store import Store


# Each area list covers most of a small corpus, so the usual k=60 flattens its top ranks: on the
# sample briefing, precision@2 of an area's own section rose from 8/11 (k=60) to 10/11 (k=5).
AREA_RRF_K = 5


def _area(store: Store, area_id: str) -> Area:
    try:
        return store.framework.area(area_id)
    except KeyError as exc:
        raise SendraftError(exc.args[0]) from None


def retrieve_for_area(
    store: Store, area_id: str, focus: str | None = None, filters: SearchFilters | None = None,
    k: int = 8, mode: Mode = "hybrid", include_references: bool = False,
) -> list[SearchHit]:
    """The passages that matter for an area: every area query searched, plus the area tags, fused.

    Reference lists ("Sources", "Bibliography") share many words with every area but say
    nothing of their own, so they are left out unless asked for.
    """
    area = _area(store, area_id)
    if k < 1:
        raise SendraftError("--k must be at least 1")
    store.ensure_area_scores()
    documents = allowed_documents(store, filters)
    if documents is not None and not documents:
        return []
    n = k * store.settings.candidates_per_hit
    queries = area_queries(area, focus)
    rankings = [[pid for pid, _ in fuse(store, candidates(store, q, n, mode, documents))] for q in queries]
    query_lists = len(rankings)
    rankings.append([pid for pid, _ in store.catalog.top_for_area(area.id, n, documents)])
    # The area tags (similarity to the whole area profile) weigh as much as half the queries.
    weights = [1.0] * query_lists + [query_lists / 2]
    if focus and focus.strip():
        # The user's focus weighs as much as all of the area's own queries and tags together.
        share = (sum(weights) - FOCUS_QUERIES) / FOCUS_QUERIES
        weights[:FOCUS_QUERIES] = [share] * FOCUS_QUERIES
    fused = reciprocal_rank_fusion(rankings, k=AREA_RRF_K, weights=weights)
    if not include_references:
        passages = store.catalog.passages_by_id([pid for pid, _ in fused])
        fused = [(pid, s) for pid, s in fused if pid in passages and not is_reference_section(passages[pid].heading_path)]
    return hits_for(store, refine(store, queries[0], fused, k), k)


def about_area(hits: list[SearchHit], area_id: str, margin: float, ratio: float) -> list[SearchHit]:
    """Pure: the hits that are about the area, so a drafter is not handed its neighbours' passages.

    A small corpus has few passages per area, so an area's list soon reaches passages mainly
    about another area (the support layers for Workforce Development, say), and a small model
    drafts from whatever it is given. The top hit is always kept; a later one stays if the area
    is (within `margin`) its best-scoring area, or if it was retrieved nearly as strongly as the
    top (at least `ratio` of its score).
    """
    if not hits:
        return []
    best = hits[0].score
    kept = [hits[0]]
    for hit in hits[1:]:
        if mainly_about(hit.area_scores, area_id, margin) or (best > 0 and hit.score >= ratio * best):
            kept.append(hit)
    return kept


class AreaSummary(BaseModel):
    area_id: str
    title: str
    passages: int  # passages of the document mainly about this area
    top: list[dict]  # the three passages scoring highest for it


def document_areas(store: Store, document_id: str) -> list[AreaSummary]:
    """Per area: how many of a document's passages are mainly about it, and its top three passages."""
    document = store.resolve(document_id)
    store.ensure_area_scores()
    passages = store.catalog.passages(document.id)
    scores = store.catalog.area_scores([p.id for p in passages])
    main = [max(scores[p.id], key=scores[p.id].get) for p in passages if scores.get(p.id)]
    out = []
    for area in store.framework.areas:
        ranked = sorted((p for p in passages if p.id in scores), key=lambda p: -scores[p.id][area.id])[:3]
        out.append(
            AreaSummary(
                area_id=area.id, title=area.title, passages=main.count(area.id),
                top=[{"id": p.id, "title": document.title, "page": p.page_start, "paragraph": p.paragraph,
                      "score": scores[p.id][area.id], "text": " ".join(p.text.split())[:80]} for p in ranked],
            )
        )
    return out


def with_pins(store: Store, hits: list[SearchHit], pinned: list[str], excluded: list[str]) -> list[SearchHit]:
    """The editors' choice over retrieval: pinned passages first (whether retrieved or not),
    excluded ones never."""
    if not pinned and not excluded:
        return hits
    pins = [h for h in hits_for(store, [(pid, 1.0) for pid in pinned], len(pinned)) if h.id not in excluded] if pinned else []
    return pins + [h for h in hits if h.id not in set(excluded) | {p.id for p in pins}]
