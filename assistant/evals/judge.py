"""Measure the citation verifier on labelled (claim, passage, supported) pairs.

Two figures: the judge alone, and the product's check (every figure of the claim must be in
the passage, then the judge), which is what drafts and answers actually use.
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.generation.structured import CallStats
from assistant.generation.verify import figures_grounded

DEFAULT_JUDGE_DATASET = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "judge.jsonl"


def _scores(pairs: list[tuple[bool, bool]]) -> dict:
    """(predicted, gold) pairs -> accuracy, precision and recall of 'supported'."""
    tp = sum(p and g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(g and not p for p, g in pairs)
    return {"accuracy": sum(p == g for p, g in pairs) / len(pairs), "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0, "false_supported": fp}


def evaluate_judge(judge, path: Path = DEFAULT_JUDGE_DATASET) -> dict:
    cases = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    stats = CallStats()
    alone, checked = [], []
    for case in cases:
        verdict = bool(judge.supports(case["claim"], case["passage"], stats))  # undecided is never "supported"
        alone.append((verdict, case["supported"]))
        checked.append((verdict and figures_grounded(case["claim"], case["passage"]), case["supported"]))
    return {"pairs": len(cases), "judge": _scores(alone), "figures_then_judge": _scores(checked),
            "seconds_per_pair": round(stats.seconds / len(cases), 3)}
