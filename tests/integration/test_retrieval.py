"""Filters, per-area retrieval, area tagging and past positions on the real store."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import SendraftError
from assistant.ingest.pipeline import Ingestor
from assistant.models import SearchFilters
from assistant.retrieval.per_area import document_areas, retrieve_for_area
from assistant.retrieval.positions import past_positions
from assistant.retrieval.search import search
from assistant.settings import Settings
from assistant.store import Store
from tests.conftest import SAMPLES

pytestmark = pytest.mark.usefixtures("hash_embeddings")


@pytest.fixture
def store(backend) -> Store:
    store = Store(Settings())
    report = Ingestor(store).ingest([SAMPLES])
    assert report.scored == sum(r.passages for r in report.results if r.status == "added")
    assert report.positions_embedded == 117
    return store


def _ids(store: Store, kind: str) -> set[str]:
    return {d.id for d in store.catalog.documents() if d.kind == kind}


def test_filters_by_kind_document_and_date(store):
    response = next(iter(_ids(store, "response")))
    for mode in ("hybrid", "dense", "bm25"):
        hits = search(store, "funding for inclusion", k=10, mode=mode, filters=SearchFilters(document_ids=[response]))
        assert hits and all(h.document_id == response for h in hits)
    dated = search(store, "funding", k=10, filters=SearchFilters(date_from=date(2026, 6, 1)))
    assert dated and all(h.kind in ("policy", "evidence") for h in dated)  # the response is dated 2026-05-15
    assert search(store, "funding", filters=SearchFilters(date_to=date(2020, 1, 1))) == []
    evidence = search(store, "funding", filters=SearchFilters(kinds=["evidence"]))
    assert evidence and all(h.title.startswith("Briefing: how stakeholders reacted") for h in evidence)


def test_per_area_retrieval_returns_that_areas_passages(store):
    hits = retrieve_for_area(store, "funding", k=6, filters=SearchFilters(kinds=["policy"]))
    assert len(hits) == 6 and all(h.kind == "policy" for h in hits)
    assert sum("Funding" in " ".join(h.heading_path) for h in hits) >= 2
    assert all(set(h.area_scores) == {"values", "curriculum", "funding", "support", "workforce", "accountability"} for h in hits)
    focused = retrieve_for_area(store, "support", focus="Experts at Hand", k=3)
    assert any("Experts at Hand" in h.text for h in focused)
    with pytest.raises(SendraftError, match="unknown area 'money'"):
        retrieve_for_area(store, "money")
    assert retrieve_for_area(store, "funding", filters=SearchFilters(document_ids=["nope"])) == []


def test_editions_collapse_to_the_paged_citation(store):
    hits = search(store, "Experts at Hand educational psychologists Integrated Care Board", k=5, kind="policy")
    top = [h for h in hits if "Integrated Care Board" in h.text]
    assert len(top) == 1 and top[0].page is not None  # the PDF edition, not the DOCX twin


def test_document_areas_summary(store):
    briefing = next(d for d in store.catalog.documents() if d.title.endswith("(PDF edition)"))
    summary = document_areas(store, briefing.id[:8])
    assert [s.area_id for s in summary] == ["values", "curriculum", "funding", "support", "workforce", "accountability"]
    assert sum(s.passages for s in summary) == briefing.passage_count
    assert all(len(s.top) == 3 and s.top[0]["page"] for s in summary)
    result = CliRunner().invoke(app, ["areas", briefing.id, "--json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 6


def test_past_positions_all_or_by_topic(store):
    everything = past_positions(store, "support")
    assert len(everything) == 14 and everything[0].section == "positives" and everything[0].score is None
    ranked = past_positions(store, "support", query="Wales thresholds contested", k=3)
    assert len(ranked) == 3 and ranked[0].score >= ranked[1].score >= ranked[2].score
    assert all(p.area_id == "support" and p.title and p.date == "2026-05-15" for p in ranked)
    result = CliRunner().invoke(app, ["positions", "--area", "support", "--query", "Wales", "--k", "2", "--json"])
    rows = json.loads(result.stdout)
    assert len(rows) == 2 and {"text", "section", "subheading", "document_id", "title", "date"} <= set(rows[0])


def test_search_cli_area_without_query_and_json_fields(store):
    result = CliRunner().invoke(app, ["search", "--area", "accountability", "--k", "3", "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    for hit in hits:
        assert {"id", "text", "document_id", "title", "kind", "page", "paragraph", "score", "area_scores"} <= set(hit)
    bad = CliRunner().invoke(app, ["search", "funding", "--doc", "ffffffff"])
    assert bad.exit_code == 2 and "no document" in bad.output


def test_new_framework_rescores_without_reembedding_passages(store, tmp_path, monkeypatch):
    framework = tmp_path / "fw.yaml"
    framework.write_text(
        "name: Other\nsections:\n  - {id: positives, title: Positives}\n  - {id: issues, title: Issues}\n"
        "  - {id: ways_forward, title: Ways forward}\nareas:\n"
        "  - {id: money, title: Money, description: Budgets and grants., guiding_questions: ['Is it enough?']}\n"
    )
    monkeypatch.setenv("SENDRAFT_FRAMEWORK_PATH", str(framework))
    other = Store(Settings())
    assert other.ensure_area_scores() == sum(d.passage_count for d in other.catalog.documents())
    hit = search(other, "High Needs Block", k=1)[0]
    assert set(hit.area_scores) == {"money"}
