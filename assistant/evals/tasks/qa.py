"""Questions over the corpus with short gold answers, some unanswerable.

An answerable question is *correct* when the answer holds every gold string (each may list
alternatives, "a|b"); *abstained* when the product says the corpus does not answer; otherwise
*wrong*. An unanswerable question is right only when abstained. The gold strings were written
by hand, so correctness is judged apart from the product's own checks. A citation is *wrong*
when its passage does not hold the item's evidence (any citation of an unanswerable question is).

The product answers only above a confidence threshold; each item also records what its best
answer would have been had it been shown (`would_be`), so the report draws the risk-coverage
curve (share answered against share wrong, over all thresholds) and `sendraft eval calibrate`
fits the weights and the threshold on a dev run."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.errors import SendraftError
from assistant.evals.metrics import normalise
from assistant.evals.stats import MetricDef, mean_of
from assistant.evals.suites import read_jsonl
from assistant.evals.tasks import TaskOutput
from assistant.generation.structured import CallStats
from assistant.settings import REPO_ROOT

DEFAULT_DATASET = REPO_ROOT / "evals" / "datasets" / "qa.jsonl"


class Evidence(BaseModel):
    source: str = Field(description="File name (without extension) of the document that answers.")
    quote: str = Field(min_length=3)


class QACase(BaseModel):
    id: str
    question: str
    answerable: bool
    gold: list[str] = Field(default_factory=list)
    evidence: Evidence | None = None
    where: str = Field(description="Where a person finds the answer (or why there is none).")
    kind: str | None = Field(None, description="What the question asks for (figure, date, named, org_said, yes_no, "
                                               "two_part, paraphrase, unanswerable); public sets only.")


def load_cases(path) -> list[QACase]:
    cases = read_jsonl(path, QACase)
    for case in cases:
        if case.answerable and (not case.gold or case.evidence is None):
            raise SendraftError(f"{path}: question {case.id} is answerable, so it needs gold strings and evidence")
    return cases


def gold_present(answer: str, gold: list[str]) -> bool:
    """Pure: every gold string (any of its '|' alternatives) occurs in the answer."""
    text = normalise(answer).replace("£", "")
    return all(any(normalise(alt).replace("£", "") in text for alt in g.split("|")) for g in gold)


def outcome(case: QACase, abstained: bool, answer: str) -> str:
    """Pure: correct / abstained / wrong."""
    if abstained:
        return "abstained"
    if case.answerable and gold_present(answer, case.gold):
        return "correct"
    return "wrong"


def run(ctx) -> TaskOutput:
    from assistant.generation.qa import ask

    store = ctx.store()
    cases = load_cases(ctx.dataset(DEFAULT_DATASET))
    limit = ctx.option("limit")
    if ctx.option("ids"):
        cases = [c for c in cases if c.id in set(ctx.option("ids"))]
    cases = cases[:limit] if limit else cases
    backend, total, items = ctx.backend(), CallStats(), []
    for n, case in enumerate(cases, 1):
        ctx.say(f"question {n}/{len(cases)}: {case.id}")
        answer = ask(store, case.question, backend=backend)
        texts = {pid: p.text for pid, p in store.catalog.passages_by_id([c.passage_id for c in answer.citations]).items()}
        needle = normalise(case.evidence.quote) if case.evidence else None
        right = [needle is not None and needle in normalise(texts.get(c.passage_id, "")) for c in answer.citations]
        supported = any(c.supported for c in answer.citations)
        result = outcome(case, answer.abstained, answer.answer)
        best = answer.answer if not answer.abstained else answer.withheld
        would_be = "none" if best is None else outcome(case, False, best)
        stats = CallStats(calls=1, input_tokens=answer.input_tokens, output_tokens=answer.output_tokens, seconds=answer.seconds)
        total.add(stats)
        items.append({
            "id": case.id, "area": "all", "answerable": case.answerable, "outcome": result,
            "correct": result == "correct" if case.answerable else result == "abstained",
            "abstained": answer.abstained, "wrong": result == "wrong",
            "answered": not answer.abstained,
            "wrong_citation": (not answer.abstained) and (not all(right) or not right),
            "wrong_with_supported": result == "wrong" and supported,
            "answer": answer.answer, "question": case.question, "where": case.where, "notes": answer.notes,
            "citations": [{"passage_id": c.passage_id, "quote": c.quote, "verdict": c.verdict, "holds_evidence": r}
                          for c, r in zip(answer.citations, right)],
            "confidence": answer.confidence, "signals": answer.signals, "would_be": would_be, "withheld": answer.withheld,
            "kind": getattr(case, "kind", None),
            "seconds": answer.seconds, "input_tokens": stats.input_tokens, "output_tokens": stats.output_tokens,
        })
    calibration = store.settings.answer_calibration
    details = {"dataset": str(ctx.dataset(DEFAULT_DATASET)), "calibration": calibration.model_dump(),
               "risk_coverage": curve(items)}
    return TaskOutput(items, details, total)


def curve(items: list[dict]) -> list[dict]:
    """Pure: the risk-coverage curve of a run's items (confidence.risk_coverage)."""
    from assistant.generation.confidence import risk_coverage

    return risk_coverage([i["confidence"] if i.get("confidence") is not None else -1.0 for i in items],
                         [i.get("would_be", "none") for i in items])


def metrics(options: dict, items: list[dict]):
    lower = {"higher_is_better": False}
    overall = {
        "answerable.correct": MetricDef(mean_of("correct", answerable=True)),
        "answerable.abstained": MetricDef(mean_of("abstained", answerable=True), **lower),
        "answerable.wrong": MetricDef(mean_of("wrong", answerable=True), **lower),
        "unanswerable.abstained": MetricDef(mean_of("abstained", answerable=False)),
        "wrong_with_supported_citation": MetricDef(mean_of("wrong_with_supported"), **lower,
                                                   description="share of all questions answered wrongly with a citation verified as supported"),
        "answers_with_wrong_citation": MetricDef(mean_of("wrong_citation", answered=True), **lower),
        "seconds_per_question": MetricDef(mean_of("seconds"), **lower),
    }
    return overall, {}
