"""Pure: fuse ranked lists (reciprocal rank fusion, or a convex mix of normalised scores)."""

from __future__ import annotations

RRF_K = 60  # the constant of Cormack et al. (2009); damps the weight of top ranks


def reciprocal_rank_fusion(
    rankings: list[list[str]], k: int = RRF_K, weights: list[float] | None = None
) -> list[tuple[str, float]]:
    """Ids ordered by the sum of weight / (k + rank) over the rankings they appear in."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings)):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def convex_fusion(
    dense: list[tuple[str, float]], lexical: list[tuple[str, float]], dense_weight: float = 0.3
) -> list[tuple[str, float]]:
    """w * dense + (1 - w) * BM25, each min-max normalised over its own candidates.

    A candidate missing from one list scores 0 there. Measured on evals/datasets/retrieval.jsonl
    this beats RRF (see README); Bruch et al. (2023) report the same for hybrid retrieval.
    """
    def normalised(ranking: list[tuple[str, float]]) -> dict[str, float]:
        if not ranking:
            return {}
        high, low = max(s for _, s in ranking), min(s for _, s in ranking)
        return {pid: (s - low) / (high - low) if high > low else 1.0 for pid, s in ranking}

    d, l = normalised(dense), normalised(lexical)
    fused = {pid: dense_weight * d.get(pid, 0.0) + (1 - dense_weight) * l.get(pid, 0.0) for pid in {**d, **l}}
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
