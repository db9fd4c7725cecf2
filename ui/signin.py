"""The sign-in gate of a shared workspace (assistant/workspace/signin.py decides which kind):
nothing of the corpus or the drafts is shown before it; the signed-in name is the author of
every save."""

from __future__ import annotations

import time

import streamlit as st

from assistant.settings import REPO_ROOT
from assistant.workspace.signin import Mode, check_user, sign_in_mode

MAX_FAILURES, LOCK_SECONDS = 5, 60


def mode_of(settings) -> Mode:
    """Which sign-in applies (read once per run: it looks at the secrets files)."""
    return sign_in_mode(settings.auth_users, REPO_ROOT)


def signed_in_or_open(mode: Mode) -> bool:
    """Whether the pages may be listed: signed in, or no sign-in configured."""
    if mode == "none":
        return True
    return bool(st.user.is_logged_in) if mode == "oidc" else bool(st.session_state.get("signed_in"))


def gate(settings, mode: Mode) -> str | None:
    """The signed-in user's name, None when sign-in is not configured; stops the page until then."""
    if mode == "none":
        return None
    if mode == "oidc":
        if not st.user.is_logged_in:
            st.title("Forum Drafting Assistant")
            st.write("Sign in with your organisation's account to open the workspace.")
            st.button("Sign in", type="primary", on_click=st.login)
            st.stop()
        st.session_state["signed_in"] = str(st.user.get("email") or st.user.get("name") or "signed-in user")
        return st.session_state["signed_in"]
    if st.session_state.get("signed_in"):
        return st.session_state["signed_in"]
    _password_form(settings.auth_users)
    st.stop()


def _password_form(users: dict[str, str]) -> None:
    st.title("Forum Drafting Assistant")
    locked = st.session_state.get("signin_locked_until", 0) - time.time()
    with st.form("signin"):
        name = st.text_input("Name")
        password = st.text_input("Password", type="password")
        go = st.form_submit_button("Sign in", type="primary")
    if locked > 0:
        st.error(f"Too many failed attempts: try again in {int(locked) + 1} s.")
        return
    if not go:
        return
    user = check_user(users, name, password)
    if user:
        st.session_state.pop("signin_failures", None)
        st.session_state["signed_in"] = user
        st.rerun()
    failures = st.session_state.get("signin_failures", 0) + 1
    st.session_state["signin_failures"] = failures
    time.sleep(1.0)  # slows guessing; the scrypt hash already costs 0.1 s
    if failures >= MAX_FAILURES:
        st.session_state["signin_locked_until"] = time.time() + LOCK_SECONDS
        st.session_state["signin_failures"] = 0
    st.error("Wrong name or password.")


def sign_out_button(mode: Mode) -> None:
    """In the sidebar: who is signed in, and a way out."""
    user = st.session_state.get("signed_in")
    st.caption(f"Signed in as **{user}**")
    if st.button("Sign out", icon=":material/logout:"):
        st.session_state.pop("signed_in", None)
        if mode == "oidc":
            st.logout()
        st.rerun()
