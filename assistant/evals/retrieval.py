"""The retrieval dataset (queries with gold document + quote) and the table `eval retrieval` prints;
the task itself is assistant/evals/tasks/retrieval.py."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from assistant.evals.suites import read_jsonl

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
    return read_jsonl(path, RetrievalCase)


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
