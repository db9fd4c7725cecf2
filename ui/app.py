"""The forum's workspace (Streamlit): `sendraft ui` runs it. Pages only: the logic is in assistant/."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # session.py, widgets.py beside this file

from assistant.offline import enforce_offline  # noqa: E402

enforce_offline()

import streamlit as st  # noqa: E402

from session import report, workspace  # noqa: E402
from signin import gate, mode_of, sign_out_button, signed_in_or_open  # noqa: E402
from widgets import job_line  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"

st.set_page_config(page_title="Forum Drafting Assistant", page_icon=":material/edit_note:", layout="wide")


def first_run(ws) -> None:
    """A fresh home gets the sample corpus, with progress, so a new user lands on a working workspace.
    A marker written after the last file says it is done (an interrupted first start resumes)."""
    marker = ws.settings.home / "samples-ingested"
    if marker.exists() or not SAMPLES.is_dir() or (ws.store.catalog.documents() and not (ws.settings.home / "samples-ingesting").exists()):
        return
    (ws.settings.home / "samples-ingesting").touch()
    from assistant.ingest.pipeline import Ingestor

    with st.status("First start: ingesting the sample corpus ...", expanded=True) as status:
        files = sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in (".md", ".pdf", ".docx", ".txt", ".html"))
        ingestor, failed = Ingestor(ws.store), []
        for path in files:
            st.write(f"Reading {path.name}")
            failed += [f"{r.path}: {r.reason}" for r in ingestor.ingest([path]).failed]
        if failed:
            status.update(label="The sample corpus could not be ingested", state="error", expanded=True)
            st.error("; ".join(failed))
            return
        ws.store.ensure_area_scores()
        ws.store.ensure_position_vectors()
        marker.touch()
        (ws.settings.home / "samples-ingesting").unlink(missing_ok=True)
        status.update(label=f"Sample corpus ingested ({len(files)} files)", state="complete", expanded=False)


def sidebar(ws, sign_in) -> None:
    with st.sidebar:
        if st.session_state.get("signed_in"):
            sign_out_button(sign_in)
        else:
            st.text_input("Your name (recorded with every save)", key="author", placeholder="editor")
        documents = ws.store.catalog.documents()
        model = "the fake test model" if ws.settings.llm_provider == "fake" else f"{ws.settings.llm_provider}: {ws.settings.llm_model}"
        st.caption(f"Chat model: **{model}**")
        st.caption(f"Corpus: **{len(documents)} documents, {sum(d.passage_count for d in documents)} passages**")
        st.fragment(run_every=2.0 if ws.jobs.active() else 6.0)(jobs_now)(ws)


def jobs_now(ws) -> None:
    """Any running job, kept current while the page is open."""
    running = [j for j in ws.jobs.active() if j.kind != "verify"]
    for job in running:
        st.caption(f":material/progress_activity: {job_line(job)}")
    if not running:
        st.caption("No job running")


pages = [
    st.Page("views/responses.py", title="Responses", icon=":material/folder_open:", default=True),
    st.Page("views/workspace.py", title="Workspace", icon=":material/edit_note:", url_path="workspace"),
    st.Page("views/consultation.py", title="Consultation", icon=":material/quiz:", url_path="consultation"),
    st.Page("views/corpus.py", title="Corpus", icon=":material/library_books:", url_path="corpus"),
    st.Page("views/ask.py", title="Ask", icon=":material/question_answer:", url_path="ask"),
    st.Page("views/evaluate.py", title="Evaluate", icon=":material/monitoring:", url_path="evaluate"),
]
from assistant.settings import Settings  # noqa: E402

settings = Settings()
# The pages are declared first (a deep link survives signing in), hidden until then; the gate
# stops the run before anything of the corpus or the drafts is read.
sign_in = mode_of(settings)
page = st.navigation(pages, position="sidebar" if signed_in_or_open(sign_in) else "hidden")
gate(settings, sign_in)
try:
    ws = workspace()
except Exception as exc:  # a data directory that cannot be opened: nothing can work
    report(exc)
    st.stop()
try:
    first_run(ws)
    sidebar(ws, sign_in)
except Exception as exc:  # a Chroma server that is down, say: a message, and the pages still open
    report(exc)
page.run()
