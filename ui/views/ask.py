"""Ask: a question of the corpus, answered with citations or an honest "the corpus does not say"."""

import streamlit as st

from assistant.errors import SendraftError
from assistant.generation.qa import ask
from session import plain, workspace
from widgets import chip

ws = workspace()
st.title("Ask the corpus")
with st.form("ask", border=False):
    question = st.text_input("Question", placeholder="When must every school produce an inclusion strategy?", key="question")
    asked = st.form_submit_button("Ask", type="primary", icon=":material/search:")
history = st.session_state.setdefault("asked", [])
if asked and question.strip():
    try:
        with st.spinner("Finding the sentence that answers ..."):
            history.insert(0, ask(ws.store, question))
    except SendraftError as exc:
        st.error(str(exc), icon=":material/error:")
    except Exception as exc:  # the model failed: say so, keep the page
        st.error(f"The chat model failed: {type(exc).__name__}: {exc}", icon=":material/error:")

for n, answer in enumerate(history):
    with st.container(border=True):
        st.markdown(f"**{plain(answer.question)}**")
        if answer.abstained:
            st.info("The corpus does not answer this question." + (f" ({plain('; '.join(answer.notes))})" if answer.notes else ""),
                    icon=":material/help:")
            if answer.closest:
                st.caption("The closest passages:")
                for hit in answer.closest:
                    st.caption(f"{plain(hit.title)}: {plain(' '.join(hit.text.split())[:200])} …")
        else:
            st.markdown(plain(answer.answer))
            texts = {pid: p.text for pid, p in ws.store.catalog.passages_by_id([c.passage_id for c in answer.citations]).items()}
            cols = st.columns(max(1, min(3, len(answer.citations))))
            for k, c in enumerate(answer.citations):
                with cols[k % len(cols)]:
                    chip(c, texts.get(c.passage_id), key=f"ask-{n}-{k}")
        sure = f" · confidence {answer.confidence:.2f}" if answer.confidence is not None else ""
        st.caption(f"{answer.model} · {answer.seconds:.1f} s{sure}")
