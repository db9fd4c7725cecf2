"""The vector index: a real Chroma collection, embedded on disk or on a `chroma run` server.

Chroma is only ever given vectors we computed with the configured LangChain `Embeddings`;
the collection's embedding function is an adapter over the same model, so Chroma's own
default (which downloads a model) is never instantiated. Telemetry is off.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable
from urllib.parse import urlparse

import chromadb
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.config import Settings as ChromaSettings
from langchain_core.embeddings import Embeddings

from assistant.errors import StoreError
from assistant.models import Passage
from assistant.settings import Settings

_BATCH = 1000


class LangChainEmbeddingFunction(EmbeddingFunction[Documents]):
    """Lets Chroma embed with our LangChain model, should it ever need to."""

    def __init__(self, embeddings: Callable[[], Embeddings], model: str) -> None:
        self._embeddings = embeddings  # a factory: the model loads only when something is embedded
        self._model = model

    def __call__(self, input: Documents) -> Any:
        return self._embeddings().embed_documents(list(input))

    def embed_query(self, input: Documents) -> Any:
        return [self._embeddings().embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "sendraft-langchain"

    def get_config(self) -> dict[str, Any]:
        return {"model": self._model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "LangChainEmbeddingFunction":
        raise StoreError("the sendraft collection must be opened through sendraft (it embeds with its own model)")

    def default_space(self) -> str:
        return "cosine"


def make_client(settings: Settings):
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise StoreError(f"SENDRAFT_CHROMA_URL {settings.chroma_url!r} is not a URL like http://127.0.0.1:8000")
        try:
            return chromadb.HttpClient(
                host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https", settings=chroma_settings,
            )
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError here
            raise StoreError(f"cannot reach the Chroma server at {settings.chroma_url}: {exc}") from None
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def passage_metadata(passage: Passage, kind: str, title: str, text_sha: str) -> dict[str, Any]:
    """Flat metadata for filtering in Chroma (no None values: Chroma rejects them)."""
    meta: dict[str, Any] = {
        "document_id": passage.document_id, "ordinal": passage.ordinal, "kind": kind, "title": title,
        "text_sha": text_sha, "char_start": passage.char_start, "char_end": passage.char_end,
        "heading_path": " > ".join(passage.heading_path),
    }
    if passage.page_start is not None:
        meta["page_start"] = passage.page_start
        meta["page_end"] = passage.page_end or passage.page_start
    if passage.paragraph:
        meta["paragraph"] = passage.paragraph
    return meta


class VectorStore:
    """The passages' vectors in Chroma. The collection opens on first use, so what needs only the
    catalog (the workspace's drafts, history, exports) keeps working while a server is down; the
    first search or ingest then fails with a clear StoreError, and the next use tries again."""

    def __init__(self, settings: Settings, embeddings: Callable[[], Embeddings], model: str) -> None:
        self._settings, self._embeddings, self._model = settings, embeddings, model
        self._opened = None
        self._lock = threading.Lock()
        if not settings.chroma_url:  # the embedded store is a directory: open it now, as before
            self._open()

    @property
    def _collection(self):
        return self._opened if self._opened is not None else self._open()

    def _open(self):
        with self._lock:
            if self._opened is not None:
                return self._opened
            settings, model = self._settings, self._model
            deadline = time.monotonic() + 120
            while True:
                try:
                    collection = make_client(settings).get_or_create_collection(
                        name=settings.collection,
                        embedding_function=LangChainEmbeddingFunction(self._embeddings, model),
                        configuration={"hnsw": {"space": "cosine"}},
                        metadata={"embedding_model": model},
                    )
                    break
                except Exception as exc:
                    # Another process writing the embedded store holds its SQLite file for a moment.
                    if "database is locked" in str(exc) and time.monotonic() < deadline:
                        time.sleep(0.5)
                        continue
                    where = f" at {settings.chroma_url}" if settings.chroma_url else ""
                    raise StoreError(f"cannot open Chroma collection {settings.collection!r}{where}: {exc}") from None
            stored_model = (collection.metadata or {}).get("embedding_model")
            if stored_model and stored_model != model:
                raise StoreError(
                    f"collection {settings.collection!r} was built with embedding model {stored_model!r}, "
                    f"not {model!r}: use another SENDRAFT_COLLECTION or re-ingest into a new home"
                )
            self._opened = collection
            return collection

    def count(self) -> int:
        return self._collection.count()

    def ids(self) -> set[str]:
        """Every stored passage id (for consistency checks)."""
        return set(self._collection.get(include=[])["ids"])

    def upsert(self, ids: list[str], texts: list[str], vectors: list[list[float]], metadatas: list[dict]) -> None:
        for i in range(0, len(ids), _BATCH):
            self._collection.upsert(
                ids=ids[i:i + _BATCH], documents=texts[i:i + _BATCH],
                embeddings=vectors[i:i + _BATCH], metadatas=metadatas[i:i + _BATCH],
            )

    def vectors(self, ids: list[str]) -> dict[str, list[float]]:
        """Stored vectors by passage id (those that exist)."""
        out: dict[str, list[float]] = {}
        for i in range(0, len(ids), _BATCH):
            got = self._collection.get(ids=ids[i:i + _BATCH], include=["embeddings"])
            for pid, vector in zip(got["ids"], got["embeddings"]):
                out[pid] = [float(x) for x in vector]
        return out

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), _BATCH):
            self._collection.delete(ids=ids[i:i + _BATCH])

    def update_metadata(self, ids: list[str], metadatas: list[dict]) -> None:
        for i in range(0, len(ids), _BATCH):
            self._collection.update(ids=ids[i:i + _BATCH], metadatas=metadatas[i:i + _BATCH])

    def query(self, text: str, k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) of the k nearest passages."""
        size = self._collection.count()  # one round trip: on a server each call is a request
        if k <= 0 or size == 0:
            return []
        result = self._collection.query(
            query_embeddings=[self._embeddings().embed_query(text)],
            n_results=min(k, size), where=where or None, include=["distances"],
        )
        return [(pid, 1.0 - float(dist)) for pid, dist in zip(result["ids"][0], result["distances"][0])]
