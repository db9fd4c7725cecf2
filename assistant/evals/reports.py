"""Reports of a run, and of two runs compared: Markdown, and self-contained HTML with charts.

Charts are matplotlib SVG written inline (no scripts, no outside files), so a report opens
anywhere offline and the workspace can show the same charts from `chart_svgs`.
"""

from __future__ import annotations

import io
from html import escape

from assistant.evals.results import Run, TaskResult
from assistant.evals.stats import Figure

_STYLE = """body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#1f2933;line-height:1.4}
table{border-collapse:collapse;margin:.6em 0 1.2em}td,th{border:1px solid #d0d7de;padding:.25em .6em;text-align:left}
th{background:#f3f5f7}td.num{text-align:right;font-variant-numeric:tabular-nums}.fail{color:#b42318}.pass{color:#1a7f37}
.muted{color:#6b7280}h2{margin-top:1.8em;border-bottom:1px solid #e5e7eb}"""


def _fig(f: Figure | None) -> str:
    return f.text() if f else "missing"


def _svg(fig) -> str:
    """The figure as an inline SVG element (no XML header), and the figure closed."""
    from matplotlib import pyplot as plt

    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]


def _chart(labels: list[str], figures: list[Figure], title: str, centre_zero: bool = False) -> str:
    """A horizontal bar chart with 95% interval whiskers, as an inline SVG string."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    values = [f.value if f.value is not None else 0.0 for f in figures]
    lows = [max(v - (f.low if f.low is not None else v), 0) for v, f in zip(values, figures)]
    highs = [max((f.high if f.high is not None else v) - v, 0) for v, f in zip(values, figures)]
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(labels) + 0.9))
    colours = ["#c7ced6" if f.value is None else ("#2563eb" if not centre_zero else
               ("#1a7f37" if (f.value >= 0) == f.higher_is_better else "#b42318")) for f in figures]
    ax.barh(range(len(labels)), values, xerr=[lows, highs], color=colours, capsize=3, ecolor="#374151")
    ax.set_yticks(range(len(labels)), [f"{label} (missing)" if f.value is None else label for label, f in zip(labels, figures)])
    ax.invert_yaxis()
    ax.set_title(title, fontsize=10)
    if centre_zero:
        ax.axvline(0, color="#374151", linewidth=0.8)
    elif all(0 <= v <= 1 for v in values):
        ax.set_xlim(0, 1.05)
    ax.tick_params(labelsize=8)
    return _svg(fig)


def _risk_coverage_chart(points: list[dict], threshold: float, title: str) -> str:
    """Share answered against share wrong (of all questions), over every threshold, with the
    product's operating point marked: what a stricter or looser threshold would buy."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    ax.plot([q["coverage"] for q in points], [q["risk"] for q in points], color="#2563eb", linewidth=1.4, label="wrong")
    ax.plot([q["coverage"] for q in points], [q["correct"] for q in points], color="#1a7f37", linewidth=1.0,
            linestyle="--", label="correct")
    chosen = [q for q in points if q["threshold"] >= threshold]
    if chosen:
        at = chosen[-1]
        ax.plot([at["coverage"]], [at["risk"]], "o", color="#b42318")
        ax.annotate(f"threshold {threshold:.2f}: {at['coverage']:.0%} answered, {at['risk']:.0%} wrong",
                    (at["coverage"], at["risk"]), textcoords="offset points", xytext=(6, 8), fontsize=7)
    ax.set_xlabel("share of questions answered", fontsize=8)
    ax.set_ylabel("share of all questions", fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(fontsize=7, loc="upper left")
    ax.set_title(title, fontsize=10)
    ax.tick_params(labelsize=8)
    return _svg(fig)


def chart_svgs(task: TaskResult) -> list[str]:
    """The task's charts: its overall figures, and its first per-area figure by area."""
    charts = []
    if task.metrics:
        names = list(task.metrics)
        charts.append(_chart(names, [task.metrics[n] for n in names], f"{task.name}: figures with 95% intervals"))
    if task.by_area:
        first = next(iter(next(iter(task.by_area.values()))), None)
        if first:
            areas = list(task.by_area)
            charts.append(_chart(areas, [task.by_area[a].get(first, Figure(value=None)) for a in areas],
                                 f"{task.name}: {first} by area"))
    if task.details.get("risk_coverage"):
        threshold = task.details.get("calibration", {}).get("threshold", 1.01)
        charts.append(_risk_coverage_chart(task.details["risk_coverage"], threshold, f"{task.name}: risk-coverage"))
    return charts


def _provenance_lines(run: Run) -> list[str]:
    p = run.provenance
    commit = p.get("commit")
    return [f"suite `{run.suite}` ({run.suite_path or 'ad hoc'}), started {run.started_at}, {run.seconds:.0f} s, repeat {run.repeat}",
            f"git commit {commit[:12] + (' (uncommitted changes)' if p.get('dirty') else '') if commit else 'unknown'}",
            f"chat model {p.get('models', {}).get('chat')}, embeddings {p.get('models', {}).get('embeddings')}",
            "prompts " + ", ".join(f"{k} {v}" for k, v in p.get("prompt_versions", {}).items()),
            "corpora " + "; ".join(f"{key}: {', '.join(d['source'] for d in docs.values())}" for key, docs in p.get("corpora", {}).items())]


def _task_details_md(task: TaskResult) -> list[str]:
    d, lines = task.details, []
    if task.task == "coverage":
        cal = d.get("calibration", {})
        lines += [f"Gold: {d.get('gold')} ({d.get('gold_points')} points), left out of the corpus. Match: a drafted bullet's "
                  f"closest gold point, cosine >= {d.get('threshold')} (the lowest threshold with match precision >= "
                  f"{cal.get('target_precision')} on {cal.get('pairs')} labelled pairs; their best-F1 threshold is "
                  f"{cal.get('best_f1_threshold')}).", "",
                  "Matched pairs (gold <- draft):"]
        lines += [f"- [{m['area']}/{m['section']}] {m['gold']} <- {m['draft']} ({m['similarity']})" for m in d.get("matched_pairs", [])]
        lines += ["", f"Misses: {len(d.get('misses', []))} gold points with no drafted match (first 15):"]
        lines += [f"- [{m['area']}/{m['section']}] {m['gold']}" for m in d.get("misses", [])[:15]]
    elif task.task == "qa":
        lines += ["| id | outcome | answer | where |", "| --- | --- | --- | --- |"]
        lines += [f"| {i['id']} | {i['outcome']} | {i['answer'][:90].replace('|', '/')} | {i['where']} |"
                  for i in task.items if i.get("repeat", 0) == 0]
    elif task.task == "retrieval":
        lines += [f"Misses at 10 ({mode}): {', '.join(m) or 'none'}" for mode, m in d.get("misses", {}).items()]
    elif task.task == "tagging":
        lines += ["Confusion (truth -> predicted): " + "; ".join(f"{t}: {row}" for t, row in d.get("confusion", {}).items())]
    return lines


def run_markdown(run: Run) -> str:
    lines = [f"# Evaluation run {run.id}", "", *[f"- {x}" for x in _provenance_lines(run)], "",
             "| task | metric | value [95% interval] | n |", "| --- | --- | --- | --- |"]
    for t in run.tasks:
        if t.error:
            lines.append(f"| {t.name} | (failed) | {t.error} | |")
        lines += [f"| {t.name} | {name} | {_fig(f)} | {f.n} |" for name, f in t.metrics.items()]
    for t in run.tasks:
        lines += ["", f"## {t.name} ({t.task})", "",
                  f"Cost: {t.cost.seconds:.1f} s, {t.cost.calls} model calls, {t.cost.input_tokens} tokens in, "
                  f"{t.cost.output_tokens} out; {t.cost.items} items ({t.cost.per_item['seconds']} s and "
                  f"{t.cost.per_item['tokens']} tokens an item); repeats {t.repeats}."]
        if t.by_area:
            names = list(next(iter(t.by_area.values())))
            lines += ["", "| area | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
            lines += [f"| {a} | " + " | ".join(_fig(ms.get(n)) for n in names) + " |" for a, ms in t.by_area.items()]
        lines += ["", *_task_details_md(t)]
    total = run.cost
    lines += ["", f"Suite cost: {total.seconds:.0f} s, {total.input_tokens} tokens in, {total.output_tokens} out."]
    if run.gate is not None:
        lines += ["", "## Gate", "", "| task | metric | value | baseline | result |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {g['task']} | {g['metric']} | {g['value']} | {g['baseline']} | {'pass' if g['passed'] else 'FAIL: ' + g['reason']} |"
                  for g in run.gate]
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body>{body}</body></html>")


def run_html(run: Run) -> str:
    parts = [f"<h1>Evaluation run {escape(run.id)}</h1><ul>" + "".join(f"<li>{escape(x)}</li>" for x in _provenance_lines(run)) + "</ul>"]
    rows = []
    for t in run.tasks:
        if t.error:
            rows.append([escape(t.name), "(failed)", f"<span class='fail'>{escape(t.error)}</span>", ""])
        rows += [[escape(t.name), escape(n), escape(_fig(f)), str(f.n)] for n, f in t.metrics.items()]
    parts.append(_table(["task", "metric", "value [95% interval]", "n"], rows))
    if run.gate is not None:
        parts.append("<h2>Gate</h2>" + _table(["task", "metric", "value", "baseline", "result"], [
            [escape(g["task"]), escape(g["metric"]), escape(str(g["value"])), escape(str(g["baseline"])),
             "<span class='pass'>pass</span>" if g["passed"] else f"<span class='fail'>FAIL: {escape(g['reason'])}</span>"]
            for g in run.gate]))
    for t in run.tasks:
        parts.append(f"<h2>{escape(t.name)} <span class='muted'>({escape(t.task)})</span></h2>")
        parts.append(f"<p class='muted'>{t.cost.seconds:.1f} s, {t.cost.calls} model calls, {t.cost.input_tokens} tokens in, "
                     f"{t.cost.output_tokens} out; {t.cost.items} items; repeats {t.repeats}</p>")
        parts += chart_svgs(t)
        if t.by_area:
            names = list(next(iter(t.by_area.values())))
            parts.append(_table(["area", *names], [[escape(a), *[escape(_fig(ms.get(n))) for n in names]] for a, ms in t.by_area.items()]))
        details = _task_details_md(t)
        if details:
            parts.append("<pre style='white-space:pre-wrap'>" + escape("\n".join(details)) + "</pre>")
    return _page(f"Evaluation run {run.id}", "".join(parts))


def compare_markdown(a: Run, b: Run, rows: list[dict]) -> str:
    lines = [f"# {b.id} against {a.id}", "", "Difference = B - A, paired bootstrap 95% interval over shared items.", "",
             "| task | metric | A | B | B - A | |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        verdict = "" if r["better"] is None else ("better" if r["better"] else "worse") + ("" if r["significant"] else " (within noise)")
        lines.append(f"| {r['task']} | {r['metric']} | {_fig(r['a'])} | {_fig(r['b'])} | {_fig(r['diff'])} | {verdict} |")
    return "\n".join(lines) + "\n"


def compare_html(a: Run, b: Run, rows: list[dict]) -> str:
    body = [f"<h1>{escape(b.id)} against {escape(a.id)}</h1><p>Difference = B - A, paired bootstrap 95% interval.</p>"]
    if rows:
        body.append(_chart([f"{r['task']}.{r['metric']}" for r in rows], [r["diff"] for r in rows], "B - A", centre_zero=True))
    body.append(_table(["task", "metric", "A", "B", "B - A"], [[escape(r["task"]), escape(r["metric"]), escape(_fig(r["a"])),
                                                                escape(_fig(r["b"])), escape(_fig(r["diff"]))] for r in rows]))
    return _page(f"{b.id} against {a.id}", "".join(body))
