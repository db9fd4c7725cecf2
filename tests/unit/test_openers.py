"""Openers learned from past responses (issue 22, part 5): the starts the forum's points share,
per section; none without a past response; the framework's own openers win."""

from __future__ import annotations

from assistant.framework import Section
from assistant.generation.openers import learn_openers, section_openers
from assistant.models import Position


def _positions(section: str, texts: list[str]) -> list[Position]:
    return [Position(id=f"d:{section}:{n}", document_id="d", ordinal=n, area_id="funding", section=section, text=t)
            for n, t in enumerate(texts)]


def test_shared_starts_become_openers_most_shared_first():
    past = _positions("issues", ["Lack of clarity about the timetable", "Lack of clarity about the sums",
                                 "Lack of clarity about who decides", "Risk that councils pay", "Risk that parents lose",
                                 "Tribunal rights weakened"]) + \
        _positions("positives", ["Greater emphasis on belonging", "Greater emphasis on training", "Welcome for the fund"])
    learned = learn_openers(past)
    # "Lack", "Lack of" and "Lack of clarity" are shared by the same three points: the longest
    # start (three words at most) is kept.
    assert learned["issues"] == ["Lack of clarity", "Risk that"]
    assert learned["positives"] == ["Greater emphasis on"]  # one "Welcome for" is no pattern


def test_a_shorter_start_stays_when_more_points_share_it():
    past = _positions("ways_forward", ["Need for a plan", "Need for guidance", "Need to publish data", "Need to fund staff"])
    assert learn_openers(past)["ways_forward"] == ["Need", "Need for", "Need to"]


def test_openers_are_plain_words_and_never_end_on_an_article():
    past = _positions("positives", ["£200m for training", "£200m for outreach", "Welcome for the fund", "Welcome for the plan",
                                    "Commitment (new) to x", "Commitment (new) to y"])
    learned = learn_openers(past)["positives"]
    assert learned == ["Commitment", "Welcome for"]  # not "£200m for", "Commitment (new)" or "Welcome for the"
    assert all(Section.model_validate({"id": "p", "title": "P", "openers": [o]}) for o in learned)


def test_no_past_response_means_no_openers():
    assert learn_openers([]) == {}
    assert section_openers({"positives": [], "issues": []}, lambda: []) == {"positives": [], "issues": []}


def test_the_frameworks_openers_win_and_the_catalog_is_read_only_when_needed():
    def never():
        raise AssertionError("positions read although every section has openers")

    given = {"positives": ["Support for"], "issues": ["Risk that"]}
    assert section_openers(given, never) == given
    past = _positions("issues", ["Risk that a", "Risk that b"]) + _positions("positives", ["Welcome for a", "Welcome for b"])
    assert section_openers({"positives": ["Support for"], "issues": []}, lambda: past) == \
        {"positives": ["Support for"], "issues": ["Risk that"]}
