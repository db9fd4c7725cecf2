"""The shared workspace's sign-in through AppTest: nothing shown before it, a wrong password
refused, the signed-in name recorded with every save; OIDC shows its button; `sendraft ui`
refuses to listen beyond loopback without sign-in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from assistant.cli import app as cli
from assistant.settings import Settings
from assistant.workspace.service import Workspace
from assistant.workspace.signin import hash_password

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


@pytest.fixture
def signed(hash_embeddings, monkeypatch):
    monkeypatch.setenv("SENDRAFT_LLM_PROVIDER", "fake")
    monkeypatch.setenv("SENDRAFT_AUTH_USERS", json.dumps({"Alice": hash_password("a long password of alice")}))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    yield at
    st.cache_resource.clear()


def _text(at) -> str:
    return " ".join([m.value for m in at.markdown] + [t.value for t in at.title] + [e.value for e in at.error])


def test_nothing_is_shown_before_sign_in_and_a_wrong_password_is_refused(signed):
    at = signed
    assert not at.exception, at.exception
    assert [t.label for t in at.text_input] == ["Name", "Password"]
    assert not at.status and not (Settings().home / "samples-ingested").exists(), "nothing read before sign-in"
    at.text_input[0].input("alice")
    at.text_input[1].input("not her password")
    at.button[0].click().run()
    assert "Wrong name or password" in _text(at) and "signed_in" not in at.session_state


def test_the_signed_in_name_is_recorded_with_every_save(signed):
    at = signed
    at.text_input[0].input("alice")
    at.text_input[1].input("a long password of alice")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.session_state["signed_in"] == "Alice"
    assert "Signed in as **Alice**" in " ".join(c.value for c in at.caption)
    at.text_input(key="new-title").input("Shared response")
    next(b for b in at.button if b.label == "Create").click().run()
    assert not at.exception, at.exception
    ws = Workspace(Settings())
    [info] = ws.drafts.responses()
    assert [h.author for h in ws.drafts.history(info.id)] == ["Alice"]


def test_an_oidc_provider_replaces_passwords_with_its_sign_in_button(hash_embeddings, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\ncookie_secret = "c0ok1e"\n'
                       'client_id = "forum"\nclient_secret = "s3cret"\n'
                       'server_metadata_url = "https://id.example.org/.well-known/openid-configuration"\n')
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == ["Sign in"] and not at.text_input
    assert not (Settings().home / "samples-ingested").exists()


def test_sendraft_ui_refuses_to_listen_beyond_loopback_without_sign_in(monkeypatch):
    result = CliRunner().invoke(cli, ["ui", "--host", "0.0.0.0", "--port", "8599"])
    assert result.exit_code == 2 and "refusing to listen on 0.0.0.0 without sign-in" in result.output


def test_sendraft_passwd_prints_a_hash_that_signs_in():
    result = CliRunner().invoke(cli, ["passwd", "Bea", "--password-stdin"], input="bea's long password\n")
    assert result.exit_code == 0, result.output
    line = result.stdout.strip().splitlines()[-1]
    name, stored = [part.strip().strip('"') for part in line.split("=", 1)]
    from assistant.workspace.signin import check_user

    assert name == "Bea" and check_user({name: stored}, "bea", "bea's long password") == "Bea"
    assert "bea's long password" not in result.output
    short = CliRunner().invoke(cli, ["passwd", "Bea", "--password-stdin"], input="short\n")
    assert short.exit_code == 2 and "at least 10 characters" in short.output
