"""What a task runs against: its settings, its corpus (a scratch store), the chat model, drafts.

An evaluation corpus is built from files named by the suite into its own store under
`SENDRAFT_HOME/evals/corpora/<key>/`, keyed by the files' contents and the settings that shape
passages, so a run never depends on what the user has ingested and a second run reuses it.
Leaving a file out (the gold response of a leave-one-out task) gives another key, another store.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from assistant.errors import SendraftError
from assistant.evals.suites import CorpusSpec, TaskSpec, repo_path
from assistant.generation.llm import ChatBackend, chat_backend
from assistant.ingest.pipeline import expand_paths
from assistant.models import ResponseDraft
from assistant.settings import Settings
from assistant.store import Store

Progress = Callable[[str], None]
_READY = "ready.json"
# Settings that change what a corpus store holds (and so its key).
_CORPUS_SETTINGS = ("embedding_model", "chunk_size", "chunk_overlap")


def corpus_files(spec: CorpusSpec, exclude: tuple[str, ...] = ()) -> list[Path]:
    """The files of a corpus spec, less the excluded names (the spec's own and the caller's)."""
    files, _ = expand_paths([repo_path(p) for p in spec.paths])
    left_out = set(spec.exclude) | set(exclude)
    missing = [p for p in spec.paths if not repo_path(p).exists()]
    if missing:
        raise SendraftError(f"corpus path {missing[0]} does not exist")
    return [f for f in files if f.name not in left_out and f.stem not in left_out]


def corpus_key(files: list[Path], settings: Settings) -> str:
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        manifest = path.parent / "manifest.yaml"
        if manifest.is_file():
            digest.update(hashlib.sha256(manifest.read_bytes()).digest())
    digest.update(json.dumps(settings.model_dump(mode="json", include=set(_CORPUS_SETTINGS)), sort_keys=True).encode())
    return digest.hexdigest()[:16]


def build_corpus(files: list[Path], settings: Settings, progress: Progress) -> Store:
    """The scratch store of these files (built once; a half-built one is rebuilt)."""
    from assistant.ingest.pipeline import Ingestor

    key = corpus_key(files, settings)
    home = settings.home / "evals" / "corpora" / key
    scratch = settings.model_copy(update={"home": home, "chroma_url": None, "collection": "passages"})
    if home.exists() and not (home / _READY).is_file():
        shutil.rmtree(home)
    store = Store(scratch)
    if not (home / _READY).is_file():
        progress(f"building the evaluation corpus {key} ({len(files)} files)")
        report = Ingestor(store).ingest(files)
        if report.failed:
            bad = report.failed[0]
            raise SendraftError(f"evaluation corpus: {bad.path} could not be ingested: {bad.reason}")
        (home / _READY).write_text(json.dumps({"files": [str(f) for f in files]}, indent=2), encoding="utf-8")
    store.ensure_area_scores()
    store.ensure_position_vectors()
    return store


@dataclass
class RunState:
    """What tasks of one run share: corpus stores, drafts, the chat model (loaded once)."""

    base: Settings
    progress: Progress
    stores: dict[str, Store] = field(default_factory=dict)
    drafts: dict[str, ResponseDraft] = field(default_factory=dict)

    def close(self) -> None:
        for store in self.stores.values():
            store.close()


@dataclass
class TaskContext:
    spec: TaskSpec
    settings: Settings
    suite_corpus: CorpusSpec | None
    run: RunState
    repeat: int = 0

    def say(self, message: str) -> None:
        self.run.progress(f"{self.spec.label}: {message}")

    def option(self, name: str, default=None):
        return self.spec.options.get(name, default)

    def dataset(self, default: Path) -> Path:
        path = repo_path(self.spec.dataset) if self.spec.dataset else default
        if not path.is_file():
            raise SendraftError(f"task {self.spec.label}: dataset {path} does not exist")
        return path

    def store(self, exclude: tuple[str, ...] = ()) -> Store:
        """The task's corpus store (task corpus, else the suite's), or the user's store when neither names one."""
        spec = self.spec.corpus or self.suite_corpus
        if spec is None:
            if exclude:
                raise SendraftError(f"task {self.spec.label}: leave-one-out needs a corpus of files in the suite")
            key = f"user:{self.settings.home}"
            if key not in self.run.stores:
                self.run.stores[key] = Store(self.settings)
            return self.run.stores[key]
        files = corpus_files(spec, exclude)
        key = corpus_key(files, self.settings)
        if key not in self.run.stores:
            self.run.stores[key] = build_corpus(files, self.settings, self.run.progress)
        store = self.run.stores[key]
        store.settings = store.settings.model_copy(update=self._store_overrides())
        return store

    def _store_overrides(self) -> dict:
        # The fields themselves, not a dump: a nested setting (answer_calibration) stays a model.
        return {k: getattr(self.settings, k) for k in type(self.settings).model_fields if k not in ("home", "chroma_url", "collection")}

    def backend(self) -> ChatBackend:
        """The chat model: built from the user's settings with only the model settings overridden,
        so tasks that differ in retrieval or drafting settings share one loaded model."""
        llm = {k: v for k, v in self.settings.model_dump().items() if k.startswith("llm_")}
        return chat_backend(self.run.base.model_copy(update=llm))

    def draft(self, store: Store, areas: list[str] | None) -> ResponseDraft:
        """A draft of these areas from this store, made once per run and settings."""
        from assistant.drafts.response import draft_response

        areas = list(areas or [a.id for a in store.framework.areas])
        key = json.dumps([store.settings.home.name, areas, self.settings.model_dump(mode="json", exclude={"home"})],
                         sort_keys=True, default=str)
        if key not in self.run.drafts:
            self.run.drafts[key] = draft_response(store, areas, backend=self.backend(), progress=self.say,
                                                  title=f"evaluation draft ({self.spec.label})")
        return self.run.drafts[key]
