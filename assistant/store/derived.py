"""The catalog's derived data: area scores of passages and vectors of past positions.

Both can always be recomputed from what the catalog and the vector index hold, so they are
filled in after an ingest, and again whenever the framework or the embedding model changes.
Mixed into Catalog, whose connection and transactions they use.
"""

from __future__ import annotations

from assistant.models import Position


class DerivedData:
    def passages_without_areas(self, framework_key: str) -> list[str]:
        """Complete passages with no scores for this framework (new, or scored under another)."""
        with self._transaction() as db:
            db.execute("DELETE FROM passage_areas WHERE framework_key != ?", (framework_key,))
        rows = self._db.execute(
            "SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.status = 'complete' "
            "AND NOT EXISTS (SELECT 1 FROM passage_areas a WHERE a.passage_id = p.id) ORDER BY p.id"
        )
        return [r[0] for r in rows]

    def set_area_scores(self, framework_key: str, scores: dict[str, dict[str, float]]) -> None:
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO passage_areas VALUES (?, ?, ?, ?)",
                [(pid, framework_key, area, score) for pid, by_area in scores.items() for area, score in by_area.items()],
            )

    def area_scores(self, passage_ids: list[str]) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for pid, area, score in self._rows_in("SELECT passage_id, area_id, score FROM passage_areas WHERE passage_id IN ({})", passage_ids):
            out.setdefault(pid, {})[area] = round(score, 4)
        return out

    def top_for_area(self, area_id: str, limit: int, documents: set[str] | None = None) -> list[tuple[str, float]]:
        """Passages ranked by how specifically they are about an area (optionally within some documents)."""
        # Centred on the passage's mean over all areas: a passage about everything (an overview)
        # must not outrank one specifically about this area.
        sql = ("SELECT a.passage_id, a.score - (SELECT AVG(b.score) FROM passage_areas b WHERE b.passage_id = a.passage_id) "
               "AS specific FROM passage_areas a JOIN passages p ON p.id = a.passage_id "
               "JOIN documents d ON d.id = p.document_id WHERE d.status = 'complete' AND a.area_id = ?")
        args: list = [area_id]
        if documents is not None:
            sql += f" AND p.document_id IN ({','.join('?' * len(documents))})"
            args += sorted(documents)
        rows = self._db.execute(sql + " ORDER BY specific DESC LIMIT ?", [*args, limit])
        return [(r[0], r[1]) for r in rows]

    def positions_without_vectors(self, model: str) -> list[Position]:
        with self._transaction() as db:
            db.execute("DELETE FROM position_vectors WHERE model != ?", (model,))
        rows = self._db.execute(
            "SELECT * FROM positions q WHERE NOT EXISTS (SELECT 1 FROM position_vectors v WHERE v.position_id = q.id) "
            "ORDER BY document_id, ordinal"
        )
        return [Position(**dict(r)) for r in rows]

    def set_position_vectors(self, model: str, vectors: dict[str, bytes]) -> None:
        with self._transaction() as db:
            db.executemany("INSERT OR REPLACE INTO position_vectors VALUES (?, ?, ?)", [(k, model, v) for k, v in vectors.items()])

    def position_vectors(self, position_ids: list[str]) -> dict[str, bytes]:
        rows = self._rows_in("SELECT position_id, vector FROM position_vectors WHERE position_id IN ({})", position_ids)
        return {r[0]: r[1] for r in rows}
