"""Answers to a consultation's questions, each from the response's own points.

Per question:
1. the framework areas it bears on: its cosine with each area's profile (the area's description
   and guiding questions, as tagging.py builds them), the closest and any within AREA_MARGIN;
2. the points that bear on it: every kept point whose cosine with the question (or, for a
   choice, with one of its options) reaches BEARS; ranked reviewed first (accepted, edited,
   written by an editor), then drafted, each by closeness; the answer draws on MAX_POINTS;
3. the stance (stance.py): from the direction of every point that bears on it, among the
   question's own options, or no position yet with the reason; for a choice, a `chooser` (the
   chat model, generation/options.py) may pick the option instead of closeness, held to the
   same rule that a concern naming the option leaves no position;
4. the answer (compose.py): the points' own sentences, so every sentence traces to a point and
   its citations.

The embedding function and the chooser are given by the caller, so this module stays below
the generation layer and is pure but for them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import numpy as np

from assistant.consultation.compose import compose, joined, untraceable
from assistant.consultation.models import ConsultationQuestion
from assistant.consultation.stance import (
    NO_POSITION, Point, contradictions, deciding, direction_of, stance_for, states_a_view,
)
from assistant.framework import Framework
from assistant.models import ConsultationAnswers, QuestionAnswer, ResponseDraft
from assistant.tagging import profiles
from assistant.text import unit_rows

VERSION = "answers/1"  # of these rules: recorded with every set of answers
BEARS = 0.38  # cosine (all-MiniLM-L6-v2) at which a point bears on a question: between 0.36 and 0.39 on the dev pairs
NAMES = 0.5  # cosine at which a point names a choice's option (dev: 0.68 to 0.90 named, 0.44 and below not)
AREA_MARGIN = 0.05  # areas within this of the closest are borne on too (as drafting's area gate)
MAX_AREAS = 2
MAX_POINTS = 3
KEPT_ON_REDRAFT = ("accepted", "edited")

Embed = Callable[[list[str]], list[list[float]]]
# (question, the options it may pick, the deciding points) -> an option, or None for none.
Chooser = Callable[[ConsultationQuestion, list[str], list[Point]], "str | None"]


def points_of(draft: ResponseDraft) -> list[Point]:
    """The response's kept points (rejected ones are not the forum's)."""
    out = []
    for area in draft.areas:
        for section, bullets in area.sections().items():
            for b in bullets:
                if b.kept and b.id:
                    out.append(Point(id=b.id, text=" ".join(b.text.split()), section=section, status=b.status,
                                     direction=direction_of(b, section), area_id=area.area_id, kernel=b.kernel,
                                     citations=tuple(b.citations)))
    return out


def embedded_text(point: Point) -> str:
    """What is compared with a question: the point, and the policy's sentence it is about."""
    if point.kernel and point.kernel not in point.text:
        return f"{point.text} ({point.kernel})"
    return point.text


def areas_for(scores: dict[str, float]) -> list[str]:
    """The areas a question bears on, closest first: the closest and any within AREA_MARGIN."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked:
        return []
    return [a for a, s in ranked if s >= ranked[0][1] - AREA_MARGIN][:MAX_AREAS]


def answer_one(question: ConsultationQuestion, ordinal: int, points: list[Point], closeness: np.ndarray,
               named: dict[str, dict[str, float]], areas: list[str], chooser: Chooser | None = None) -> QuestionAnswer:
    """Pure but for the chooser: one question's answer, given each point's closeness to it and,
    for a choice, the points that name each option."""
    bearing = [(p, float(s)) for p, s in zip(points, closeness) if s >= BEARS]
    bearing.sort(key=lambda ps: (not ps[0].reviewed, -ps[1]))
    chosen = [p for p, _ in bearing]
    if chooser is not None and question.format == "choice" and chosen:
        stance, reason = _chosen(question, chosen, named, chooser)
    else:
        stance, reason = stance_for(question.format, question.options, chosen, named)
    sentences = compose(chosen[:MAX_POINTS])
    answered = stance is not None or (question.format == "free_text" and bool(sentences))
    return QuestionAnswer(
        id=f"q{ordinal + 1}", number=question.number, question=question.text, format=question.format,
        options=list(question.options), chapter=question.chapter, areas=areas, bearing=[p.id for p in chosen],
        point_ids=[s.point_id for s in sentences], stance=stance, sentences=sentences, text=joined(sentences),
        reason=None if answered else (reason or NO_POSITION), status="drafted" if answered else "no_position",
    )


def _chosen(question, bearing, named, chooser) -> tuple[str | None, str | None]:
    views = [o for o in question.options if states_a_view(o)]
    option = chooser(question, views, deciding(bearing))
    if option is None or option not in views:
        return None, "the model found no option that the points support"
    concerns = {p.id for p in deciding(bearing) if p.direction == "concern"}
    if concerns & set(named.get(option, {})):
        return None, f"the points pull both ways on {option!r}: one raises a concern about it"
    return option, None


def answer_questions(questions: list[ConsultationQuestion], draft: ResponseDraft, framework: Framework, embed: Embed,
                     chooser: Chooser | None = None, progress: Callable[[str], None] | None = None,
                     area_profiles: dict[str, np.ndarray] | None = None) -> list[QuestionAnswer]:
    """Every question answered or flagged, in the consultation's order (`area_profiles`, from
    tagging.profiles, may be given to save embedding the areas' texts again)."""
    points = points_of(draft)
    options = sorted({o for q in questions if q.format == "choice" for o in q.options if states_a_view(o)})
    texts = [q.text for q in questions] + [embedded_text(p) for p in points] + options
    vectors = unit_rows(embed(texts)) if texts else np.zeros((0, 0))
    q_vec, p_vec, o_vec = vectors[:len(questions)], vectors[len(questions):len(questions) + len(points)], vectors[len(questions) + len(points):]
    area_profiles = area_profiles or profiles(framework, embed)
    area_ids = list(area_profiles)
    area_scores = q_vec @ np.stack([area_profiles[a] for a in area_ids]).T if len(questions) else np.zeros((0, 0))
    to_points = q_vec @ p_vec.T if len(points) else np.zeros((len(questions), 0))
    option_points = dict(zip(options, o_vec @ p_vec.T)) if len(points) and options else {}
    answers = []
    for n, question in enumerate(questions):
        closeness = to_points[n]
        named: dict[str, dict[str, float]] = {}
        if question.format == "choice":
            for option in question.options:
                row = option_points.get(option)
                if row is not None:
                    closeness = np.maximum(closeness, row)
                    named[option] = {p.id: float(s) for p, s in zip(points, row) if s >= NAMES}
        areas = areas_for(dict(zip(area_ids, (float(s) for s in area_scores[n]))))
        answers.append(answer_one(question, n, points, closeness, named, areas, chooser))
        if progress:
            progress(f"question {question.number}: {answers[-1].stance or answers[-1].status.replace('_', ' ')}")
    return answers


def answer_set(document_id: str, title: str, answers: list[QuestionAnswer], embedding_model: str, seconds: float,
               prompt_version: str | None = None, model: str | None = None) -> ConsultationAnswers:
    return ConsultationAnswers(document_id=document_id, title=title, answers=answers, rules_version=VERSION,
                               answered_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                               prompt_version=prompt_version, model=model, embedding_model=embedding_model,
                               seconds=round(seconds, 3))


def merged(old: ConsultationAnswers | None, fresh: ConsultationAnswers) -> ConsultationAnswers:
    """Answers drafted again: those the editors accepted or edited stay (the same question of the
    same consultation), the others are replaced."""
    if old is None or old.document_id != fresh.document_id:
        return fresh
    kept = {a.id: a for a in old.answers if a.status in KEPT_ON_REDRAFT}
    answers = [kept[a.id] if a.id in kept and kept[a.id].question == a.question else a for a in fresh.answers]
    return fresh.model_copy(update={"answers": answers})


def problems(answer: QuestionAnswer, draft: ResponseDraft) -> list[str]:
    """What an answer says that the response, as it is now, does not bear out: a sentence that no
    longer traces to its point, or a stance against a reviewed point that bears on the question."""
    points = {p.id: p for p in points_of(draft)}
    considered = [points[i] for i in dict.fromkeys([*answer.bearing, *answer.point_ids]) if i in points]
    return untraceable(answer, points) + contradictions(answer.stance, answer.format, considered)
