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

**Similarity.** `SAME_POINT` is the cosine of two embeddings (`text.unit_rows`) at or above
which two points are the same: the coverage evaluation calibrates it, and the product reuses
it to attach a point's grounds (generation/appraisal.py).

Words and runs of words are read with the text toolkit (assistant/text.py).
"""

from __future__ import annotations

from assistant.text import longest_run, words

COPIED = 0.8  # a text with at least this share of its words in one run of a source is a copy of it

# Provenance: the coverage task's calibrated match threshold (evals/tasks/coverage.py,
# `threshold: auto`): the lowest cosine at which the 67 hand-labelled pairs of
# evals/datasets/match_pairs.jsonl reach match precision 0.9, with all-MiniLM-L6-v2 (there:
# precision 0.92, recall 0.62; evals/README.md). A copy of that figure, not a live link:
# recalibrate (`sendraft eval run smoke`, the coverage task's details) and update it when the
# embedding model or the labelled pairs change.
SAME_POINT = 0.524


def copied_run(text: str, source: str) -> int:
    """Pure: how many of the text's words stand in its longest contiguous run of the source."""
    return longest_run(words(text), words(source))


def copied_share(text: str, source: str) -> float:
    """Pure: the share of the text's words that stand in one contiguous run of the source."""
    mine = words(text)
    return longest_run(mine, words(source)) / len(mine) if mine else 0.0
