"""`sendraft eval ...`: run a suite, list suites and runs, compare two runs; and the shortcuts
`eval retrieval`, `eval judge` and `eval draft`, which run one task through the same runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from assistant.cli.shared import _fail, err, eval_app, out
from assistant.errors import SendraftError
from assistant.settings import Settings


def _run(suite, repeat: int = 1, out_dir: Optional[Path] = None, baseline: Optional[Path] = None, gate: bool = True):
    """Run, gate against the baseline when there is one, save; returns (run, folder)."""
    from assistant.evals.compare import gate as check_gate
    from assistant.evals.runner import load_run, run_suite, runs_dir, save_run
    from assistant.evals.suites import repo_path

    settings = Settings()
    try:
        run = run_suite(suite, repeat=repeat, settings=settings, progress=lambda m: err.print(f"[dim]{m}[/dim]"))
        baseline_path = baseline or (repo_path(suite.baseline) if suite.baseline else None)
        if gate and (baseline_path or any(t.thresholds for t in suite.tasks)):
            reference = load_run(baseline_path) if baseline_path and baseline_path.exists() else None
            if baseline_path and reference is None:
                err.print(f"[yellow]baseline {baseline_path} does not exist: only absolute thresholds are checked[/yellow]")
            run.gate = check_gate(run, suite, reference)
        folder = save_run(run, out_dir or runs_dir(settings))
    except SendraftError as exc:
        _fail(str(exc))
    err.print(f"saved {folder} (run.json, report.md, report.html)")
    return run, folder


def _adhoc(task: str, **spec):
    from assistant.evals.suites import parse_suite

    return parse_suite({"name": task, "tasks": [{"task": task, **spec}]})


@eval_app.command("run")
def eval_run(
    suite_name: str = typer.Argument(..., metavar="SUITE", help="A suite name in evals/suites/ (smoke, full, ...) or a YAML path."),
    repeat: int = typer.Option(1, "--repeat", min=1, max=20, help="Run model-judged tasks N times with varied seeds."),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="Folder for the run (default SENDRAFT_HOME/evals/runs)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="A run.json to gate against (default: the suite's)."),
    save_baseline: Optional[Path] = typer.Option(None, "--save-baseline", help="Also write this run's JSON here."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Run an evaluation suite: figures with 95% intervals, reports, and the gate against its baseline."""
    from assistant.evals.runner import dump
    from assistant.evals.suites import load_suite

    try:
        suite = load_suite(suite_name)
    except SendraftError as exc:
        _fail(str(exc))
    run, folder = _run(suite, repeat, out_dir, baseline)
    if save_baseline:
        save_baseline.parent.mkdir(parents=True, exist_ok=True)
        save_baseline.write_text(dump(run.model_copy(update={"gate": None})), encoding="utf-8")
        err.print(f"wrote the baseline {save_baseline}")
    if as_json:
        print(dump(run))
    else:
        _print_summary(run)
    failed = [g for g in run.gate or [] if not g["passed"]]
    errors = [t for t in run.tasks if t.error]
    if failed or errors:
        for g in failed:
            err.print(f"[red]gate failed:[/red] {g['task']} {g['metric']} = {g['value']} ({g['reason']})")
        for t in errors:
            err.print(f"[red]task failed:[/red] {t.name}: {t.error}")
        raise typer.Exit(1)


def _print_summary(run) -> None:
    out.print(f"[bold]{run.id}[/bold]  {run.seconds:.0f} s")
    for t in run.tasks:
        if t.error:
            out.print(f"  {t.name:12} [red]failed: {t.error}[/red]")
            continue
        out.print(f"  [bold]{t.name}[/bold] [dim]({t.cost.seconds:.0f} s, {t.cost.per_item['seconds']} s an item)[/dim]")
        for name, f in t.metrics.items():
            out.print(f"    {name:34} {f.text()}  [dim]n={f.n}[/dim]")
    if run.gate:
        passed = sum(g["passed"] for g in run.gate)
        out.print(f"gate: {passed}/{len(run.gate)} checks passed")


@eval_app.command("list")
def eval_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """The suites in evals/suites/ and the runs stored under SENDRAFT_HOME/evals/runs/."""
    from assistant.evals.runner import list_runs
    from assistant.evals.suites import list_suites

    try:
        suites, runs = list_suites(), list_runs(Settings())
    except SendraftError as exc:
        _fail(str(exc))
    if as_json:
        print(json.dumps({"suites": [{"name": s.name, "description": s.description, "tasks": [t.label for t in s.tasks],
                                      "path": str(s.path)} for s in suites],
                          "runs": [{"id": r.id, "suite": r.suite, "started_at": r.started_at, "seconds": r.seconds,
                                    "tasks": [t.name for t in r.tasks],
                                    "gate_passed": None if r.gate is None else all(g["passed"] for g in r.gate)} for r in runs]},
                         indent=2))
        return
    out.print("[bold]suites[/bold]")
    for s in suites:
        out.print(f"  {s.name:10} {', '.join(t.label for t in s.tasks)}  [dim]{s.description}[/dim]")
    out.print("[bold]runs[/bold]" if runs else "no runs yet: `sendraft eval run smoke`")
    for r in runs:
        gate = "" if r.gate is None else (" gate passed" if all(g["passed"] for g in r.gate) else " [red]gate failed[/red]")
        out.print(f"  {r.id}  {r.seconds:.0f} s  {', '.join(t.name for t in r.tasks)}{gate}")


@eval_app.command("compare")
def eval_compare(
    run_a: str = typer.Argument(..., help="A run id, its folder or run.json, or the folder given to `eval run --out` (the reference)."),
    run_b: str = typer.Argument(..., help="The run compared with it."),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="Folder for compare.md and compare.html."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """B - A for every figure the two runs share, with paired bootstrap 95% intervals."""
    from assistant.evals.compare import compare_runs
    from assistant.evals.reports import compare_html, compare_markdown
    from assistant.evals.runner import load_run, runs_dir
    from assistant.files import atomic_write

    try:
        a, b = load_run(run_a), load_run(run_b)
    except SendraftError as exc:
        _fail(str(exc))
    rows = compare_runs(a, b)
    folder = out_dir or runs_dir(Settings()) / f"compare-{a.id}-vs-{b.id}"
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / "compare.md", compare_markdown(a, b, rows).encode("utf-8"))
    atomic_write(folder / "compare.html", compare_html(a, b, rows).encode("utf-8"))
    err.print(f"wrote {folder / 'compare.md'} and compare.html")
    if as_json:
        print(json.dumps([{**r, "a": r["a"].model_dump() if r["a"] else None, "b": r["b"].model_dump() if r["b"] else None,
                           "diff": r["diff"].model_dump()} for r in rows], indent=2))
        return
    if not rows:
        out.print("the runs share no task")
    for r in rows:
        mark = "" if r["better"] is None else ("better" if r["better"] else "[red]worse[/red]") + ("" if r["significant"] else " [dim](within noise)[/dim]")
        out.print(f"{r['task']:12} {r['metric']:34} {r['a'].text() if r['a'] else 'missing':>24} -> "
                  f"{r['b'].text() if r['b'] else 'missing':>24}  diff {r['diff'].text()} {mark}")


@eval_app.command("retrieval")
def eval_retrieval(
    dataset: Optional[Path] = typer.Option(None, help="JSONL of queries with gold (source, quote)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Recall@5, recall@10, MRR and nDCG@10 for dense, BM25 and hybrid on your store, overall and per area."""
    from assistant.evals.retrieval import format_table

    run, _ = _run(_adhoc("retrieval", dataset=dataset), gate=False)
    task = _task_or_fail(run)
    if as_json:
        print(json.dumps(task.details["legacy"], indent=2))
        return
    print(format_table(task.details["legacy"]))
    for mode, misses in task.details["misses"].items():
        if misses:
            out.print(f"[dim]{mode} misses at 10: {', '.join(misses)}[/dim]")


@eval_app.command("judge")
def eval_judge(as_json: bool = typer.Option(False, "--json")) -> None:
    """Accuracy of the citation verifier on evals/datasets/judge.jsonl (labelled claim/passage pairs)."""
    run, _ = _run(_adhoc("judge"), gate=False)
    task = _task_or_fail(run)
    result = {"pairs": len(task.items), "seconds_per_pair": task.cost.per_item["seconds"]}
    for name, key in (("judge", "judge"), ("figures_then_judge", "checked")):
        m = task.metrics
        result[name] = {"accuracy": m[f"{key}.accuracy"].value, "precision": m[f"{key}.precision"].value,
                        "recall": m[f"{key}.recall"].value,
                        "false_supported": sum(i[key] and not i["gold"] for i in task.items)}
    if as_json:
        print(json.dumps(result, indent=2))
        return
    out.print(f"{result['pairs']} pairs, {result['seconds_per_pair']:.2f} s a pair")
    for name in ("judge", "figures_then_judge"):
        key = "judge" if name == "judge" else "checked"
        out.print(f"  {name:20} accuracy {task.metrics[key + '.accuracy'].text()}  precision "
                  f"{task.metrics[key + '.precision'].text()}  recall {task.metrics[key + '.recall'].text()}  "
                  f"false 'supported' {result[name]['false_supported']}")


@eval_app.command("draft")
def eval_draft(
    draft_file: Optional[Path] = typer.Argument(None, help="A saved draft (.json); default the latest."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Figures of a draft's quality: citations supported, bullets needing evidence, copies, off-area citations."""
    from assistant.drafts.repository import latest_draft

    path = draft_file or latest_draft(Settings().home)
    if path is None:
        _fail(f"no saved drafts under {Settings().home / 'drafts'}: run `sendraft draft` first")
    run, _ = _run(_adhoc("draft", options={"draft": str(path), "read_stance": False}), gate=False)
    result = _task_or_fail(run).details["figures"] | {"draft": str(path)}
    if as_json:
        print(json.dumps(result, indent=2))
        return
    out.print(f"{path}")
    out.print(f"{'area':16} {'bullets':>7} {'citations':>9} {'supported':>9} {'need evidence':>13} {'copied':>6} "
              f"{'off-area':>8}  empty")
    for a in [*result["areas"], {"area_id": "all", **result["total"], "empty_sections": [str(result["total"]["empty_sections"])]}]:
        out.print(f"{a['area_id']:16} {a['bullets']:7} {a['citations']:9} {a['supported']:9} {a['needs_evidence']:13} "
                  f"{a['copied']:6} {a['off_area_citations']:8}  {', '.join(a['empty_sections']) or '-'}")
    if result["missing_passages"]:
        out.print(f"[yellow]{len(result['missing_passages'])} cited passages are no longer in the corpus[/yellow]")


def _task_or_fail(run):
    task = run.tasks[0]
    if task.error:
        _fail(task.error)
    return task


@eval_app.command("calibrate")
def eval_calibrate(
    run: str = typer.Argument(..., help="A DEV run (id, folder or run.json) with a qa task; never a test run."),
    max_risk: float = typer.Option(0.05, "--max-risk", min=0.0, max=1.0, help="Largest share of wrong answers allowed on dev."),
    tasks: list[str] = typer.Option(["qa"], "--task", help="The Q&A task(s) in the run whose items are fitted on together."),
    write: bool = typer.Option(False, "--write", help="Write assistant/calibration/answers.json, the product's default."),
) -> None:
    """Fit the answer confidence's weights and threshold on a dev run, and print the risk-coverage curve."""
    from assistant.evals.calibrate import calibrate, write as write_calibration
    from assistant.evals.runner import load_run

    try:
        loaded = load_run(run)
        items = []
        for name in tasks:
            result = loaded.task(name)
            if result is None:
                raise SendraftError(f"run {loaded.id} has no task named {name!r}")
            items += result.items
        fitted, points = calibrate(items, loaded.id, max_risk)
    except SendraftError as exc:
        _fail(str(exc))
    out.print(f"weights {fitted.weights}  bias {fitted.bias:.3f}  threshold {fitted.threshold:.3f} (dev wrong <= {max_risk:.0%})")
    out.print(f"{'threshold':>10} {'answered':>9} {'wrong':>7} {'correct':>8}")
    for p in points:
        mark = "  <- chosen" if abs(p["threshold"] - fitted.threshold) < 1e-9 else ""
        out.print(f"{p['threshold']:10.3f} {p['coverage']:9.3f} {p['risk']:7.3f} {p['correct']:8.3f}{mark}")
    if write:
        err.print(f"wrote {write_calibration(fitted)}")
