"""Run the retrieval evaluation: each query in each mode against the configured store."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.errors import SendraftError
from assistant.evals.metrics import gold_ranks, summarise
from assistant.retrieval.search import MODES, search
from assistant.store import Store

DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "retrieval.jsonl"


class Gold(BaseModel):
    source: str = Field(description="File name (without extension) of the document; any edition counts.")
    quote: str = Field(min_length=3)


class RetrievalCase(BaseModel):
    id: str
    area: str
    query: str
    gold: list[Gold] = Field(min_length=1)


def load_cases(path: Path) -> list[RetrievalCase]:
    cases = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                cases.append(RetrievalCase.model_validate_json(line))
            except ValueError as exc:
                raise SendraftError(f"{path}:{number}: invalid case: {exc}") from None
    return cases


def evaluate(store: Store, cases: list[RetrievalCase], modes: tuple[str, ...] = MODES, k: int = 10) -> dict:
    """{'modes': {mode: {'overall': metrics, 'areas': {area: metrics}}}, 'misses': {mode: [case ids]}}."""
    sources = {d.id: Path(d.source).stem for d in store.catalog.documents()}
    needed = {g.source for case in cases for g in case.gold}
    missing = needed - set(sources.values())
    if missing:
        raise SendraftError(f"the store lacks the gold documents {sorted(missing)}: ingest corpus/samples first")
    report: dict = {"modes": {}, "misses": {}}
    for mode in modes:
        per_area: dict[str, list] = {}
        everything, misses = [], []
        for case in cases:
            hits = search(store, case.query, k=k, mode=mode)
            ranks = gold_ranks([(sources[h.document_id], h.text) for h in hits], [(g.source, g.quote) for g in case.gold])
            per_area.setdefault(case.area, []).append(ranks)
            everything.append(ranks)
            if any(r is None for r in ranks):
                misses.append(case.id)
        report["modes"][mode] = {
            "overall": summarise(everything),
            "areas": {area: summarise(r) for area, r in per_area.items()},
        }
        report["misses"][mode] = misses
    return report


def format_table(report: dict) -> str:
    """Rows overall and per area; for each mode recall@5, recall@10, MRR and nDCG@10."""
    modes = list(report["modes"])
    metrics = ["recall@5", "recall@10", "mrr", "ndcg@10"]
    header = f"{'':16}" + "".join(f"{m:>34}" for m in modes)
    sub = f"{'area (queries)':16}" + "".join("".join(f"{x:>9}" if i else f"{x:>7}" for i, x in enumerate(["R@5", "R@10", "MRR", "nDCG"])) + "   " for _ in modes)
    lines = [header, sub]
    first = report["modes"][modes[0]]
    for row in ["overall", *first["areas"]]:
        label = f"{row} ({(first['overall'] if row == 'overall' else first['areas'][row])['queries']})"
        cells = []
        for mode in modes:
            data = report["modes"][mode]
            values = data["overall"] if row == "overall" else data["areas"][row]
            cells.append("".join(f"{values[m]:>9.3f}" if i else f"{values[m]:>7.3f}" for i, m in enumerate(metrics)) + "   ")
        lines.append(f"{label:16}" + "".join(cells))
    return "\n".join(lines)


def dump(report: dict) -> str:
    return json.dumps(report, indent=2)
