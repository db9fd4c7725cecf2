"""Suite files: validated on load, with errors that name the file and the field."""

from __future__ import annotations

import pytest

from assistant.errors import SendraftError
from assistant.evals.compare import check
from assistant.evals.runner import load_run
from assistant.evals.stats import Figure
from assistant.evals.suites import list_suites, load_suite, parse_suite, repo_path


def test_shipped_suites_load():
    names = {s.name for s in list_suites()}
    assert {"smoke", "full"} <= names
    smoke = load_suite("smoke")
    assert {t.task for t in smoke.tasks} >= {"retrieval", "tagging", "qa", "coverage"}
    assert smoke.baseline is not None and all(t.thresholds for t in smoke.tasks)


def test_every_gate_of_the_shipped_suites_can_fail():
    """A threshold that no figure can cross is no gate: the worst a share can be (0, or 1 where
    lower is better) fails every threshold, against the suite's own baseline."""
    checked = 0
    for suite in list_suites():
        baseline = load_run(repo_path(suite.baseline)) if suite.baseline else None
        for spec in suite.tasks:
            base_task = baseline.task(spec.label) if baseline else None
            for metric, threshold in spec.thresholds.items():
                base = base_task.metrics.get(metric) if base_task else None
                higher = base.higher_is_better if base else threshold.max is None
                if base is not None and base.value is not None and base.value > 1:
                    continue  # not a share (seconds): no worst value to try
                worst = Figure(value=0.0 if higher else 1.0, n=1, higher_is_better=higher)
                row = check(spec.label, metric, worst, base, threshold)
                assert not row["passed"], f"{suite.name}: {spec.label} {metric} {threshold} passes even at {worst.value}"
                checked += 1
    assert checked >= 10


@pytest.mark.parametrize("data, message", [
    ({"name": "x", "tasks": []}, "tasks"),
    ({"name": "x", "tasks": [{"task": "nonsense"}]}, "tasks.0.task"),
    ({"name": "x", "settings": {"llm_modle": "a"}, "tasks": [{"task": "qa"}]}, "unknown settings ['llm_modle']"),
    ({"name": "x", "tasks": [{"task": "qa"}, {"task": "qa"}]}, "two tasks are named 'qa'"),
    ({"name": "x", "tasks": [{"task": "qa", "thresholds": {"m": {"drop": -1}}}]}, "drop"),
])
def test_bad_suites_are_refused_clearly(data, message):
    with pytest.raises(SendraftError, match="suite") as info:
        parse_suite(data)
    assert message in str(info.value)


def test_unknown_suite_names_the_known_ones(tmp_path):
    (tmp_path / "broken.yaml").write_text("name: [", encoding="utf-8")
    with pytest.raises(SendraftError, match="not valid YAML"):
        load_suite("broken", tmp_path)
    with pytest.raises(SendraftError, match="broken"):
        load_suite("absent", tmp_path)
