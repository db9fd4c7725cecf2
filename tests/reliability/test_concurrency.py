"""Concurrency across processes: two ingests into one home at once (real subprocesses, the
embedded Chroma store) both finish, and the store is consistent with every document in it.
Two editors saving one point is tests/workspace (a conflict, never a lost update); ten
browser sessions at once is tests/e2e/test_shared.py; the load test is bench/load.py."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.settings import Settings
from assistant.store import Store
from tests.conftest import REPO
from tests.reliability.test_crash_safety import _corpus

pytestmark = pytest.mark.usefixtures("hash_embeddings")


def test_two_ingests_into_one_home_at_once_both_land_consistently(tmp_path):
    first = _corpus(tmp_path / "first", 12)
    second = _corpus(tmp_path / "second", 12)  # the same texts: the second run's files are duplicates ...
    for path in second:
        path.write_text(path.read_text() + "\nA line only the second folder has.\n")  # ... made distinct
    runs = [subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", str(folder)], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for folder in (tmp_path / "first", tmp_path / "second")]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0, err[-2000:]
    store = Store(Settings())
    assert len(store.catalog.documents()) == len(first) + len(second)
    assert store.check() == []
