"""Stance reading on the forum's own points: every past Positive should read as a welcome and
every Issue as a concern. The share read as the section's own stance, the share read the wrong
way round (what would move a point to the wrong section) and the share read as plain facts."""

from __future__ import annotations

from assistant.evals.stats import MetricDef, mean_of
from assistant.evals.suites import repo_path
from assistant.evals.tasks import TaskOutput, gold_positions
from assistant.evals.tasks.tagging import DEFAULT_GOLD
from assistant.generation.stance import SECTION_OF, StanceReader
from assistant.generation.structured import CallStats

EXPECTED = {section: stance for stance, section in SECTION_OF.items()}  # positives -> welcome, issues -> concern


def run(ctx) -> TaskOutput:
    from assistant.framework import load_framework

    path = repo_path(ctx.spec.dataset) if ctx.spec.dataset else DEFAULT_GOLD
    _, positions = gold_positions(path, load_framework(ctx.settings.framework_path))
    points = [p for p in positions if p.section in EXPECTED][: ctx.option("limit", None)]
    reader = StanceReader(ctx.backend())
    total, items = CallStats(), []
    for n, p in enumerate(points, 1):
        stats = CallStats()
        read = reader.read(p.text, stats)
        total.add(stats)
        expected = EXPECTED[p.section]
        items.append({"id": p.id.rsplit(":", 1)[-1], "area": p.area_id, "section": p.section, "text": p.text,
                      "read": read, "own": read == expected, "wrong_way": read in SECTION_OF and read != expected,
                      "neutral": read == "neutral", "seconds": round(stats.seconds, 3),
                      "input_tokens": stats.input_tokens, "output_tokens": stats.output_tokens})
        if n % 20 == 0:
            ctx.say(f"{n}/{len(points)} points read")
    return TaskOutput(items, {"prompt_version": reader.version, "gold": str(path)}, total)


def metrics(options: dict, items: list[dict]):
    overall = {"own_stance": MetricDef(mean_of("own")), "wrong_way": MetricDef(mean_of("wrong_way"), higher_is_better=False),
               "read_as_fact": MetricDef(mean_of("neutral"), higher_is_better=False),
               "positives_welcome": MetricDef(mean_of("own", section="positives")),
               "issues_concern": MetricDef(mean_of("own", section="issues"))}
    areas = list(dict.fromkeys(i["area"] for i in items))
    return overall, {a: {"own_stance": MetricDef(mean_of("own", area=a))} for a in areas}
