"""The evaluation runner end to end through the CLI, with the fake chat model and hash
embeddings (the figures are meaningless; the bookkeeping, reports and gate are what is tested)."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from typer.testing import CliRunner

from assistant.cli import app
from tests.conftest import SAMPLES, SEED

ALL_TASKS = [
    {"task": "retrieval", "options": {"modes": ["hybrid", "bm25"]}, "thresholds": {"hybrid.mrr": {"drop": 0.0}}},
    {"task": "tagging"},
    {"task": "stance", "options": {"limit": 6}},
    {"task": "judge", "options": {"limit": 6}},
    {"task": "qa", "options": {"ids": ["qa-08", "qa-20", "qa-u01"]}},
    {"task": "coverage", "options": {"areas": ["funding"]}},
    {"task": "citations", "options": {"areas": ["funding"], "leave_out": [SEED.name]}},
    {"task": "draft", "options": {"areas": ["funding"], "leave_out": [SEED.name]}},
]


@pytest.fixture
def fake(hash_embeddings, monkeypatch):
    monkeypatch.setenv("SENDRAFT_LLM_PROVIDER", "fake")


def _suite(tmp_path, tasks, name="t", corpus=None, **extra) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"name": name, "corpus": {"paths": corpus or [str(SAMPLES)]}, "tasks": tasks, **extra}))
    return str(path)


def test_every_task_runs_and_reports(fake, tmp_path, home):
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "run", _suite(tmp_path, ALL_TASKS), "--repeat", "2", "--json"])
    assert result.exit_code == 0, result.output
    run = json.loads(result.stdout)
    assert [t["name"] for t in run["tasks"]] == [t["task"] for t in ALL_TASKS]
    assert all(t["error"] is None for t in run["tasks"]), [t["error"] for t in run["tasks"]]
    by_name = {t["name"]: t for t in run["tasks"]}
    # Deterministic tasks run once; model-judged ones once per repeat, with varied seeds.
    assert by_name["retrieval"]["repeats"] == 1 and by_name["judge"]["repeats"] == 2
    assert {i["repeat"] for i in by_name["judge"]["items"]} == {0, 1}
    assert by_name["judge"]["metrics"]["judge.accuracy"]["n"] == 6  # repeats are one item each, not two
    qa = by_name["qa"]
    assert sorted((i["id"], i["repeat"]) for i in qa["items"]) == [(q, r) for q in ("qa-08", "qa-20", "qa-u01") for r in (0, 1)]
    assert qa["metrics"]["answerable.correct"]["n"] == 2 and qa["metrics"]["unanswerable.abstained"]["n"] == 1
    for name, figure in by_name["coverage"]["metrics"].items():
        assert figure["value"] is None or 0 <= figure["value"] <= 1, name
    assert by_name["coverage"]["details"]["left_out"] == SEED.name
    # Provenance: commit, prompt versions, the corpora (the leave-one-out one lacks the gold).
    provenance = run["provenance"]
    assert "commit" in provenance and provenance["prompt_versions"]["draft_area"]
    sources = [sorted(d["source"] for d in docs.values()) for docs in provenance["corpora"].values()]
    assert any(SEED.name in s for s in sources) and any(SEED.name not in s for s in sources)
    folder = home / "evals" / "runs" / run["id"]
    html = (folder / "report.html").read_text()
    assert "<svg" in html and "<script" not in html and "coverage" in html
    assert "| retrieval | hybrid.mrr |" in (folder / "report.md").read_text()
    assert len(list((folder / "drafts").glob("*.json"))) == 2  # one leave-one-out draft per repeat, shared by three tasks
    assert run["gate"] == [{"task": "retrieval", "metric": "hybrid.mrr", "value": pytest.approx(run["tasks"][0]["metrics"]["hybrid.mrr"]["value"]),
                            "baseline": None, "passed": True, "reason": "ok"}]


def test_list_compare_and_the_gate_against_a_baseline(fake, tmp_path):
    runner = CliRunner()
    tasks = [{"task": "retrieval", "options": {"modes": ["bm25"]}, "thresholds": {"bm25.mrr": {"drop": 0.01}}},
             {"task": "qa", "options": {"ids": ["qa-08", "qa-u01"]}}]
    suite = _suite(tmp_path, tasks, name="gate")
    baseline = tmp_path / "baseline.json"
    first = runner.invoke(app, ["eval", "run", suite, "--save-baseline", str(baseline)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["eval", "run", suite, "--baseline", str(baseline), "--json"])
    assert second.exit_code == 0, second.output
    assert all(g["passed"] for g in json.loads(second.stdout)["gate"])

    runs = json.loads(runner.invoke(app, ["eval", "list", "--json"]).stdout)
    assert {"smoke", "full"} <= {s["name"] for s in runs["suites"]} and len(runs["runs"]) == 2
    a, b = (r["id"] for r in runs["runs"])
    compared = runner.invoke(app, ["eval", "compare", a, b, "--json", "--out", str(tmp_path / "cmp")])
    assert compared.exit_code == 0, compared.output
    rows = json.loads(compared.stdout)
    same = [r for r in rows if r["diff"]["value"] is not None and not r["metric"].startswith("seconds")]
    assert same and all(r["diff"]["value"] == 0 for r in same)  # the same items, the same figures (times aside)
    assert "<svg" in (tmp_path / "cmp" / "compare.html").read_text()

    # A baseline better than the run: the gate fails and says which figure fell.
    data = json.loads(baseline.read_text())
    data["tasks"][0]["metrics"]["bm25.mrr"]["value"] = 1.5
    baseline.write_text(json.dumps(data))
    failed = runner.invoke(app, ["eval", "run", suite, "--baseline", str(baseline)])
    assert failed.exit_code == 1
    assert "gate failed" in failed.output and "bm25.mrr" in failed.output


def test_compare_takes_the_folders_that_eval_run_out_wrote(fake, tmp_path):
    runner = CliRunner()
    suite = _suite(tmp_path, [{"task": "retrieval", "options": {"modes": ["bm25"]}}], name="tiny")
    for out in ("a", "b"):
        done = runner.invoke(app, ["eval", "run", suite, "--out", str(tmp_path / out)])
        assert done.exit_code == 0, done.output
    compared = runner.invoke(app, ["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "--json",
                                   "--out", str(tmp_path / "cmp")])
    assert compared.exit_code == 0, compared.output
    rows = {r["metric"]: r for r in json.loads(compared.stdout)}
    assert {"bm25.mrr", "bm25.recall@10"} <= set(rows) and rows["bm25.mrr"]["diff"]["value"] == 0  # the same run twice
    assert (tmp_path / "cmp" / "compare.md").is_file()
    # A folder that holds two runs is ambiguous: the error names them and how to pick one.
    [first] = (tmp_path / "a").iterdir()
    shutil.copytree(first, tmp_path / "a" / "20990101-000000-tiny")
    ambiguous = runner.invoke(app, ["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b")])
    assert ambiguous.exit_code == 2 and "holds 2 runs" in ambiguous.output and first.name in ambiguous.output


def test_leave_one_out_refuses_a_corpus_that_still_holds_the_gold(fake, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLES / "send-reform-briefing-2026.md", corpus)
    shutil.copy(SEED, corpus / "renamed-copy-of-the-response.md")  # excluded by name it is not
    result = CliRunner().invoke(app, ["eval", "run", _suite(tmp_path, [{"task": "coverage", "options": {"areas": ["funding"]}}],
                                                            corpus=[str(corpus)])])
    assert result.exit_code == 1
    assert "leave-one-out broken" in result.output


def test_bad_suite_and_unknown_run_are_clear_errors(fake, tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntasks:\n  - task: qa\n    settings: {k: 3}\n")
    result = runner.invoke(app, ["eval", "run", str(bad)])
    assert result.exit_code == 2 and "unknown settings ['k']" in result.output
    result = runner.invoke(app, ["eval", "compare", "nope-a", "nope-b"])
    assert result.exit_code == 2 and "no evaluation run 'nope-a'" in result.output
