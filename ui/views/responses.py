"""Responses: the list, and a new response (title, the policy documents it answers, a focus)."""

import streamlit as st

from session import author, open_response, plain, report, workspace

ws = workspace()
st.title("Responses")

with st.expander("New response", expanded=not ws.drafts.responses(), icon=":material/add:"):
    policies = [d for d in ws.store.catalog.documents() if d.kind == "policy"]
    with st.form("new-response", clear_on_submit=True, border=False):
        title = st.text_input("Title", placeholder="Response to the 2026 Schools White Paper", key="new-title")
        chosen = st.multiselect("Policy documents it answers (none chosen: all)", policies,
                                format_func=lambda d: d.title)
        focus = st.text_input("Focus (optional)", placeholder="e.g. statutory protections for children with EHCPs")
        if st.form_submit_button("Create", type="primary"):
            try:
                info = ws.create(title, [d.id for d in chosen], focus, author())
                open_response(info.id)
                st.switch_page("views/workspace.py", query_params={"response": info.id})
            except Exception as exc:
                report(exc)

responses = ws.responses()
if not responses:
    st.info("No responses yet. Create one above, or run `sendraft draft`: its drafts appear here.")
for info in responses:
    draft, version = ws.drafts.current(info.id)
    bullets = [b for a in draft.areas for bs in a.kept_sections().values() for b in bs]
    with st.container(border=True):
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(f"**{plain(info.title)}**")
        done = sum(a.status == "done" for a in draft.areas)
        left.caption(f"{len(draft.areas)} of 6 areas drafted · {done} done · {len(bullets)} points · "
                     f"version {version} · updated {info.updated_at.replace('T', ' ')[:16]}"
                     + (f" · from {plain(info.imported_from)}" if info.imported_from else ""))
        if right.button("Open", key=f"open-{info.id}", type="primary"):
            open_response(info.id)
            st.switch_page("views/workspace.py", query_params={"response": info.id})
