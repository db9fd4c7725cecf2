"""Consultation: one response's answers to a consultation, question by question.

Questions with no position yet come first (the editors must decide them), then the rest in the
consultation's order; each with its stance, answer, status, the points it draws on (a link to
each in the workspace) and anything the response no longer bears out. Edits are saved as
versions of the response, with the same conflict rule as points."""

import streamlit as st

from assistant.consultation.answers import points_of
from assistant.drafts.answers_export import NO_POSITION, answers_csv, answers_docx_bytes, stance_label
from assistant.errors import SendraftError
from assistant.workspace import answers as ops
from assistant.workspace.answering import KIND, consultations, flagged, start_answers, summary
from assistant.workspace.operations import Conflict
from editor import flash, show_flash
from session import author, current_response_id, open_response, plain, workspace
from widgets import job_line, status_badge

ws = workspace()
responses = ws.responses()
if not responses:
    st.info("No responses yet: create one on the Responses page, and draft its areas first.")
    st.stop()
ids = [r.id for r in responses]
rid = current_response_id()
rid = rid if rid in ids else ids[0]
titles = {r.id: r.title for r in responses}
picked = st.selectbox("Response", ids, index=ids.index(rid), format_func=lambda i: titles[i], label_visibility="collapsed",
                      key="consultation-response")
if picked != rid:
    open_response(picked)
    st.rerun()
open_response(rid)
draft, version = ws.drafts.current(rid)
st.title(f"Consultation: {plain(titles[rid])}")
show_flash()


def _save(change, done: str, answer_id: str | None = None, mine: str | None = None) -> None:
    """One operation on an answer, saved now; a conflict keeps both texts for the editor."""
    try:
        _, saved = ws.apply(rid, change, author())
        st.session_state.pop(f"editing-answer-{answer_id}", None)
        flash("ok", f"{done} (version {saved})")
    except Conflict as exc:
        st.session_state["answer-conflict"] = {"id": answer_id, "theirs": exc.theirs, "mine": mine}
    except SendraftError as exc:
        flash("error", str(exc))


def _conflict() -> None:
    conflict = st.session_state.get("answer-conflict")
    if not conflict:
        return
    with st.container(border=True):
        st.error("Not saved: someone else changed this answer since you opened it.", icon=":material/sync_problem:")
        st.markdown(f"**Their answer (saved):** {plain(conflict['theirs'])}")
        if conflict.get("mine"):
            st.markdown(f"**Yours (not saved):** {plain(conflict['mine'])}")
        st.button("Keep theirs", key="answer-conflict-keep", on_click=lambda: st.session_state.pop("answer-conflict", None))


def job_panel() -> None:
    jobs = [j for j in ws.jobs.recent(limit=3, response_id=rid) if j.kind == KIND]
    job = jobs[0] if jobs else None
    if job and job.active:
        st.session_state["watching-answers"] = job.id
        st.info(f":material/progress_activity: **Answering** · {job_line(job)}")
    elif job and st.session_state.get("watching-answers") == job.id:
        st.session_state.pop("watching-answers", None)
        st.rerun(scope="app")
    elif job and job.state in ("failed", "interrupted", "cancelled"):
        st.warning(f"The last answering job {job.state}: {plain(job.error or '')}", icon=":material/warning:")


_busy = any(j.active for j in ws.jobs.recent(limit=3, response_id=rid))
st.fragment(run_every=1.0 if _busy else 5.0)(job_panel)()
_conflict()

documents = consultations(ws.store)
current = draft.consultation.document_id if draft.consultation else None
with st.container(horizontal=True, vertical_alignment="bottom"):
    doc_ids = [d.id for d, _ in documents]
    names = {d.id: f"{d.title} ({n} questions)" for d, n in documents}
    chosen = st.selectbox("Consultation document", doc_ids, key="consultation-doc", format_func=lambda i: names[i],
                          index=doc_ids.index(current) if current in doc_ids else 0) if doc_ids else None
    use_model = st.checkbox("Chat model chooses choice options", key="consultation-model",
                            help="Else the option the points name most closely")

    def start() -> None:
        try:
            job = start_answers(ws, rid, chosen, author(), use_model)
            flash("ok", f"Answering started (job {job.id})")
        except SendraftError as exc:
            flash("error", str(exc))

    st.button("Answer again" if draft.consultation else "Answer the questions", key="answer-start", type="primary",
              icon=":material/auto_awesome:", on_click=start, disabled=chosen is None,
              help="Accepted and edited answers stay; the others are drafted again from the points")

if draft.consultation is None:
    st.info("No answers yet. Choose the consultation document and answer its questions: each is answered from this "
            "response's points, or marked 'no position yet' for you to decide." if doc_ids else
            "No ingested policy document has numbered questions: ingest the consultation document (Corpus page or "
            "`sendraft ingest --kind policy`) first.")
    st.stop()

answers = draft.consultation.answers
counts = summary(answers)
st.caption(f"{plain(draft.consultation.title)} · {len(answers)} questions · "
           + " · ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items() if n) + f" · version {version}")
with st.container(horizontal=True):
    st.download_button("Download answers (DOCX)", lambda: answers_docx_bytes(ws.drafts.current(rid)[0]), file_name="answers.docx",
                       icon=":material/download:", on_click="ignore", key="answers-docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    st.download_button("Download answers (CSV)", lambda: answers_csv(ws.drafts.current(rid)[0]).encode("utf-8-sig"),
                       file_name="answers.csv", icon=":material/download:", on_click="ignore", key="answers-csv", mime="text/csv")

points = {p.id: p for p in points_of(draft)}
problems = flagged(draft)
for answer in ops.in_review_order(answers):
    aid, rev = answer.id, answer.rev
    with st.container(border=True, key=f"answer-{aid}"):
        head, badge = st.columns([6, 1], vertical_alignment="center")
        head.markdown(f"**Question {plain(answer.number)}** · {plain(answer.question)}")
        with badge:
            status_badge(answer.status)
        if f"editing-answer-{aid}" in st.session_state:
            seen = st.session_state[f"editing-answer-{aid}"]
            choices = [None, *answer.options]
            stance = st.selectbox("Stance", choices, index=choices.index(answer.stance) if answer.stance in choices else 0,
                                  key=f"answer-stance-{aid}", format_func=lambda o: o or NO_POSITION,
                                  disabled=not answer.options)
            text = st.text_area("Answer", value=answer.text, key=f"answer-text-{aid}")
            left, right = st.columns(2)
            left.button("Save", key=f"answer-save-{aid}", type="primary",
                        on_click=lambda a=aid, r=seen: _save(lambda d: ops.edit_answer(d, a, r, st.session_state[f"answer-stance-{a}"],
                                                                                     st.session_state[f"answer-text-{a}"]),
                                                             "Answer saved", a, st.session_state[f"answer-text-{a}"]))
            right.button("Cancel", key=f"answer-cancel-{aid}", on_click=lambda a=aid: st.session_state.pop(f"editing-answer-{a}", None))
        else:
            shown = stance_label(answer)
            if shown:
                st.markdown(f"**Stance:** {plain(shown)}")
            if answer.reason:
                st.warning(plain(answer.reason), icon=":material/flag:")
            if answer.text:
                st.markdown(plain(answer.text))
            with st.container(horizontal=True, gap="small"):
                if answer.status in ("drafted", "edited"):
                    st.button("Accept", key=f"answer-accept-{aid}", icon=":material/check:", type="tertiary",
                              on_click=_save, args=(lambda d, a=aid, r=rev: ops.accept_answer(d, a, r), "Answer accepted", aid))
                st.button("Edit", key=f"answer-edit-{aid}", icon=":material/edit:", type="tertiary",
                          on_click=lambda a=aid, r=rev: st.session_state.__setitem__(f"editing-answer-{a}", r))
        for problem in problems.get(aid, []):
            st.error(plain(problem), icon=":material/report:")
        drawn = [points[i] for i in answer.point_ids if i in points]
        if drawn:
            with st.expander(f"Points it draws on ({len(drawn)} of {len(answer.bearing)} that bear on it)"):
                for p in drawn:
                    st.page_link("views/workspace.py", label=plain(p.text if len(p.text) <= 90 else p.text[:90] + "…"),
                                 icon=":material/arrow_outward:",
                                 query_params={"response": rid, "area": p.area_id, "point": p.id})
                    st.caption(f"{p.section.replace('_', ' ')} · {p.status} · {len(p.citations)} citations")
