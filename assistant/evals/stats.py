"""Pure: metrics over per-item records, with bootstrap 95% intervals.

A metric is a function of a list of item records (dicts) that returns a number, or None when it
cannot be computed (no items it applies to): a missing figure is reported as missing, never as
0 or 1. Intervals resample *clusters* of items (all records sharing an id, i.e. every repeat of
one question), so repeated runs of the same item never pass for independent evidence.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from pydantic import BaseModel

Items = list[dict]
MetricFn = Callable[[Items], "float | None"]
BOOTSTRAP_SAMPLES = 1000


@dataclass(frozen=True)
class MetricDef:
    """How to compute one figure, and which way is better."""

    fn: MetricFn
    higher_is_better: bool = True
    description: str = ""


class Figure(BaseModel):
    """One computed figure: value and 95% interval (None when not computable), over n items."""

    value: float | None
    low: float | None = None
    high: float | None = None
    n: int = 0
    higher_is_better: bool = True

    def text(self, digits: int = 3) -> str:
        if self.value is None:
            return "missing"
        if self.low is None or self.high is None or self.low == self.high == self.value:
            return f"{self.value:.{digits}f}"
        return f"{self.value:.{digits}f} [{self.low:.{digits}f}, {self.high:.{digits}f}]"


def _where(items: Items, where: dict) -> Items:
    return [i for i in items if all(i.get(k) == v for k, v in where.items())]


def _scoped(fn, where: dict):
    """Record which items a metric applies to, so its figure counts only those."""
    fn.where = where
    return fn


def mean_of(field: str, **where) -> MetricFn:
    """The mean of a numeric (or boolean) field over the items matching `where`."""

    def fn(items: Items) -> float | None:
        values = [float(i[field]) for i in _where(items, where) if i.get(field) is not None]
        return sum(values) / len(values) if values else None

    return _scoped(fn, where)


def ratio_of(numerator: str, denominator: str, **where) -> MetricFn:
    """sum(numerator) / sum(denominator) over matching items (citation precision, say)."""

    def fn(items: Items) -> float | None:
        chosen = _where(items, where)
        den = sum(float(i.get(denominator) or 0) for i in chosen)
        return sum(float(i.get(numerator) or 0) for i in chosen) / den if den else None

    return _scoped(fn, where)


def precision_of(truth: str, predicted: str, label, **where) -> MetricFn:
    """Of the items predicted `label`, the share whose truth is `label`."""

    def fn(items: Items) -> float | None:
        chosen = [i for i in _where(items, where) if i.get(predicted) == label]
        return sum(i.get(truth) == label for i in chosen) / len(chosen) if chosen else None

    return _scoped(fn, where)


def f1_of(truth: str, predicted: str, label, **where) -> MetricFn:
    def fn(items: Items) -> float | None:
        chosen = _where(items, where)
        tp = sum(i.get(truth) == label and i.get(predicted) == label for i in chosen)
        fp = sum(i.get(truth) != label and i.get(predicted) == label for i in chosen)
        fn_ = sum(i.get(truth) == label and i.get(predicted) != label for i in chosen)
        if not any(i.get(truth) == label for i in chosen):
            return None
        return 2 * tp / (2 * tp + fp + fn_) if tp + fp + fn_ else None

    return _scoped(fn, where)


def macro_f1(truth: str, predicted: str, labels: list, **where) -> MetricFn:
    """The mean F1 over the labels that occur in the truth (absent labels are not counted)."""
    per_label = [f1_of(truth, predicted, label, **where) for label in labels]

    def fn(items: Items) -> float | None:
        values = [v for v in (f(items) for f in per_label) if v is not None]
        return sum(values) / len(values) if values else None

    return _scoped(fn, where)


def clusters(items: Items, key: str = "id") -> list[Items]:
    """Items grouped by their id, in first-seen order."""
    groups: dict = {}
    for item in items:
        groups.setdefault(item.get(key), []).append(item)
    return list(groups.values())


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    lower, upper = int(position), min(int(position) + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def figure(items: Items, metric: MetricDef, samples: int = BOOTSTRAP_SAMPLES, seed: int = 0) -> Figure:
    """The metric over the items, with a percentile bootstrap 95% interval over clusters."""
    value = metric.fn(items)
    groups = clusters(items)
    n = len(clusters(_where(items, getattr(metric.fn, "where", {}))))
    if value is None:
        return Figure(value=None, n=n, higher_is_better=metric.higher_is_better)
    rng = random.Random(seed)
    draws = []
    for _ in range(samples if len(groups) > 1 else 0):
        resampled = [item for _ in groups for item in groups[rng.randrange(len(groups))]]
        result = metric.fn(resampled)
        if result is not None:
            draws.append(result)
    low, high = (_percentile(draws, 0.025), _percentile(draws, 0.975)) if draws else (value, value)
    return Figure(value=round(value, 4), low=round(low, 4), high=round(high, 4), n=n,
                  higher_is_better=metric.higher_is_better)


def paired_difference(items_a: Items, items_b: Items, metric: MetricDef, samples: int = BOOTSTRAP_SAMPLES,
                      seed: int = 0) -> Figure:
    """B minus A with a paired bootstrap interval over the item ids both runs share; unpaired
    (each run resampled on its own) when they share none."""
    a_groups = {g[0].get("id"): g for g in clusters(items_a)}
    b_groups = {g[0].get("id"): g for g in clusters(items_b)}
    shared = [k for k in a_groups if k in b_groups]
    va, vb = metric.fn(items_a), metric.fn(items_b)
    if va is None or vb is None:
        return Figure(value=None, n=len(shared), higher_is_better=metric.higher_is_better)
    rng = random.Random(seed)
    draws = []
    for _ in range(samples):
        if shared:
            picks = [shared[rng.randrange(len(shared))] for _ in shared]
            ra = metric.fn([i for k in picks for i in a_groups[k]])
            rb = metric.fn([i for k in picks for i in b_groups[k]])
        else:
            ka, kb = list(a_groups), list(b_groups)
            ra = metric.fn([i for _ in ka for i in a_groups[ka[rng.randrange(len(ka))]]])
            rb = metric.fn([i for _ in kb for i in b_groups[kb[rng.randrange(len(kb))]]])
        if ra is not None and rb is not None:
            draws.append(rb - ra)
    diff = vb - va
    low, high = (_percentile(draws, 0.025), _percentile(draws, 0.975)) if draws else (diff, diff)
    return Figure(value=round(diff, 4), low=round(low, 4), high=round(high, 4), n=len(shared),
                  higher_is_better=metric.higher_is_better)
