"""What may stand as an answer (generation/answer_checks.py), what kind of answer a question
asks for (answer_types.py), and how confident an answer must be (confidence.py): each test is a
class of inputs, with examples of our own wording."""

import pytest

from assistant.generation.answer_checks import content_hits, stands_alone
from assistant.generation.answer_types import entity_labels, expected_kind, holds_kind
from assistant.generation.confidence import Calibration, confidence, fit, risk_coverage, threshold_for
from assistant.models import SearchHit


@pytest.mark.parametrize("text", [
    "What will happen to the high needs block?",                      # a question
    "See https://example.org/send for the full list of measures.",    # a link
    "Funding Reform And The Future Of Specialist Provision",          # a headline
    "£2 billion.",                                                    # a fragment
    "Plans change. - Tribunal rights are kept for all children.",     # a bulleted list run together
])
def test_texts_that_cannot_stand_as_an_answer(text):
    assert not stands_alone(text)


def test_a_sentence_can_stand_as_an_answer():
    assert stands_alone("The new fund will be worth £2 billion over four years.")


def _hit(heading: list[str]) -> SearchHit:
    return SearchHit(id="p", text="x", document_id="d", title="t", kind="policy", page=None, paragraph=None,
                     heading_path=heading, score=1.0)


def test_reference_sections_are_not_searched_for_answers_unless_asked_about():
    hits = [_hit(["Annex", "Sources"]), _hit(["Funding"])]
    assert [h.heading_path for h in content_hits(hits, "How big is the fund?")] == [["Funding"]]
    assert len(content_hits(hits, "What sources does the paper cite?")) == 2


@pytest.mark.parametrize("question, kind", [
    ("When will the new plans start?", "date"),
    ("By when must councils publish their offer?", "date"),
    ("In which year did the reforms begin?", "date"),
    ("What proportion of pupils have a plan?", "share"),
    ("How much funding goes to early years?", "money"),
    ("How many special schools will open?", "amount"),
    ("Which organisation inspects local areas?", "organisation"),
    ("Which charity criticised the plans?", "organisation"),
    ("Who chairs the new national panel?", "agent"),
    ("Does the paper keep tribunal rights?", None),
    ("What does the plan say about training?", None),
])
def test_the_kind_of_answer_a_question_asks_for(question, kind):
    assert expected_kind(question) == kind


def test_sentences_are_matched_to_the_kind_by_their_entities():
    dated, sum_, body, none = entity_labels([
        "The changes take effect in September 2027.",
        "Ministers will spend £3.2 billion on new places.",
        "The National Audit Office reviewed the programme.",
        "Parents want clearer information about support.",
    ])
    assert holds_kind(dated, "date") and not holds_kind(none, "date")
    assert holds_kind(sum_, "money") and not holds_kind(dated, "money")
    assert holds_kind(body, "organisation") and not holds_kind(sum_, "organisation")
    assert holds_kind(none, None)


def test_confidence_rises_with_each_signal():
    calibration = Calibration(weights={"choice": 1.0, "confirm": 2.0, "similarity": 1.0}, bias=-1.0, threshold=0.5)
    low = confidence({"choice": 0.3, "confirm": 0.3, "similarity": 0.2}, calibration)
    assert low < confidence({"choice": 0.9, "confirm": 0.3, "similarity": 0.2}, calibration)
    assert low < confidence({"choice": 0.3, "confirm": 0.9, "similarity": 0.2}, calibration)
    assert low < confidence({"choice": 0.3, "confirm": 0.3, "similarity": 0.8}, calibration)


def test_fitted_weights_separate_right_from_wrong_answers():
    right = [{"choice": 0.9, "confirm": 0.95, "similarity": 0.7}] * 20
    wrong = [{"choice": 0.4, "confirm": 0.3, "similarity": 0.4}] * 20
    weights, bias = fit(right + wrong, [True] * 20 + [False] * 20)
    calibration = Calibration(weights=weights, bias=bias)
    assert confidence(right[0], calibration) > 0.8 > 0.2 > confidence(wrong[0], calibration)


def test_risk_coverage_and_the_threshold_for_a_target_risk():
    scores = [0.9, 0.8, 0.7, 0.6, 0.5]
    outcomes = ["correct", "correct", "wrong", "correct", "none"]
    points = risk_coverage(scores, outcomes)
    assert points[0]["coverage"] == 0.0
    assert [(p["threshold"], p["coverage"], p["risk"]) for p in points[1:]] == [
        (0.9, 0.2, 0.0), (0.8, 0.4, 0.0), (0.7, 0.6, 0.2), (0.6, 0.8, 0.2)]
    assert threshold_for(points, 0.05) == 0.8  # answering the 0.7 would make one in five wrong
    assert threshold_for(points, 0.2) == 0.6
    assert threshold_for(risk_coverage([0.9], ["wrong"]), 0.0) == 1.01  # nothing is safe: answer nothing


def test_the_report_draws_the_risk_coverage_curve_with_its_operating_point():
    from assistant.evals.reports import chart_svgs
    from assistant.evals.results import TaskResult

    points = risk_coverage([0.9, 0.8, 0.7], ["correct", "wrong", "correct"])
    task = TaskResult(name="qa", task="qa", details={"risk_coverage": points, "calibration": {"threshold": 0.8}})
    [svg] = chart_svgs(task)
    assert svg.startswith("<svg") and "threshold 0.80: 67% answered, 33% wrong" in svg
