"""Evaluate: the evaluation runs with their figures and charts; start a suite; compare two runs."""

import pandas as pd
import streamlit as st

from assistant.errors import SendraftError
from assistant.evals.compare import compare_runs
from assistant.evals.reports import chart_svgs
from assistant.evals.runner import list_runs
from assistant.evals.suites import list_suites
from session import author, plain, workspace
from widgets import job_line

ws = workspace()
st.title("Evaluation")

suites = list_suites()
a, b = st.columns([3, 1], vertical_alignment="bottom")
suite = a.selectbox("Suite", [s.name for s in suites], format_func=lambda n: f"{n}: {next(s.description for s in suites if s.name == n)}")
if b.button("Run in the background", icon=":material/play_arrow:"):
    try:
        job = ws.start_eval(suite, author())
        st.toast(f"Started job {job.id}")
    except SendraftError as exc:
        st.error(str(exc))


@st.fragment(run_every=2.0)
def eval_jobs() -> None:
    for job in ws.jobs.recent(limit=3, kind="eval"):
        if job.active:
            st.info(job_line(job), icon=":material/progress_activity:")
        elif job.state == "failed":
            st.warning(f"Job {job.id} failed: {plain(job.error or '')}")


eval_jobs()

runs = sorted(list_runs(ws.settings), key=lambda r: r.started_at, reverse=True)
if not runs:
    st.info("No evaluation runs yet under this home. Run a suite above or `sendraft eval run smoke`.")
    st.stop()
by_id = {r.id: r for r in runs}
run_id = st.selectbox("Run", list(by_id), format_func=lambda i: f"{i} ({by_id[i].seconds / 60:.1f} min)")
run = by_id[run_id]
for task in run.tasks:
    with st.expander(f"{task.name} ({task.task})", expanded=len(run.tasks) == 1):
        st.dataframe(pd.DataFrame([{"Metric": name, "Value": f.value, "Low": f.low, "High": f.high, "n": f.n}
                                   for name, f in task.metrics.items()]), hide_index=True, width="stretch")
        for svg in chart_svgs(task):
            st.image(svg)

st.subheader("Compare two runs")
other = st.selectbox("Against", [i for i in by_id if i != run_id] or [None], key="compare-with")
if other:
    rows = compare_runs(by_id[other], run)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
