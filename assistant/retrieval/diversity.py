"""Pure: collapse near-identical passages and pick a diverse top k (maximal marginal relevance).

Near-identical means cosine similarity of the passages' vectors at or above `duplicate_at`:
the same text in another edition of a document, or copied between documents. The group keeps
the rank of its best member and the citation a person can check most easily (one with a page
number, else the best ranked). MMR then trades relevance against similarity to what is
already chosen (Carbonell and Goldstein, 1998).
"""

from __future__ import annotations

import numpy as np


def _unit(vectors: list[list[float]]) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def collapse_near_duplicates(
    ranked: list[tuple[str, float]], vectors: dict[str, list[float]], paged: set[str], duplicate_at: float = 0.92
) -> list[tuple[str, float]]:
    """One entry per group of near-identical passages, at the group's best rank."""
    with_vectors = [(pid, s) for pid, s in ranked if pid in vectors]
    if not with_vectors:
        return ranked
    matrix = _unit([vectors[pid] for pid, _ in with_vectors])
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
    """Greedy MMR over ranked candidates; `diversity` 0 keeps the ranking as it is."""
    if diversity <= 0 or len(ranked) <= 1 or not all(pid in vectors for pid, _ in ranked):
        return ranked[:k]
    scores = np.asarray([s for _, s in ranked], dtype=np.float32)
    spread = float(scores.max() - scores.min())
    relevance = (scores - scores.min()) / spread if spread > 0 else np.ones_like(scores)
    matrix = _unit([vectors[pid] for pid, _ in ranked])
    selected = [0]
    remaining = list(range(1, len(ranked)))
    while remaining and len(selected) < k:
        similarity = (matrix[remaining] @ matrix[selected].T).max(axis=1)
        value = (1 - diversity) * relevance[remaining] - diversity * similarity
        pick = remaining[int(np.argmax(value))]
        selected.append(pick)
        remaining.remove(pick)
    return [ranked[i] for i in selected]
