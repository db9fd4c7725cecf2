"""Search the corpus: dense (Chroma), lexical (BM25) or both fused, joined with the catalog."""

from __future__ import annotations

from typing import Literal

from assistant.errors import SendraftError
from assistant.models import DOCUMENT_KINDS, SearchHit
from assistant.retrieval.fusion import fingerprint, reciprocal_rank_fusion
from assistant.store import Store

Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[str, ...] = ("hybrid", "dense", "bm25")
MAX_QUERY_CHARS = 2000
CANDIDATES_PER_HIT = 4  # over-fetch so fusion and de-duplication still fill k


def search(store: Store, query: str, k: int = 5, kind: str | None = None, mode: Mode = "hybrid") -> list[SearchHit]:
    query = " ".join(query.split())[:MAX_QUERY_CHARS]
    if not query:
        raise SendraftError("the search query is empty")
    if k < 1:
        raise SendraftError("--k must be at least 1")
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise SendraftError(f"unknown kind {kind!r}; use one of {', '.join(DOCUMENT_KINDS)}")
    if mode not in MODES:
        raise SendraftError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    n = k * CANDIDATES_PER_HIT
    dense = store.vectors.query(query, n, where={"kind": kind} if kind else None) if mode != "bm25" else []
    lexical = store.lexical.query(query, n, kind) if mode != "dense" else []
    if mode == "hybrid":
        ranked = reciprocal_rank_fusion([[pid for pid, _ in dense], [pid for pid, _ in lexical]])
    else:
        ranked = dense or lexical
    return _hits(store, ranked, k)


def _hits(store: Store, ranked: list[tuple[str, float]], k: int) -> list[SearchHit]:
    """Citable hits in rank order; the same text in another edition collapses to its best hit."""
    passages = store.catalog.passages_by_id([pid for pid, _ in ranked])
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
                heading_path=passage.heading_path, score=round(score, 4),
            )
        )
        if len(hits) == k:
            break
    return hits
