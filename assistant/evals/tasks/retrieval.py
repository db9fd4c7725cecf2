"""Retrieval: recall@5, recall@10, MRR and nDCG@10 per mode, overall and per area.

Gold is a (document, quote) pair, so the figures survive re-chunking."""

from __future__ import annotations

import time
from pathlib import Path

from assistant.errors import SendraftError
from assistant.evals.metrics import gold_ranks, ndcg_at, recall_at, reciprocal_rank, summarise
from assistant.evals.retrieval import DEFAULT_DATASET, load_cases
from assistant.evals.stats import MetricDef, mean_of
from assistant.evals.tasks import TaskOutput
from assistant.retrieval.search import MODES, search

SCORES = ("recall@5", "recall@10", "mrr", "ndcg@10")


def run(ctx) -> TaskOutput:
    store = ctx.store()
    cases = load_cases(ctx.dataset(DEFAULT_DATASET))
    modes = tuple(ctx.option("modes", MODES))
    sources = {d.id: Path(d.source).stem for d in store.catalog.documents()}
    missing = {g.source for c in cases for g in c.gold} - set(sources.values())
    if missing:
        raise SendraftError(f"the corpus lacks the gold documents {sorted(missing)}: ingest corpus/samples first")
    items, legacy = [], {"modes": {}, "misses": {}}
    for mode in modes:
        ranks_by_area: dict[str, list] = {}
        everything, misses = [], []
        for case in cases:
            started = time.perf_counter()
            hits = search(store, case.query, k=10, mode=mode)
            ranks = gold_ranks([(sources[h.document_id], h.text) for h in hits], [(g.source, g.quote) for g in case.gold])
            items.append({"id": case.id, "area": case.area, "mode": mode, "recall@5": recall_at(ranks, 5),
                          "recall@10": recall_at(ranks, 10), "mrr": reciprocal_rank(ranks), "ndcg@10": ndcg_at(ranks, 10),
                          "seconds": round(time.perf_counter() - started, 4)})
            ranks_by_area.setdefault(case.area, []).append(ranks)
            everything.append(ranks)
            if any(r is None for r in ranks):
                misses.append(case.id)
        legacy["modes"][mode] = {"overall": summarise(everything), "areas": {a: summarise(r) for a, r in ranks_by_area.items()}}
        legacy["misses"][mode] = misses
    return TaskOutput(items, {"legacy": legacy, "misses": legacy["misses"]})


def metrics(options: dict, items: list[dict]):
    modes = list(dict.fromkeys(i["mode"] for i in items)) or list(options.get("modes", MODES))
    overall = {f"{mode}.{s}": MetricDef(mean_of(s, mode=mode)) for mode in modes for s in SCORES}
    areas = list(dict.fromkeys(i["area"] for i in items))
    by_area = {a: {f"{mode}.{s}": MetricDef(mean_of(s, mode=mode, area=a)) for mode in modes for s in ("recall@10", "mrr")}
               for a in areas}
    return overall, by_area
