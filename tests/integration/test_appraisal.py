"""The appraisal pipeline with the deterministic fake model: facts chosen and verified, the
forum's judgement shown apart from them, Ways forward that answer the Issues."""

from __future__ import annotations

import json

import pytest

from assistant.drafts.export import to_markdown, view_of
from assistant.drafts.response import draft_response
from assistant.generation.drafting import draft_area
from assistant.generation.fake import FakeChatModel
from assistant.generation.llm import ChatBackend
from assistant.generation.verify import quote_in_passage

pytestmark = pytest.mark.usefixtures("hash_embeddings")


def scripted(*replies: str) -> ChatBackend:
    return ChatBackend(FakeChatModel(script=list(replies)), "fake", "scripted")


def test_points_rest_on_verified_sentences_and_show_the_forums_view(fake_store):
    area = draft_area(fake_store, "funding")
    assert area.prompt_version == "find_proposals/1+appraise_area/4+recommend/3"
    assert area.positives and area.issues and area.ways_forward
    texts = {pid: p.text for pid, p in fake_store.catalog.passages_by_id(area.passages_used).items()}
    for bullet in area.positives + area.issues:
        assert bullet.kind == "point" and bullet.kernel and bullet.text != bullet.kernel
        citation = bullet.citations[0]
        assert citation.quote == bullet.kernel and citation.quote_found and quote_in_passage(bullet.kernel, texts[citation.passage_id])
    issues = {b.text for b in area.issues}
    for way in area.ways_forward:
        assert way.kind == "recommendation" and way.answers in issues


def test_a_past_recommendation_is_marked_as_the_forums_not_passed_off_as_new(fake_store):
    area = draft_area(fake_store, "funding")
    restated = [w for w in area.ways_forward if w.past is not None]
    assert restated, "the fake restates F1 when the forum has past recommendations"
    way = restated[0]
    assert way.past.date == "2026-05-15" and way.citations and way.citations[0].quote == way.past.text
    assert "as the forum argued in its response of 15 May 2026" in view_of(way)
    markdown = to_markdown(draft_response(fake_store, ["funding"]))
    assert "as the forum argued in its response of 15 May 2026" in markdown and "— *" in markdown


def test_bad_appraisals_are_dropped_or_marked(fake_store):
    proposals = json.dumps({"proposals": ["S1", "S2", "S77"]})
    first = json.dumps({"welcome": "Commitment to £9 trillion for schools", "concern": "Lack of clarity about what the fund covers and"})
    second = json.dumps({"welcome": "The proposal aims to spread the fund across schools",
                         "concern": "Risk that the fund is spread too thin across schools"})
    recommendations = json.dumps({"recommendations": [
        {"answers": "I1", "recommendation": "The fund is spread too thin across schools", "restates": "none"},
        {"answers": "I1", "recommendation": "Target the fund where needs are greatest", "restates": "none"}]})
    area = draft_area(fake_store, "funding", backend=scripted(proposals, first, "yes", second, "yes", recommendations))
    # Reported speech about the source becomes the forum's own point.
    assert [b.text for b in area.positives] == ["Commitment to £9 trillion for schools", "Spread the fund across schools"]
    assert area.positives[0].citations[0].verdict == "not_supported" and area.positives[0].needs_evidence
    assert [b.text for b in area.issues] == ["Risk that the fund is spread too thin across schools"]
    assert area.issues[0].kernel == area.positives[1].kernel  # one proposal, both sides of the judgement
    assert any("cut off" in d or "incomplete" in d for d in area.dropped) and any("not in its sentence" in d for d in area.dropped)
    # A recommendation that only repeats its Issue is dropped.
    assert [(w.text, w.answers, w.past) for w in area.ways_forward] == [
        ("Target the fund where needs are greatest", "Risk that the fund is spread too thin across schools", None)]


def test_a_section_left_empty_is_filled_from_sentences_the_model_did_not_choose(fake_store):
    proposals = json.dumps({"proposals": ["S1"]})
    first = json.dumps({"welcome": "Commitment to funding for inclusion", "concern": "Lack of clarity about what the fund covers and"})
    top_up = json.dumps({"concern": "Risk that the fund is spread too thin across schools"})
    recommendations = json.dumps({"recommendations": [
        {"answers": "I1", "recommendation": "Target the fund where needs are greatest", "restates": "none"}]})
    area = draft_area(fake_store, "funding", backend=scripted(proposals, first, "yes", top_up, "yes", recommendations))
    assert [b.text for b in area.positives] == ["Commitment to funding for inclusion"]
    assert [b.text for b in area.issues] == ["Risk that the fund is spread too thin across schools"]
    assert area.issues[0].kernel != area.positives[0].kernel  # the next sentence, not the chosen one again
    assert any("no Issues from the chosen proposals" in d for d in area.dropped)
    assert [w.answers for w in area.ways_forward] == ["Risk that the fund is spread too thin across schools"]


def test_a_copy_of_a_past_recommendation_is_marked_though_the_model_calls_it_new(fake_store):
    proposals = json.dumps({"proposals": ["S1"]})
    point = json.dumps({"welcome": "Commitment to more money for schools", "concern": "Risk that the money is spread too thin"})
    # The fake restates F1, the first past recommendation the prompt lists: the script copies it and calls it new.
    past = next(w.past.text for w in draft_area(fake_store, "funding").ways_forward if w.past is not None)
    copy = " ".join(past.split()[:8])  # cut short, as the grammar's length limit cuts a long one
    recommendations = json.dumps({"recommendations": [{"answers": "I1", "recommendation": copy, "restates": "none"}]})
    area = draft_area(fake_store, "funding", backend=scripted(proposals, point, recommendations))
    [way] = area.ways_forward
    assert way.text == copy and way.past is not None and way.past.text == past and way.citations[0].quote == past
    assert any("copies the forum's past recommendation" in d for d in area.dropped)


def test_grounds_are_the_closest_earlier_position_above_the_threshold():
    from assistant.generation.appraisal import attach_grounds
    from assistant.models import Bullet, Ground

    bullets = [Bullet(text="a"), Bullet(text="b")]
    near, far = Ground(kind="forum", text="near", title="t"), Ground(kind="evidence", text="far", title="e")
    attach_grounds(bullets, [[1.0, 0.0], [0.0, 1.0]], [(near, [0.9, 0.1]), (far, [-1.0, 0.2])])
    assert bullets[0].grounds == [near] and bullets[1].grounds == []


def test_front_matter_is_never_drafted_from(fake_store):
    draft = draft_response(fake_store)
    quotes = [c.quote for a in draft.areas for bs in a.sections().values() for b in bs for c in b.citations]
    assert quotes
    for banned in ("This briefing summarises", "It is organised under the six areas", "Each numbered paragraph rests"):
        assert not any(banned in q for q in quotes), banned
