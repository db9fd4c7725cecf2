"""The catalog: documents, passages and positions in SQLite, the source of truth.

A document's ingest is one unit of work: written as 'pending' with its passages, its
vectors stored, then switched to 'complete' in the same transaction that retires the
version it replaces. Retired versions leave a tombstone until their vectors are deleted,
so a crash at any point is repaired by `pending_work()` on the next start.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterator

from assistant.models import Document, Passage, Position
from assistant.store.derived import DerivedData

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL,
    publisher TEXT, date TEXT, source TEXT NOT NULL, url TEXT, n_pages INTEGER, n_chars INTEGER,
    status TEXT NOT NULL CHECK (status IN ('pending', 'complete')),
    ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);
CREATE TABLE IF NOT EXISTS passages (
    id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, text TEXT NOT NULL, text_sha TEXT NOT NULL,
    page_start INTEGER, page_end INTEGER, heading_path TEXT NOT NULL, paragraph TEXT,
    char_start INTEGER NOT NULL, char_end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_document ON passages(document_id);
CREATE TABLE IF NOT EXISTS positions (
    id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, area_id TEXT NOT NULL, section TEXT NOT NULL,
    subheading TEXT, parent TEXT, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS positions_area ON positions(area_id, section);
CREATE TABLE IF NOT EXISTS tombstones (
    passage_id TEXT PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS passage_areas (
    passage_id TEXT NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    framework_key TEXT NOT NULL, area_id TEXT NOT NULL, score REAL NOT NULL,
    PRIMARY KEY (passage_id, area_id)
);
CREATE TABLE IF NOT EXISTS position_vectors (
    position_id TEXT PRIMARY KEY REFERENCES positions(id) ON DELETE CASCADE,
    model TEXT NOT NULL, vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS generation (
    only INTEGER PRIMARY KEY CHECK (only = 1), value INTEGER NOT NULL
);
INSERT OR IGNORE INTO generation VALUES (1, 0);
"""

_DOC_COLUMNS = "id, sha256, title, kind, publisher, date, source, url, n_pages, n_chars"


class Catalog(DerivedData):
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._local = threading.local()  # one connection per thread: the app's sessions and its job worker
        self._opened: list[sqlite3.Connection] = []
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.executescript(_SCHEMA)

    @property
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, isolation_level=None, timeout=30, check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys = ON")
            self._local.db = db
            self._opened.append(db)
        return db

    def close(self) -> None:
        for db in self._opened:
            db.close()
        self._opened.clear()
        self._local = threading.local()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # --- reading -------------------------------------------------------------------------

    def _document(self, row: sqlite3.Row) -> Document:
        counts = self._db.execute(
            "SELECT (SELECT COUNT(*) FROM passages WHERE document_id = ?), "
            "(SELECT COUNT(*) FROM positions WHERE document_id = ?)",
            (row["id"], row["id"]),
        ).fetchone()
        data = {k: row[k] for k in row.keys() if k in Document.model_fields}
        return Document(**data, passage_count=counts[0], position_count=counts[1])

    def documents(self) -> list[Document]:
        rows = self._db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE status = 'complete' ORDER BY kind, date, title"
        ).fetchall()
        return [self._document(r) for r in rows]

    def get(self, document_id: str) -> Document | None:
        row = self._db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ? AND status = 'complete'", (document_id,)
        ).fetchone()
        return self._document(row) if row else None

    def matching(
        self, kinds: list[str] | None = None, document_ids: list[str] | None = None,
        date_from: date | None = None, date_to: date | None = None,
    ) -> set[str]:
        """Ids of complete documents passing every filter given (a document with no date fails a date filter)."""
        clauses, args = ["status = 'complete'"], []
        if kinds:
            clauses.append(f"kind IN ({','.join('?' * len(kinds))})")
            args += kinds
        if document_ids:
            clauses.append(f"id IN ({','.join('?' * len(document_ids))})")
            args += document_ids
        if date_from:
            clauses.append("date >= ?")
            args.append(date_from.isoformat())
        if date_to:
            clauses.append("date <= ?")
            args.append(date_to.isoformat())
        return {r["id"] for r in self._db.execute(f"SELECT id FROM documents WHERE {' AND '.join(clauses)}", args)}

    def resolve(self, prefix: str) -> list[str]:
        """Complete documents whose id starts with prefix (users type short ids)."""
        rows = self._db.execute(
            "SELECT id FROM documents WHERE status = 'complete' AND id LIKE ? ESCAPE '\\'",
            (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
        ).fetchall()
        return [r["id"] for r in rows]

    def by_source(self, source: str) -> Document | None:
        row = self._db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE source = ? AND status = 'complete'", (source,)
        ).fetchone()
        return self._document(row) if row else None

    def passages(self, document_id: str | None = None) -> list[Passage]:
        sql = "SELECT * FROM passages" + (" WHERE document_id = ?" if document_id else "") + " ORDER BY document_id, ordinal"
        rows = self._db.execute(sql, (document_id,) if document_id else ()).fetchall()
        return [_passage(r) for r in rows]

    def passages_by_id(self, ids: list[str]) -> dict[str, Passage]:
        return {row["id"]: _passage(row) for row in self._rows_in("SELECT * FROM passages WHERE id IN ({})", ids)}

    def _rows_in(self, sql: str, ids: list[str]) -> Iterator[sqlite3.Row]:
        """Rows of `sql` (with one `IN ({})`) for ids, in batches under SQLite's variable limit."""
        for i in range(0, len(ids), 500):
            batch = ids[i:i + 500]
            yield from self._db.execute(sql.format(",".join("?" * len(batch))), batch)

    def passage_hashes(self, document_id: str) -> dict[str, str]:
        """text sha -> passage id, for reusing embeddings of unchanged text."""
        rows = self._db.execute("SELECT id, text_sha FROM passages WHERE document_id = ?", (document_id,))
        return {r["text_sha"]: r["id"] for r in rows}

    def positions(self, document_id: str | None = None, area_id: str | None = None) -> list[Position]:
        clauses, args = [], []
        if document_id:
            clauses.append("document_id = ?")
            args.append(document_id)
        if area_id:
            clauses.append("area_id = ?")
            args.append(area_id)
        clauses.append("document_id IN (SELECT id FROM documents WHERE status = 'complete')")
        where = f" WHERE {' AND '.join(clauses)}"
        rows = self._db.execute(f"SELECT * FROM positions{where} ORDER BY document_id, ordinal", args).fetchall()
        return [Position(**dict(r)) for r in rows]

    # --- the ingest unit of work ---------------------------------------------------------

    def begin(self, document: Document, passages: list[Passage], text_shas: list[str], positions: list[Position]) -> None:
        """Record a new version as pending, with its passages and positions."""
        with self._transaction() as db:
            db.execute(
                f"INSERT INTO documents ({_DOC_COLUMNS}, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')",
                (
                    document.id, document.sha256, document.title, document.kind, document.publisher,
                    document.date.isoformat() if document.date else None, document.source, document.url,
                    document.n_pages, document.n_chars,
                ),
            )
            db.executemany(
                "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (p.id, p.document_id, p.ordinal, p.text, sha, p.page_start, p.page_end,
                     json.dumps(p.heading_path), p.paragraph, p.char_start, p.char_end)
                    for p, sha in zip(passages, text_shas)
                ],
            )
            db.executemany(
                "INSERT INTO positions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(q.id, q.document_id, q.ordinal, q.area_id, q.section, q.subheading, q.parent, q.text) for q in positions],
            )

    def complete(self, document_id: str, replaces: str | None = None) -> list[str]:
        """Make the new version visible and retire the old one atomically; returns ids to unindex."""
        with self._transaction() as db:
            retired: list[str] = []
            if replaces:
                retired = [r["id"] for r in db.execute("SELECT id FROM passages WHERE document_id = ?", (replaces,))]
                db.executemany("INSERT OR IGNORE INTO tombstones VALUES (?)", [(i,) for i in retired])
                db.execute("DELETE FROM documents WHERE id = ?", (replaces,))
            db.execute("UPDATE documents SET status = 'complete' WHERE id = ?", (document_id,))
            _bump(db)
        return retired

    def remove(self, document_id: str) -> list[str]:
        """Delete a document (or roll back a pending version) with its passages and positions.

        Returns the passage ids whose vectors must now be deleted; they stay tombstoned until then.
        """
        with self._transaction() as db:
            ids = [r["id"] for r in db.execute("SELECT id FROM passages WHERE document_id = ?", (document_id,))]
            db.executemany("INSERT OR IGNORE INTO tombstones VALUES (?)", [(i,) for i in ids])
            db.execute("DELETE FROM documents WHERE id = ?", (document_id,))
            _bump(db)
        return ids

    def update_metadata(self, document_id: str, **fields: object) -> None:
        allowed = {"title", "kind", "publisher", "date", "url", "source"}
        updates = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items() if k in allowed}
        if updates:
            assignments = ", ".join(f"{k} = ?" for k in updates)
            with self._transaction() as db:
                db.execute(f"UPDATE documents SET {assignments} WHERE id = ?", (*updates.values(), document_id))
                _bump(db)

    def generation(self) -> int:
        """A counter bumped by every change to what is searchable: derived indexes compare it."""
        return self._db.execute("SELECT value FROM generation").fetchone()[0]

    def searchable(self) -> list[tuple[str, str, str]]:
        """(passage id, text, document id) of every passage of every complete document."""
        rows = self._db.execute(
            "SELECT p.id, p.text, p.document_id FROM passages p JOIN documents d ON d.id = p.document_id "
            "WHERE d.status = 'complete' ORDER BY p.id"
        )
        return [(r[0], r[1], r[2]) for r in rows]

    # --- recovery --------------------------------------------------------------------------

    def pending(self) -> list[str]:
        return [r["id"] for r in self._db.execute("SELECT id FROM documents WHERE status = 'pending'")]

    def tombstones(self) -> list[str]:
        return [r["passage_id"] for r in self._db.execute("SELECT passage_id FROM tombstones")]

    def clear_tombstones(self, passage_ids: list[str]) -> None:
        with self._transaction() as db:
            db.executemany("DELETE FROM tombstones WHERE passage_id = ?", [(i,) for i in passage_ids])


def _bump(db: sqlite3.Connection) -> None:
    db.execute("UPDATE generation SET value = value + 1")


def _passage(row: sqlite3.Row) -> Passage:
    data = dict(row)
    data.pop("text_sha", None)
    data["heading_path"] = json.loads(data["heading_path"])
    return Passage(**data)
