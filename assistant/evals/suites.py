"""Evaluation suites as files: `evals/suites/*.yaml`, validated on load.

A suite names its corpus (files ingested into a scratch store of the run, so results do not
depend on what a user has ingested), settings overrides (any `SENDRAFT_` setting, by its field
name), and a list of tasks, each with its dataset, options, its own overrides and thresholds.
A threshold says how far a figure may fall below the baseline (`drop`) and, optionally, the
least it may be (`min`) or the most (`max`, for figures where lower is better).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import SendraftError
from assistant.settings import REPO_ROOT, Settings

SUITES_DIR = REPO_ROOT / "evals" / "suites"
TASKS = ("retrieval", "tagging", "stance", "judge", "citations", "coverage", "qa", "draft", "questions", "consultation", "editor")


class Threshold(BaseModel):
    model_config = ConfigDict(extra="forbid")

    drop: float | None = Field(None, ge=0, description="Largest allowed fall below the baseline (a rise, when lower is better).")
    min: float | None = None
    max: float | None = None


class CorpusSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paths: list[Path] = Field(min_length=1, description="Files or folders, relative to the repository.")
    exclude: list[str] = Field(default_factory=list, description="File names left out of the corpus.")


class TaskSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    task: Literal[TASKS]  # type: ignore[valid-type]
    name: str | None = Field(None, description="Defaults to the task; must be unique within the suite.")
    dataset: Path | None = None
    options: dict = Field(default_factory=dict, description="Task options (areas, modes, limit, threshold ...).")
    settings: dict = Field(default_factory=dict, description="Settings overrides for this task only.")
    thresholds: dict[str, Threshold] = Field(default_factory=dict)
    corpus: CorpusSpec | None = None

    @property
    def label(self) -> str:
        return self.name or self.task


class Suite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    corpus: CorpusSpec | None = None
    settings: dict = Field(default_factory=dict)
    tasks: list[TaskSpec] = Field(min_length=1)
    baseline: Path | None = Field(None, description="A run's JSON to gate against (relative to the repository).")
    path: Path | None = None


def _check_settings(overrides: dict, where: str) -> None:
    unknown = sorted(set(overrides) - set(Settings.model_fields))
    if unknown:
        raise SendraftError(f"{where}: unknown settings {unknown} (use Settings field names such as llm_model)")


_PATH_SETTINGS = ("framework_path",)


def _resolve_paths(overrides: dict) -> None:
    """A file named in a suite's settings (`framework_path: evals/frameworks/neutral.yaml`) is
    the repository's, like the suite's other paths, wherever the run starts."""
    for name in _PATH_SETTINGS:
        if overrides.get(name):
            overrides[name] = str(repo_path(Path(overrides[name])))


def parse_suite(data: dict, path: Path | None = None) -> Suite:
    """Pure: a suite from its YAML data, with errors that name the file and the field."""
    where = str(path) if path else "suite"
    try:
        suite = Suite.model_validate({**data, "path": path})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise SendraftError(f"{where}: {problems}") from None
    _check_settings(suite.settings, where)
    _resolve_paths(suite.settings)
    labels = [t.label for t in suite.tasks]
    for spec in suite.tasks:
        _check_settings(spec.settings, f"{where}: task {spec.label}")
        _resolve_paths(spec.settings)
        if labels.count(spec.label) > 1:
            raise SendraftError(f"{where}: two tasks are named {spec.label!r}; give them distinct names")
    return suite


def resolve_suite(name_or_path: str | Path, directory: Path = SUITES_DIR) -> Path:
    """A suite by name (`smoke`) from evals/suites/, or by path."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return candidate
    named = directory / f"{name_or_path}.yaml"
    if named.is_file():
        return named
    known = ", ".join(p.stem for p in sorted(directory.glob("*.yaml"))) or "none"
    raise SendraftError(f"no suite {str(name_or_path)!r}: not a file, and not one of evals/suites/ ({known})")


def load_suite(name_or_path: str | Path, directory: Path = SUITES_DIR) -> Suite:
    path = resolve_suite(name_or_path, directory)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SendraftError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise SendraftError(f"{path}: a suite is a mapping with name, tasks, ...")
    return parse_suite(data, path)


def list_suites(directory: Path = SUITES_DIR) -> list[Suite]:
    return [load_suite(p, directory) for p in sorted(directory.glob("*.yaml"))]


def read_jsonl(path: Path, model: type[BaseModel]) -> list:
    """A dataset file, one JSON object a line, each validated; errors name the file and line."""
    items = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                items.append(model.model_validate_json(line))
            except ValueError as exc:
                raise SendraftError(f"{path}:{number}: invalid item: {exc}") from None
    return items


def repo_path(path: Path) -> Path:
    """A path from a suite file: relative paths are the repository's."""
    return path if path.is_absolute() else REPO_ROOT / path
