"""What a run of a suite holds: each task's figures, items, details and cost, and the run's
provenance. Written by the runner (runner.py), read by the reports (reports.py) and by
comparisons (compare.py)."""

from __future__ import annotations

from pydantic import BaseModel, Field, PrivateAttr

from assistant.evals.stats import Figure


class Cost(BaseModel):
    seconds: float = 0.0
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    items: int = 0

    @property
    def per_item(self) -> dict:
        n = max(self.items, 1)
        return {"seconds": round(self.seconds / n, 3), "tokens": round((self.input_tokens + self.output_tokens) / n, 1)}


class TaskResult(BaseModel):
    name: str
    task: str
    options: dict = Field(default_factory=dict)
    settings: dict = Field(default_factory=dict)
    metrics: dict[str, Figure] = Field(default_factory=dict)
    by_area: dict[str, dict[str, Figure]] = Field(default_factory=dict)
    details: dict = Field(default_factory=dict)
    items: list[dict] = Field(default_factory=list)
    cost: Cost = Field(default_factory=Cost)
    repeats: int = 1
    error: str | None = None


class Run(BaseModel):
    id: str
    suite: str
    suite_path: str | None = None
    started_at: str
    seconds: float = 0.0
    repeat: int = 1
    provenance: dict = Field(default_factory=dict)
    tasks: list[TaskResult] = Field(default_factory=list)
    gate: list[dict] | None = None
    _drafts: dict = PrivateAttr(default_factory=dict)  # the drafts the run made, saved beside it

    def task(self, name: str) -> TaskResult | None:
        return next((t for t in self.tasks if t.name == name), None)

    @property
    def cost(self) -> Cost:
        total = Cost()
        for t in self.tasks:
            for key in ("seconds", "calls", "input_tokens", "output_tokens", "items"):
                setattr(total, key, getattr(total, key) + getattr(t.cost, key))
        return total
