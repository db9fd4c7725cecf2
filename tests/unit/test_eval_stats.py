"""Figures, intervals, gates and the pure scoring of the evaluation tasks."""

from __future__ import annotations

import pytest

from assistant.evals.compare import check
from assistant.evals.stats import Figure, MetricDef, figure, macro_f1, mean_of, paired_difference, ratio_of
from assistant.evals.suites import Threshold
from assistant.evals.tasks.coverage import best_only, best_threshold, calibrated_threshold, match_matrix
from assistant.evals.tasks.qa import QACase, gold_present, outcome


def test_a_metric_with_no_items_is_missing_not_zero():
    f = figure([{"id": 1, "kind": "other", "x": 1}], MetricDef(mean_of("x", kind="gold")))
    assert f.value is None and f.text() == "missing" and f.n == 0


def test_interval_brackets_the_value_and_counts_only_applicable_items():
    items = [{"id": n, "kind": "gold", "hit": n % 3 == 0} for n in range(30)] + [{"id": "d", "kind": "draft", "hit": True}]
    f = figure(items, MetricDef(mean_of("hit", kind="gold")))
    assert f.n == 30 and f.low <= f.value <= f.high and f.low < f.value < f.high
    assert f.value == pytest.approx(10 / 30, abs=1e-4)


def test_repeats_of_one_item_are_resampled_together():
    """Ten repeats of two items are two clusters: the interval is as wide as two items allow."""
    items = [{"id": "a", "ok": True, "repeat": r} for r in range(10)] + [{"id": "b", "ok": False, "repeat": r} for r in range(10)]
    f = figure(items, MetricDef(mean_of("ok")))
    assert f.n == 2 and f.low == 0.0 and f.high == 1.0


def test_ratio_and_macro_f1():
    items = [{"id": 1, "precise": 1, "citations": 2}, {"id": 2, "precise": 0, "citations": 0}]
    assert ratio_of("precise", "citations")(items) == 0.5
    assert ratio_of("precise", "citations")([{"id": 1, "precise": 0, "citations": 0}]) is None
    tags = [{"truth": "a", "pred": "a"}, {"truth": "a", "pred": "b"}, {"truth": "b", "pred": "b"}]
    # F1(a) = 2/3, F1(b) = 2/3
    assert macro_f1("truth", "pred", ["a", "b", "c"])(tags) == pytest.approx(2 / 3)


def test_paired_difference_of_identical_runs_is_zero():
    items = [{"id": n, "ok": n % 2 == 0} for n in range(20)]
    d = paired_difference(items, items, MetricDef(mean_of("ok")))
    assert d.value == 0 and d.low == 0 and d.high == 0
    better = [{"id": n, "ok": True} for n in range(20)]
    d = paired_difference(items, better, MetricDef(mean_of("ok")))
    assert d.value == 0.5 and d.low > 0


def test_gate_checks_drop_min_and_missing():
    up = Figure(value=0.8, higher_is_better=True)
    assert check("t", "m", up, Figure(value=0.82), Threshold(drop=0.05))["passed"]
    assert not check("t", "m", up, Figure(value=0.9), Threshold(drop=0.05))["passed"]
    assert not check("t", "m", up, None, Threshold(min=0.85))["passed"]
    assert not check("t", "m", Figure(value=None), Figure(value=0.5), Threshold(drop=0.5))["passed"]
    down = Figure(value=0.3, higher_is_better=False)  # lower is better: a rise is the regression
    assert not check("t", "m", down, Figure(value=0.1), Threshold(drop=0.1))["passed"]
    assert check("t", "m", down, Figure(value=0.25), Threshold(drop=0.1))["passed"]


def test_qa_outcomes():
    case = QACase(id="q", question="?", answerable=True, gold=["400 million|400m"], evidence={"source": "b", "quote": "xyz"}, where="4.2")
    assert gold_present("It is £400 million a year.", case.gold)
    assert not gold_present("It is £40 million a year.", case.gold)
    assert outcome(case, False, "£400 million a year") == "correct"
    assert outcome(case, False, "£40 million a year") == "wrong"
    assert outcome(case, True, "The corpus does not answer this question.") == "abstained"
    none = QACase(id="u", question="?", answerable=False, where="not in the corpus")
    assert outcome(none, False, "anything") == "wrong"


def test_coverage_matching_and_threshold_calibration():
    sims = match_matrix([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.1]])
    assert sims.shape == (2, 1) and sims[0, 0] > 0.99 and sims[1, 0] < 0.2
    assert match_matrix([], [[1.0]]).shape == (0, 1)
    import numpy as np

    keep = best_only(np.array([[0.5, 0.6], [0.9, 0.1]]))
    assert keep.tolist() == [[False, True], [True, False]]
    threshold, f1 = best_threshold([0.9, 0.8, 0.3, 0.2], [True, True, False, False])
    assert 0.3 < threshold <= 0.8 and f1 == 1.0
    # The lowest threshold reaching the precision target: 0.6 lets one non-match of three through.
    assert calibrated_threshold([0.9, 0.7, 0.6, 0.5], [True, True, False, True], precision=0.9) == 0.7
