"""Where passages live: the catalog (SQLite, the source of truth) and the vector index (Chroma).

`Store` is the one way in: it opens both, repairs any ingest interrupted by a crash, and keeps
them in step when documents are removed or their metadata changes.

Writers take the home's store lock (an OS file lock, released by the kernel if the process
dies): two ingests into one home run one after the other, and the crash repair at open runs
only when no live writer holds the lock, so it never rolls back another process's ingest.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import cached_property
from typing import Callable, Iterator

from filelock import FileLock, Timeout

from langchain_core.embeddings import Embeddings

from assistant.embeddings import make_embeddings, model_id
from assistant.errors import SendraftError, StoreError
from assistant.framework import Framework, load_framework
from assistant.models import Document
from assistant.settings import Settings
from assistant.store.catalog import Catalog
from assistant.store.lexical import LexicalIndex
from assistant.store.vectors import VectorStore
from assistant.tagging import framework_key, position_text, profiles, score_areas


class Store:
    def __init__(self, settings: Settings, embeddings: Embeddings | None = None) -> None:
        self.settings = settings
        settings.ensure_home()
        self._embeddings = embeddings
        with settings.opening_lock():
            self.catalog = Catalog(settings.catalog_path)
            self.vectors = VectorStore(settings, lambda: self.embeddings, model_id(settings.embedding_model))
        self._lock = FileLock(settings.home / "store.lock")
        try:
            with self._lock.acquire(timeout=0):
                self.recover()
        except Timeout:
            pass  # another process is writing: what is pending is its work in progress, not a crash's

    @contextmanager
    def writing(self, waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the home's store lock while writing (waits for another writer to finish)."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            if waiting:
                waiting()
            self._lock.acquire()
        try:
            yield
        finally:
            self._lock.release()

    @cached_property
    def embeddings(self) -> Embeddings:
        return self._embeddings or make_embeddings(self.settings.embedding_model, self.settings.embedding_batch_size)

    @cached_property
    def lexical(self) -> LexicalIndex:
        return LexicalIndex(self.settings.home / "lexical", self.catalog)

    @cached_property
    def framework(self) -> Framework:
        return load_framework(self.settings.framework_path)

    @property
    def model(self) -> str:
        return model_id(self.settings.embedding_model)

    def ensure_area_scores(self) -> int:
        """Score every passage lacking scores for the current framework and model; returns how many.

        Uses the stored vectors, so only the areas' own texts are embedded (once per process).
        """
        key = framework_key(self.framework, self.model)
        missing = self.catalog.passages_without_areas(key)
        if not missing:
            return 0
        if "_area_profiles" not in self.__dict__:
            self._area_profiles = profiles(self.framework, self.embeddings.embed_documents)
        vectors = self.vectors.vectors(missing)
        ids = [pid for pid in missing if pid in vectors]
        scores = score_areas([vectors[pid] for pid in ids], self._area_profiles)
        self.catalog.set_area_scores(key, dict(zip(ids, scores)))
        return len(ids)

    def ensure_position_vectors(self) -> int:
        """Embed the past positions that have no vector for the current model; returns how many."""
        import numpy as np

        missing = self.catalog.positions_without_vectors(self.model)
        if not missing:
            return 0
        vectors = self.embeddings.embed_documents([position_text(p) for p in missing])
        self.catalog.set_position_vectors(
            self.model, {p.id: np.asarray(v, dtype=np.float32).tobytes() for p, v in zip(missing, vectors)}
        )
        return len(missing)

    def recover(self) -> int:
        """Roll back ingests left pending by a crash and finish interrupted vector deletions."""
        for document_id in self.catalog.pending():
            self.catalog.remove(document_id)
        try:
            return self.discard(self.catalog.tombstones())
        except StoreError:  # a Chroma server that is down: the tombstones wait for the next start
            return 0

    def check(self) -> list[str]:
        """Inconsistencies between the catalog, the vector index and BM25 (none after recover):
        every catalogued document is wholly present in both indexes, and nothing else is."""
        catalogued = {p.id for d in self.catalog.documents() for p in self.catalog.passages(d.id)}
        problems = []
        for name, held in (("Chroma", self.vectors.ids()), ("BM25", self.lexical.ids())):
            if catalogued - held:
                problems.append(f"{len(catalogued - held)} catalogued passages missing from {name}")
            if held - catalogued:
                problems.append(f"{len(held - catalogued)} passages in {name} that the catalog does not hold")
        for document in self.catalog.documents():
            if document.passage_count != len(self.catalog.passages(document.id)):
                problems.append(f"{document.id}: {document.passage_count} passages recorded, "
                                f"{len(self.catalog.passages(document.id))} stored")
        return problems

    def discard(self, passage_ids: list[str]) -> int:
        """Delete tombstoned passages' vectors, then their tombstones."""
        if passage_ids:
            self.vectors.delete(passage_ids)
            self.catalog.clear_tombstones(passage_ids)
        return len(passage_ids)

    def resolve(self, prefix: str) -> Document:
        """A document by id or unique id prefix."""
        matches = self.catalog.resolve(prefix.strip())
        if not matches:
            raise SendraftError(f"no document with id {prefix!r} (see `sendraft docs list`)")
        if len(matches) > 1:
            raise SendraftError(f"id prefix {prefix!r} matches {len(matches)} documents; give more characters")
        return self.catalog.get(matches[0])

    def remove(self, prefix: str) -> tuple[Document, int]:
        document = self.resolve(prefix)
        with self.writing():
            return document, self.discard(self.catalog.remove(document.id))

    def update_metadata(self, document_id: str, changes: dict) -> None:
        """Change a document's metadata in the catalog and in the vector index's filters."""
        self.catalog.update_metadata(document_id, **changes)
        if "kind" in changes or "title" in changes:
            ids = [p.id for p in self.catalog.passages(document_id)]
            patch = {k: v for k, v in changes.items() if k in ("kind", "title")}
            self.vectors.update_metadata(ids, [patch] * len(ids))

    def close(self) -> None:
        self.catalog.close()
