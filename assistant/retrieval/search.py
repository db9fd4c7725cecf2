"""Search the corpus: BM25 and dense candidates, fused, near-duplicates collapsed, diversified.

    candidates (dense from Chroma, BM25 from bm25s; filtered to the allowed documents)
      -> fusion (convex by default, RRF on request)      [hybrid mode only]
      -> near-duplicate collapse keeping the best citation
      -> optional reranker (local cross-encoder)
      -> MMR for diversity -> k citable hits
"""

from __future__ import annotations

from typing import Literal

from assistant.errors import SendraftError
from assistant.models import DOCUMENT_KINDS, SearchFilters, SearchHit
from assistant.retrieval.diversity import collapse_near_duplicates, maximal_marginal_relevance
from assistant.retrieval.fusion import convex_fusion, reciprocal_rank_fusion
from assistant.retrieval.rerank import make_reranker
from assistant.store import Store
from assistant.text import fingerprint

Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[str, ...] = ("hybrid", "dense", "bm25")
MAX_QUERY_CHARS = 2000


def check_length(what: str, text: str | None) -> None:
    """A question or focus goes whole into a prompt, so an overlong one is refused, not cut."""
    n = len(" ".join((text or "").split()))
    if n > MAX_QUERY_CHARS:
        raise SendraftError(f"{what} is {n:,} characters long; at most {MAX_QUERY_CHARS:,} are allowed")


def clean_query(query: str) -> str:
    query = " ".join(query.split())[:MAX_QUERY_CHARS]
    if not query:
        raise SendraftError("the search query is empty")
    return query


def allowed_documents(store: Store, filters: SearchFilters | None) -> set[str] | None:
    """The document ids a search may use (None: all of them)."""
    if filters is None or not filters.active():
        return None
    for kind in filters.kinds or []:
        if kind not in DOCUMENT_KINDS:
            raise SendraftError(f"unknown kind {kind!r}; use one of {', '.join(DOCUMENT_KINDS)}")
    return store.catalog.matching(filters.kinds, filters.document_ids, filters.date_from, filters.date_to)


def candidates(store: Store, query: str, n: int, mode: Mode, documents: set[str] | None) -> dict[str, list[tuple[str, float]]]:
    """Ranked candidates per method: {'dense': [...], 'bm25': [...]} (only those the mode uses)."""
    if documents is not None and not documents:
        return {}
    out = {}
    if mode in ("hybrid", "dense"):
        where = {"document_id": {"$in": sorted(documents)}} if documents is not None else None
        out["dense"] = store.vectors.query(query, n, where=where)
    if mode in ("hybrid", "bm25"):
        out["bm25"] = store.lexical.query(query, n, documents)
    return out


def fuse(store: Store, rankings: dict[str, list[tuple[str, float]]]) -> list[tuple[str, float]]:
    if len(rankings) == 1:
        return next(iter(rankings.values()))
    dense, lexical = rankings.get("dense", []), rankings.get("bm25", [])
    if store.settings.fusion == "rrf":
        return reciprocal_rank_fusion([[p for p, _ in dense], [p for p, _ in lexical]])
    return convex_fusion(dense, lexical, store.settings.dense_weight)


def refine(store: Store, query: str, ranked: list[tuple[str, float]], k: int) -> list[tuple[str, float]]:
    """Collapse near-duplicates, rerank if configured, then pick a diverse k."""
    if not ranked:
        return []
    settings = store.settings
    vectors = store.vectors.vectors([pid for pid, _ in ranked])
    passages = store.catalog.passages_by_id([pid for pid, _ in ranked])
    paged = {pid for pid, p in passages.items() if p.page_start is not None}
    ranked = collapse_near_duplicates(ranked, vectors, paged, settings.duplicate_similarity)
    reranker = make_reranker(settings)
    if reranker is not None:
        ranked = reranker.rerank(query, [(pid, passages[pid].text) for pid, _ in ranked if pid in passages])
    # 2k, so that hits_for still fills k after dropping word-identical texts.
    return maximal_marginal_relevance(ranked, vectors, 2 * k, settings.mmr_diversity)


def search(
    store: Store, query: str, k: int = 5, kind: str | None = None, mode: Mode = "hybrid",
    filters: SearchFilters | None = None,
) -> list[SearchHit]:
    """The k best citable passages for a query."""
    query = clean_query(query)
    if k < 1:
        raise SendraftError("--k must be at least 1")
    if mode not in MODES:
        raise SendraftError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    if kind is not None:
        filters = (filters or SearchFilters()).model_copy(update={"kinds": [kind]})
    documents = allowed_documents(store, filters)
    rankings = candidates(store, query, k * store.settings.candidates_per_hit, mode, documents)
    return hits_for(store, refine(store, query, fuse(store, rankings), k), k)


def hits_for(store: Store, ranked: list[tuple[str, float]], k: int) -> list[SearchHit]:
    """Citable hits in rank order; identical text (by words) is shown once."""
    passages = store.catalog.passages_by_id([pid for pid, _ in ranked])
    areas = store.catalog.area_scores([pid for pid, _ in ranked])
    documents: dict = {}
    hits: list[SearchHit] = []
    seen: set[str] = set()
    for pid, score in ranked:
        passage = passages.get(pid)
        if passage is None:  # index entry without a catalog row: not citable, so not shown
            continue
        key = fingerprint(passage.text)
        if key in seen:
            continue
        seen.add(key)
        if passage.document_id not in documents:
            documents[passage.document_id] = store.catalog.get(passage.document_id)
        document = documents[passage.document_id]
        if document is None:
            continue
        hits.append(
            SearchHit(
                id=pid, text=passage.text, document_id=document.id, title=document.title, kind=document.kind,
                page=passage.page_start, page_end=passage.page_end, paragraph=passage.paragraph,
                heading_path=passage.heading_path, score=round(score, 4), area_scores=areas.get(pid, {}),
            )
        )
        if len(hits) == k:
            break
    return hits
