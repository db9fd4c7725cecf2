"""The CI regression gate: `sendraft eval run smoke` with the embedded models, against the
baseline committed under evals/baselines/. Fails when a figure falls beyond its threshold."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.integration


def test_smoke_suite_passes_its_gate(home, tmp_path):
    sendraft = shutil.which("sendraft")
    assert sendraft, "the sendraft command is not installed (pip install -e .)"
    out = tmp_path / "runs"
    done = subprocess.run([sendraft, "eval", "run", "smoke", "--out", str(out), "--json"], cwd=REPO,
                          capture_output=True, text=True, timeout=900, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    run = json.loads(done.stdout)
    assert run["gate"] and all(g["passed"] for g in run["gate"]), run["gate"]
    assert all(t["error"] is None for t in run["tasks"])
    assert {t["task"] for t in run["tasks"]} == {"retrieval", "tagging", "qa", "coverage"}
    assert (out / run["id"] / "report.html").is_file()
    print(f"smoke suite: {run['seconds']:.0f} s")
