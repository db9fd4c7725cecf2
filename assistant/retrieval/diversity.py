"""Pure: collapse near-identical passages and pick a diverse top k (maximal marginal relevance).

Near-identical means cosine similarity of the passages' vectors at or above `duplicate_at`:
the same text in another edition of a document, or copied between documents. The group keeps
the rank of its best member and the citation a person can check most easily (one with a page
number, else the best ranked). MMR then trades relevance against similarity to what is
already chosen (Carbonell and Goldstein, 1998), with langchain-core's implementation.
"""

from __future__ import annotations

import numpy as np
from langchain_core.vectorstores.utils import maximal_marginal_relevance as langchain_mmr

from assistant.text import unit_rows

# Far below any real difference of two scores, far above float64 rounding: without it, rounding
# in langchain-core's cosines, not the ranking, would choose among equal scores (RRF ties often).
TIE_STEP = 1e-12


def collapse_near_duplicates(
    ranked: list[tuple[str, float]], vectors: dict[str, list[float]], paged: set[str], duplicate_at: float = 0.92
) -> list[tuple[str, float]]:
    """One entry per group of near-identical passages, at the group's best rank."""
    with_vectors = [(pid, s) for pid, s in ranked if pid in vectors]
    if not with_vectors:
        return ranked
    matrix = unit_rows([vectors[pid] for pid, _ in with_vectors])
    kept: list[int] = []  # indexes into with_vectors of group heads
    chosen: dict[int, int] = {}  # group head -> member whose citation is shown
    for i in range(len(with_vectors)):
        if kept:
            similarity = matrix[kept] @ matrix[i]
            best = int(np.argmax(similarity))
            if similarity[best] >= duplicate_at:
                head = kept[best]
                if with_vectors[chosen[head]][0] not in paged and with_vectors[i][0] in paged:
                    chosen[head] = i
                continue
        kept.append(i)
        chosen[i] = i
    missing = [(pid, s) for pid, s in ranked if pid not in vectors]
    return [(with_vectors[chosen[h]][0], with_vectors[h][1]) for h in kept] + missing


def maximal_marginal_relevance(
    ranked: list[tuple[str, float]], vectors: dict[str, list[float]], k: int, diversity: float = 0.3
) -> list[tuple[str, float]]:
    """Greedy MMR over ranked candidates; `diversity` 0 keeps the ranking as it is.

    Each pick maximises (1 - diversity) * relevance - diversity * (its highest cosine to a pick),
    where relevance is the candidate's score (fused or reranked) scaled to 0..1. langchain-core's
    `maximal_marginal_relevance` does the picking, but it takes relevance as the cosine to a query
    vector. So each candidate is its unit vector plus an axis of its own (a 1 there), and the
    "query" holds the relevances on those axes: the cosine of candidate i to the query is then
    relevance_i / (|relevance| * sqrt 2), and between two candidates half their cosine. Its
    `lambda_mult` is chosen so that these two constant factors give back the weights above.
    (A zero vector, which the embedding model never gives, would count as a little more relevant.)
    langchain-core calls `vectorstores.utils` internal: tests/unit/test_diversity.py pins the picks.
    """
    if diversity <= 0 or len(ranked) <= 1 or not all(pid in vectors for pid, _ in ranked):
        return ranked[:k]
    scores = np.asarray([s for _, s in ranked], dtype=np.float64)
    spread = float(scores.max() - scores.min())
    relevance = (scores - scores.min()) / spread if spread > 0 else np.ones_like(scores)
    relevance -= TIE_STEP * np.arange(len(ranked))  # equal scores keep the ranking's order
    unit = unit_rows([vectors[pid] for pid, _ in ranked], np.float64)
    candidates = np.hstack([unit, np.eye(len(ranked))])
    query = np.concatenate([np.zeros(unit.shape[1]), relevance])
    per_relevance, per_similarity = 1 / (float(np.linalg.norm(relevance)) * np.sqrt(2)), 0.5
    lambda_mult = (1 - diversity) * per_similarity / ((1 - diversity) * per_similarity + diversity * per_relevance)
    picks = langchain_mmr(query, candidates, lambda_mult=lambda_mult, k=k)
    return [ranked[i] for i in picks]
