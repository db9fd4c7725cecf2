"""Each page's logic through Streamlit's AppTest (the script run in-process, no browser): the
fake chat model, hash embeddings, a fresh home that the first start fills with the samples."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.settings import Settings
from assistant.workspace.service import Workspace
from tests.jobs import draft_and_wait

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


@pytest.fixture
def app(hash_embeddings, monkeypatch):
    monkeypatch.setenv("SENDRAFT_LLM_PROVIDER", "fake")
    st.cache_resource.clear()  # one workspace per home, not one per test process
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    yield at
    st.cache_resource.clear()


def _drafted(area="funding") -> tuple[Workspace, str]:
    ws = Workspace(Settings())
    info = ws.create("Response from a test", None, None, "test")
    draft_and_wait(ws, info.id, [area])
    return ws, info.id


def test_first_start_ingests_the_samples_and_the_responses_page_creates_one(app):
    assert any("Sample corpus ingested" in s.label for s in app.status)
    assert Workspace(Settings()).store.catalog.documents()
    app.text_input(key="new-title").input("Our response to the white paper")
    app.button[0].click().run()  # the form's Create
    assert not app.exception, app.exception
    titles = [r.title for r in Workspace(Settings()).drafts.responses()]
    assert titles == ["Our response to the white paper"]


def test_the_workspace_shows_points_with_chips_and_an_accept_is_saved(app):
    ws, rid = _drafted()
    draft, version = ws.drafts.current(rid)
    bullet = draft.areas[0].positives[0]
    app.query_params["response"] = rid
    app.switch_page("views/workspace.py").run()
    app.button_group[0].set_value("funding").run()
    assert not app.exception, app.exception
    shown = " ".join(m.value for m in app.markdown)
    assert bullet.text.split()[0] in shown
    chips = [e.proto.popover.label for e in app.get("popover") if e.proto.popover.label.startswith(":")]
    verdicts = {c.verdict for bs in draft.areas[0].sections().values() for b in bs for c in b.citations}
    assert chips and {c.split("]")[0] for c in chips} <= {":green[supported", ":red[not supported", ":orange[quote not found", ":gray[unverified"}
    assert ("supported" in verdicts) == any(c.startswith(":green[supported]") for c in chips)  # green only for supported
    app.button(key=f"accept-{bullet.id}").click().run()
    assert not app.exception, app.exception
    after, new_version = ws.drafts.current(rid)
    assert new_version == version + 1 and after.areas[0].positives[0].status == "accepted"


def test_a_stale_edit_shows_the_conflict_with_both_texts(app):
    ws, rid = _drafted()
    bullet = ws.drafts.current(rid)[0].areas[0].positives[0]
    app.query_params["response"] = rid
    app.switch_page("views/workspace.py").run()
    app.button_group[0].set_value("funding").run()
    app.button(key=f"edit-{bullet.id}").click().run()
    ws.edit(rid, bullet.id, bullet.rev, "Someone else's wording", "bob")  # another editor saves first
    app.text_area(key=f"text-{bullet.id}").input("My wording").run()
    app.button(key=f"save-{bullet.id}").click().run()
    errors = " ".join(e.value for e in app.error)
    shown = " ".join(m.value for m in app.markdown)
    assert "someone else changed this point" in errors and "Someone else" in shown and "My wording" in shown
    assert ws.drafts.current(rid)[0].areas[0].positives[0].text == "Someone else's wording"  # nothing overwritten


def test_the_ask_page_answers_with_chips_or_abstains(app):
    app.switch_page("views/ask.py").run()
    app.text_input(key="question").input("How much is the Experts at Hand programme worth?")
    app.button[0].click().run()
    assert not app.exception, app.exception
    assert "1\\.8 billion" in " ".join(m.value for m in app.markdown)


def test_the_corpus_and_evaluate_pages_render(app):
    app.switch_page("views/corpus.py").run()
    assert not app.exception, app.exception
    assert len(app.dataframe) >= 1 and app.dataframe[0].value.shape[0] >= 3
    app.switch_page("views/evaluate.py").run()
    assert not app.exception, app.exception
    assert any("No evaluation runs yet" in i.value for i in app.info)


def test_a_model_that_fails_is_a_message_in_the_page(app, monkeypatch):
    monkeypatch.setenv("SENDRAFT_LLM_PROVIDER", "openai")  # no server configured
    st.cache_resource.clear()
    app.switch_page("views/ask.py").run()
    app.text_input(key="question").input("How much is the Experts at Hand programme worth?")
    app.button[0].click().run()
    assert not app.exception, app.exception
    assert app.error and ("model" in app.error[0].value.lower() or "openai" in app.error[0].value.lower())


def test_a_chroma_server_that_is_down_is_a_message_and_the_drafts_still_open(hash_embeddings, monkeypatch):
    """Drafts, history and exports need only the catalog: they keep working; asking says why not."""
    monkeypatch.setenv("SENDRAFT_LLM_PROVIDER", "fake")
    ws = Workspace(Settings())
    Workspace(Settings()).create("Written before the server went down", None, None, "ann")
    (ws.settings.home / "samples-ingested").touch()
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("SENDRAFT_CHROMA_URL", f"http://127.0.0.1:{port}")
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert any("Written before the server went down" in m.value for m in at.markdown)
    at.switch_page("views/ask.py").run()
    at.text_input(key="question").input("How much is the Experts at Hand programme worth?")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.error and "Chroma" in at.error[0].value
    st.cache_resource.clear()
