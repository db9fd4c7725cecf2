"""Workspace: one response, area by area: evidence beside the points, drafting jobs, coverage, history."""

import pandas as pd
import streamlit as st

from assistant.drafts.export import docx_bytes, to_markdown
from assistant.errors import SendraftError
from assistant.workspace import operations as ops
from assistant.workspace.coverage import policy_coverage
from assistant.workspace.history import diff
from editor import evidence, flash, run, sections, show_flash
from session import author, current_response_id, open_response, plain, report, workspace
from widgets import job_line

ws = workspace()
responses = ws.responses()
if not responses:
    st.info("No responses yet: create one on the Responses page.")
    st.page_link("views/responses.py", label="Responses", icon=":material/folder_open:")
    st.stop()
ids = [r.id for r in responses]
rid = current_response_id()
rid = rid if rid in ids else ids[0]
titles = {r.id: r.title for r in responses}
picked = st.selectbox("Response", ids, index=ids.index(rid), format_func=lambda i: titles[i], label_visibility="collapsed")
if picked != rid:
    open_response(picked)
    st.rerun()
open_response(rid)
info = ws.drafts.info(rid)
draft, version = ws.drafts.current(rid)
framework = ws.store.framework

st.title(plain(info.title))
st.caption(f"Version {version} · " + (f"focus: {plain(info.focus)} · " if info.focus else "")
           + f"{len(draft.areas)} of {len(framework.areas)} areas drafted")
show_flash()


def job_panel() -> None:
    """Live progress of this response's drafting job; the page refreshes when it ends."""
    jobs = [j for j in ws.jobs.recent(limit=3, response_id=rid) if j.kind == "draft"]
    job = jobs[0] if jobs else None
    watching = st.session_state.get("watching")
    if job and job.active:
        st.session_state["watching"] = job.id
        with st.container(border=True):
            left, right = st.columns([5, 1], vertical_alignment="center")
            left.markdown(f":material/progress_activity: **Drafting** · {job_line(job)}")
            right.button("Cancel", key=f"cancel-job-{job.id}", on_click=lambda: ws.jobs.cancel(job.id))
    elif job and watching == job.id:
        st.session_state.pop("watching", None)
        st.rerun(scope="app")
    elif job and job.state in ("failed", "interrupted", "cancelled"):
        st.warning(f"The last drafting job {job.state}: {plain(job.error or '')}", icon=":material/warning:")


# Polled every second while this response has a job running, every five otherwise (ten open
# sessions must not keep two cores busy redrawing an idle panel).
_busy = any(j.active for j in ws.jobs.recent(limit=3, response_id=rid))
st.fragment(run_every=1.0 if _busy else 5.0)(job_panel)()


def start(area_ids: list[str], section_ids: list[str] | None = None) -> None:
    try:
        job = ws.start_draft(rid, area_ids, author(), section_ids)
        flash("ok", f"Drafting started (job {job.id}); you can go on editing")
    except SendraftError as exc:
        flash("error", str(exc))


with st.container(horizontal=True):
    notes = st.checkbox("Include editors' notes in exports", key="export-notes")
    st.download_button("Download DOCX", lambda: docx_bytes(ws.drafts.current(rid)[0], notes), file_name="response.docx",
                       icon=":material/download:", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    st.download_button("Download Markdown", lambda: to_markdown(ws.drafts.current(rid)[0], notes), file_name="response.md",
                       icon=":material/download:", on_click="ignore", mime="text/markdown")
    missing = [a.id for a in framework.areas if a.id not in {x.area_id for x in draft.areas}]
    if missing:
        st.button(f"Draft the {len(missing)} areas not yet drafted", on_click=start, args=(missing,), icon=":material/auto_awesome:")

tab_draft, tab_coverage, tab_history = st.tabs(["Draft", "Coverage", "History"])
drafted = {a.area_id: a for a in draft.areas}
with tab_draft:
    icons = {"drafted": "○", "in_review": "◐", "done": "●"}
    asked = st.query_params.get("area")  # a link from another page (the Consultation page's points)
    area_id = st.segmented_control(
        "Area", [a.id for a in framework.areas], key="area", required=True,
        default=asked if asked in {a.id for a in framework.areas} else framework.areas[0].id,
        format_func=lambda i: f"{icons[drafted[i].status] if i in drafted else '·'} {framework.area(i).title}")
    area_id = area_id or framework.areas[0].id
    area = drafted.get(area_id)
    linked = next((b for bs in area.sections().values() for b in bs if b.id == st.query_params.get("point")), None) if area else None
    if linked is not None:
        st.info(f"The point opened from the Consultation page: “{plain(linked.text)}”", icon=":material/link:")
    controls = st.columns([1.2, 2, 1.2, 1.2], vertical_alignment="bottom")
    if area is not None:
        statuses = ["drafted", "in_review", "done"]
        controls[0].selectbox("Status", statuses, index=statuses.index(area.status), key=f"status-{area_id}-{area.status}",
                              format_func=lambda s: s.replace("_", " "),
                              on_change=lambda: run(rid, lambda d: ops.set_area(d, area_id, status=st.session_state[f"status-{area_id}-{area.status}"])))
        controls[1].text_input("Focus for regeneration", value=area.focus or "", key=f"focus-{area_id}",
                               on_change=lambda: run(rid, lambda d: ops.set_area(d, area_id, focus=st.session_state[f"focus-{area_id}"])))
        which = controls[2].selectbox("Regenerate", ["all sections", *ops.SECTIONS], key=f"regen-{area_id}",
                                      format_func=lambda s: s.replace("_", " ").capitalize())
        controls[3].button("Regenerate", key=f"regen-go-{area_id}", icon=":material/refresh:",
                           help="Accepted, edited and your own points stay; only the others are replaced",
                           on_click=start, args=([area_id], None if which == "all sections" else [which]))
        left, right = st.columns([1.6, 3], gap="medium")
        with left:
            evidence(rid, area)
        with right:
            sections(rid, area)
    else:
        st.info(f"{framework.area(area_id).title} is not drafted yet.")
        st.button(f"Draft {framework.area(area_id).title}", key=f"draft-{area_id}", type="primary",
                  on_click=start, args=([area_id],), icon=":material/auto_awesome:")

with tab_coverage:
    rows = policy_coverage(ws.store, draft, info.policy_ids)
    short = {a.id: a.title.split(",")[0].split(" ")[0] for a in framework.areas}

    def cell_text(cell) -> str:
        if not cell.passages:
            return ""
        def count(n: int, word: str) -> str:
            return f"{n} {word}" + ("" if n == 1 else "s")

        if cell.gap:
            return f"⚠ gap · {count(len(cell.passages), 'passage')}"
        return f"✓ {count(len(cell.bullets), 'point')} · {count(len(cell.passages), 'passage')}"

    st.caption("Each cell: the passages retrieved for the area in that section of the policy, and the kept points "
               "citing them. ⚠ marks evidence no kept point uses yet.")
    def brief(title: str) -> str:
        return title if len(title) <= 48 else title[:45].rstrip() + "..."

    table = pd.DataFrame([{"Document": plain(brief(r.document)), "Section": plain(r.section),
                           **{short[a]: cell_text(c) for a, c in r.cells.items()}} for r in rows])
    st.table(table.set_index("Document"))
    options = [(n, a) for n, r in enumerate(rows) for a, c in r.cells.items() if c.passages]
    pick = st.selectbox("Open a cell", [None, *options], key="coverage-cell",
                        format_func=lambda o: "Choose a cell" if o is None else f"{framework.area(o[1]).title} × {rows[o[0]].section}")
    if pick is not None:
        cell = rows[pick[0]].cells[pick[1]]
        for pid, passage in ws.store.catalog.passages_by_id(cell.passages).items():
            with st.container(border=True):
                st.caption(f"{plain(rows[pick[0]].document)} · {plain(rows[pick[0]].section)}")
                st.markdown(plain(passage.text))

with tab_history:
    history = ws.drafts.history(rid)
    st.dataframe(pd.DataFrame([{"Version": h.version, "Saved": h.saved_at.replace("T", " ")[:19], "By": h.author,
                                "What changed": h.summary} for h in history]), hide_index=True, width="stretch")
    numbers = [h.version for h in history]
    a, b, c = st.columns([1, 1, 1], vertical_alignment="bottom")
    old = a.selectbox("Compare version", numbers, index=min(1, len(numbers) - 1), key="diff-a")
    new = b.selectbox("with version", numbers, index=0, key="diff-b")
    try:
        lines = diff(ws.drafts.version(rid, old), ws.drafts.version(rid, new))
        st.markdown("\n".join(f"- {plain(line)}" for line in lines) if lines else "No differences in the points.")
    except SendraftError as exc:
        report(exc)
    c.button(f"Restore version {old}", key="restore-version",
             on_click=lambda: (ws.drafts.restore(rid, old, author()), flash("ok", f"Version {old} restored as a new version")))
