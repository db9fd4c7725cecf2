"""Crash safety with real subprocesses killed by SIGKILL (no clean-up code runs):
- mid-ingest: on reopen every document is wholly present or wholly absent, and Chroma and
  BM25 hold exactly the catalog's passages; the ingest run again completes;
- mid-save: the last version a writer saw committed is intact, every version loads;
- mid-draft-job: the job shows as interrupted, the response is unchanged, a new job completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.ingest.pipeline import Ingestor
from assistant.models import AreaDraft, ResponseDraft
from assistant.settings import Settings
from assistant.store import Store
from assistant.workspace.service import Workspace
from tests.conftest import REPO, SAMPLES
from tests.jobs import draft_and_wait

pytestmark = pytest.mark.usefixtures("hash_embeddings")


def _spawn(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def _corpus(directory: Path, n: int) -> list[Path]:
    directory.mkdir()
    base = (SAMPLES / "send-reform-briefing-2026.md").read_text()
    paths = []
    for i in range(n):
        path = directory / f"briefing-{i:02d}.md"
        path.write_text(f"{base}\n\nA closing note that makes copy {i} its own document.\n")
        paths.append(path)
    return paths


def _pending_seen(catalog: Path, timeout: float = 120) -> bool:
    """Poll the catalog until an ingest is mid-document (a pending row) after two have completed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            db = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True, timeout=1)
            rows = dict(db.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
            db.close()
        except sqlite3.Error:
            rows = {}
        if rows.get("pending") and rows.get("complete", 0) >= 2:
            return True
        time.sleep(0.002)
    return False


def test_an_ingest_killed_mid_document_leaves_a_consistent_store(tmp_path):
    paths = _corpus(tmp_path / "corpus", 40)
    settings = Settings()
    for round_ in range(2):  # killed twice, then run to the end
        ingest = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", str(tmp_path / "corpus")], cwd=REPO,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert _pending_seen(settings.catalog_path), "the ingest never got mid-document"
        _kill(ingest)
        store = Store(Settings())  # reopening recovers
        assert store.catalog.pending() == []
        assert store.check() == [], store.check()
        done = len(store.catalog.documents())
        assert 2 <= done < len(paths), done
        store.close()
    report = Ingestor(Store(Settings())).ingest([tmp_path / "corpus"])
    assert not report.failed
    store = Store(Settings())
    assert len(store.catalog.documents()) == len(paths) and store.check() == []


_SAVER = """
import sys
from assistant.models import AreaDraft, ResponseDraft
from assistant.settings import Settings
from assistant.workspace.service import Workspace
ws = Workspace(Settings())
rid = sys.argv[1]
for i in range(100000):
    ws.add(rid, "funding", "issues", f"saved point number {i}", "writer")
    print(i, flush=True)
"""


def test_a_writer_killed_mid_save_loses_no_committed_version(tmp_path):
    ws = Workspace(Settings())
    area = AreaDraft(area_id="funding", title="Funding", model="human", prompt_version="-")
    rid = ws.drafts.create(ResponseDraft(title="Crash test", created_at="2026-12-01T00:00:00+00:00", areas=[area]), "test").id
    writer = _spawn(_SAVER, rid)
    last = -1
    while last < 40:
        line = writer.stdout.readline()
        assert line, writer.stderr.read()
        last = int(line)
    _kill(writer)
    ws = Workspace(Settings())
    draft, version = ws.drafts.current(rid)
    texts = [b.text for a in draft.areas for b in a.issues]
    assert f"saved point number {last}" in texts  # what the writer saw committed is there
    assert texts == [f"saved point number {i}" for i in range(len(texts))]  # in order, none lost, none torn
    for v in range(1, version + 1):
        ws.drafts.version(rid, v)  # every version loads
    assert len(ws.drafts.history(rid)) == version
    ws.add(rid, "funding", "issues", "after the crash", "test")
    assert ws.drafts.current(rid)[1] == version + 1


_DRAFTER = """
import sys, time
from assistant.models import AreaDraft, ResponseDraft
from assistant.settings import Settings
from assistant.workspace.service import Workspace
ws = Workspace(Settings())
job = ws.start_draft(sys.argv[1], ["funding", "support"], "drafter")
ws.run_jobs()
print(job.id, flush=True)
time.sleep(600)
"""


def test_a_draft_job_killed_mid_way_is_interrupted_the_response_unchanged_and_it_restarts(fake_store, monkeypatch):
    monkeypatch.setenv("SENDRAFT_FAKE_TOKEN_DELAY", "0.05")
    ws = Workspace(Settings())
    rid = ws.create("Crash test", None, None, "test").id
    before = ws.drafts.current(rid)
    drafter = _spawn(_DRAFTER, rid)
    job_id = int(drafter.stdout.readline())
    deadline = time.monotonic() + 60
    while not (ws.jobs.get(job_id).state == "running" and ws.jobs.get(job_id).tokens) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ws.jobs.get(job_id).state == "running"
    _kill(drafter)
    time.sleep(6)  # the dead worker's heartbeat goes stale (it beats every 3 s)
    assert ws.jobs.sweep(stale=5) == 1
    job = ws.jobs.get(job_id)
    assert job.state == "interrupted" and not job.active
    assert ws.drafts.current(rid) == before  # nothing half-drafted was saved
    monkeypatch.setenv("SENDRAFT_FAKE_TOKEN_DELAY", "0")
    ws = Workspace(Settings())
    draft_and_wait(ws, rid, ["funding"])
    assert [a.area_id for a in ws.drafts.current(rid)[0].areas] == ["funding"]
