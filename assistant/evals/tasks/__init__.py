"""The evaluation tasks: each runs items against the product and says how to score them.

A task module has `run(ctx) -> TaskOutput` (the per-item records, details for the report, and
what it cost) and `metrics(options, items)`, returning the overall figures and the figures per
area as `MetricDef`s; the runner computes values and intervals, and `compare` recomputes them
from two runs' stored items, so a figure is defined in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from assistant.errors import SendraftError
from assistant.evals.stats import MetricDef
from assistant.generation.structured import CallStats
from assistant.ingest.chunking import document_text
from assistant.ingest.loaders import load_file
from assistant.ingest.pipeline import content_id
from assistant.models import Position

Metrics = dict[str, MetricDef]


@dataclass
class TaskOutput:
    items: list[dict]
    details: dict = field(default_factory=dict)
    stats: CallStats = field(default_factory=CallStats)


def task_module(name: str):
    try:
        return import_module(f"assistant.evals.tasks.{name}")
    except ModuleNotFoundError:
        raise SendraftError(f"unknown evaluation task {name!r}") from None


def gold_positions(path: Path, framework) -> tuple[str, list[Position]]:
    """A past response file parsed into positions (its document id, and its bullets)."""
    from assistant.ingest.responses import parse_positions

    if not path.is_file():
        raise SendraftError(f"gold response {path} does not exist")
    loaded = load_file(path)
    text, _ = document_text(loaded.blocks)
    doc_id, _ = content_id(text)
    positions = parse_positions(doc_id, loaded.blocks, framework)
    if not positions:
        raise SendraftError(f"gold response {path}: no Positives / Issues / Ways forward found under the framework's areas")
    return doc_id, positions


def per_area(areas: list[str], make) -> dict[str, Metrics]:
    """{area: metrics} with `make(area)` giving the metrics of one area."""
    return {area: make(area) for area in areas}
