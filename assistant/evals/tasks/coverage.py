"""Coverage of a gold response, leave-one-out: does the draft make the points the forum made?

The gold response is left out of the corpus (and so of the past positions the drafter sees);
the run refuses if any of its text is still there. Per area x section: the share of gold points
matched by some drafted bullet of that section (recall), and the share of drafted bullets that
match some gold point (precision). A match is embedding cosine at or above a threshold,
calibrated on hand-labelled pairs (`evals/datasets/match_pairs.jsonl`) whose precision and
recall are reported with the run; optionally the judge must confirm it too.
"""

from __future__ import annotations

import json

import numpy as np

from assistant.errors import SendraftError
from assistant.evals.metrics import normalise
from assistant.evals.stats import MetricDef, mean_of, precision_of
from assistant.evals.suites import repo_path
from assistant.evals.tasks import TaskOutput, gold_positions
from assistant.evals.tasks.tagging import DEFAULT_GOLD
from assistant.generation.structured import CallStats
from assistant.generation.verify import make_judge
from assistant.settings import REPO_ROOT
from assistant.text import unit_rows

SECTIONS = ("positives", "issues", "ways_forward")
MATCH_PAIRS = REPO_ROOT / "evals" / "datasets" / "match_pairs.jsonl"
DEFAULT_THRESHOLD = 0.5  # when the labelled pairs cannot decide
TARGET_PRECISION = 0.9  # a false match credits a draft with a point it does not make


def match_matrix(drafted: list[list[float]], gold: list[list[float]]) -> np.ndarray:
    """Pure: cosine of every drafted bullet (rows) with every gold point (columns)."""
    if not drafted or not gold:
        return np.zeros((len(drafted), len(gold)), dtype=np.float32)
    return unit_rows(drafted) @ unit_rows(gold).T


def best_only(similarities: np.ndarray) -> np.ndarray:
    """Pure: each drafted bullet (row) may match only its most similar gold point, so one vague
    bullet cannot cover several of the forum's points."""
    keep = np.zeros(similarities.shape, dtype=bool)
    if similarities.size:
        keep[np.arange(similarities.shape[0]), similarities.argmax(axis=1)] = True
    return keep


def calibrated_threshold(similarities: list[float], truth: list[bool], precision: float = TARGET_PRECISION) -> float:
    """Pure: the lowest threshold at which the labelled pairs' match precision reaches the target
    (recall is then as high as that precision allows)."""
    for t in sorted(set(round(s, 3) for s in similarities)):
        tp = sum(s >= t and g for s, g in zip(similarities, truth))
        fp = sum(s >= t and not g for s, g in zip(similarities, truth))
        if tp and tp / (tp + fp) >= precision:
            return t
    return DEFAULT_THRESHOLD


def best_threshold(similarities: list[float], truth: list[bool]) -> tuple[float, float]:
    """Pure: the threshold (among the observed values) with the best F1, and that F1."""
    best = (DEFAULT_THRESHOLD, 0.0)
    for t in sorted(set(round(s, 3) for s in similarities)):
        tp = sum(s >= t and g for s, g in zip(similarities, truth))
        fp = sum(s >= t and not g for s, g in zip(similarities, truth))
        fn = sum(s < t and g for s, g in zip(similarities, truth))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best[1]:
            best = (t, round(f1, 4))
    return best


def leaks(store, gold_id: str, gold_texts: list[str]) -> list[str]:
    """Gold points whose text is still somewhere in the corpus (as a document or a position)."""
    if store.catalog.get(gold_id) is not None:
        return gold_texts
    stored = {normalise(p.text) for p in store.catalog.positions()}
    return [t for t in gold_texts if len(t) > 25 and normalise(t) in stored]


def _calibration(embed, threshold, path) -> tuple[list[dict], dict, float]:
    """The labelled pairs scored at the threshold ('auto': the calibrated one), and that threshold."""
    pairs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    vectors = embed([p["draft"] for p in pairs] + [p["gold"] for p in pairs])
    drafted, gold = unit_rows(vectors[: len(pairs)]), unit_rows(vectors[len(pairs):])
    sims = [float(s) for s in (drafted * gold).sum(axis=1)]
    if threshold == "auto":
        threshold = calibrated_threshold(sims, [p["match"] for p in pairs])
    threshold = float(threshold)
    items = [{"id": p["id"], "kind": "calibration", "area": p.get("area", "all"), "truth": p["match"],
              "predicted": s >= threshold, "similarity": round(s, 4)} for p, s in zip(pairs, sims)]
    best, f1 = best_threshold(sims, [p["match"] for p in pairs])
    return items, {"pairs": len(pairs), "best_f1_threshold": best, "best_f1": f1, "target_precision": TARGET_PRECISION}, threshold


def run(ctx) -> TaskOutput:
    framework_path = ctx.settings.framework_path
    from assistant.framework import load_framework

    framework = load_framework(framework_path)
    gold_path = repo_path(ctx.spec.dataset) if ctx.spec.dataset else DEFAULT_GOLD
    gold_id, positions = gold_positions(gold_path, framework)
    areas = ctx.option("areas") or [a.id for a in framework.areas]
    store = ctx.store(exclude=(gold_path.name,))
    leaked = leaks(store, gold_id, [p.text for p in positions])
    if leaked:
        raise SendraftError(f"leave-one-out broken: {len(leaked)} points of the gold response {gold_path.name} are in the "
                            f"evaluation corpus (e.g. {leaked[0][:60]!r}); exclude every edition of it")
    draft = ctx.draft(store, areas)
    embed = store.embeddings.embed_documents
    calibration, calibrated, threshold = _calibration(embed, ctx.option("threshold", "auto"),
                                                      repo_path(ctx.option("match_pairs", MATCH_PAIRS)))
    judge = make_judge(ctx.settings, ctx.backend()) if ctx.option("confirm_with_judge") else None
    stats, items, pairs, misses = CallStats(), [], [], []
    for area in draft.areas:
        for section in SECTIONS:
            gold = [p for p in positions if p.area_id == area.area_id and p.section == section]
            bullets = getattr(area, section)
            sims = match_matrix(embed([b.text for b in bullets]) if bullets else [],
                                embed([p.text for p in gold]) if gold else [])
            matched = best_only(sims) & (sims >= threshold)
            if judge is not None:
                for d, g in zip(*np.nonzero(matched)):
                    matched[d, g] = bool(judge.supports(bullets[d].text, gold[g].text, stats))
            for g, p in enumerate(gold):
                best = int(np.argmax(sims[:, g])) if bullets else None
                hit = bool(matched[:, g].any()) if bullets else False
                items.append({"id": f"gold:{p.ordinal:03d}", "kind": "gold", "area": area.area_id, "section": section,
                              "matched": hit, "similarity": round(float(sims[best, g]), 4) if best is not None else None})
                (pairs if hit else misses).append({"area": area.area_id, "section": section, "gold": p.text,
                                                   "draft": bullets[best].text if best is not None else None,
                                                   "similarity": round(float(sims[best, g]), 4) if best is not None else None})
            for d, b in enumerate(bullets):
                items.append({"id": f"draft:{area.area_id}:{section}:{d}", "kind": "drafted", "area": area.area_id,
                              "section": section, "matched": bool(matched[d].any()) if gold else False, "text": b.text})
    details = {"gold": str(gold_path), "gold_points": sum(p.area_id in areas for p in positions), "threshold": threshold,
               "calibration": calibrated, "matched_pairs": pairs, "misses": misses,
               "draft_seconds": draft.seconds, "left_out": gold_path.name,
               "draft_tokens": sum(a.input_tokens + a.output_tokens for a in draft.areas)}
    stats.seconds += draft.seconds
    stats.input_tokens += sum(a.input_tokens for a in draft.areas)
    stats.output_tokens += sum(a.output_tokens for a in draft.areas)
    return TaskOutput(items + calibration, details, stats)


def metrics(options: dict, items: list[dict]):
    overall = {"gold_recall": MetricDef(mean_of("matched", kind="gold")),
               "draft_precision": MetricDef(mean_of("matched", kind="drafted"))}
    for section in SECTIONS:
        overall[f"{section}.gold_recall"] = MetricDef(mean_of("matched", kind="gold", section=section))
    overall["match.precision"] = MetricDef(precision_of("truth", "predicted", True, kind="calibration"))
    overall["match.recall"] = MetricDef(mean_of("predicted", kind="calibration", truth=True))
    areas = list(dict.fromkeys(i["area"] for i in items if i.get("kind") == "gold"))
    by_area = {a: {"gold_recall": MetricDef(mean_of("matched", kind="gold", area=a)),
                   "draft_precision": MetricDef(mean_of("matched", kind="drafted", area=a))} for a in areas}
    return overall, by_area
