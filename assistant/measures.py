"""Measures that the product's rules and the evaluation's figures share: one definition of each,
below both, so that the product never imports the evaluation code.

**Copying.** `copied_share` is the share of a text's words that stand in one contiguous run of
a source; `copied_run` is that run's length in words. The product uses them as rules:
generation/appraisal.py drops a point that copies its own policy sentence (`COPIED` or more),
and generation/recommendations.py marks a Way forward that copies one of the forum's past
recommendations as a restatement of it. `sendraft eval draft` (evals/drafts.py) counts the
bullets that copy a cited passage with the same measure and the same threshold. So for the
appraised Positives and Issues, the evaluation's "copied" figure holds *by construction*: it
is 0 unless a point's longest run reaches past its own sentence into the rest of the cited
passage. It shows that the filter ran; it does not measure copying independently. The
independent check is the evaluation's "patchwork" figure (evals/drafts.py): a different and
stricter measure (a text's words in any shared run of three or more words, however many runs),
which no product rule uses.

**Similarity.** `unit_rows` normalises embeddings so that a product of rows is their cosine.
`SAME_POINT` is the cosine at or above which two points are the same: the coverage evaluation
calibrates it, and the product reuses it to attach a point's grounds (generation/appraisal.py).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import numpy as np

COPIED = 0.8  # a text with at least this share of its words in one run of a source is a copy of it

# Provenance: the coverage task's calibrated match threshold (evals/tasks/coverage.py,
# `threshold: auto`): the lowest cosine at which the 67 hand-labelled pairs of
# evals/datasets/match_pairs.jsonl reach match precision 0.9, with all-MiniLM-L6-v2 (there:
# precision 0.92, recall 0.62; evals/README.md). A copy of that figure, not a live link:
# recalibrate (`sendraft eval run smoke`, the coverage task's details) and update it when the
# embedding model or the labelled pairs change.
SAME_POINT = 0.524

_WORD = re.compile(r"[^\W_]+")


def copy_words(text: str) -> list[str]:
    """Pure: the lower-cased words (letters and digits) that the copying measures compare."""
    return _WORD.findall(text.lower())


def _longest_run(words: list[str], have: list[str]) -> int:
    return SequenceMatcher(None, words, have, autojunk=False).find_longest_match(0, len(words), 0, len(have)).size


def copied_run(text: str, source: str) -> int:
    """Pure: how many of the text's words stand in its longest contiguous run of the source."""
    return _longest_run(copy_words(text), copy_words(source))


def copied_share(text: str, source: str) -> float:
    """Pure: the share of the text's words that stand in one contiguous run of the source."""
    words = copy_words(text)
    return _longest_run(words, copy_words(source)) / len(words) if words else 0.0


def unit_rows(vectors: list[list[float]]) -> np.ndarray:
    """Pure: each vector scaled to length 1 (a zero vector stays zero), as float32 rows."""
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
