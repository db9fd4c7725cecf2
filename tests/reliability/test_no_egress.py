"""No egress with the embedded defaults: ingest, ask, draft and the evaluation runner run as
real subprocesses (the real embedding model and the embedded chat model), each watched at the
socket level (tests/egress.py: strace, or an audit hook), and none reaches beyond loopback.
The workspace's server is watched the same way in tests/e2e/test_browser.py. The offline
switches the CI exports are removed first, so the product must set them itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLES
from tests.egress import egress, watched

pytestmark = pytest.mark.integration

OFFLINE_SWITCHES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY", "ANONYMIZED_TELEMETRY", "DO_NOT_TRACK",
             "STREAMLIT_BROWSER_GATHER_USAGE_STATS", "LANGCHAIN_TRACING_V2")

TINY_SUITE = """name: tiny
description: retrieval and tagging only (no chat model), for the no-egress test
corpus:
  paths: [{samples}]
tasks:
  - task: retrieval
    options:
      modes: [hybrid]
  - task: tagging
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDRAFT_") and k not in OFFLINE_SWITCHES}
    env.update(SENDRAFT_HOME=str(tmp_path / "home"), SENDRAFT_CONFIG=str(tmp_path / "absent.toml"))
    return env


def _sendraft(tmp_path: Path, name: str, *args: str, timeout: float = 600) -> tuple[subprocess.CompletedProcess, list[str]]:
    log = tmp_path / f"{name}.trace"
    command, env = watched([sys.executable, "-m", "assistant.cli", *args], _env(tmp_path), log)
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result, egress(log)


def test_ingest_ask_draft_and_eval_open_no_connection_beyond_loopback(tmp_path):
    _, reached = _sendraft(tmp_path, "ingest", "ingest", str(SAMPLES))
    assert reached == [], reached

    result, reached = _sendraft(tmp_path, "ask", "ask", "How much capital funding is there for specialist places?", "--json")
    assert reached == [], reached
    assert json.loads(result.stdout)["question"]

    out = tmp_path / "funding.json"
    _, reached = _sendraft(tmp_path, "draft", "draft", "--area", "funding", "--out", str(out))
    assert reached == [], reached
    assert json.loads(out.read_text())["areas"]

    suite = tmp_path / "tiny.yaml"
    suite.write_text(TINY_SUITE.format(samples=SAMPLES))
    _, reached = _sendraft(tmp_path, "eval", "eval", "run", str(suite), "--json")
    assert reached == [], reached
