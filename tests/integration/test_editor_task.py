"""The editor task end to end through the CLI (fake chat model, hash embeddings): a leave-one-out
draft under the neutral framework, checked point by point, and the rubric scored against the
hand labels. The figures mean nothing here; that they are computed and reported is the test."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from assistant.cli import app
from assistant.evals.editor_checks import REASONS
from tests.conftest import REPO, SAMPLES, SEED


def test_editor_task_runs_under_the_neutral_framework(hash_embeddings, monkeypatch, tmp_path, home):
    monkeypatch.setenv("SENDRAFT_LLM_PROVIDER", "fake")
    suite = tmp_path / "editor.yaml"
    suite.write_text(yaml.safe_dump({
        "name": "editor-test", "corpus": {"paths": [str(SAMPLES)]},
        "settings": {"framework_path": "evals/frameworks/neutral.yaml"},
        "tasks": [{"task": "editor", "options": {"areas": ["funding"], "leave_out": [SEED.name]}}]}))
    result = CliRunner().invoke(app, ["eval", "run", str(suite), "--json"])
    assert result.exit_code == 0, result.output
    [task] = json.loads(result.stdout)["tasks"]
    assert task["error"] is None, task["error"]
    details, figures = task["details"], task["metrics"]
    assert details["framework"] == str(REPO / "evals" / "frameworks" / "neutral.yaml")
    points = [i for i in task["items"] if i["kind"] == "point"]
    assert points and {i["area"] for i in points} == {"funding"}
    assert all(i["kept"] == (not i["reasons"]) and set(i["reasons"]) <= set(REASONS) for i in points)
    assert figures["keep_rate"]["value"] == sum(i["kept"] for i in points) / len(points)
    assert sum(details["reason_counts"].values()) >= len(points) - sum(i["kept"] for i in points)
    labels = [i for i in task["items"] if i["kind"] == "label"]
    assert {i["split"] for i in labels} == {"dev", "test"} and details["labels"]["points"] == len(labels) >= 60
    for split in ("dev", "test"):
        assert 0 <= figures[f"labels.{split}.agreement"]["value"] <= 1
