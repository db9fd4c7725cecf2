"""The lexical index: BM25 (bm25s) over every searchable passage, kept in step with the catalog.

The index is rebuilt only when the catalog's generation counter has moved (an ingest, a
removal, a metadata change), saved under SENDRAFT_HOME, and loaded from there by later
processes; queries never rebuild it.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import bm25s
import numpy as np

from assistant.store.catalog import Catalog

logging.getLogger("bm25s").setLevel(logging.ERROR)

FORMAT = 2  # bumped when what meta.json holds changes; an index of another format is rebuilt


def _tokenize(texts: list[str]):
    return bm25s.tokenize(texts, stopwords="en", show_progress=False)


class LexicalIndex:
    def __init__(self, directory: Path, catalog: Catalog) -> None:
        self._dir = directory
        self._catalog = catalog
        self._generation: int | None = None
        self._ids: list[str] = []
        self._documents: np.ndarray = np.array([])  # document id of each passage, for filters
        self._bm25: bm25s.BM25 | None = None

    def _fresh(self) -> None:
        generation = self._catalog.generation()
        if generation == self._generation:
            return
        meta_path = self._dir / "meta.json"
        if meta_path.exists():
            meta = json.loads(meta_path.read_text())
            if meta.get("generation") == generation and meta.get("format") == FORMAT:
                self._load(meta, generation)
                return
        self._build(generation)

    def _load(self, meta: dict, generation: int) -> None:
        self._ids, self._documents = meta["ids"], np.array(meta["documents"])
        self._bm25 = bm25s.BM25.load(str(self._dir / "index"), mmap=False, show_progress=False) if self._ids else None
        self._generation = generation

    def _build(self, generation: int) -> None:
        rows = self._catalog.searchable()
        self._ids = [r[0] for r in rows]
        self._documents = np.array([r[2] for r in rows])
        self._bm25 = None
        if rows:
            self._bm25 = bm25s.BM25()
            self._bm25.index(_tokenize([r[1] for r in rows]), show_progress=False)
        staging = self._dir.with_name(self._dir.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(staging / "index"), show_progress=False)
        (staging / "meta.json").write_text(json.dumps({"format": FORMAT, "generation": generation, "ids": self._ids, "documents": self._documents.tolist()}))
        shutil.rmtree(self._dir, ignore_errors=True)
        staging.rename(self._dir)
        self._generation = generation

    def ids(self) -> set[str]:
        """The passage ids the BM25 index holds, brought up to date with the catalog first."""
        self._fresh()
        return set(self._ids)

    def query(self, text: str, k: int, documents: set[str] | None = None) -> list[tuple[str, float]]:
        """(passage id, BM25 score) of the best k passages sharing words with the query.

        `documents` limits the search to those document ids (None: all).
        """
        self._fresh()
        if self._bm25 is None or k <= 0:
            return []
        tokens = _tokenize([text])
        if not tokens.ids or not tokens.ids[0]:
            return []  # only stopwords or unknown words
        mask = None
        if documents is not None:
            mask = np.isin(self._documents, list(documents)).astype(np.float32)
            if not mask.any():
                return []
        k = min(k, len(self._ids))
        docs, scores = self._bm25.retrieve(tokens, k=k, show_progress=False, weight_mask=mask)
        return [(self._ids[i], float(s)) for i, s in zip(docs[0], scores[0]) if s > 0]
