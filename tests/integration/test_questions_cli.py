"""`sendraft questions extract` on the sample consultation's DOCX and PDF: the gold of
evals/datasets/questions-sample.jsonl reproduced, from a file and from an ingested document
(its file, then its stored questions, then, with the file gone, its stored text)."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tests.conftest import REPO

SAMPLE = REPO / "corpus" / "consultation" / "send-reform-consultation-2026"
GOLD = REPO / "evals" / "datasets" / "questions-sample.jsonl"
FIELDS = ["number", "text", "format", "options", "chapter", "page"]
runner = CliRunner()
pytestmark = pytest.mark.usefixtures("hash_embeddings")


def gold(suffix: str) -> list[dict]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{k: r[k] for k in FIELDS} for r in rows if r["document"].endswith(f"send-reform-consultation-2026.{suffix}")]


def extract(*args: str, code: int = 0):
    result = runner.invoke(app, ["questions", "extract", *args])
    assert result.exit_code == code, result.output
    return result


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_a_file_gives_the_gold_questions(suffix):
    found = json.loads(extract(str(SAMPLE.with_suffix(f".{suffix}")), "--json").stdout)
    assert len(found) == 17 and all(list(q) == FIELDS for q in found)
    assert found == gold(suffix)


def test_the_table_names_every_question():
    out = extract(str(SAMPLE.with_suffix(".pdf"))).stdout
    assert "17 questions" in out and "agree scale" in out and "Annex" not in out


@pytest.mark.integration  # an ingest into a real store: seconds
def test_an_ingested_document_is_extracted_once_then_read_and_survives_its_file(tmp_path):
    copy = tmp_path / "consultation.pdf"
    shutil.copy(SAMPLE.with_suffix(".pdf"), copy)
    result = runner.invoke(app, ["ingest", str(copy), "--kind", "policy"])
    assert result.exit_code == 0, result.output
    doc_id = json.loads(runner.invoke(app, ["docs", "list", "--json"]).stdout)[0]["id"]

    first = extract(doc_id, "--json")
    assert json.loads(first.stdout) == gold("pdf")
    again = extract(doc_id[:6])
    assert "from its stored questions" in again.stdout

    copy.unlink()  # the file is gone: the stored text is read
    assert "from its stored text" in extract(doc_id, "--refresh").stdout
    assert json.loads(extract(doc_id, "--refresh", "--json").stdout) == gold("pdf")


def test_bad_input_is_named(tmp_path):
    assert "no such file" in extract(str(tmp_path / "missing.pdf"), code=2).output
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert "empty.docx" in extract(str(empty), code=2).output and "empty file" in extract(str(empty), code=2).output
    notes = tmp_path / "notes.rtf"
    notes.write_text("{\\rtf1 hello}")
    assert "unsupported file type .rtf" in extract(str(notes), code=2).output
    assert "is a folder" in extract(str(tmp_path), code=2).output
    assert "no ingested document" in extract("0123abcd", code=2).output
