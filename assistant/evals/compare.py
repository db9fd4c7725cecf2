"""Two runs side by side, and the regression gate of a run against a baseline.

Differences are B minus A with a paired bootstrap 95% interval over the items both runs
share; the figures are recomputed from the stored items by the task's own definitions.
"""

from __future__ import annotations

from assistant.evals.results import Run
from assistant.evals.stats import Figure, paired_difference
from assistant.evals.suites import Suite, Threshold
from assistant.evals.tasks import task_module


def compare_runs(a: Run, b: Run) -> list[dict]:
    """Per shared task and metric: A, B, B - A with its interval, and whether it got better."""
    rows = []
    for ta in a.tasks:
        tb = b.task(ta.name)
        if tb is None or tb.task != ta.task or ta.error or tb.error:
            continue
        overall, _ = task_module(ta.task).metrics(ta.options, ta.items)
        for name, metric in overall.items():
            fa, fb = ta.metrics.get(name), tb.metrics.get(name)
            diff = paired_difference(ta.items, tb.items, metric)
            significant = diff.low is not None and (diff.low > 0 or diff.high < 0)
            better = None if diff.value is None or diff.value == 0 else (diff.value > 0) == metric.higher_is_better
            rows.append({"task": ta.name, "metric": name, "a": fa, "b": fb, "diff": diff,
                         "better": better, "significant": significant})
    return rows


def check(name: str, metric: str, figure: Figure | None, baseline: Figure | None, threshold: Threshold) -> dict:
    """Pure: one threshold of one figure; a missing figure fails (it is never taken as 0 or 1)."""
    value = figure.value if figure else None
    base = baseline.value if baseline else None
    row = {"task": name, "metric": metric, "value": value, "baseline": base, "passed": True, "reason": "ok"}
    if value is None:
        row.update(passed=False, reason="missing")
        return row
    higher = figure.higher_is_better
    if threshold.drop is not None and base is not None:
        limit = base - threshold.drop if higher else base + threshold.drop
        if (value < limit) if higher else (value > limit):
            row.update(passed=False, reason=f"{'fell' if higher else 'rose'} beyond {threshold.drop} of the baseline {base}")
    if threshold.min is not None and value < threshold.min:
        row.update(passed=False, reason=f"below the minimum {threshold.min}")
    if threshold.max is not None and value > threshold.max:
        row.update(passed=False, reason=f"above the maximum {threshold.max}")
    return row


def gate(run: Run, suite: Suite, baseline: Run | None) -> list[dict]:
    """Every threshold of the suite checked; a task that failed to run fails the gate."""
    rows = []
    for spec in suite.tasks:
        result = run.task(spec.label)
        if result is None or result.error:
            rows.append({"task": spec.label, "metric": "(task)", "value": None, "baseline": None, "passed": False,
                         "reason": result.error if result else "did not run"})
            continue
        base_task = baseline.task(spec.label) if baseline else None
        for metric, threshold in spec.thresholds.items():
            base = base_task.metrics.get(metric) if base_task else None
            if metric not in result.metrics:
                rows.append({"task": spec.label, "metric": metric, "value": None, "baseline": None, "passed": False,
                             "reason": f"no metric {metric!r} in task {spec.task}"})
                continue
            rows.append(check(spec.label, metric, result.metrics[metric], base, threshold))
    return rows
