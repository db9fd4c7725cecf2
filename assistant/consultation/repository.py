"""A consultation's questions, stored with its document in the catalog's SQLite file.

Extraction is done once per consultation: the first request extracts and stores, every later
one reads. The questions hang off the catalog's `documents` row (ON DELETE CASCADE), so
removing or replacing the document removes them too; a separate `question_extractions` row
records that extraction was done (also when a document has no questions), and by which
version of the rules, so a later version can be told apart.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from assistant.consultation.models import ConsultationQuestion

_SCHEMA = """
CREATE TABLE IF NOT EXISTS question_extractions (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    extractor TEXT NOT NULL, source TEXT NOT NULL,
    extracted_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS questions (
    document_id TEXT NOT NULL REFERENCES question_extractions(document_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, number TEXT NOT NULL, text TEXT NOT NULL, format TEXT NOT NULL,
    options TEXT NOT NULL, chapter TEXT, page INTEGER,
    PRIMARY KEY (document_id, ordinal)
);
"""


class QuestionRepository:
    """Questions per document id in the catalog file (the catalog must have created `documents`)."""

    def __init__(self, catalog_path: Path) -> None:
        self._path = catalog_path
        with closing(self._connect()) as db:
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._path, isolation_level=None, timeout=30)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys = ON")
        return db

    def extracted(self, document_id: str) -> bool:
        with closing(self._connect()) as db:
            row = db.execute("SELECT 1 FROM question_extractions WHERE document_id = ?", (document_id,)).fetchone()
        return row is not None

    def get(self, document_id: str) -> list[ConsultationQuestion] | None:
        """The stored questions in document order; None when the document was never extracted."""
        if not self.extracted(document_id):
            return None
        with closing(self._connect()) as db:
            rows = db.execute("SELECT * FROM questions WHERE document_id = ? ORDER BY ordinal", (document_id,)).fetchall()
        return [
            ConsultationQuestion(number=r["number"], text=r["text"], format=r["format"], options=json.loads(r["options"]),
                                 chapter=r["chapter"], page=r["page"])
            for r in rows
        ]

    def put(self, document_id: str, questions: list[ConsultationQuestion], extractor: str, source: str) -> None:
        """Replace the document's questions in one transaction."""
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM question_extractions WHERE document_id = ?", (document_id,))
                db.execute("INSERT INTO question_extractions (document_id, extractor, source) VALUES (?, ?, ?)",
                           (document_id, extractor, source))
                db.executemany(
                    "INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(document_id, n, q.number, q.text, q.format, json.dumps(q.options), q.chapter, q.page)
                     for n, q in enumerate(questions)],
                )
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
