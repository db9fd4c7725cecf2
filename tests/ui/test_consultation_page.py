"""The Consultation page through Streamlit's AppTest: answering starts a job, questions with no
position yet come first, each answer shows its stance, text and points, an edit is saved as a
version (and a stance against an accepted point is flagged), a stale edit is a conflict."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.ingest.pipeline import Ingestor
from assistant.settings import Settings
from assistant.workspace import answers as answer_ops
from assistant.workspace.operations import set_status
from assistant.workspace.service import Workspace
from tests.jobs import draft_and_wait

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "ui" / "app.py")
CONSULTATION = REPO / "corpus" / "consultation" / "send-reform-consultation-2026.md"


@pytest.fixture
def page(hash_embeddings, monkeypatch):
    """The app on a home with the samples and the sample consultation, and a response whose
    Funding area is drafted, with an accepted point of the editors' own on the settlement."""
    monkeypatch.setenv("SENDRAFT_LLM_PROVIDER", "fake")
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    ws = Workspace(Settings())
    consultation = next(r.document_id for r in Ingestor(ws.store).ingest([CONSULTATION]).results if r.document_id)
    info = ws.create("Response with answers", None, None, "test")
    draft_and_wait(ws, info.id, ["funding"])
    _, _, bid = ws.add(info.id, "funding", "positives",
                       "Commitment to a three-year high needs settlement so that schools can plan and recruit", "ann")
    ws.apply(info.id, lambda d: set_status(d, bid, None, "accepted"), "ann")
    at.query_params["response"] = info.id
    at.switch_page("views/consultation.py").run()
    assert not at.exception, at.exception
    yield at, ws, info.id, consultation
    st.cache_resource.clear()


def _answer(at, ws, rid, consultation):
    at.selectbox(key="consultation-doc").set_value(consultation)
    at.button(key="answer-start").click().run()
    assert not at.exception, at.exception
    deadline = time.monotonic() + 120
    while (ws.drafts.current(rid)[0].consultation is None or any(j.active for j in ws.jobs.recent(response_id=rid))) \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    at.run()
    assert not at.exception, at.exception


def test_answering_lists_no_position_first_and_shows_stance_answer_and_points(page):
    at, ws, rid, consultation = page
    assert any("No answers yet" in i.value for i in at.info)
    assert any("17 questions" in o for o in at.selectbox(key="consultation-doc").options)  # only documents with questions
    _answer(at, ws, rid, consultation)
    draft, _ = ws.drafts.current(rid)
    answers = draft.consultation.answers
    assert len(answers) == 17
    shown = [m.value for m in at.markdown if m.value.startswith("**Question ")]
    open_first = [a for a in answers if a.status == "no_position"] + [a for a in answers if a.status != "no_position"]
    assert [s.split("**")[1] for s in shown] == [f"Question {a.number}" for a in open_first]
    assert any(m.value == "**Stance:** Agree" for m in at.markdown)
    assert any("pull both ways" in w.value or "no point" in w.value for w in at.warning)  # the reasons, for the editors
    links = at.get("page_link")
    assert links and all(e.proto.page == "workspace" and "point=b-" in e.proto.query_string for e in links)
    settlement = answers[8]
    assert any(f"point={settlement.point_ids[0]}" in e.proto.query_string for e in links)
    for key, value in (("area", "funding"), ("point", settlement.point_ids[0])):  # follow the link
        at.query_params[key] = value
    at.switch_page("views/workspace.py").run()
    assert not at.exception, at.exception
    assert any("opened from the Consultation page" in i.value and "three" in i.value for i in at.info)


def test_an_edit_is_saved_and_a_stance_against_an_accepted_point_is_flagged(page):
    at, ws, rid, consultation = page
    _answer(at, ws, rid, consultation)
    _, before = ws.drafts.current(rid)
    at.button(key="answer-edit-q9").click().run()
    at.selectbox(key="answer-stance-q9").set_value("Disagree")
    at.button(key="answer-save-q9").click().run()
    assert not at.exception, at.exception
    draft, version = ws.drafts.current(rid)
    q9 = draft.consultation.answers[8]
    assert version == before + 1 and q9.stance == "Disagree" and q9.status == "edited"
    assert any("goes against the accepted point" in e.value for e in at.error)
    first_drafted = next(a for a in draft.consultation.answers if a.status == "drafted")
    at.button(key=f"answer-accept-{first_drafted.id}").click().run()
    assert ws.drafts.current(rid)[0].consultation.answers[int(first_drafted.id[1:]) - 1].status == "accepted"


def test_a_stale_edit_of_an_answer_is_a_conflict_with_both_texts(page):
    at, ws, rid, consultation = page
    _answer(at, ws, rid, consultation)
    at.button(key="answer-edit-q9").click().run()
    ws.apply(rid, lambda d: answer_ops.edit_answer(d, "q9", 0, "Strongly agree", "Bob's answer, saved first"), "bob")
    at.text_area(key="answer-text-q9").input("Ann's answer").run()
    at.button(key="answer-save-q9").click().run()
    errors = " ".join(e.value for e in at.error)
    shown = " ".join(m.value for m in at.markdown)
    assert "someone else changed this answer" in errors and "saved first" in shown and "Ann" in shown
    assert ws.drafts.current(rid)[0].consultation.answers[8].text == "Bob's answer, saved first"
