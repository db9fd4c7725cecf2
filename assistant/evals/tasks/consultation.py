"""Answers to consultation questions, two ways, with the product's own path (answer_questions):

1. **Stance pairs** (`dataset`, default evals/datasets/stance-pairs.jsonl, option `split`): each
   a question and the points a response might hold on it, labelled by hand with the stance a
   person would give from those points: one of the question's options, "no position" (none
   bears on it, or they pull both ways), or, for free text, "answered". Each pair becomes a
   one-area response; its answer's stance (or status) is compared with the label.
2. **Whole consultations** (options `response`, a past forum response, every point of it taken
   as accepted; `consultations`, files): every question is answered or flagged with a reason;
   every sentence of an answer traces to a point and its citations; no stance goes against an
   accepted point that bears on the question.

The embedding model is the run's (SENDRAFT_EMBEDDING_MODEL); no chat model, no store: seconds."""

from __future__ import annotations

import time
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.consultation.answers import answer_questions, points_of, problems
from assistant.consultation.compose import untraceable
from assistant.consultation.extract import extract_questions
from assistant.consultation.models import ConsultationQuestion
from assistant.embeddings import make_embeddings
from assistant.errors import SendraftError
from assistant.evals.stats import MetricDef, mean_of
from assistant.evals.suites import read_jsonl, repo_path
from assistant.evals.tasks import TaskOutput, gold_positions
from assistant.evals.tasks.questions import count_of
from assistant.framework import load_framework
from assistant.ingest.loaders import load_file
from assistant.models import AreaDraft, Bullet, QuestionAnswer, ResponseDraft
from assistant.settings import REPO_ROOT
from assistant.tagging import position_text, profiles

DEFAULT_DATASET = REPO_ROOT / "evals" / "datasets" / "stance-pairs.jsonl"
DEFAULT_RESPONSE = "corpus/samples/forum-response-2026-05-15.md"


class PairPoint(BaseModel):
    section: str
    status: str = "drafted"
    text: str


class StancePair(BaseModel):
    id: str
    split: str
    consultation: str
    question: ConsultationQuestion
    points: list[PairPoint] = Field(default_factory=list)
    expected: str
    why: str = ""


def outcome(answer: QuestionAnswer) -> str:
    """Pure: what an answer comes to, in the labels' terms: its stance, "answered" (free text
    with an answer), or "no position"."""
    if answer.stance:
        return answer.stance
    if answer.format == "free_text" and answer.status != "no_position":
        return "answered"
    return "no position"


def pair_response(pair: StancePair) -> ResponseDraft:
    """Pure: the pair's points as a one-area response (the area does not matter to a stance)."""
    area = AreaDraft(area_id="values", title="Values", model="hand-written", prompt_version="-")
    for n, p in enumerate(pair.points, 1):
        getattr(area, p.section).append(Bullet(text=p.text, status=p.status, id=f"p{n}",
                                               kind="recommendation" if p.section == "ways_forward" else "point"))
    return ResponseDraft(title=pair.id, created_at="", areas=[area])


def forum_response(path: Path, framework) -> ResponseDraft:
    """A past response of the forum's as a response whose every point is accepted (it was
    published); a bullet under a sub-heading or another bullet reads with it ("ISPs: ...")."""
    _, positions = gold_positions(path, framework)
    areas = {a.id: AreaDraft(area_id=a.id, title=a.title, model="published", prompt_version="-") for a in framework.areas}
    for n, p in enumerate(positions, 1):
        getattr(areas[p.area_id], p.section).append(
            Bullet(text=position_text(p), status="accepted", id=f"p{n}", kind="recommendation" if p.section == "ways_forward" else "point"))
    return ResponseDraft(title=path.name, created_at="", areas=[a for a in areas.values() if any(a.sections().values())])


def run(ctx) -> TaskOutput:
    framework = load_framework(ctx.settings.framework_path)
    embed = make_embeddings(ctx.settings.embedding_model).embed_documents
    area_profiles = profiles(framework, embed)
    items: list[dict] = []
    details: dict = {}
    path = ctx.dataset(DEFAULT_DATASET)
    split = ctx.option("split")
    pairs = [p for p in read_jsonl(path, StancePair) if split is None or p.split == split]
    started = time.perf_counter()
    for pair in pairs:
        answer = answer_questions([pair.question], pair_response(pair), framework, embed, area_profiles=area_profiles)[0]
        got = outcome(answer)
        items.append({"id": pair.id, "kind": "pair", "area": pair.question.format, "question": pair.question.text,
                      "expected": pair.expected, "predicted": got, "correct": got == pair.expected,
                      "reason": answer.reason})
    details["pairs"] = {"dataset": str(path), "split": split, "n": len(pairs), "seconds": round(time.perf_counter() - started, 2),
                        "wrong": [f"{i['id']}: {i['predicted']} for {i['expected']}" for i in items if not i["correct"]]}
    ctx.say(f"{len(pairs)} stance pairs: {sum(i['correct'] for i in items)} right")
    consultations = ctx.option("consultations", [])
    if consultations:
        response = forum_response(repo_path(Path(ctx.option("response", DEFAULT_RESPONSE))), framework)
        points = {p.id: p for p in points_of(response)}
        for name in consultations:
            file = repo_path(Path(name))
            if not file.is_file():
                raise SendraftError(f"consultation {name} does not exist")
            questions = extract_questions(load_file(file).blocks)
            started = time.perf_counter()
            answers = answer_questions(questions, response, framework, embed, area_profiles=area_profiles)
            seconds = round(time.perf_counter() - started, 2)
            for a in answers:
                traced = not untraceable(a, points)
                clashes = [x for x in problems(a, response) if "goes against" in x]
                items.append({"id": f"{file.name}#{a.number}", "kind": "question", "area": a.format, "document": file.name,
                              "stance": a.stance, "status": a.status, "reason": a.reason, "points": len(a.point_ids),
                              "words": len(a.text.split()), "answered": a.status != "no_position",
                              "answered_or_flagged": a.status != "no_position" or bool(a.reason),
                              "traceable": traced, "contradiction": bool(clashes), "answer": a.text})
            details.setdefault("consultations", {})[file.name] = {
                "questions": len(answers), "seconds": seconds, "answered": sum(a.status != "no_position" for a in answers),
                "stances": {a.number: a.stance or a.status for a in answers}}
            ctx.say(f"{file.name}: {len(answers)} questions answered or flagged in {seconds} s")
    return TaskOutput(items, details)


def metrics(options: dict, items: list[dict]):
    overall = {
        "stance_accuracy": MetricDef(mean_of("correct", kind="pair"),
                                     description="the answer's stance (or answered / no position) as a person labelled it"),
        "answered_or_flagged": MetricDef(mean_of("answered_or_flagged", kind="question"),
                                         description="questions with an answer, or no position yet and the reason"),
        "answered": MetricDef(mean_of("answered", kind="question"), description="questions with a stance or a free-text answer"),
        "traceable": MetricDef(mean_of("traceable", kind="question"),
                               description="answers whose every sentence is a point's text with its citations"),
        "contradictions": MetricDef(count_of("contradiction", kind="question"), higher_is_better=False,
                                    description="answers whose stance goes against an accepted point"),
    }
    formats = list(dict.fromkeys(i["area"] for i in items if i["kind"] == "pair"))
    by_format = {f: {"stance_accuracy": MetricDef(mean_of("correct", kind="pair", area=f))} for f in formats}
    return overall, by_format
