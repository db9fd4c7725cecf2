"""Area tagging: each of the forum's past bullets, whose area the response's structure gives,
tagged by its area scores (the area of the highest). Accuracy and macro-F1, F1 per area.

The bullet is embedded as stored for positions (with its sub-heading and parent), so the
figure measures the tagging that retrieval and drafting rely on."""

from __future__ import annotations

import time

from assistant.evals.stats import MetricDef, f1_of, macro_f1, mean_of
from assistant.evals.suites import repo_path
from assistant.evals.tasks import TaskOutput, gold_positions
from assistant.settings import REPO_ROOT
from assistant.tagging import position_text, profiles, score_areas

DEFAULT_GOLD = REPO_ROOT / "corpus" / "samples" / "forum-response-2026-05-15.md"


def run(ctx) -> TaskOutput:
    from assistant.embeddings import make_embeddings
    from assistant.framework import load_framework

    framework = load_framework(ctx.settings.framework_path)
    path = repo_path(ctx.spec.dataset) if ctx.spec.dataset else DEFAULT_GOLD
    _, positions = gold_positions(path, framework)
    started = time.perf_counter()
    embeddings = make_embeddings(ctx.settings.embedding_model, ctx.settings.embedding_batch_size)
    area_profiles = profiles(framework, embeddings.embed_documents)
    scores = score_areas(embeddings.embed_documents([position_text(p) for p in positions]), area_profiles)
    seconds = (time.perf_counter() - started) / max(len(positions), 1)
    items = []
    for p, s in zip(positions, scores):
        predicted = max(s, key=s.get)
        items.append({"id": p.id.rsplit(":", 1)[-1], "area": p.area_id, "truth": p.area_id, "predicted": predicted,
                      "correct": predicted == p.area_id, "section": p.section, "text": p.text, "seconds": round(seconds, 4)})
    confusion: dict[str, dict[str, int]] = {}
    for i in items:
        row = confusion.setdefault(i["truth"], {})
        row[i["predicted"]] = row.get(i["predicted"], 0) + 1
    return TaskOutput(items, {"confusion": confusion, "gold": str(path), "bullets": len(items)})


def metrics(options: dict, items: list[dict]):
    areas = list(dict.fromkeys(i["truth"] for i in items))
    overall = {"accuracy": MetricDef(mean_of("correct")), "macro_f1": MetricDef(macro_f1("truth", "predicted", areas))}
    by_area = {a: {"f1": MetricDef(f1_of("truth", "predicted", a)), "recall": MetricDef(mean_of("correct", truth=a))}
               for a in areas}
    return overall, by_area
