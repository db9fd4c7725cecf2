"""Citation quality, ALCE-style (Gao et al., 2023), judged by the product's verifier.

Citation recall: a statement (a drafted bullet) counts when the concatenation of its cited
passages supports it. Citation precision: a citation of a supported statement is needed when it
supports the statement alone, or when the others without it do not; every citation of an
unsupported statement counts as not needed. The statement is what the product verifies: an
appraised point's factual kernel (the forum's judgement is its own and rests on no passage),
otherwise the bullet's text. The draft is the run's own leave-one-out draft
(shared with the coverage task), or a saved draft with `draft: PATH`.
"""

from __future__ import annotations

from pathlib import Path

from assistant.errors import SendraftError
from assistant.evals.stats import MetricDef, mean_of, ratio_of
from assistant.evals.tasks import TaskOutput
from assistant.generation.structured import CallStats
from assistant.generation.verify import make_judge


def needed(judge, statement: str, texts: list[str], stats: CallStats) -> tuple[bool, list[bool]]:
    """(statement supported by all its citations, each citation needed)."""
    if not texts or not judge.supports(statement, "\n\n".join(texts), stats):
        return False, [False] * len(texts)
    if len(texts) == 1:
        return True, [True]
    flags = []
    for n, text in enumerate(texts):
        alone = bool(judge.supports(statement, text, stats))
        rest = [t for m, t in enumerate(texts) if m != n]
        flags.append(alone or not judge.supports(statement, "\n\n".join(rest), stats))
    return True, flags


def _draft(ctx):
    from assistant.drafts.repository import latest_draft, load_draft

    saved = ctx.option("draft")
    if saved:
        store = ctx.store()
        path = latest_draft(store.settings.home) if saved == "latest" else Path(saved)
        if path is None:
            raise SendraftError("no saved draft to evaluate: run `sendraft draft` first")
        return store, load_draft(path)
    store = ctx.store(exclude=tuple(ctx.option("leave_out", [])))
    return store, ctx.draft(store, ctx.option("areas"))


def run(ctx) -> TaskOutput:
    store, draft = _draft(ctx)
    judge = make_judge(ctx.settings, ctx.backend())
    if judge is None:
        raise SendraftError("verifier is 'none': citations cannot be judged")
    ids = [c.passage_id for a in draft.areas for bs in a.sections().values() for b in bs for c in b.citations]
    texts = {pid: p.text for pid, p in store.catalog.passages_by_id(sorted(set(ids))).items()}
    stats, items = CallStats(), []
    for area in draft.areas:
        ctx.say(f"judging the citations of {area.area_id}")
        for section, bullets in area.sections().items():
            for n, bullet in enumerate(bullets):
                cited = [texts[c.passage_id] for c in bullet.citations if c.passage_id in texts]
                statement = bullet.kernel if bullet.kernel and bullet.kind == "point" else bullet.text
                supported, flags = needed(judge, statement, list(dict.fromkeys(cited)), stats)
                items.append({"id": f"{area.area_id}:{section}:{n}", "area": area.area_id, "section": section,
                              "recall": supported, "citations": len(flags), "precise": sum(flags), "text": bullet.text,
                              "judged": "kernel" if statement is not bullet.text else "text"})
    return TaskOutput(items, {"judge_version": getattr(judge, "version", ""), "statements": len(items)}, stats)


def metrics(options: dict, items: list[dict]):
    overall = {"citation_recall": MetricDef(mean_of("recall")), "citation_precision": MetricDef(ratio_of("precise", "citations"))}
    for section in ("positives", "issues", "ways_forward"):
        overall[f"{section}.citation_recall"] = MetricDef(mean_of("recall", section=section))
    areas = list(dict.fromkeys(i["area"] for i in items))
    return overall, {a: {"citation_recall": MetricDef(mean_of("recall", area=a)),
                         "citation_precision": MetricDef(ratio_of("precise", "citations", area=a))} for a in areas}
