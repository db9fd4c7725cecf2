"""Hostile files through every way in (the loader, the ingest pipeline, the CLI as a real
subprocess, the workspace's upload): a clear message naming the file and the reason, nothing
stored partially, nothing stored before changed, the good files of the same run ingested.
Time and memory per file are measured by bench/hostile.py, not asserted here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from assistant.errors import LoadError
from assistant.ingest.loaders import LoadLimits, load_file
from assistant.ingest.pipeline import Ingestor
from assistant.ingest.uploads import ingest_uploads
from assistant.settings import Settings
from assistant.store import Store
from tests.conftest import REPO, SAMPLES, SEED
from tests.hostile import HOSTILE_NAMES, SCRIPT_MARKERS, make_hostile_files

pytestmark = pytest.mark.usefixtures("hash_embeddings")
LIMITS = LoadLimits(max_bytes=100_000_000)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return make_hostile_files(tmp_path_factory.mktemp("hostile"))


def _snapshot(store: Store) -> tuple:
    docs = sorted((d.id, d.title, d.kind, d.passage_count, d.sha256) for d in store.catalog.documents())
    passages = sorted(p.id for d in store.catalog.documents() for p in store.catalog.passages(d.id))
    return docs, passages, store.vectors.count(), len(store.catalog.positions())


REFUSED = ["truncated_pdf", "encrypted_pdf", "zero_bytes", "non_utf8", "image_only_pdf", "over_limit", "png_named_pdf",
           "zip_bomb_docx", "xxe_docx", "nul_bytes", "invalid_utf8_md", "five_mb_paragraph"]


@pytest.mark.parametrize("name", REFUSED)
def test_a_hostile_file_is_refused_with_its_name_and_reason(hostile, name):
    case = hostile[name]
    with pytest.raises(LoadError) as info:
        load_file(case.path, limits=LIMITS)
    assert str(info.value).startswith(str(case.path) + ": ")
    assert case.phrase in info.value.reason


def test_html_scripts_and_event_handlers_never_reach_the_text(hostile):
    document = load_file(hostile["scripted_html"].path, limits=LIMITS)
    text = " ".join(b.text for b in document.blocks)
    assert "Unions said the funding was not enough." in text and "Charities asked for statutory safeguards." in text
    assert not any(marker in text for marker in SCRIPT_MARKERS) and "injected" not in text


def test_ingest_refuses_each_hostile_file_ingests_the_good_and_changes_nothing_stored(hostile, tmp_path):
    store = Store(Settings())
    Ingestor(store).ingest([SEED], {"kind": "response"})
    before = _snapshot(store)
    good = tmp_path / "good.md"
    shutil.copy(SAMPLES / "send-reform-briefing-2026.md", good)
    report = Ingestor(store).ingest([h.path for h in hostile.values()] + [good], {"kind": "policy"})
    failed = {r.path: r.reason for r in report.failed}
    for name in REFUSED:
        assert hostile[name].phrase in failed[str(hostile[name].path)], name
    statuses = {r.path: r.status for r in report.results}
    assert statuses[str(good)] == "added" and statuses[str(hostile["scripted_html"].path)] == "added"
    docs, passages, vectors, positions = _snapshot(store)
    assert set(before[0]) <= set(docs) and len(docs) == len(before[0]) + 2
    assert set(before[1]) <= set(passages) and vectors == len(passages) and positions == before[3]
    html_id = next(r.document_id for r in report.results if r.path == str(hostile["scripted_html"].path))
    stored = " ".join(p.text for p in store.catalog.passages(html_id))
    assert not any(marker in stored for marker in SCRIPT_MARKERS)


def test_the_cli_names_every_hostile_file_and_escapes_control_characters(hostile, tmp_path):
    """`sendraft ingest` as a user runs it: one line per refused file, exit 1, the good file in."""
    odd = tmp_path / "bell\x07\x1b[31mred.md"
    odd.write_bytes(b"\x00binary")
    env = {**os.environ, "SENDRAFT_HOME": str(tmp_path / "cli-home"), "SENDRAFT_EMBEDDING_MODEL": "hash",
           "COLUMNS": "300"}
    paths = [str(h.path) for h in hostile.values()] + [str(odd), str(SEED)]
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", *paths], capture_output=True, text=True,
                            env=env, cwd=REPO, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    for name in REFUSED:
        assert any(hostile[name].path.name in line and hostile[name].phrase in line for line in lines), name
    assert "\x1b[31m" not in result.stderr and "\x07" not in result.stderr
    assert any("bell\\x07\\x1b[31mred.md" in line for line in lines), lines
    listed = subprocess.run([sys.executable, "-m", "assistant.cli", "docs", "list", "--json"], capture_output=True,
                            text=True, env=env, cwd=REPO, timeout=120)
    assert len(json.loads(listed.stdout)) == 2  # the seed and the HTML page, cleaned


def test_uploads_refuse_hostile_files_and_names_and_never_replace_a_kept_file(hostile, monkeypatch):
    monkeypatch.setenv("SENDRAFT_MAX_FILE_MB", "6")
    store = Store(Settings())
    kept = ingest_uploads(store, [("briefing.md", (SAMPLES / "send-reform-briefing-2026.md").read_bytes())], {"kind": "policy"})
    assert kept[0].ok, kept
    before = _snapshot(store)
    uploads = [(h.path.name, h.path.read_bytes()) for n, h in hostile.items() if n not in ("over_limit", "scripted_html")]
    uploads.append(("big.txt", b"x" * 6_000_001))
    uploads.append(("briefing.md", b"\x00 a hostile file under a kept file's name"))
    outcomes = ingest_uploads(store, uploads, {"kind": "policy"})
    assert not any(o.ok for o in outcomes)
    for (name, _), outcome in zip(uploads, outcomes):
        assert outcome.message.startswith(f"{name}: not ingested: "), outcome.message
    assert "over the 6 MB limit" in outcomes[-2].message
    assert _snapshot(store) == before
    folder = store.settings.home / "uploads"
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == ["briefing.md"]
    assert (folder / "briefing.md").read_bytes() == (SAMPLES / "send-reform-briefing-2026.md").read_bytes()
    assert not any((folder / ".staging").iterdir())

    for name, clean in HOSTILE_NAMES.items():
        [outcome] = ingest_uploads(store, [(name, b"# A note\n\nOne paragraph of a note.")], {"kind": "evidence"})
        assert outcome.ok and "\x1b" not in outcome.message and "\n" not in outcome.message
        assert (folder / clean).is_file()
    assert all(p.resolve().parent == folder.resolve() for p in folder.rglob("*") if p.is_file() and ".staging" not in p.parts)
