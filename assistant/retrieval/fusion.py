"""Pure: fuse ranked lists and collapse near-identical passages."""

from __future__ import annotations

import re

RRF_K = 60  # the constant of Cormack et al. (2009); damps the weight of top ranks


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Ids ordered by sum of 1 / (k + rank) over the rankings they appear in."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def fingerprint(text: str) -> str:
    """Text reduced to its words, so editions differing only in layout compare equal."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
