"""Draft quality figures that need no gold answer, per area and per bullet.

Per area: citations supported, bullets needing evidence, bullets copying a source (measured
twice: "copied", the product's own rule, so close to 0 for appraised points by construction,
and the stricter "patchwork", see evals/drafts.py), off-area citations, empty sections. Per
bullet: how the stance reader reads each Positive (should be a welcome) and Issue (a concern),
whether each Way forward answers an Issue or restates a past position marked as such, whether
a bullet is cut off mid-sentence, and whether any citation quotes the document's front matter.
A saved draft (`draft: latest` or a path) is read against the user's store; otherwise the run's
own draft is made (leave-one-out when `leave_out` names the gold)."""

from __future__ import annotations

from assistant.evals.drafts import evaluate_draft
from assistant.evals.stats import MetricDef, mean_of, ratio_of
from assistant.evals.tasks import TaskOutput
from assistant.evals.tasks.citations import _draft
from assistant.generation.postprocess import complete
from assistant.generation.stance import SECTION_OF, StanceReader
from assistant.generation.structured import CallStats
from assistant.retrieval.areas import about_the_document, is_reference_section

OWN = {section: stance for stance, section in SECTION_OF.items()}


def run(ctx) -> TaskOutput:
    store, draft = _draft(ctx)
    figures = evaluate_draft(store, draft)
    items = [{"id": a["area_id"], "kind": "area", "area": a["area_id"], **{k: v for k, v in a.items() if k != "area_id"},
              "empty": len(a["empty_sections"]), "sections": 3} for a in figures["areas"]]
    reader = StanceReader(ctx.backend()) if ctx.option("read_stance", True) else None
    cited = store.catalog.passages_by_id(sorted({c.passage_id for a in draft.areas for bs in a.sections().values()
                                                 for b in bs for c in b.citations}))
    stats = CallStats()
    for area in draft.areas:
        for section, bullets in area.sections().items():
            for n, b in enumerate(bullets):
                item = {"id": f"{area.area_id}:{section}:{n}", "kind": "bullet", "area": area.area_id, "section": section,
                        "text": b.text, "complete": complete(b.text) == b.text.strip(),
                        "front_matter": any(c.passage_id in cited and (is_reference_section(cited[c.passage_id].heading_path)
                                                                       or about_the_document(c.quote)) for c in b.citations)}
                if section in OWN and reader is not None:
                    item["read"] = reader.read(b.text, stats)
                    item["own"] = item["read"] == OWN[section]
                if section == "ways_forward":
                    item["answers_or_past"] = bool(b.answers or b.past)
                items.append(item)
    return TaskOutput(items, {"figures": figures, "seconds": draft.seconds,
                              "stance_prompt": reader.version if reader else None}, stats)


def metrics(options: dict, items: list[dict]):
    lower = {"higher_is_better": False}
    areas = [i for i in items if i.get("kind", "area") == "area"]
    overall = {"supported_share": MetricDef(ratio_of("supported", "citations", kind="area")),
               "needs_evidence_share": MetricDef(ratio_of("needs_evidence", "bullets", kind="area"), **lower),
               "copied_share": MetricDef(ratio_of("copied", "bullets", kind="area"), **lower),
               "patchwork_share": MetricDef(ratio_of("patchwork", "bullets", kind="area"), **lower),
               "off_area_share": MetricDef(ratio_of("off_area_citations", "citations", kind="area"), **lower),
               "empty_section_share": MetricDef(ratio_of("empty", "sections", kind="area"), **lower),
               "positives_read_welcome": MetricDef(mean_of("own", kind="bullet", section="positives")),
               "issues_read_concern": MetricDef(mean_of("own", kind="bullet", section="issues")),
               "ways_forward_answer_an_issue": MetricDef(mean_of("answers_or_past", kind="bullet", section="ways_forward")),
               "complete_bullets": MetricDef(mean_of("complete", kind="bullet")),
               "front_matter_citations": MetricDef(mean_of("front_matter", kind="bullet"), **lower)}
    return overall, {i["area"]: {"supported_share": MetricDef(ratio_of("supported", "citations", kind="area", area=i["area"])),
                                 "copied_share": MetricDef(ratio_of("copied", "bullets", kind="area", area=i["area"]), **lower)}
                     for i in areas}
