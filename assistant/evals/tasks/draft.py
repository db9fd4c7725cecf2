"""Draft quality figures that need no gold answer: citations supported, bullets needing
evidence, bullets copying a source, off-area citations, empty sections; per area.

A saved draft (`draft: latest` or a path) is read against the user's store; otherwise the
run's own draft is made (leave-one-out when `leave_out` names the gold)."""

from __future__ import annotations

from assistant.evals.drafts import evaluate_draft
from assistant.evals.stats import MetricDef, ratio_of
from assistant.evals.tasks import TaskOutput
from assistant.evals.tasks.citations import _draft


def run(ctx) -> TaskOutput:
    store, draft = _draft(ctx)
    figures = evaluate_draft(store, draft)
    items = [{"id": a["area_id"], "area": a["area_id"], **{k: v for k, v in a.items() if k != "area_id"},
              "empty": len(a["empty_sections"]), "sections": 3} for a in figures["areas"]]
    return TaskOutput(items, {"figures": figures, "seconds": draft.seconds})


def metrics(options: dict, items: list[dict]):
    lower = {"higher_is_better": False}
    overall = {"supported_share": MetricDef(ratio_of("supported", "citations")),
               "needs_evidence_share": MetricDef(ratio_of("needs_evidence", "bullets"), **lower),
               "copied_share": MetricDef(ratio_of("copied", "bullets"), **lower),
               "off_area_share": MetricDef(ratio_of("off_area_citations", "citations"), **lower),
               "empty_section_share": MetricDef(ratio_of("empty", "sections"), **lower)}
    return overall, {i["area"]: {"supported_share": MetricDef(ratio_of("supported", "citations", area=i["area"])),
                                 "copied_share": MetricDef(ratio_of("copied", "bullets", area=i["area"]), **lower)}
                     for i in items}
