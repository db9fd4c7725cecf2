"""The ingest pipeline against the real Chroma store, embedded and server (see `backend`)."""

from __future__ import annotations

import shutil

import pytest

from assistant.ingest.pipeline import Ingestor
from assistant.models import DocumentMeta
from assistant.settings import Settings
from assistant.store import Store
from tests.badfiles import make_bad_files
from tests.conftest import SAMPLES, SEED

pytestmark = pytest.mark.usefixtures("hash_embeddings")


def _store() -> Store:
    return Store(Settings())


def _snapshot(store: Store) -> tuple:
    docs = [(d.id, d.title, d.kind, d.passage_count, d.position_count) for d in store.catalog.documents()]
    return docs, store.vectors.count(), len(store.catalog.positions())


def _response_then_edit(tmp_path):
    """The seed ingested as a response, then its file edited: (path, store, result, snapshot before)."""
    path = tmp_path / "response.md"
    path.write_text(SEED.read_text())
    store = _store()
    old = Ingestor(store).ingest_file(path, DocumentMeta(kind="response"))
    before = _snapshot(store)
    path.write_text(SEED.read_text() + "\n\nA new closing paragraph.\n")
    return path, store, old, before


def test_sample_corpus_ingests_and_reingest_computes_nothing(backend):
    store = _store()
    first = Ingestor(store).ingest([SAMPLES])
    assert not first.failed
    statuses = sorted(r.status for r in first.results)
    assert statuses == ["added", "added", "added", "added", "duplicate"]  # DOCX and Markdown editions read the same text
    response = next(d for d in store.catalog.documents() if d.kind == "response")
    assert response.position_count == 117 and response.date.isoformat() == "2026-05-15"
    assert store.vectors.count() == sum(d.passage_count for d in store.catalog.documents())
    before = _snapshot(store)

    again = Ingestor(store).ingest([SAMPLES])
    assert again.embedded == 0
    assert {r.status for r in again.results} <= {"unchanged", "duplicate"}
    assert _snapshot(store) == before


def test_changed_file_replaces_old_version_and_reuses_unchanged_vectors(backend, tmp_path):
    path = tmp_path / "briefing.md"
    text = (SAMPLES / "send-reform-briefing-2026.md").read_text()
    path.write_text(text)
    store = _store()
    first = Ingestor(store).ingest_file(path, DocumentMeta(kind="policy"))
    path.write_text(text.replace("£1.8 billion over three years", "£2 billion over four years"))
    second = Ingestor(store).ingest_file(path, DocumentMeta(kind="policy"))
    assert second.status == "replaced" and second.document_id != first.document_id
    assert second.embedded == 1 and second.reused == second.passages - 1
    ids = [d.id for d in store.catalog.documents()]
    assert ids == [second.document_id]
    assert store.vectors.count() == second.passages
    assert not store.catalog.passages(first.document_id)


def test_failure_part_way_keeps_the_old_version(backend, tmp_path, monkeypatch):
    path, store, old, before = _response_then_edit(tmp_path)

    def broken_upsert(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.vectors, "upsert", broken_upsert)
    with pytest.raises(RuntimeError, match="disk full"):
        Ingestor(store).ingest_file(path, DocumentMeta(kind="response"))
    assert _snapshot(store) == before
    assert store.catalog.get(old.document_id) is not None


def test_crash_between_steps_is_repaired_on_next_start(backend, tmp_path):
    """A process killed after writing vectors but before completing leaves nothing half-done."""
    path, store, old, before = _response_then_edit(tmp_path)
    ingestor = Ingestor(store)
    store.catalog.complete = lambda *a, **k: (_ for _ in ()).throw(SystemExit("killed"))  # dies at the commit point
    store.catalog.remove = lambda *a, **k: []  # ...and its clean-up never runs
    with pytest.raises(SystemExit):
        ingestor.ingest_file(path, DocumentMeta(kind="response"))
    assert store.vectors.count() > before[1]  # new vectors are orphaned on disk

    restarted = _store()  # the next start rolls the pending version back
    assert _snapshot(restarted) == before
    assert restarted.catalog.get(old.document_id) is not None


def test_remove_deletes_document_passages_and_positions(backend):
    store = _store()
    Ingestor(store).ingest([SEED], {"kind": "response"})
    document = store.catalog.documents()[0]
    removed_doc, removed = store.remove(document.id[:6])
    assert removed_doc.id == document.id and removed == document.passage_count
    assert store.catalog.documents() == [] and store.vectors.count() == 0 and store.catalog.positions() == []


def test_bad_files_are_reported_good_files_ingested_store_unchanged(backend, tmp_path):
    store = _store()
    Ingestor(store).ingest([SEED], {"kind": "response"})
    before = _snapshot(store)
    bad = make_bad_files(tmp_path / "bad")
    good = tmp_path / "good.md"
    shutil.copy(SAMPLES / "send-reform-briefing-2026.md", good)
    paths = [p for p, _ in bad.values()] + [good]
    report = Ingestor(store).ingest(paths, {"kind": "policy"})
    failed = {r.path: r.reason for r in report.failed}
    assert set(failed) == {str(p) for p, _ in bad.values()}
    for path, phrase in bad.values():
        assert phrase in failed[str(path)]
    assert [r.status for r in report.results if r.path == str(good)] == ["added"]
    docs_after, _, positions_after = _snapshot(store)
    assert set(before[0]) <= set(docs_after) and len(docs_after) == len(before[0]) + 1
    assert positions_after == before[2]


def test_metadata_from_flags_overrides_manifest_and_updates_without_embedding(backend):
    store = _store()
    Ingestor(store).ingest([SAMPLES / "send-reform-briefing-2026.pdf"])
    doc = store.catalog.documents()[0]
    assert doc.kind == "policy" and doc.title.endswith("(PDF edition)")  # from the manifest
    report = Ingestor(store).ingest([SAMPLES / "send-reform-briefing-2026.pdf"], {"title": "Renamed", "kind": "evidence"})
    assert report.results[0].status == "updated" and report.embedded == 0
    doc = store.catalog.get(doc.id)
    assert (doc.title, doc.kind) == ("Renamed", "evidence")
    hits = store.vectors.query("Experts at Hand", 3, where={"kind": "evidence"})
    assert hits, "the vector index's kind filter follows the catalog"
