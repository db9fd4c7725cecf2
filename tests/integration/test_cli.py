"""The `sendraft` commands and their JSON interfaces, run in-process on the real store."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tests.badfiles import make_bad_files
from tests.conftest import SAMPLES

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("hash_embeddings")


def run(*args: str, code: int = 0):
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def test_ingest_list_search_remove_roundtrip():
    out = run("ingest", str(SAMPLES)).output
    assert "0 failed" in out
    docs = json.loads(run("docs", "list", "--json").stdout)
    assert len(docs) == 4  # the response, the briefing (PDF and DOCX; the Markdown is a duplicate), the reactions
    for doc in docs:
        assert {"id", "title", "kind", "source", "passage_count"} <= set(doc)
        assert doc["passage_count"] > 0
    hits = json.loads(run("search", "High Needs Block", "--k", "5", "--json").stdout)
    assert 1 <= len(hits) <= 5
    for hit in hits:
        assert {"id", "text", "document_id", "title", "kind", "page", "paragraph", "score"} <= set(hit)
    policy = json.loads(run("search", "Experts at Hand", "--kind", "policy", "--json").stdout)
    assert policy and all(h["kind"] == "policy" for h in policy)
    assert any(h["page"] for h in policy), "the PDF edition gives page numbers"

    response = next(d for d in docs if d["kind"] == "response")
    assert "removed" in run("docs", "remove", response["id"]).output
    assert len(json.loads(run("docs", "list", "--json").stdout)) == 3


def test_framework_json():
    data = json.loads(run("framework", "--json").stdout)
    assert [a["id"] for a in data["areas"]] == ["values", "curriculum", "funding", "support", "workforce", "accountability"]
    assert data["areas"][1]["title"] == "Curriculum, Assessment & Teaching"
    assert [s["id"] for s in data["sections"]] == ["positives", "issues", "ways_forward"]


def test_bad_files_give_nonzero_exit_and_name_each_file(tmp_path):
    bad = make_bad_files(tmp_path)
    result = run("ingest", *[str(p) for p, _ in bad.values()], str(SAMPLES / "forum-response-2026-05-15.md"), code=1)
    for path, _ in bad.values():
        assert path.name in result.output
    assert len(json.loads(run("docs", "list", "--json").stdout)) == 1


def test_usage_errors_are_clear():
    assert "unknown kind" in run("ingest", str(SAMPLES), "--kind", "memo", code=2).output
    assert "not a date" in run("ingest", str(SAMPLES), "--date", "15/05/2026", code=2).output
    assert "no such file" in run("ingest", "does/not/exist.pdf", code=2).output
    assert "give a QUERY, or --area" in run("search", "   ", code=2).output
    assert "unknown area" in run("search", "--area", "money", code=2).output
    assert "no document" in run("docs", "remove", "ffff", code=2).output


def test_positions_for_an_area():
    run("ingest", str(SAMPLES))
    rows = json.loads(run("positions", "--area", "funding", "--json").stdout)
    assert len(rows) == 6 + 19 + 4
    assert {r["section"] for r in rows} == {"positives", "issues", "ways_forward"}
    for row in rows:
        assert {"text", "section", "subheading", "document_id", "title", "date"} <= set(row)
        assert row["date"] == "2026-05-15"
    assert "unknown area 'money'" in run("positions", "--area", "money", code=2).output
