"""The editor's rubric (issue 22 part 1): each check on a class of examples written for these
tests (not copied from the labelled set), and the rubric and its scoring against labels."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.evals.editor_checks import (
    Point, Thresholds, Verdict, echoes_question, for_ner, garbled, is_question, meta, names_something, specific_words, vague,
    wrong_area,
)
from assistant.evals.editor_rubric import comparable, judge, mark_duplicates, reason_counts, same_point
from assistant.evals.inversion import inverted, restated_share
from assistant.evals.tasks.editor import Features, Label, draft_points, kappa_of, label_items, label_points, metrics
from assistant.models import AreaDraft, Bullet, Citation, ResponseDraft


@pytest.mark.parametrize("text", [
    "Risk that the new duty on councils will", "Concern that funding for the hubs and", "Lack of clarity about the",
    "Recognition that", "Need for a plan for the the transition", "Welcome for the pledge to protect places,",
    "Commitment to an independent chair (appointed by", "Concern that [P2] the sums", "Publish", "",
])
def test_cut_off_or_garbled(text):
    assert garbled(text)


@pytest.mark.parametrize("text", [
    "Risk that the fund is spread too thin across schools",  # no full stop is still whole
    "Concern that councils carry deficits the override only postpones.",
    "Risk that schools cannot recruit the specialists the money pays for.",  # a preposition may end it
    "Welcome for £1.8 billion (over three years) for therapists.", "Need to review the packages after 2030.",
])
def test_whole_points_are_not_garbled(text):
    assert not garbled(text)


@pytest.mark.parametrize("text", [
    "Concern that the draft ignores what the forum said in 2024.", "Welcome for the forum's values being reflected.",
    "This response sets out our concerns.", "We welcome the proposals on inspection.",
    "Concern that the guiding questions are not answered.", "Clear and concise summary of the reforms.",
    "The annex is well written and easy to follow.", "Concern that the briefing does not provide definitive wording.",
    "Concern that the consultation does not give enough detail on its own process.",
    "Support for the consultation on the new inspection regime.", "Risk that the deadline for the consultation is too short.",
])
def test_talk_about_the_forum_the_task_or_the_document(text):
    assert meta(text)


@pytest.mark.parametrize("text", [
    "Concern that the White Paper gives no date for the new tribunal rules.",  # the policy's own silence
    "Risk that parents lose the right to request a particular school.",
    "Welcome for a consultation duty on councils before closing special schools.",
    "Concern that families waiting for assessment are not told how long it will take.",
])
def test_points_about_the_policy_are_not_meta(text):
    assert not meta(text)


@pytest.mark.parametrize("text", ["Welcome for SEND reform.", "Concern about the changes.", "Welcome for better support.",
                                  "Risk that the policy will not work.", "Need for more funding.", "Welcome for EHCPs."])
def test_points_that_name_nothing_are_vague(text):
    assert vague(text, set())


@pytest.mark.parametrize("text, labels", [
    ("Welcome for the Inclusive Mainstream Fund.", set()),  # a name
    ("Concern that £90m a year covers a fraction of the cost.", set()),  # a figure
    ("Risk that tribunal appeals on school placements disappear.", set()),  # specific words
    ("Welcome for the review by the Education Committee.", {"ORG"}),  # a body the recogniser found
])
def test_points_that_name_a_proposal_body_figure_or_date_are_not_vague(text, labels):
    assert not vague(text, labels)


def test_the_fields_acronyms_are_no_names():
    assert not names_something("Welcome for SEND and EHCPs.") and names_something("Welcome for the Targeted offer.")
    assert for_ner("Welcome for SEND spending and EHC plans.") == "Welcome for send spending and ehc plans."
    assert specific_words("Welcome for the proposals on SEND funding.") == set()


QUESTIONS = ["Will councils have enough educational psychologists, and who will pay for them?",
             "How will parents challenge a decision about their child's plan?"]


@pytest.mark.parametrize("text", [
    "Who decides which pupils get a place in an inclusion base?",  # a question is no point
    "How the reforms will be evaluated",  # opens like one
    "Concern whether councils have enough educational psychologists and who will pay for them.",
])
def test_a_guiding_question_restated(text):
    assert is_question(text) or echoes_question(text, QUESTIONS, [0.9, 0.2])


def test_a_point_on_the_questions_subject_that_says_what_the_policy_does_is_no_echo():
    text = "Commitment to 400 educational psychologists trained each year, paid by the Department from 2027."
    assert not echoes_question(text, QUESTIONS, [0.9, 0.2])  # close in meaning, but mostly its own words
    assert not echoes_question("Concern that councils have enough psychologists.", QUESTIONS, [0.3, 0.1])  # far in meaning


@pytest.mark.parametrize("point, quote", [
    ("Concern that the pledge does not protect places at special schools.",
     "The pledge protects places at special schools for pupils already there."),
    ("Concern that the register will not be published.", "The register will be published every term."),
    ("Concern that councils will consult parents before moving a pupil.",
     "Councils will not have to consult parents before moving a pupil."),
    ("Risk that the duty isn't extended to academies.", "The duty is extended to academies from 2027."),
])
def test_a_point_that_turns_its_quote_around_is_inverted(point, quote):
    assert inverted(point, quote)


@pytest.mark.parametrize("point, quote", [
    ("Concern that councils will not have to consult parents.", "Councils will not have to consult parents."),  # both deny
    ("Risk that capital money does not pay for staff.", "It pays for buildings and equipment, not for staff."),
    ("Concern that training may not reach support staff.", "Training will reach teachers and support staff."),  # a doubt
    ("Concern that the fund does not cover the deficit.", "The fund is worth £1.2 billion over three years."),  # own claim
    ("Need to publish the packages.", ""),  # nothing to invert
])
def test_agreeing_hedged_or_new_claims_are_not_inverted(point, quote):
    assert not inverted(point, quote)


def test_restated_share_counts_word_forms():
    assert restated_share("The panel includes parents", "The panel will include parents") == 1.0


def test_wrong_area_needs_a_clear_margin():
    scores = {"funding": 0.55, "workforce": 0.30, "support": 0.41}
    assert wrong_area(scores, "workforce", 0.2) and not wrong_area(scores, "support", 0.2)
    assert not wrong_area(scores, "funding", 0.2) and not wrong_area(scores, "values", 0.2)  # unscored: no verdict


def test_near_duplicates_keep_the_better_copy():
    points = [Point("values", "positives", "Welcome for the new inclusion fund for mainstream schools."),
              Point("funding", "positives", "Welcome for the inclusion fund for mainstream schools worth £1.2bn."),
              Point("funding", "positives", "Commitment to an inclusion fund for mainstream schools."),
              Point("funding", "issues", "Risk that the inclusion fund for mainstream schools is spread thin."),
              Point("funding", "issues", "Concern that the inclusion fund is for mainstream schools."),
              Point("funding", "ways_forward", "Need for the inclusion fund for mainstream schools to be targeted.")]
    verdicts = [Verdict(["wrong_area"]), Verdict(), Verdict(), Verdict(), Verdict(), Verdict()]
    mark_duplicates(points, np.full((6, 6), 0.9), verdicts, Thresholds(duplicate_words=0.7))
    # The Values copy is struck for its area already, so the Funding one is the copy kept; the
    # other welcome repeats it. A concern that adds its own words ("spread thin") is a second
    # judgement, one that only restates the fact is not; a Way forward may share its Issue's words.
    assert [v.reasons for v in verdicts] == [["wrong_area", "duplicate"], [], ["duplicate"], [], ["duplicate"], []]
    assert not comparable(points[3], points[5]) and comparable(points[1], points[3])
    assert same_point("Need for  a plan.", "need for a plan", 0.0)  # the same words, layout aside
    assert not same_point("Welcome for training of teaching assistants.", "Welcome for training of educational psychologists.", 0.9)
    assert not same_point("Welcome for the tribunal review.", "Welcome for the tribunal review panel.", 0.5)  # far in meaning


def test_judge_gives_each_point_its_reasons_and_counts_them():
    points = [Point("funding", "positives", "Welcome for £400m a year for mainstream schools."),
              Point("funding", "issues", "Concern that the forum was not asked."),
              Point("funding", "issues", "Concern about the plans."),
              Point("funding", "issues", "Risk that the"),
              Point("funding", "issues", "Concern that the £400m will not be paid to primary schools.",
                    "The £400m will be paid to primary schools."),
              Point("funding", "issues", "Is the money fairly shared between areas?")]
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(points), 8))
    scores = [{"funding": 0.5, "values": 0.3}] * len(points)
    found = judge(points, vectors, rng.normal(size=(1, 8)), ["Is the money fairly shared between areas?"], scores,
                  [{"MONEY"}, set(), set(), set(), set(), set()])
    assert [v.reasons for v in found] == [[], ["meta", "vague"], ["vague"], ["vague", "garbled"], ["inverted"],
                                          ["guiding_question", "vague"]]
    assert reason_counts(found)["vague"] == 4 and sum(v.kept for v in found) == 1


def test_draft_points_carry_the_quote_they_rest_on():
    cite = Citation(passage_id="p", document_id="d", title="t", quote="The fund will be paid to schools.")
    area = AreaDraft(area_id="funding", title="Funding", model="m", prompt_version="1",
                     positives=[Bullet(text="Welcome for the fund.", kernel="The fund is new.", citations=[cite])],
                     issues=[Bullet(text="Risk that it is late.", citations=[cite])], ways_forward=[Bullet(text="Pay it.")])
    pairs = draft_points(ResponseDraft(title="x", created_at="now", areas=[area]))
    assert [(i, p.quote) for i, p in pairs] == [("funding:positives:0", "The fund is new."),
                                                ("funding:issues:0", "The fund will be paid to schools."),
                                                ("funding:ways_forward:0", "")]


def test_agreement_with_hand_labels_per_split():
    labels = [Label(id=f"x:{n}", draft="x", split=split, area="funding", section="issues", text=text, label=label)
              for n, (split, text, label) in enumerate([("dev", "Concern about the plans.", "strike"),
                                                        ("dev", "Risk that £400m a year is too little.", "keep"),
                                                        ("test", "Risk that the", "strike"),
                                                        ("test", "Welcome for support.", "keep")])]
    groups = label_points(labels)
    feats = {"x": Features(vectors=np.eye(4).tolist(), questions=[], question_vectors=[],
                           area_scores=[{"funding": 0.5}] * 4, entity_labels=[set(), {"MONEY"}, set(), set()])}
    items = label_items(groups, feats)
    assert [(i["split"], i["agree"]) for i in items] == [("dev", True), ("dev", True), ("test", True), ("test", False)]
    overall, _ = metrics({}, items)
    assert overall["labels.dev.agreement"].fn(items) == 1.0 and overall["labels.test.agreement"].fn(items) == 0.5
    assert overall["labels.dev.kappa"].fn(items) == 1.0
    assert kappa_of(kind="label", split="test")(items) == 0.0  # the rubric strikes everything: no better than chance
    assert overall["keep_rate"].fn(items) is None  # no drafted points in this run: missing, not 0
