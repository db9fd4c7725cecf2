"""Widgets shared by pages: citation chips, passages with the quote highlighted, job progress."""

from __future__ import annotations

import streamlit as st

from assistant.drafts.export import cite_label
from assistant.models import Citation
from assistant.text import SHORTEST_QUOTE, find_run, word_spans, words
from session import plain

# Never a supported colour for anything else.
VERDICTS = {
    "supported": ("green", "supported", ":material/check_circle:"),
    "not_supported": ("red", "not supported", ":material/cancel:"),
    "quote_not_found": ("orange", "quote not found", ":material/search_off:"),
    "unverified": ("gray", "unverified", ":material/help:"),
}
STATUS = {"drafted": ("blue", "drafted"), "accepted": ("green", "accepted"), "edited": ("violet", "edited"),
          "human": ("orange", "human"), "rejected": ("gray", "rejected"), "no_position": ("orange", "no position yet")}


def highlighted(passage: str, quote: str) -> str:
    """The passage as safe Markdown with the quote highlighted where the citation check finds it
    (the same words, in order: `text.quote_in_passage`)."""
    passage = " ".join(passage.split())
    hay, needle = word_spans(passage), words(quote)
    i = find_run(needle, [w for w, _, _ in hay]) if len(needle) >= SHORTEST_QUOTE else None
    if i is None:
        return plain(passage)
    start, end = hay[i][1], hay[i + len(needle) - 1][2]
    return f"{plain(passage[:start])} :orange-background[{plain(passage[start:end])}] {plain(passage[end:])}"


def chip(c: Citation, passage_text: str | None, key: str) -> None:
    """A citation chip coloured by its verdict; it opens the passage with the quote marked."""
    colour, label, icon = VERDICTS.get(c.verdict, VERDICTS["unverified"])
    with st.popover(f":{colour}[{label}] · {plain(cite_label(c))}", icon=icon, key=key):
        st.caption(f"{plain(c.title)} · verdict: {label}" + ("" if c.quote_found else " · the quote is not in the passage"))
        if passage_text:
            st.markdown(highlighted(passage_text, c.quote))
        else:
            st.warning("The cited passage is no longer in the corpus.")


def status_badge(status: str) -> None:
    colour, label = STATUS.get(status, ("gray", status))
    st.badge(label, color=colour)


def job_line(job) -> str:
    """One line about a job for the sidebar and the workspace."""
    step = plain(job.step) if job.step else "waiting for the worker"
    tokens = f" · {job.tokens} tokens" if job.tokens else ""
    return f"Job {job.id} ({job.kind}, {job.state}): {step}{tokens}"
