"""What every page shares: the workspace (one per server process, its job worker started once),
the editor's name, and safe rendering of text that comes from documents or models."""

from __future__ import annotations

import re

import streamlit as st

from assistant.settings import Settings
from assistant.workspace.service import Workspace

# Markdown (and Streamlit's directives: ":red[...]", "$...$") characters a document's text may
# hold: escaped, so a passage never renders as a link, an image, a heading or colour.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:$~=^&])")


def plain(text: str) -> str:
    """Text shown as written: no Markdown, no HTML, no directives."""
    return _MARKDOWN.sub(r"\\\1", " ".join((text or "").split()))


@st.cache_resource(show_spinner="Opening the workspace ...")
def workspace() -> Workspace:
    ws = Workspace(Settings())
    ws.run_jobs()
    return ws


def author() -> str:
    """Who saves: the signed-in user on a shared workspace, else the name typed in the sidebar."""
    return st.session_state.get("signed_in") or st.session_state.get("author") or "editor"


def current_response_id() -> str | None:
    """The response being worked on: the page's query parameter, so a reload keeps it."""
    return st.query_params.get("response") or st.session_state.get("response")


def open_response(response_id: str) -> None:
    st.session_state["response"] = response_id
    st.query_params["response"] = response_id


def report(exc: Exception) -> None:
    """An error as a message in the page, never a traceback."""
    st.error(str(exc) or type(exc).__name__, icon=":material/error:")
