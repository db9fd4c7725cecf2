"""Answers to consultation questions: the pure parts (stance from the points' direction, the
extractive answer and its traceability, the contradiction check, merging, the editors'
operations, exports) and one question answered end to end with a toy embedding."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from assistant.consultation.answers import BEARS, answer_questions, merged, points_of, problems
from assistant.consultation.compose import MAX_WORDS, compose, untraceable
from assistant.consultation.models import ConsultationQuestion
from assistant.consultation.stance import Point, contradictions, direction_of, option_for, stance_for
from assistant.drafts.answers_export import answers_csv, answers_docx_bytes, stance_label
from assistant.errors import SendraftError
from assistant.evals.tasks.consultation import outcome
from assistant.framework import load_framework
from assistant.models import AreaDraft, Bullet, Citation, ConsultationAnswers, ResponseDraft
from assistant.settings import Settings
from assistant.workspace.answers import accept_answer, edit_answer, in_review_order, set_answers
from assistant.workspace.operations import Conflict

AGREE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]
YES_NO = ["Yes", "No", "Not sure"]


def point(pid: str, direction: str, status: str = "drafted", text: str | None = None, citations=()) -> Point:
    section = {"welcome": "positives", "concern": "issues", "proposal": "ways_forward"}.get(direction, "positives")
    return Point(id=pid, text=text or f"Point {pid}", section=section, status=status, direction=direction,
                 citations=tuple(citations))


# --- direction and stance ------------------------------------------------------------------

def test_a_points_direction_is_its_read_stance_else_its_section():
    assert direction_of(Bullet(text="x"), "positives") == "welcome"
    assert direction_of(Bullet(text="x"), "issues") == "concern"
    assert direction_of(Bullet(text="x"), "ways_forward") == "proposal"
    assert direction_of(Bullet(text="x", stance="concern"), "positives") == "concern"  # a concern filed under Positives
    assert direction_of(Bullet(text="x", stance="neutral"), "issues") == "neutral"


def test_the_plain_option_for_each_direction():
    assert option_for(AGREE, "welcome") == "Agree" and option_for(AGREE, "concern") == "Disagree"
    assert option_for(YES_NO, "welcome") == "Yes" and option_for(YES_NO, "concern") == "No"
    assert option_for(["Strongly agree", "Tend to agree", "Tend to disagree"], "welcome") is None  # no plain one: no guess
    assert option_for(["Agree strongly", "Agree", "Disagree"], "welcome") == "Agree"


def test_points_that_agree_give_the_plain_option_and_never_strongly():
    assert stance_for("agree_scale", AGREE, [point("a", "welcome"), point("b", "welcome")]) == ("Agree", None)
    assert stance_for("agree_scale", AGREE, [point("a", "concern")]) == ("Disagree", None)
    assert stance_for("yes_no", YES_NO, [point("a", "welcome")]) == ("Yes", None)
    assert stance_for("yes_no", YES_NO, [point("a", "concern")]) == ("No", None)


def test_no_points_or_points_that_pull_both_ways_are_no_position_with_the_reason():
    stance, reason = stance_for("agree_scale", AGREE, [])
    assert stance is None and "no point" in reason
    stance, reason = stance_for("yes_no", YES_NO, [point("a", "welcome"), point("b", "concern")])
    assert stance is None and "pull both ways" in reason
    stance, reason = stance_for("agree_scale", AGREE, [point("a", "proposal"), point("b", "neutral")])
    assert stance is None and "proposals or facts" in reason


def test_reviewed_points_decide_over_drafted_ones():
    points = [point("a", "welcome", "accepted"), point("b", "concern", "drafted")]
    assert stance_for("agree_scale", AGREE, points) == ("Agree", None)
    points = [point("a", "welcome", "accepted"), point("b", "concern", "edited")]
    assert stance_for("agree_scale", AGREE, points)[0] is None  # both reviewed: both ways


def test_free_text_has_no_stance_but_is_answered_when_points_bear():
    assert stance_for("free_text", [], [point("a", "concern")]) == (None, None)


def test_a_choice_is_the_option_the_supporting_points_name_most_closely():
    options = ["Specialist teachers", "An inclusion base", "Don't know"]
    points = [point("a", "proposal"), point("b", "concern")]
    named = {"Specialist teachers": {"a": 0.9}, "An inclusion base": {"a": 0.55, "b": 0.6}, "Don't know": {"a": 0.99}}
    assert stance_for("choice", options, points, named) == ("Specialist teachers", None)
    named["Specialist teachers"]["b"] = 0.7  # a concern names the best-supported option too
    stance, reason = stance_for("choice", options, points, named)
    assert stance is None and "both ways" in reason
    stance, reason = stance_for("choice", options, points, {"Don't know": {"a": 0.9}})  # "Don't know" is no view
    assert stance is None and "name none" in reason


def test_a_stance_against_an_accepted_point_is_a_contradiction():
    considered = [point("a", "concern", "accepted", "Risk that plans become paperwork"), point("b", "welcome")]
    found = contradictions("Agree", "agree_scale", considered)
    assert len(found) == 1 and "Risk that plans become paperwork" in found[0]
    assert contradictions("Strongly agree", "agree_scale", considered)  # any agreeing option
    assert contradictions("Disagree", "agree_scale", considered) == []
    assert contradictions("No", "yes_no", [point("c", "concern", "drafted")]) == []  # drafted points are not the forum's yet
    assert contradictions(None, "agree_scale", considered) == []
    assert contradictions("Specialist teachers", "choice", considered) == []


# --- the answer's sentences ------------------------------------------------------------------

def test_an_answer_is_the_points_own_text_joined_and_each_sentence_names_its_point():
    cite = Citation(passage_id="p1", document_id="d", title="Doc", quote="a quote of the policy")
    points = [point("a", "welcome", text="Commitment to inclusion plans", citations=[cite]),
              point("b", "concern", text="Lack of clarity about who checks them"),
              point("c", "concern", text="ISPs: over-emphasis on individual support: how manageable?")]
    sentences = compose(points)
    assert [s.text for s in sentences] == ["Commitment to inclusion plans.", "However, lack of clarity about who checks them.",
                                          "ISPs: over-emphasis on individual support: how manageable?"]
    assert [s.point_id for s in sentences] == ["a", "b", "c"] and sentences[0].citations == [cite]
    flip = compose([points[2], point("d", "welcome", text="SENCo time protected")])
    assert flip[1].text == "However, SENCo time protected."  # a name with capitals keeps them


def test_an_answer_stops_before_the_point_that_would_pass_the_word_limit():
    long = point("a", "welcome", text=" ".join(["word"] * (MAX_WORDS - 5)))
    assert len(compose([long, point("b", "welcome", text="ten more words " * 3)])) == 1
    assert len(compose([point("c", "welcome", text=" ".join(["w"] * (MAX_WORDS + 20)))])) == 1  # the first always stands


def _response(*bullets_by_section) -> ResponseDraft:
    area = AreaDraft(area_id="funding", title="Funding", model="m", prompt_version="v")
    for section, bullet in bullets_by_section:
        getattr(area, section).append(bullet)
    return ResponseDraft(title="R", created_at="2026-12-03T10:00:00+00:00", areas=[area])


def _toy_embed(texts: list[str]) -> list[list[float]]:
    """Each text as which of a few topics it names: a cosine of 1 for the same topics, 0 for none."""
    topics = ("settlement", "tribunal", "inclusion base", "therapy")
    return [[1.0 if t in text.lower() else 0.0 for t in topics] + [0.05] for text in texts]


FRAMEWORK = load_framework(Settings().framework_path)
QUESTIONS = [
    ConsultationQuestion(number="9", text="Do you agree with a three-year settlement?", format="agree_scale", options=AGREE),
    ConsultationQuestion(number="16", text="What changes to the tribunal would help?", format="free_text"),
    ConsultationQuestion(number="3", text="Which would most help?", format="choice",
                         options=["An inclusion base on site", "Faster therapy", "Don't know"]),
]


def _answered():
    cite = Citation(passage_id="p1", document_id="d", title="Doc", quote="three-year settlement", verdict="supported")
    draft = _response(("positives", Bullet(text="Commitment to a three-year settlement", id="b1", citations=[cite])),
                      ("issues", Bullet(text="Concern about therapy waiting lists", id="b2", status="rejected")),
                      ("ways_forward", Bullet(text="Need for therapy in every school", id="b3", kind="recommendation")))
    return draft, answer_questions(QUESTIONS, draft, FRAMEWORK, _toy_embed)


def test_each_question_is_answered_from_the_points_that_bear_on_it_or_flagged():
    draft, answers = _answered()
    settlement, tribunal, choice = answers
    assert [a.id for a in answers] == ["q1", "q2", "q3"] and [a.number for a in answers] == ["9", "16", "3"]
    assert settlement.stance == "Agree" and settlement.status == "drafted" and settlement.point_ids == ["b1"]
    assert settlement.text == "Commitment to a three-year settlement." and settlement.sentences[0].citations[0].passage_id == "p1"
    assert settlement.areas and all(a in {x.id for x in FRAMEWORK.areas} for a in settlement.areas)
    assert tribunal.status == "no_position" and tribunal.stance is None and "no point" in tribunal.reason and not tribunal.text
    assert choice.stance == "Faster therapy" and choice.point_ids == ["b3"]  # the rejected concern is not the forum's
    assert all(not problems(a, draft) for a in answers)
    assert BEARS > 0


def test_a_point_reworded_or_deleted_since_makes_the_answer_untraceable():
    draft, answers = _answered()
    points = {p.id: p for p in points_of(draft)}
    assert untraceable(answers[0], points) == []
    draft.areas[0].positives[0].text = "Commitment to a two-year settlement"
    assert "no longer the text" in problems(answers[0], draft)[0]
    draft.areas[0].positives.clear()
    assert "no longer in the response" in problems(answers[0], draft)[0]


def test_an_editors_stance_against_an_accepted_point_is_flagged():
    draft, answers = _answered()
    draft.areas[0].positives[0].status = "accepted"
    draft.consultation = ConsultationAnswers(document_id="doc", title="C", answered_at="", rules_version="r", answers=answers)
    edited, _ = edit_answer(draft, "q1", 0, "Disagree", answers[0].text)
    assert any("goes against the accepted point" in p for p in problems(edited.consultation.answers[0], edited))


# --- the editors' operations -------------------------------------------------------------------

def _with_answers():
    draft, answers = _answered()
    fresh = ConsultationAnswers(document_id="doc", title="A consultation", answered_at="", rules_version="r", answers=answers)
    draft, summary = set_answers(draft, fresh)
    assert "3 questions" in summary and "1 with no position yet" in summary
    return draft


def test_an_edit_on_a_stale_revision_is_a_conflict_and_saves_nothing():
    draft = _with_answers()
    edited, _ = edit_answer(draft, "q2", 0, None, "The forum would like tribunals to act sooner.")
    answer = edited.consultation.answers[1]
    assert answer.status == "edited" and answer.rev == 1 and answer.sentences == []
    with pytest.raises(Conflict) as caught:
        edit_answer(edited, "q2", 0, None, "My words")
    assert "tribunals to act sooner" in caught.value.theirs and "My words" in caught.value.mine
    accepted, _ = accept_answer(edited, "q2", 1)  # the editors' words, accepted: theirs, not a point's
    assert problems(accepted.consultation.answers[1], accepted) == []
    reworded = edited.model_copy(deep=True)
    reworded.consultation.answers[0].text = "Words in a drafted answer that no point said."
    assert "not its sentences" in problems(reworded.consultation.answers[0], reworded)[0]
    with pytest.raises(SendraftError, match="not an option"):
        edit_answer(draft, "q1", 0, "Maybe", "x")


def test_only_an_answer_with_a_position_can_be_accepted_and_no_position_comes_first():
    draft = _with_answers()
    with pytest.raises(SendraftError, match="no position yet"):
        accept_answer(draft, "q2", 0)
    accepted, _ = accept_answer(draft, "q1", 0)
    assert accepted.consultation.answers[0].status == "accepted"
    assert [a.id for a in in_review_order(accepted.consultation.answers)] == ["q2", "q1", "q3"]


def test_a_redraft_keeps_accepted_and_edited_answers_and_replaces_the_rest():
    draft = _with_answers()
    draft, _ = accept_answer(draft, "q1", 0)
    draft, _ = edit_answer(draft, "q2", 0, None, "Our own words.")
    again = draft.consultation.model_copy(deep=True)
    for a in again.answers:
        a.text, a.status, a.rev = "fresh", "drafted", 0
    kept = merged(draft.consultation, again).answers
    assert [a.text for a in kept] == [draft.consultation.answers[0].text, "Our own words.", "fresh"]
    other = again.model_copy(update={"document_id": "another"})
    assert merged(draft.consultation, other) is other


# --- exports -------------------------------------------------------------------------------------

def test_the_csv_has_number_question_stance_answer_in_question_order():
    draft = _with_answers()
    rows = list(csv.reader(io.StringIO(answers_csv(draft))))
    assert rows[0] == ["number", "question", "stance", "answer"]
    assert [r[0] for r in rows[1:]] == ["9", "16", "3"]
    assert rows[1][2:] == ["Agree", "Commitment to a three-year settlement."] and rows[2][2] == "No position yet"
    assert stance_label(draft.consultation.answers[1]) == "No position yet"


def test_the_docx_footnotes_each_sentences_citations_in_question_order():
    import docx

    draft = _with_answers()
    data = answers_docx_bytes(draft)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert text.index("Question 9") < text.index("Question 16") < text.index("Question 3")
    assert "Our answer: Agree" in text and "three-year settlement" in text
    footnotes = zipfile.ZipFile(io.BytesIO(data)).read("word/footnotes.xml").decode()
    assert "Doc: “three-year settlement” (verified)" in footnotes


def test_an_answer_outcome_in_the_labels_terms():
    draft = _with_answers()
    assert [outcome(a) for a in draft.consultation.answers] == ["Agree", "no position", "Faster therapy"]
