"""The editor's rubric (issue 22, part 1): the share of drafted points an editor would keep.

Each drafted Positive, Issue and Way forward is checked by the rubric's own checks
(`assistant/evals/editor_checks.py`: a near-duplicate, a guiding question restated, talk about
the forum or the document, vague, cut off or garbled, inverting its quote, in the wrong area);
the keep rate is the share struck for no reason, and each reason's share is reported too.
The draft is the run's own (leave-one-out when `leave_out` names the gold), or a saved one with
`draft: latest` or a path, as for the `draft` task; `draft: none` scores only the labels below
(no chat model: suite `editor-labels`).

The run also scores the rubric against the hand labels (`labels`, by default
`evals/datasets/editor-labels.jsonl`, judged with the framework they were written against,
`labels_framework`, by default the shipped one): agreement, Cohen's kappa, and the precision
and recall of "strike", on dev and on test separately (the thresholds were chosen on dev only).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from assistant.evals.editor_checks import REASONS, Point, Thresholds, Verdict, for_ner
from assistant.evals.editor_rubric import judge, reason_counts
from assistant.evals.stats import MetricDef, mean_of, precision_of
from assistant.evals.suites import read_jsonl, repo_path
from assistant.evals.tasks import TaskOutput
from assistant.evals.tasks.citations import _draft
from assistant.framework import Framework, load_framework
from assistant.settings import DEFAULT_FRAMEWORK, REPO_ROOT
from assistant.tagging import profiles, score_areas

DEFAULT_LABELS = REPO_ROOT / "evals" / "datasets" / "editor-labels.jsonl"
SECTIONS = ("positives", "issues", "ways_forward")


class Label(BaseModel):
    """A point labelled by hand: would an editor keep it, and if not, why."""

    id: str
    draft: str
    corpus: str = ""
    split: Literal["dev", "test"]
    area: str
    section: Literal["positives", "issues", "ways_forward"]
    text: str
    quote: str = ""
    label: Literal["keep", "strike"]
    reasons: list[str] = []
    origin: Literal["issue-22", "constructed", "draft"] = "constructed"


@dataclass
class Features:
    """What the checks need beyond the texts, computed once (embeddings, area scores, entities)."""

    vectors: list[list[float]]
    questions: list[str]
    question_vectors: list[list[float]]
    area_scores: list[dict[str, float]]
    entity_labels: list[set[str]]


def features(points: list[Point], framework: Framework, embed) -> Features:
    """The points' embeddings, the guiding questions' embeddings, each point's area scores
    (cosine with the areas' profiles, as passages are tagged) and its entity kinds (spaCy)."""
    from assistant.generation.answer_types import entity_labels

    questions = [q for a in framework.areas for q in a.guiding_questions]
    vectors = embed([p.text for p in points]) if points else []
    return Features(vectors=vectors, questions=questions, question_vectors=embed(questions) if questions else [],
                    area_scores=score_areas(vectors, profiles(framework, embed)) if points else [],
                    entity_labels=entity_labels([for_ner(p.text) for p in points]) if points else [])


def verdicts(points: list[Point], f: Features, t: Thresholds = Thresholds()) -> list[Verdict]:
    return judge(points, f.vectors, f.question_vectors, f.questions, f.area_scores, f.entity_labels, t)


def draft_points(draft) -> list[tuple[str, Point]]:
    """(item id, point) for every drafted bullet; its quote is the fact it rests on (the
    kernel) or its first citation's quote."""
    out = []
    for area in draft.areas:
        for section in SECTIONS:
            for n, b in enumerate(getattr(area, section)):
                quote = b.kernel or (b.citations[0].quote if b.citations else "")
                out.append((f"{area.area_id}:{section}:{n}", Point(area.area_id, section, b.text, quote)))
    return out


def point_items(ids: list[str], points: list[Point], found: list[Verdict]) -> list[dict]:
    return [{"id": i, "kind": "point", "area": p.area, "section": p.section, "text": p.text, "kept": v.kept,
             "reasons": v.reasons, **{r: r in v.reasons for r in REASONS}} for i, p, v in zip(ids, points, found)]


def load_labels(path: Path) -> list[Label]:
    return read_jsonl(path, Label)


def label_points(labels: list[Label]) -> dict[str, list[tuple[Label, Point]]]:
    """The labelled points grouped by the draft they belong to (duplicates are within a draft)."""
    groups: dict[str, list[tuple[Label, Point]]] = {}
    for label in labels:
        groups.setdefault(label.draft, []).append((label, Point(label.area, label.section, label.text, label.quote)))
    return groups


def label_items(groups: dict[str, list[tuple[Label, Point]]], feats: dict[str, Features],
                t: Thresholds = Thresholds()) -> list[dict]:
    """Pure: the rubric's verdict beside the hand label of each labelled point."""
    items = []
    for draft, pairs in groups.items():
        for (label, _), v in zip(pairs, verdicts([p for _, p in pairs], feats[draft], t)):
            predicted = "keep" if v.kept else "strike"
            items.append({"id": label.id, "kind": "label", "split": label.split, "area": label.area, "section": label.section,
                          "truth": label.label, "predicted": predicted, "agree": predicted == label.label,
                          "truth_reasons": label.reasons, "reasons": v.reasons, "text": label.text})
    return items


def run(ctx) -> TaskOutput:
    t = Thresholds(**ctx.option("thresholds", {}))
    items: list[dict] = []
    details: dict = {"thresholds": t.__dict__}
    if ctx.option("draft") == "none":  # the rubric against the hand labels only: no draft, no chat model
        from assistant.embeddings import make_embeddings

        embed = make_embeddings(ctx.settings.embedding_model, ctx.settings.embedding_batch_size).embed_documents
    else:
        store, draft = _draft(ctx)
        embed = store.embeddings.embed_documents
        pairs = draft_points(draft)
        points = [p for _, p in pairs]
        ctx.say(f"checking {len(points)} points")
        found = verdicts(points, features(points, store.framework, embed), t)
        items = point_items([i for i, _ in pairs], points, found)
        details.update({"points": len(points), "reason_counts": reason_counts(found),
                        "framework": str(store.settings.framework_path),
                        "struck": [{"id": i["id"], "text": i["text"], "reasons": i["reasons"]} for i in items if not i["kept"]]})
    labels_path = ctx.option("labels", DEFAULT_LABELS)
    if labels_path:
        ctx.say("scoring the rubric against the hand labels")
        framework = load_framework(repo_path(Path(ctx.option("labels_framework", DEFAULT_FRAMEWORK))))
        groups = label_points(load_labels(repo_path(Path(labels_path))))
        feats = {d: features([p for _, p in pairs], framework, embed) for d, pairs in groups.items()}
        labelled = label_items(groups, feats, t)
        items += labelled
        details["labels"] = {"path": str(labels_path), "points": len(labelled),
                             "disagreements": [i for i in labelled if not i["agree"]]}
    return TaskOutput(items, details)


def kappa_of(**where):
    """Cohen's kappa of the rubric's keep/strike against the hand labels."""

    def fn(items: list[dict]) -> float | None:
        chosen = [i for i in items if all(i.get(k) == v for k, v in where.items())]
        if not chosen:
            return None
        n = len(chosen)
        observed = sum(i["agree"] for i in chosen) / n
        truth = sum(i["truth"] == "strike" for i in chosen) / n
        predicted = sum(i["predicted"] == "strike" for i in chosen) / n
        chance = truth * predicted + (1 - truth) * (1 - predicted)
        return (observed - chance) / (1 - chance) if chance < 1 else None

    fn.where = where
    return fn


def metrics(options: dict, items: list[dict]):
    lower = {"higher_is_better": False}
    overall = {"keep_rate": MetricDef(mean_of("kept", kind="point"))}
    overall.update({f"{r}_share": MetricDef(mean_of(r, kind="point"), **lower) for r in REASONS})
    for section in SECTIONS:
        overall[f"{section}.keep_rate"] = MetricDef(mean_of("kept", kind="point", section=section))
    for split in ("dev", "test"):
        scope = {"kind": "label", "split": split}
        overall[f"labels.{split}.agreement"] = MetricDef(mean_of("agree", **scope))
        overall[f"labels.{split}.kappa"] = MetricDef(kappa_of(**scope))
        overall[f"labels.{split}.strike_precision"] = MetricDef(precision_of("truth", "predicted", "strike", **scope))
        overall[f"labels.{split}.strike_recall"] = MetricDef(mean_of("agree", truth="strike", **scope))
    areas = list(dict.fromkeys(i["area"] for i in items if i.get("kind") == "point"))
    return overall, {a: {"keep_rate": MetricDef(mean_of("kept", kind="point", area=a))} for a in areas}
