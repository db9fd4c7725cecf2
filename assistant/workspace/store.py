"""The drafts store: responses and every saved version of them, in SQLite under SENDRAFT_HOME.

A save is one transaction that appends a version (the whole response, who, when, what
changed) and moves the response's pointer to it, so a crash leaves the last committed version
intact, and history, diff and restore come free. Writers take SQLite's write lock first
(BEGIN IMMEDIATE), read the latest version, apply their operation and commit: concurrent
editors are serialised, and an operation on a bullet someone else changed raises `Conflict`.
The CLI and the UI share it: `sendraft draft` saves drafts/*.json, which are imported here.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from pydantic import BaseModel, Field

from assistant.errors import SendraftError
from assistant.models import ResponseDraft
from assistant.settings import opening_lock
from assistant.workspace.operations import with_ids

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL, policy_ids TEXT NOT NULL DEFAULT '[]', focus TEXT,
    imported_from TEXT, imported_sha TEXT
);
CREATE TABLE IF NOT EXISTS versions (
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE, version INTEGER NOT NULL,
    saved_at TEXT NOT NULL, author TEXT NOT NULL, summary TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (response_id, version)
);
"""

Change = Callable[[ResponseDraft], tuple[ResponseDraft, str]]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class ResponseInfo(BaseModel):
    id: str
    title: str
    created_at: str
    updated_at: str
    version: int
    policy_ids: list[str] = Field(default_factory=list)
    focus: str | None = None
    imported_from: str | None = None


class VersionInfo(BaseModel):
    version: int
    saved_at: str
    author: str
    summary: str


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the workspace's SQLite file (drafts and jobs share it); one per call, so
    any thread may use it."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=FULL")
    return db


def open_workspace_db(home: Path, schema: str) -> Path:
    """The workspace's SQLite file under home, in WAL mode, with `schema` applied."""
    path = home / "workspace.sqlite3"
    with opening_lock(home):
        db = connect(path)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(schema)
        finally:
            db.close()
    return path


class DraftStore:
    def __init__(self, home: Path) -> None:
        self.path = open_workspace_db(home, _SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return connect(self.path)

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    # -- reading ---------------------------------------------------------------------------

    def responses(self) -> list[ResponseInfo]:
        db = self._connect()
        try:
            return [_info(r) for r in db.execute("SELECT * FROM responses ORDER BY updated_at DESC, id")]
        finally:
            db.close()

    def info(self, response_id: str) -> ResponseInfo:
        db = self._connect()
        try:
            row = db.execute("SELECT * FROM responses WHERE id = ?", (response_id,)).fetchone()
        finally:
            db.close()
        if row is None:
            raise SendraftError(f"no response {response_id!r} in the workspace")
        return _info(row)

    def current(self, response_id: str) -> tuple[ResponseDraft, int]:
        """The latest version and its number."""
        version = self.info(response_id).version
        return self.version(response_id, version), version

    def version(self, response_id: str, version: int) -> ResponseDraft:
        db = self._connect()
        try:
            row = db.execute("SELECT body FROM versions WHERE response_id = ? AND version = ?", (response_id, version)).fetchone()
        finally:
            db.close()
        if row is None:
            raise SendraftError(f"response {response_id!r} has no version {version}")
        return ResponseDraft.model_validate_json(row["body"])

    def history(self, response_id: str) -> list[VersionInfo]:
        db = self._connect()
        try:
            rows = db.execute("SELECT version, saved_at, author, summary FROM versions WHERE response_id = ? ORDER BY version DESC",
                              (response_id,)).fetchall()
        finally:
            db.close()
        return [VersionInfo(**dict(r)) for r in rows]

    def resolve(self, prefix: str) -> ResponseInfo:
        """A response by id, unique id prefix, or exact title."""
        everything = self.responses()
        hits = [r for r in everything if r.id == prefix] or [r for r in everything if r.id.startswith(prefix)] \
            or [r for r in everything if r.title == prefix]
        if len(hits) != 1:
            raise SendraftError(f"no response matches {prefix!r}" if not hits else f"{prefix!r} matches {len(hits)} responses; give more of the id")
        return hits[0]

    # -- writing ---------------------------------------------------------------------------

    def create(self, draft: ResponseDraft, author: str, policy_ids: list[str] | None = None, focus: str | None = None,
               imported_from: str | None = None, imported_sha: str | None = None) -> ResponseInfo:
        response_id = f"r-{uuid.uuid4().hex[:8]}"
        draft = with_ids(draft)
        stamp = now()
        with self._writing() as db:
            db.execute("INSERT INTO responses VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)",
                       (response_id, draft.title, stamp, stamp, json.dumps(policy_ids or []), focus, imported_from, imported_sha))
            db.execute("INSERT INTO versions VALUES (?, 1, ?, ?, ?, ?)", (response_id, stamp, author,
                       f"imported {imported_from}" if imported_from else "created", draft.model_dump_json()))
        return self.info(response_id)

    def apply(self, response_id: str, change: Change, author: str) -> tuple[ResponseDraft, int]:
        """Apply `change` to the latest version and save the result as the next one; an error
        (a conflict, a bad edit) saves nothing."""
        with self._writing() as db:
            row = db.execute("SELECT version FROM responses WHERE id = ?", (response_id,)).fetchone()
            if row is None:
                raise SendraftError(f"no response {response_id!r} in the workspace")
            body = db.execute("SELECT body FROM versions WHERE response_id = ? AND version = ?", (response_id, row["version"])).fetchone()
            draft, summary = change(ResponseDraft.model_validate_json(body["body"]))
            version, stamp = row["version"] + 1, now()
            db.execute("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?)", (response_id, version, stamp, author, summary, draft.model_dump_json()))
            db.execute("UPDATE responses SET version = ?, updated_at = ?, title = ? WHERE id = ?", (version, stamp, draft.title, response_id))
        return draft, version

    def restore(self, response_id: str, version: int, author: str) -> tuple[ResponseDraft, int]:
        """A new version whose content is an old one's: restoring never deletes history."""
        old = self.version(response_id, version)
        return self.apply(response_id, lambda _: (old, f"restored version {version}"), author)

    def delete(self, response_id: str) -> None:
        with self._writing() as db:
            db.execute("DELETE FROM responses WHERE id = ?", (response_id,))

    def import_drafts(self, folder: Path, author: str = "sendraft draft") -> list[ResponseInfo]:
        """Each drafts/*.json not imported before becomes a response (a file changed since is
        imported again as a new one); a file that is not a draft is skipped, never fatal."""
        from assistant.drafts.repository import load_draft

        db = self._connect()
        try:
            seen = {(r["imported_from"], r["imported_sha"]) for r in db.execute("SELECT imported_from, imported_sha FROM responses")}
        finally:
            db.close()
        added = []
        for path in sorted(folder.glob("draft-*.json")):
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            if (path.name, sha) in seen:
                continue
            try:
                draft = load_draft(path)
            except SendraftError:
                continue
            added.append(self.create(draft, author, imported_from=path.name, imported_sha=sha))
        return added


def _info(row: sqlite3.Row) -> ResponseInfo:
    data = dict(row)
    data["policy_ids"] = json.loads(data["policy_ids"] or "[]")
    data.pop("imported_sha", None)
    return ResponseInfo(**data)
