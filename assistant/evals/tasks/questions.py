"""Question extraction: each consultation of the gold file read with the product's loaders and
its questions extracted, then matched to the gold (same number, and text overlapping at least
MATCH). Precision (extracted questions that are a gold question, the first time), recall (gold
questions found), duplicates (a gold question extracted again), and for the questions found:
the answer format, the exact options, the chapter and the page (where the gold has one).
Figures per document under `by_area`.

The gold is one JSON object a line: the question's fields plus `document`, a path relative to
the repository (evals/datasets/questions-sample.jsonl for the dev sample,
questions-test.jsonl for the held-out documents). No model and no store: the task is fast."""

from __future__ import annotations

import time
from pathlib import Path

from assistant.consultation.extract import extract_questions, text_overlap
from assistant.consultation.models import ConsultationQuestion
from assistant.errors import SendraftError
from assistant.evals.stats import MetricDef, mean_of
from assistant.evals.suites import read_jsonl, repo_path
from assistant.evals.tasks import TaskOutput
from assistant.ingest.loaders import load_file
from assistant.settings import REPO_ROOT

DEFAULT_DATASET = REPO_ROOT / "evals" / "datasets" / "questions-sample.jsonl"
MATCH = 0.6  # share of the shorter text's words in the longer: the same question, allowing for a follow-up


class GoldQuestion(ConsultationQuestion):
    document: str


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def match(gold: list[ConsultationQuestion], found: list[ConsultationQuestion]) -> list[tuple[int | None, bool]]:
    """Pure: for each extracted question, (index of the gold question it is, or None; whether
    that gold question was already taken by an earlier one, i.e. a duplicate)."""
    taken: set[int] = set()
    out = []
    for q in found:
        candidates = [(text_overlap(q.text, g.text), k) for k, g in enumerate(gold) if g.number == q.number]
        candidates = [(score, k) for score, k in candidates if score >= MATCH]
        if not candidates:
            out.append((None, False))
            continue
        free = [c for c in candidates if c[1] not in taken]
        score, k = max(free or candidates)
        out.append((k, not free))
        taken.add(k)
    return out


def score_document(name: str, gold: list[ConsultationQuestion], found: list[ConsultationQuestion]) -> list[dict]:
    """Pure: item records of one document, one per gold question and one per extracted question."""
    pairs = match(gold, found)
    first = {k: found[n] for n, (k, duplicate) in enumerate(pairs) if k is not None and not duplicate}
    items = []
    for k, g in enumerate(gold):
        q = first.get(k)
        items.append({
            "id": f"{name}#{g.number}", "document": name, "kind": "gold", "number": g.number, "text": g.text,
            "found": q is not None, "format": g.format, "predicted_format": q.format if q else None,
            "format_ok": (q.format == g.format) if q else None,
            "options_ok": ([_norm(o) for o in q.options] == [_norm(o) for o in g.options]) if q else None,
            "chapter_ok": (_norm(q.chapter) == _norm(g.chapter)) if q else None,
            "page_ok": (q.page == g.page) if q and g.page is not None else None,
        })
    for n, (q, (k, duplicate)) in enumerate(zip(found, pairs)):
        items.append({"id": f"{name}#found-{n}", "document": name, "kind": "extracted", "number": q.number, "text": q.text,
                      "correct": k is not None and not duplicate, "duplicate": duplicate, "invented": k is None})
    return items


def run(ctx) -> TaskOutput:
    path = ctx.dataset(DEFAULT_DATASET)
    gold = read_jsonl(path, GoldQuestion)
    documents: dict[str, list[ConsultationQuestion]] = {}
    for g in gold:
        documents.setdefault(g.document, []).append(ConsultationQuestion(**g.model_dump(exclude={"document"})))
    items, details = [], {"gold": str(path), "documents": {}}
    for document, questions in documents.items():
        file = repo_path(Path(document))
        if not file.is_file():
            raise SendraftError(f"{path}: document {document} does not exist")
        started = time.perf_counter()
        found = extract_questions(load_file(file).blocks)
        seconds = round(time.perf_counter() - started, 3)
        name = file.name
        records = score_document(name, questions, found)
        items += [{**r, "seconds": seconds} for r in records]
        details["documents"][name] = {
            "gold": len(questions), "extracted": len(found), "seconds": seconds,
            "missed": [r["number"] for r in records if r["kind"] == "gold" and not r["found"]],
            "invented": [f"{r['number']}: {r['text'][:80]}" for r in records if r.get("invented")],
            "duplicates": [r["number"] for r in records if r.get("duplicate")],
            "wrong_format": [f"{r['number']}: {r['predicted_format']} for {r['format']}" for r in records
                             if r.get("format_ok") is False],
        }
        ctx.say(f"{name}: {len(found)} questions extracted, {len(questions)} in the gold")
    return TaskOutput(items, details)


def count_of(field: str, **where):
    """How many items (matching `where`) have `field` true."""

    def fn(items: list[dict]) -> float | None:
        chosen = [i for i in items if all(i.get(k) == v for k, v in where.items())]
        return float(sum(bool(i.get(field)) for i in chosen)) if chosen else None

    fn.where = where
    return fn


def _figures(**where) -> dict[str, MetricDef]:
    return {
        "precision": MetricDef(mean_of("correct", kind="extracted", **where), description="extracted questions that are a gold question"),
        "recall": MetricDef(mean_of("found", kind="gold", **where), description="gold questions found"),
        "duplicates": MetricDef(count_of("duplicate", kind="extracted", **where), higher_is_better=False,
                                description="gold questions extracted more than once (extra copies)"),
        "format_accuracy": MetricDef(mean_of("format_ok", kind="gold", **where), description="answer format right, of those found"),
        "options_exact": MetricDef(mean_of("options_ok", kind="gold", **where), description="the options exactly, of those found"),
        "chapter_accuracy": MetricDef(mean_of("chapter_ok", kind="gold", **where)),
        "page_accuracy": MetricDef(mean_of("page_ok", kind="gold", **where), description="where the gold has a page"),
    }


def metrics(options: dict, items: list[dict]):
    documents = list(dict.fromkeys(i["document"] for i in items))
    by_document = {d: {k: v for k, v in _figures(document=d).items() if k in ("precision", "recall", "format_accuracy")}
                   for d in documents}
    return _figures(), by_document
