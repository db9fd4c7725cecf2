"""The citation verifier on labelled (claim, passage, supported) pairs: the judge alone, and the
product's check (every figure of the claim in the passage, then the judge)."""

from __future__ import annotations

import json

from assistant.errors import SendraftError
from assistant.evals.stats import MetricDef, mean_of, precision_of
from assistant.evals.tasks import TaskOutput
from assistant.generation.structured import CallStats
from assistant.generation.verify import figures_grounded, make_judge
from assistant.settings import REPO_ROOT

DEFAULT_JUDGE_DATASET = REPO_ROOT / "evals" / "datasets" / "judge.jsonl"


def run(ctx) -> TaskOutput:
    path = ctx.dataset(DEFAULT_JUDGE_DATASET)
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    judge = make_judge(ctx.settings, ctx.backend())
    if judge is None:
        raise SendraftError("verifier is 'none': there is no verifier to measure")
    total, items = CallStats(), []
    for n, case in enumerate(cases[: ctx.option("limit", None)]):
        stats = CallStats()
        verdict = bool(judge.supports(case["claim"], case["passage"], stats))  # undecided is never "supported"
        total.add(stats)
        checked = verdict and figures_grounded(case["claim"], case["passage"])
        items.append({"id": case.get("id", f"pair-{n:03d}"), "area": case.get("area", "all"), "gold": case["supported"],
                      "judge": verdict, "checked": checked, "judge_correct": verdict == case["supported"],
                      "checked_correct": checked == case["supported"], "seconds": round(stats.seconds, 3),
                      "input_tokens": stats.input_tokens, "output_tokens": stats.output_tokens})
    return TaskOutput(items, {"judge_version": getattr(judge, "version", judge.name), "dataset": str(path)}, total)


def metrics(options: dict, items: list[dict]):
    overall = {}
    for name in ("judge", "checked"):
        overall[f"{name}.accuracy"] = MetricDef(mean_of(f"{name}_correct"))
        overall[f"{name}.precision"] = MetricDef(precision_of("gold", name, True))
        overall[f"{name}.recall"] = MetricDef(mean_of(name, gold=True))
        overall[f"{name}.false_supported"] = MetricDef(mean_of(name, gold=False), higher_is_better=False,
                                                       description="share of unsupported claims passed as supported")
    return overall, {}
