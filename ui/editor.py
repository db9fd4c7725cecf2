"""The workspace's two panes for one area: the evidence, and the three sections' points.

Every operation is a callback that saves through the workspace at once (a new version), with
the revision of the bullet as this page showed it: if someone changed it since, the save is a
conflict, shown with both texts, never an overwrite.
"""

from __future__ import annotations

import streamlit as st

from assistant.drafts.export import view_of
from assistant.errors import SendraftError
from assistant.models import AreaDraft, Bullet
from assistant.retrieval.search import hits_for
from assistant.workspace import operations as ops
from session import author, plain, workspace
from widgets import chip, status_badge

SECTION_TITLES = {"positives": "Positives", "issues": "Issues", "ways_forward": "Ways forward"}


def flash(kind: str, message: str) -> None:
    st.session_state["flash"] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop("flash", (None, None))
    if kind == "ok":
        st.toast(message, icon=":material/done:")
    elif kind == "error":
        st.error(message, icon=":material/error:")
    conflict = st.session_state.get("conflict")
    if conflict:
        with st.container(border=True):
            st.error("Not saved: someone else changed this point since you opened it.", icon=":material/sync_problem:")
            st.markdown(f"**Their text (saved):** {plain(conflict['theirs'])}")
            if conflict.get("mine"):
                st.markdown(f"**Your text (not saved):** {plain(conflict['mine'])}")
            left, right = st.columns(2)
            left.button("Keep theirs", key="conflict-keep", on_click=lambda: st.session_state.pop("conflict", None))
            if conflict.get("mine"):
                right.button("Save mine over theirs", key="conflict-mine", on_click=_save_mine_anyway)


def _save_mine_anyway() -> None:
    conflict = st.session_state.pop("conflict")
    save_edit(conflict["response"], conflict["bullet"], None, conflict["mine"])


def run(response_id: str, change, done: str | None = None) -> None:
    """Apply one operation now; its outcome is shown on the rerun."""
    try:
        _draft, version = workspace().apply(response_id, change, author())
        flash("ok", done or f"Saved (version {version})")
    except ops.Conflict as exc:
        st.session_state["conflict"] = {"theirs": exc.theirs, "mine": exc.mine, "response": response_id, "bullet": exc.bullet_id}
    except SendraftError as exc:
        flash("error", str(exc))


def save_edit(response_id: str, bullet_id: str, rev: int | None, text: str) -> None:
    try:
        _draft, version = workspace().edit(response_id, bullet_id, rev, text, author())
        st.session_state.pop(f"editing-{bullet_id}", None)
        flash("ok", f"Saved (version {version}); the citations are being re-verified")
    except ops.Conflict as exc:
        st.session_state["conflict"] = {"theirs": exc.theirs, "mine": exc.mine, "response": response_id, "bullet": bullet_id}
    except SendraftError as exc:
        flash("error", str(exc))


def _toggle_passage(response_id: str, area: AreaDraft, pid: str, which: str) -> None:
    pinned, excluded = list(area.pinned), list(area.excluded)
    target = pinned if which == "pinned" else excluded
    target.remove(pid) if pid in target else target.append(pid)
    other = excluded if which == "pinned" else pinned
    if pid in other and pid in target:
        other.remove(pid)
    run(response_id, lambda d: ops.set_area(d, area.area_id, pinned=pinned, excluded=excluded),
        "Pinned passages are used when the area is regenerated" if which == "pinned" else "Excluded from regeneration")


def evidence(response_id: str, area: AreaDraft) -> None:
    """The passages retrieved for the area, filterable by document, each with pin and exclude."""
    ws = workspace()
    ids = list(dict.fromkeys([*area.pinned, *area.passages_used, *area.excluded]))
    hits = hits_for(ws.store, [(pid, 0.0) for pid in ids], len(ids)) if ids else []
    st.subheader(f"Evidence ({len(hits)})")
    titles = sorted({h.title for h in hits})
    chosen = st.multiselect("Documents", titles, key=f"docs-{area.area_id}", placeholder="All documents")
    for hit in hits:
        if chosen and hit.title not in chosen:
            continue
        with st.container(border=True):
            where = " · ".join(x for x in (f"p. {hit.page}" if hit.page else "", f"para {hit.paragraph}" if hit.paragraph else "") if x)
            score = hit.area_scores.get(area.area_id)
            st.caption(" · ".join(x for x in (plain(hit.title), where, f"area score {score:.2f}" if score is not None else "") if x))
            text = " ".join(hit.text.split())
            st.markdown(f":small[{plain(text if len(text) <= 480 else text[:480] + ' …')}]")
            left, right = st.columns(2)
            left.toggle("Pin", value=hit.id in area.pinned, key=f"pin-{area.area_id}-{hit.id}",
                        on_change=_toggle_passage, args=(response_id, area, hit.id, "pinned"))
            right.toggle("Exclude", value=hit.id in area.excluded, key=f"excl-{area.area_id}-{hit.id}",
                         on_change=_toggle_passage, args=(response_id, area, hit.id, "excluded"))


def _actions(response_id: str, bullet: Bullet, section: str) -> None:
    bid, rev = bullet.id, bullet.rev
    with st.container(horizontal=True, gap="small"):
        if bullet.status not in ("accepted", "edited", "human"):
            st.button("Accept", key=f"accept-{bid}", icon=":material/check:", type="tertiary",
                      on_click=run, args=(response_id, lambda d: ops.set_status(d, bid, rev, "accepted"), "Accepted"))
        st.button("Edit", key=f"edit-{bid}", icon=":material/edit:", type="tertiary",
                  on_click=lambda: st.session_state.__setitem__(f"editing-{bid}", rev))
        st.button("Reject", key=f"reject-{bid}", icon=":material/close:", type="tertiary",
                  on_click=run, args=(response_id, lambda d: ops.set_status(d, bid, rev, "rejected"), "Rejected (restorable below)"))
        st.button("Up", key=f"up-{bid}", icon=":material/arrow_upward:", type="tertiary", help="Move up",
                  on_click=run, args=(response_id, lambda d: ops.move(d, bid, rev, delta=-1)))
        st.button("Down", key=f"down-{bid}", icon=":material/arrow_downward:", type="tertiary", help="Move down",
                  on_click=run, args=(response_id, lambda d: ops.move(d, bid, rev, delta=1)))
        with st.popover("Move", key=f"movepop-{bid}", type="tertiary"):
            for other in SECTION_TITLES:
                if other != section:
                    st.button(f"To {SECTION_TITLES[other]}", key=f"move-{bid}-{other}",
                              on_click=run, args=(response_id, lambda d, o=other: ops.move(d, bid, rev, section=o)))
        with st.popover("Note", key=f"notepop-{bid}", type="tertiary"):
            st.text_area("Editor's note", value=bullet.note or "", key=f"note-{bid}")
            st.button("Save note", key=f"savenote-{bid}",
                      on_click=lambda: run(response_id, lambda d: ops.set_note(d, bid, rev, st.session_state[f"note-{bid}"])))
        with st.popover("Delete", key=f"delpop-{bid}", type="tertiary"):
            st.write("Delete this point for good? (Reject keeps it restorable.)")
            st.button("Delete", key=f"delete-{bid}", type="primary",
                      on_click=run, args=(response_id, lambda d: ops.delete(d, bid, rev), "Deleted"))


def bullet_card(response_id: str, bullet: Bullet, section: str, passages: dict[str, str]) -> None:
    with st.container(border=True, key=f"card-{bullet.id}"):
        editing = f"editing-{bullet.id}" in st.session_state
        head, text = st.columns([1, 6], vertical_alignment="top")
        with head:
            status_badge(bullet.status)
        if editing:
            rev = st.session_state[f"editing-{bullet.id}"]
            text.text_area("Text", value=bullet.text, key=f"text-{bullet.id}", label_visibility="collapsed")
            left, right = text.columns(2)
            left.button("Save", key=f"save-{bullet.id}", type="primary",
                        on_click=lambda: save_edit(response_id, bullet.id, rev, st.session_state[f"text-{bullet.id}"]))
            right.button("Cancel", key=f"cancel-{bullet.id}", on_click=lambda: st.session_state.pop(f"editing-{bullet.id}", None))
        else:
            text.markdown(plain(bullet.text))
            if view_of(bullet):
                text.caption(f"The forum's judgement: {plain(view_of(bullet))}")
            if bullet.kernel and bullet.kernel != bullet.text:
                text.caption(f"The fact it rests on: {plain(bullet.kernel)}")
        if bullet.citations:
            chips = st.columns(min(len(bullet.citations), 3))
            for n, c in enumerate(bullet.citations):
                with chips[n % len(chips)]:
                    chip(c, passages.get(c.passage_id), key=f"chip-{bullet.id}-{n}")
        elif bullet.kind != "recommendation":
            st.caption(":orange[needs evidence: no verified citation]")
        if bullet.closest_position is not None:
            pos = bullet.closest_position
            st.caption(f"Closest past position ({plain(pos.title)}{', ' + pos.date if pos.date else ''}): {plain(pos.text)}")
        if bullet.note:
            st.caption(f":material/sticky_note_2: Editor's note: {plain(bullet.note)}")
        if not editing:
            _actions(response_id, bullet, section)


def _add_form(response_id: str, area: AreaDraft, section: str) -> None:
    ws = workspace()
    with st.expander(f"Add a point to {SECTION_TITLES[section]}", icon=":material/add:"):
        with st.form(f"add-{area.area_id}-{section}", clear_on_submit=True, border=False):
            text = st.text_area(f"Your point for {SECTION_TITLES[section]}", key=f"addtext-{area.area_id}-{section}")
            ids = list(dict.fromkeys([*area.pinned, *area.passages_used]))
            hits = hits_for(ws.store, [(pid, 0.0) for pid in ids], len(ids)) if ids else []
            passage = st.selectbox("Cite a passage (optional)", [None, *hits], key=f"addpassage-{area.area_id}-{section}",
                                   format_func=lambda h: "No citation" if h is None else f"{h.title} · {' '.join(h.text.split())[:80]}")
            quote = st.text_input("Quote from that passage", key=f"addquote-{area.area_id}-{section}")
            if st.form_submit_button(f"Add to {SECTION_TITLES[section]}"):
                try:
                    _d, version, _id = ws.add(response_id, area.area_id, section, text, author(),
                                              passage.id if passage else None, quote)
                    flash("ok", f"Added (version {version})")
                    st.rerun()
                except SendraftError as exc:
                    st.error(str(exc))


def sections(response_id: str, area: AreaDraft) -> None:
    ws = workspace()
    cited = [c.passage_id for bs in area.sections().values() for b in bs for c in b.citations]
    passages = {pid: p.text for pid, p in ws.store.catalog.passages_by_id(cited).items()}
    for section, bullets in area.sections().items():
        kept = [b for b in bullets if b.kept]
        st.subheader(f"{SECTION_TITLES[section]} ({len(kept)})")
        if not kept:
            st.caption("Nothing here yet.")
        for bullet in kept:
            bullet_card(response_id, bullet, section, passages)
        rejected = [b for b in bullets if not b.kept]
        if rejected:
            with st.expander(f"Rejected ({len(rejected)})", icon=":material/delete_sweep:"):
                for b in rejected:
                    left, right = st.columns([5, 1])
                    left.markdown(f"~~{plain(b.text)}~~")
                    right.button("Restore", key=f"restore-{b.id}",
                                 on_click=run, args=(response_id, lambda d, b=b: ops.set_status(d, b.id, b.rev, "drafted"), "Restored"))
        _add_form(response_id, area, section)
