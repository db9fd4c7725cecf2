"""Pure retrieval metrics over gold items identified by document and quote (not chunk ordinals)."""

from __future__ import annotations

import math
from statistics import fmean

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Case, whitespace and typographic quotes ignored, so quotes survive re-layout."""
    return " ".join(text.translate(_QUOTES).lower().split())


def gold_ranks(hits: list[tuple[str, str]], gold: list[tuple[str, str]]) -> list[int | None]:
    """For each gold (source, quote), the 1-based rank of the first hit (source, text) containing it."""
    ranks: list[int | None] = []
    for source, quote in gold:
        needle = normalise(quote)
        rank = next((i for i, (s, text) in enumerate(hits, 1) if s == source and needle in normalise(text)), None)
        ranks.append(rank)
    return ranks


def recall_at(ranks: list[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def reciprocal_rank(ranks: list[int | None]) -> float:
    found = [r for r in ranks if r is not None]
    return 1.0 / min(found) if found else 0.0


def ndcg_at(ranks: list[int | None], k: int) -> float:
    """Binary relevance; each gold item counts once, at the first passage that holds it."""
    dcg = sum(1.0 / math.log2(r + 1) for r in set(ranks) if r is not None and r <= k)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(ranks), k) + 1))
    return dcg / ideal if ideal else 0.0


def summarise(per_query: list[list[int | None]]) -> dict[str, float]:
    """Mean recall@5, recall@10, MRR and nDCG@10 over queries."""
    if not per_query:
        return {"recall@5": 0.0, "recall@10": 0.0, "mrr": 0.0, "ndcg@10": 0.0, "queries": 0}
    return {
        "recall@5": fmean(recall_at(r, 5) for r in per_query),
        "recall@10": fmean(recall_at(r, 10) for r in per_query),
        "mrr": fmean(reciprocal_rank(r) for r in per_query),
        "ndcg@10": fmean(ndcg_at(r, 10) for r in per_query),
        "queries": len(per_query),
    }
