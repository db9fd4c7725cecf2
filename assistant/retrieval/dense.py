"""Dense search over the vector index, joined with the catalog for citable hits."""

from __future__ import annotations

import re

from assistant.errors import SendraftError
from assistant.models import DOCUMENT_KINDS, SearchHit
from assistant.store import Store

MAX_QUERY_CHARS = 2000


def search(store: Store, query: str, k: int = 5, kind: str | None = None) -> list[SearchHit]:
    query = " ".join(query.split())
    if not query:
        raise SendraftError("the search query is empty")
    if k < 1:
        raise SendraftError("--k must be at least 1")
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise SendraftError(f"unknown kind {kind!r}; use one of {', '.join(DOCUMENT_KINDS)}")
    # Over-fetch: the same text in several editions of a document collapses to its best hit.
    ranked = store.vectors.query(query[:MAX_QUERY_CHARS], k * 3, where={"kind": kind} if kind else None)
    passages = store.catalog.passages_by_id([pid for pid, _ in ranked])
    documents = {}
    hits: list[SearchHit] = []
    seen: set[str] = set()
    for pid, score in ranked:
        passage = passages.get(pid)
        if passage is None:  # index entry without a catalog row: not citable, so not shown
            continue
        fingerprint = _fingerprint(passage.text)
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
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


def _fingerprint(text: str) -> str:
    """Text reduced to its words, so editions differing only in layout compare equal."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
