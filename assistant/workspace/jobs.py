"""Background jobs (drafting areas, evaluation suites): state in SQLite, run by a worker thread
owned by the server process, so a draft outlives the page's reruns, a reload or a second tab
sees the same job, and a restart finds an interrupted job marked as such.

A running job's worker beats a heartbeat every few seconds; a job marked running whose
heartbeat has stopped (its process was killed) is marked interrupted by the next sweep. Each
drafted area is saved as soon as it is ready, so cancelling or a crash keeps the areas done.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from datetime import datetime, timezone
from typing import Callable

from pydantic import BaseModel, Field

from assistant.errors import SendraftError
from assistant.settings import Settings
from assistant.workspace.store import connect, open_workspace_db

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, response_id TEXT, payload TEXT NOT NULL,
    state TEXT NOT NULL, step TEXT NOT NULL DEFAULT '', tokens INTEGER NOT NULL DEFAULT 0, error TEXT,
    result TEXT, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, heartbeat REAL,
    cancel INTEGER NOT NULL DEFAULT 0, author TEXT NOT NULL DEFAULT ''
);
"""
ACTIVE = ("queued", "running")
STALE_SECONDS = 20.0
BEAT_SECONDS = 3.0


class JobCancelled(Exception):
    """Raised inside a job's callbacks when someone asked to cancel it."""


class JobInfo(BaseModel):
    id: int
    kind: str
    response_id: str | None = None
    payload: dict = Field(default_factory=dict)
    state: str
    step: str = ""
    tokens: int = 0
    error: str | None = None
    result: str | None = None
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    author: str = ""

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Jobs:
    """The job table (in the workspace's SQLite file)."""

    def __init__(self, settings: Settings) -> None:
        self.path = open_workspace_db(settings.home, _SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return connect(self.path)

    def _write(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        db = self._connect()
        try:
            return db.execute(sql, args)
        finally:
            db.close()

    def _rows(self, sql: str, args: tuple = ()) -> list[JobInfo]:
        db = self._connect()
        try:
            rows = db.execute(sql, args).fetchall()
        finally:
            db.close()
        return [JobInfo(**{**{k: r[k] for k in r.keys() if k not in ("heartbeat", "cancel")},
                           "payload": json.loads(r["payload"])}) for r in rows]

    def submit(self, kind: str, payload: dict, response_id: str | None = None, author: str = "") -> JobInfo:
        """Queue a job; a second job for a response that has one queued or running is refused."""
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            if response_id is not None:
                busy = db.execute("SELECT id, step FROM jobs WHERE response_id = ? AND state IN ('queued', 'running')",
                                  (response_id,)).fetchone()
                if busy is not None:
                    db.execute("ROLLBACK")
                    raise SendraftError(f"this response already has a drafting job (job {busy['id']}: "
                                        f"{busy['step'] or 'queued'}); wait for it or cancel it first")
            cursor = db.execute("INSERT INTO jobs (kind, response_id, payload, state, created_at, author) VALUES (?, ?, ?, 'queued', ?, ?)",
                                (kind, response_id, json.dumps(payload), _now(), author))
            db.execute("COMMIT")
            job_id = cursor.lastrowid
        finally:
            db.close()
        return self.get(job_id)

    def get(self, job_id: int) -> JobInfo:
        rows = self._rows("SELECT * FROM jobs WHERE id = ?", (job_id,))
        if not rows:
            raise SendraftError(f"no job {job_id}")
        return rows[0]

    def recent(self, limit: int = 20, response_id: str | None = None, kind: str | None = None) -> list[JobInfo]:
        where, args = [], []
        if response_id:
            where.append("response_id = ?"), args.append(response_id)
        if kind:
            where.append("kind = ?"), args.append(kind)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return self._rows(f"SELECT * FROM jobs {clause} ORDER BY id DESC LIMIT ?", (*args, limit))

    def active(self) -> list[JobInfo]:
        return self._rows("SELECT * FROM jobs WHERE state IN ('queued', 'running') ORDER BY id")

    def cancel(self, job_id: int) -> JobInfo:
        """A queued job is cancelled at once; a running one at its next step or token."""
        self._write("UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE id = ? AND state = 'queued'", (_now(), job_id))
        self._write("UPDATE jobs SET cancel = 1 WHERE id = ? AND state = 'running'", (job_id,))
        return self.get(job_id)

    def cancel_requested(self, job_id: int) -> bool:
        db = self._connect()
        try:
            row = db.execute("SELECT cancel FROM jobs WHERE id = ?", (job_id,)).fetchone()
        finally:
            db.close()
        return bool(row and row["cancel"])

    def claim(self) -> JobInfo | None:
        """The next queued job, now running (atomically: two workers never take one job).
        Verifying an edit is quick and an editor waits for it, so it goes first."""
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT id FROM jobs WHERE state = 'queued' ORDER BY kind != 'verify', id LIMIT 1").fetchone()
            if row is not None:
                db.execute("UPDATE jobs SET state = 'running', started_at = ?, heartbeat = ? WHERE id = ?",
                           (_now(), time.time(), row["id"]))
            db.execute("COMMIT")
        finally:
            db.close()
        return self.get(row["id"]) if row is not None else None

    def progress(self, job_id: int, step: str | None = None, tokens: int | None = None) -> None:
        sets, args = ["heartbeat = ?"], [time.time()]
        if step is not None:
            sets.append("step = ?"), args.append(step)
        if tokens is not None:
            sets.append("tokens = ?"), args.append(tokens)
        self._write(f"UPDATE jobs SET {', '.join(sets)} WHERE id = ?", (*args, job_id))

    def finish(self, job_id: int, state: str, error: str | None = None, result: str | None = None) -> None:
        self._write("UPDATE jobs SET state = ?, error = ?, result = ?, finished_at = ? WHERE id = ?",
                    (state, error, result, _now(), job_id))

    def sweep(self, stale: float = STALE_SECONDS) -> int:
        """Running jobs whose worker stopped beating (a killed server) become 'interrupted'."""
        cursor = self._write("UPDATE jobs SET state = 'interrupted', finished_at = ?, "
                             "error = 'the server stopped while this job ran; start it again' "
                             "WHERE state = 'running' AND (heartbeat IS NULL OR heartbeat < ?)", (_now(), time.time() - stale))
        return cursor.rowcount


Runner = Callable[[JobInfo, "JobContext"], str | None]


class JobContext:
    """What a running job reports through: steps, streamed tokens, and the cancel check."""

    def __init__(self, jobs: Jobs, job: JobInfo) -> None:
        self.jobs, self.job, self.tokens = jobs, job, 0
        self._last_write = 0.0

    def step(self, message: str) -> None:
        self._check()
        self.tokens = 0
        self.jobs.progress(self.job.id, step=message, tokens=0)

    def token(self, _piece: str = "") -> None:
        self.tokens += 1
        if time.monotonic() - self._last_write > 0.5:  # at most two writes a second
            self._last_write = time.monotonic()
            self._check()
            self.jobs.progress(self.job.id, tokens=self.tokens)

    def _check(self) -> None:
        if self.jobs.cancel_requested(self.job.id):
            raise JobCancelled()


class Worker:
    """One thread per process that runs queued jobs in order, with a heartbeat while it works."""

    def __init__(self, jobs: Jobs, runners: dict[str, Runner], idle: float = 0.5) -> None:
        self.jobs, self.runners, self.idle = jobs, runners, idle
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sendraft-jobs", daemon=True)
        self.current: int | None = None

    def start(self) -> "Worker":
        self.jobs.sweep()
        self._thread.start()
        threading.Thread(target=self._beat, name="sendraft-heartbeat", daemon=True).start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _beat(self) -> None:
        while not self._stop.wait(BEAT_SECONDS):
            if self.current is not None:
                self.jobs.progress(self.current)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.jobs.sweep()
            job = self.jobs.claim()
            if job is None:
                self._stop.wait(self.idle)
                continue
            self.current = job.id
            try:
                result = self.runners[job.kind](job, JobContext(self.jobs, job))
                self.jobs.finish(job.id, "done", result=result)
            except JobCancelled:
                self.jobs.finish(job.id, "cancelled", error="cancelled by an editor; the areas drafted before it stay")
            except Exception as exc:  # a job's failure is recorded and shown, never kills the worker
                message = str(exc) if isinstance(exc, SendraftError) else f"{type(exc).__name__}: {exc}"
                self.jobs.finish(job.id, "failed", error=message[:2000])
            finally:
                self.current = None


_workers: dict[str, Worker] = {}
_lock = threading.Lock()


def ensure_worker(settings: Settings, runners: dict[str, Runner]) -> Worker:
    """The process's worker for this home (started once, however many sessions ask)."""
    key = f"{os.getpid()}:{settings.home.resolve()}"
    with _lock:
        if key not in _workers:
            _workers[key] = Worker(Jobs(settings), runners).start()
        return _workers[key]


def stop_workers() -> None:
    """Stop every worker of this process (tests; a server's shutdown)."""
    with _lock:
        for worker in _workers.values():
            worker.stop()
        _workers.clear()
