"""Search modes on the real store; the BM25 index follows ingest, removal and metadata changes."""

from __future__ import annotations

import pytest

from assistant.errors import SendraftError
from assistant.ingest.pipeline import Ingestor
from assistant.retrieval.search import search
from assistant.settings import Settings
from assistant.store import Store
from tests.conftest import SAMPLES, SEED

pytestmark = pytest.mark.usefixtures("hash_embeddings")


def test_bm25_index_stays_in_step_with_the_store(backend):
    store = Store(Settings())
    assert search(store, "High Needs Block", mode="bm25") == []
    Ingestor(store).ingest([SEED], {"kind": "response"})
    hits = search(store, "High Needs Block", mode="bm25", k=3)
    assert hits and "High Needs Block" in hits[0].text

    later = Store(Settings())  # another process loads the saved index instead of rebuilding
    assert [h.id for h in search(later, "High Needs Block", mode="bm25", k=3)] == [h.id for h in hits]

    Ingestor(store).ingest([SAMPLES / "send-reform-briefing-2026.pdf"])
    assert search(store, "Tribunal placement", mode="bm25", kind="policy")
    store.remove(hits[0].document_id)
    assert all(h.kind == "policy" for h in search(store, "High Needs Block", mode="bm25", k=10))
    assert search(later, "High Needs Block", mode="bm25", kind="response") == []


def test_hybrid_fuses_and_collapses_editions(backend):
    store = Store(Settings())
    Ingestor(store).ingest([SAMPLES])
    hits = search(store, "Experts at Hand educational psychologists", k=10, kind="policy")
    texts = [" ".join(h.text.split()) for h in hits]
    assert len(texts) == len(set(texts))
    assert any("Experts at Hand" in t for t in texts[:3])


@pytest.mark.parametrize("query", ["", "   ", "the and of"])
def test_degenerate_queries(query):
    store = Store(Settings())
    Ingestor(store).ingest([SEED], {"kind": "response"})
    if query.strip():
        assert search(store, query, mode="bm25") == []
    else:
        with pytest.raises(SendraftError, match="empty"):
            search(store, query)


def test_very_long_query_is_truncated_not_fatal():
    store = Store(Settings())
    Ingestor(store).ingest([SEED], {"kind": "response"})
    assert search(store, "funding " * 2000, k=2)
