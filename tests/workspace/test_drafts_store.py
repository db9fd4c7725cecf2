"""The drafts store and the workspace service, on a real SQLite file and the fake chat model:
versions, history, restore, conflicts between editors, import of CLI drafts, draft jobs."""

import threading
import time

import docx
import pytest

from assistant.drafts.repository import save_draft
from assistant.models import AreaDraft, Bullet, ResponseDraft
from assistant.workspace import operations as ops
from assistant.workspace.jobs import Jobs
from assistant.workspace.service import Workspace
from assistant.workspace.store import DraftStore


def _saved(home, title="From the CLI"):
    area = AreaDraft(area_id="funding", title="Funding", model="m", prompt_version="v",
                     positives=[Bullet(text="Welcome for the fund")], issues=[Bullet(text="Lack of clarity about the fund")])
    return save_draft(home, ResponseDraft(title=title, created_at="2026-12-01T10:00:00+00:00", areas=[area]))


def test_every_save_is_a_version_with_history_and_restore(home):
    store = DraftStore(home)
    _saved(home)
    (home / "drafts" / "draft-broken.json").write_text("{not json")
    imported = store.import_drafts(home / "drafts")
    assert len(imported) == 1 and store.import_drafts(home / "drafts") == []  # once; a broken file is skipped
    rid = imported[0].id
    draft, version = store.current(rid)
    bid = draft.areas[0].positives[0].id
    store.apply(rid, lambda d: ops.edit(d, bid, 0, "Welcome for the new fund", []), "ann")
    store.apply(rid, lambda d: ops.set_status(d, bid, 1, "accepted"), "bob")
    history = store.history(rid)
    assert [h.version for h in history] == [3, 2, 1] and [h.author for h in history[:2]] == ["bob", "ann"]
    assert history[1].summary.startswith("edited")
    store.restore(rid, 1, "ann")
    now, v = store.current(rid)
    assert v == 4 and now.areas[0].positives[0].text == "Welcome for the fund" and len(store.history(rid)) == 4


def test_two_editors_saving_the_same_bullet_conflict_and_nothing_is_lost(home):
    store = DraftStore(home)
    _saved(home)
    rid = store.import_drafts(home / "drafts")[0].id
    draft, _ = store.current(rid)
    positive, issue = draft.areas[0].positives[0], draft.areas[0].issues[0]
    store.apply(rid, lambda d: ops.edit(d, positive.id, positive.rev, "Ann's wording", []), "ann")
    with pytest.raises(ops.Conflict) as caught:  # Bob read revision 0 too
        store.apply(rid, lambda d: ops.edit(d, positive.id, positive.rev, "Bob's wording", []), "bob")
    assert caught.value.theirs == "Ann's wording" and caught.value.mine == "Bob's wording"
    store.apply(rid, lambda d: ops.edit(d, issue.id, issue.rev, "Bob's issue", []), "bob")  # another bullet: fine
    final, version = store.current(rid)
    assert [final.areas[0].positives[0].text, final.areas[0].issues[0].text] == ["Ann's wording", "Bob's issue"] and version == 3


def test_concurrent_writers_are_serialised_without_lost_updates(home):
    store = DraftStore(home)
    _saved(home)
    rid = store.import_drafts(home / "drafts")[0].id

    def writer(n):
        for k in range(5):
            store.apply(rid, lambda d: ops.add(d, "funding", "issues", f"point {n}-{k}", [])[:2], f"w{n}")

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final, version = store.current(rid)
    assert version == 21 and len(final.areas[0].issues) == 1 + 20


def _wait(jobs: Jobs, job_id: int, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = jobs.get(job_id)
        if not job.active:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {jobs.get(job_id).state}")


def test_a_draft_job_drafts_an_area_keeps_accepted_points_and_exports(fake_store, tmp_path):
    ws = Workspace(fake_store.settings, fake_store)
    info = ws.create("Response to the white paper", None, None, "ann")
    job = ws.start_draft(info.id, ["funding"], "ann")
    with pytest.raises(Exception, match="already has a drafting job"):
        ws.start_draft(info.id, ["values"], "bob")
    ws.run_jobs()
    done = _wait(ws.jobs, job.id)
    assert done.state == "done", done.error
    draft, _ = ws.drafts.current(info.id)
    area = draft.areas[0]
    bullets = [b for bs in area.sections().values() for b in bs]
    assert area.area_id == "funding" and bullets and all(b.id for b in bullets) and area.passages_used
    keep, drop = area.positives[0], area.issues[0]
    ws.edit(info.id, keep.id, keep.rev, keep.text + " (edited)", "ann")
    ws.apply(info.id, lambda d: ops.set_status(d, drop.id, drop.rev, "rejected"), "ann")
    _draft, _version, human = ws.add(info.id, "funding", "ways_forward", "Ring-fence the inclusive mainstream fund", "ann")
    for job in ws.jobs.recent(kind="verify"):
        assert _wait(ws.jobs, job.id).state == "done"
    edited = ops.locate(ws.drafts.current(info.id)[0], keep.id).bullet
    assert edited.status == "edited" and all(c.verdict != "unverified" for c in edited.citations)  # the verifier ran
    again = ws.start_draft(info.id, ["funding"], "ann")
    assert _wait(ws.jobs, again.id).state == "done"
    final, _ = ws.drafts.current(info.id)
    assert ops.locate(final, keep.id).bullet.text.endswith("(edited)") and ops.locate(final, human).bullet.status == "human"
    assert ops.locate(final, drop.id).bullet.status == "rejected"
    path = ws.export(info.id, tmp_path / "out.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "(edited)" in text and "Ring-fence the inclusive mainstream fund" in text and drop.text not in text


def test_a_job_is_cancelled_and_a_dead_workers_job_is_interrupted(fake_store):
    ws = Workspace(fake_store.settings, fake_store)
    info = ws.create("R", None, None, "ann")
    queued = ws.start_draft(info.id, ["funding"], "ann")
    assert ws.jobs.cancel(queued.id).state == "cancelled"
    # A job some other (killed) process was running: its heartbeat stopped.
    job = ws.jobs.submit("draft", {"areas": ["values"]}, info.id)
    ws.jobs.claim()
    ws.jobs._write("UPDATE jobs SET heartbeat = ? WHERE id = ?", (time.time() - 60, job.id))
    assert ws.jobs.sweep() == 1 and ws.jobs.get(job.id).state == "interrupted"
    assert ws.drafts.current(info.id)[0].areas == []  # the response is unchanged
    assert ws.start_draft(info.id, ["values"], "ann").state == "queued"  # and can be started again
