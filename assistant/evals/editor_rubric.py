"""The editor's rubric applied to a whole response (issue 22): each point's reasons to strike
it, near-duplicates across the response included, and how many points each reason strikes.
The single-point checks are in `evals/editor_checks.py` and `evals/inversion.py`."""

from __future__ import annotations

import numpy as np

from assistant.evals.editor_checks import (
    REASONS, Point, Thresholds, Verdict, echoes_question, garbled, meta, share, specific_words, vague, wrong_area,
)
from assistant.evals.inversion import inverted
from assistant.text import unit_rows, words


def same_point(a: str, b: str, cosine: float, t: Thresholds = Thresholds(), both_ways: bool = False) -> bool:
    """Pure: two points say the same: the same words once layout is ignored, or close in meaning
    and sharing most of the shorter one's specific words (with `both_ways`, most of each one's:
    a welcome and a concern about one proposal are two judgements unless neither adds words)."""
    if words(a) == words(b):
        return True
    wa, wb = specific_words(a), specific_words(b)
    shorter, longer = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    shared = min(share(shorter, longer), share(longer, shorter)) if both_ways else share(shorter, longer)
    return cosine >= t.duplicate_cosine and shared >= t.duplicate_words


_ANSWERS = {"issues", "ways_forward"}  # a Way forward shares its Issue's words by design: that is no repeat


def comparable(a: Point, b: Point) -> bool:
    """Pure: two points that may repeat each other: any pair but an Issue and a Way forward."""
    return {a.section, b.section} != _ANSWERS


def mark_duplicates(points: list[Point], cosines: np.ndarray, verdicts: list[Verdict], t: Thresholds = Thresholds()) -> None:
    """Pure: each group of near-duplicates keeps one copy, the first point not struck for
    another reason (else the first); the others are struck as duplicates. Points of two
    sections must share their words both ways (a Positive and an Issue on one proposal)."""
    order = [i for i, v in enumerate(verdicts) if v.kept] + [i for i, v in enumerate(verdicts) if not v.kept]
    kept: list[int] = []
    for i in order:
        if any(comparable(points[i], points[k])
               and same_point(points[i].text, points[k].text, float(cosines[i, k]), t, points[i].section != points[k].section)
               for k in kept):
            verdicts[i].reasons.append("duplicate")
        else:
            kept.append(i)


def judge(points: list[Point], vectors, question_vectors, questions: list[str], area_scores: list[dict[str, float]],
          entity_labels: list[set[str]], t: Thresholds = Thresholds()) -> list[Verdict]:
    """Pure: each point's reasons to strike it. `vectors` are the points' embeddings,
    `question_vectors` the guiding questions' (in the order of `questions`), `area_scores` each
    point's cosine with each area's profile, `entity_labels` the entity kinds found in each."""
    verdicts = [Verdict() for _ in points]
    if not points:
        return verdicts
    units = unit_rows(vectors)
    to_questions = units @ unit_rows(question_vectors).T if questions else np.zeros((len(points), 0))
    for p, v, labels, scores, row in zip(points, verdicts, entity_labels, area_scores, to_questions):
        checks = {"guiding_question": echoes_question(p.text, questions, [float(c) for c in row], t),
                  "meta": meta(p.text), "vague": vague(p.text, labels, t.vague_words), "garbled": garbled(p.text),
                  "inverted": inverted(p.text, p.quote, t.restated_words), "wrong_area": wrong_area(scores, p.area, t.wrong_area_margin)}
        v.reasons = [r for r in REASONS if checks.get(r)]
    mark_duplicates(points, units @ units.T, verdicts, t)
    return verdicts


def reason_counts(verdicts: list[Verdict]) -> dict[str, int]:
    """Pure: how many points each reason strikes (a point may have several)."""
    return {r: sum(r in v.reasons for v in verdicts) for r in REASONS}

