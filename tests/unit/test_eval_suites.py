"""Suite files: validated on load, with errors that name the file and the field."""

from __future__ import annotations

import pytest

from assistant.errors import SendraftError
from assistant.evals.suites import list_suites, load_suite, parse_suite


def test_shipped_suites_load():
    names = {s.name for s in list_suites()}
    assert {"smoke", "full"} <= names
    smoke = load_suite("smoke")
    assert {t.task for t in smoke.tasks} >= {"retrieval", "tagging", "qa", "coverage"}
    assert smoke.baseline is not None and all(t.thresholds for t in smoke.tasks)


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
