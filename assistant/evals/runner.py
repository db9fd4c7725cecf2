"""Run a suite: each task (repeated with varied seeds where a model is involved), its figures
with intervals, its cost, and the run's provenance; stored under `SENDRAFT_HOME/evals/runs/`.

One way to evaluate: `sendraft eval run SUITE` and the shortcuts `eval retrieval`, `eval judge`
and `eval draft` all come through `run_suite`.
"""

from __future__ import annotations

import json
import platform
import subprocess
import time
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable

from assistant.errors import SendraftError
from assistant.evals.context import RunState, TaskContext
from assistant.evals.reports import run_html, run_markdown
from assistant.evals.results import Run, TaskResult
from assistant.evals.stats import Figure, figure
from assistant.evals.suites import Suite, TaskSpec
from assistant.evals.tasks import task_module
from assistant.files import atomic_write
from assistant.settings import REPO_ROOT, Settings

STOCHASTIC = {"stance", "judge", "citations", "coverage", "qa", "draft", "editor"}  # tasks whose figures a model decides
_PACKAGES = ("chromadb", "langchain-core", "sentence-transformers", "llama-cpp-python", "torch")


def score(spec_task: str, options: dict, items: list[dict]) -> tuple[dict[str, Figure], dict[str, dict[str, Figure]]]:
    """Figures with intervals, from the task's own metric definitions."""
    overall, by_area = task_module(spec_task).metrics(options, items)
    return ({name: figure(items, m) for name, m in overall.items()},
            {area: {name: figure(items, m) for name, m in ms.items()} for area, ms in by_area.items()})


def git_commit() -> dict:
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    return {"commit": commit, "dirty": bool(git("status", "--porcelain", "--untracked-files=no")) if commit else None}


def _packages() -> dict:
    found = {}
    for name in _PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found


def prompt_versions() -> dict[str, str]:
    from assistant.generation.prompts import PROMPTS_DIR, load_prompt

    return {p.stem: load_prompt(p.stem).version for p in sorted(PROMPTS_DIR.glob("*.md")) if p.stem != "README"}


def run_task(spec: TaskSpec, suite: Suite, state: RunState, repeat: int) -> TaskResult:
    module = task_module(spec.task)
    overrides = {**suite.settings, **spec.settings}
    result = TaskResult(name=spec.label, task=spec.task, options=spec.options, settings=overrides)
    repeats = repeat if spec.task in STOCHASTIC else 1
    result.repeats = repeats
    started = time.perf_counter()
    try:
        for r in range(repeats):
            seed = overrides.get("llm_seed", state.base.llm_seed) + r
            settings = Settings.model_validate({**state.base.model_dump(), **overrides, "llm_seed": seed})
            ctx = TaskContext(spec=spec, settings=settings, suite_corpus=suite.corpus, run=state, repeat=r)
            out = module.run(ctx)
            result.items += [{**item, "repeat": r} for item in out.items]
            result.details = out.details if r == 0 else {**result.details, f"repeat_{r}": out.details}
            for key in ("calls", "input_tokens", "output_tokens"):
                setattr(result.cost, key, getattr(result.cost, key) + getattr(out.stats, key))
        result.metrics, result.by_area = score(spec.task, spec.options, result.items)
    except SendraftError as exc:
        result.error = str(exc)
        state.progress(f"{spec.label}: failed: {exc}")
    result.cost.seconds = round(time.perf_counter() - started, 2)
    result.cost.items = len({i.get("id") for i in result.items}) * max(repeats, 1)
    return result


def run_suite(suite: Suite, repeat: int = 1, settings: Settings | None = None,
              progress: Callable[[str], None] | None = None) -> Run:
    if repeat < 1:
        raise SendraftError("--repeat must be at least 1")
    base = settings or Settings()
    say = progress or (lambda _: None)
    started_at = datetime.now(timezone.utc)
    run = Run(id=f"{started_at.strftime('%Y%m%d-%H%M%S')}-{suite.name}", suite=suite.name,
              suite_path=str(suite.path) if suite.path else None, started_at=started_at.isoformat(timespec="seconds"),
              repeat=repeat)
    state = RunState(base=base, progress=say)
    started = time.perf_counter()
    try:
        for spec in suite.tasks:
            say(f"{spec.label}: running ({spec.task})")
            run.tasks.append(run_task(spec, suite, state, repeat))
        merged = base.model_copy(update=suite.settings)
        run.provenance = {
            **git_commit(), "python": platform.python_version(), "packages": _packages(),
            "corpora": {s.settings.home.name if "corpora" in str(s.settings.home) else "user store":
                        {d.id: {"sha256": d.sha256, "source": Path(d.source).name} for d in s.catalog.documents()}
                        for s in state.stores.values()},
            "models": {"chat": f"{merged.llm_provider}:{merged.llm_model}", "embeddings": merged.embedding_model},
            "prompt_versions": prompt_versions(),
            "settings": merged.model_dump(
                mode="json", exclude={"llm_api_key", "home", "chroma_url"}),
        }
    finally:
        state.close()
    run._drafts = dict(state.drafts)
    run.seconds = round(time.perf_counter() - started, 2)
    return run


def runs_dir(settings: Settings) -> Path:
    return settings.home / "evals" / "runs"


def save_run(run: Run, directory: Path) -> Path:
    """The run's JSON, Markdown and HTML reports in one folder; JSON written atomically."""
    folder = directory / run.id
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / "run.json", run.model_dump_json(indent=1).encode("utf-8"))
    atomic_write(folder / "report.md", run_markdown(run).encode("utf-8"))
    atomic_write(folder / "report.html", run_html(run).encode("utf-8"))
    for n, draft in enumerate(run._drafts.values(), 1):
        (folder / "drafts").mkdir(exist_ok=True)
        atomic_write(folder / "drafts" / f"draft-{n}.json", draft.model_dump_json(indent=1).encode("utf-8"))
    return folder


def load_run(path: Path | str, settings: Settings | None = None) -> Run:
    """A run by folder, by its run.json, by the folder given to `eval run --out` (which holds the
    run's folder), or by id under SENDRAFT_HOME/evals/runs/."""
    candidate = Path(path)
    if candidate.is_dir() and not (candidate / "run.json").is_file():
        inside = sorted(candidate.glob("*/run.json"))
        if len(inside) > 1:
            raise SendraftError(f"{candidate} holds {len(inside)} runs ({', '.join(r.parent.name for r in inside)}): "
                                f"name one, e.g. {inside[-1].parent}")
        if inside:
            candidate = inside[0].parent
    if candidate.is_dir():
        candidate = candidate / "run.json"
    if not candidate.is_file():
        candidate = runs_dir(settings or Settings()) / str(path) / "run.json"
    if not candidate.is_file():
        raise SendraftError(f"no evaluation run {str(path)!r} (see `sendraft eval list`)")
    try:
        return Run.model_validate_json(candidate.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SendraftError(f"{candidate}: not a run file ({str(exc)[:200]})") from None


def list_runs(settings: Settings) -> list[Run]:
    folder = runs_dir(settings)
    out = []
    for path in sorted(folder.glob("*/run.json")) if folder.is_dir() else []:
        try:
            out.append(Run.model_validate_json(path.read_text(encoding="utf-8")))
        except ValueError:
            continue
    return out


def dump(run: Run) -> str:
    return json.dumps(run.model_dump(mode="json"), indent=1)
