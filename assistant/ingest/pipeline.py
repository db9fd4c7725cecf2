"""The ingest pipeline: file -> blocks -> passages (+ positions) -> embeddings -> store.

Idempotent and crash-safe through content-derived ids and the catalog's unit of work:
unchanged content computes no embeddings; a changed file replaces its old version only
once the new one is fully stored; unchanged passages of a changed file reuse their vectors.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Literal

from assistant.errors import LoadError, SendraftError
from assistant.ingest.chunking import chunk_blocks, document_text
from assistant.ingest.loaders import SUPPORTED_SUFFIXES, LoadLimits, load_file
from assistant.ingest.manifest import MANIFEST_NAMES, load_manifest, merge_meta
from assistant.ingest.responses import normalise_headings, parse_positions
from assistant.models import Document, DocumentMeta, Passage
from assistant.store import Store
from assistant.store.vectors import passage_metadata

Status = Literal["added", "replaced", "unchanged", "updated", "duplicate", "skipped", "failed"]
Progress = Callable[[str, int, int], None]  # (file, passages embedded so far, total to embed)


@dataclass
class FileResult:
    path: str
    status: Status
    document_id: str | None = None
    title: str | None = None
    kind: str | None = None
    passages: int = 0
    positions: int = 0
    embedded: int = 0
    reused: int = 0
    reason: str | None = None


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    scored: int = 0  # passages given area scores in this run
    positions_embedded: int = 0

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def embedded(self) -> int:
        return sum(r.embedded for r in self.results)


def content_id(text: str) -> tuple[str, str]:
    """(document id, sha256) of normalised text: whitespace-insensitive, so re-saves don't count as changes."""
    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
    return digest[:16], digest


def embedding_input(passage: Passage) -> str:
    """What the model embeds: the passage, prefixed with its section when the text doesn't start with it."""
    if passage.heading_path and not passage.text.startswith(passage.heading_path[-1]):
        return " > ".join(passage.heading_path[-2:]) + "\n" + passage.text
    return passage.text


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to ingest; inside directories, unsupported files are reported as skipped."""
    files: list[Path] = []
    skipped: list[FileResult] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if any(part.startswith(".") for part in child.relative_to(path).parts) or child.name in MANIFEST_NAMES:
                continue
            if child.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(child)
            else:
                skipped.append(FileResult(str(child), "skipped", reason=f"unsupported file type {child.suffix or '(none)'}"))
    return files, skipped


class Ingestor:
    def __init__(self, store: Store, progress: Progress | None = None) -> None:
        self.store = store
        self.settings = store.settings
        self.progress = progress

    def ingest(self, paths: list[Path], overrides: dict | None = None, waiting: Callable[[], None] | None = None) -> IngestReport:
        """Ingest files and folders under the home's store lock (a concurrent ingest waits)."""
        with self.store.writing(waiting):
            return self._ingest(paths, overrides)

    def _ingest(self, paths: list[Path], overrides: dict | None) -> IngestReport:
        files, skipped = expand_paths([Path(p) for p in paths])
        report = IngestReport(results=skipped)
        manifests: dict[Path, dict[str, DocumentMeta]] = {}
        for path in files:
            try:
                directory = path.parent
                if directory not in manifests:
                    manifests[directory] = load_manifest(directory)
                meta, explicit = merge_meta(manifests[directory].get(path.name), overrides or {})
                report.results.append(self.ingest_file(path, meta, explicit))
            except LoadError as exc:
                report.results.append(FileResult(str(path), "failed", reason=exc.reason))
            except SendraftError as exc:
                report.results.append(FileResult(str(path), "failed", reason=str(exc)))
            except Exception as exc:  # noqa: BLE001 - one file's fault must not stop the run
                reason = f"unexpected error: {type(exc).__name__}: {str(exc)[:200]}"
                report.results.append(FileResult(str(path), "failed", reason=reason))
        # Derived data, idempotent: also repairs what an interrupted run or a new framework left undone.
        report.scored = self.store.ensure_area_scores()
        report.positions_embedded = self.store.ensure_position_vectors()
        return report

    def ingest_file(self, path: Path, meta: DocumentMeta, explicit: set[str] = frozenset()) -> FileResult:
        catalog, vectors = self.store.catalog, self.store.vectors
        loaded = load_file(path, limits=LoadLimits.from_settings(self.settings))
        text, _ = document_text(loaded.blocks)
        doc_id, digest = content_id(text)
        source = str(path.resolve())
        title = meta.title or loaded.title_hint or path.stem
        existing = catalog.get(doc_id)
        if existing:
            return self._unchanged(existing, source, meta, explicit, path)

        blocks, positions = loaded.blocks, []
        if meta.kind == "response":
            framework = self.store.framework
            positions = parse_positions(doc_id, blocks, framework)
            blocks = normalise_headings(blocks, framework)
        text, passages = chunk_blocks(doc_id, blocks, self.settings.chunk_size, self.settings.chunk_overlap)
        if not passages:
            raise LoadError(path, "no text could be extracted")
        inputs = [embedding_input(p) for p in passages]
        shas = [_sha(t) for t in inputs]

        old = catalog.by_source(source)
        reused: dict[str, list[float]] = {}
        if old:
            old_ids = catalog.passage_hashes(old.id)
            stored = vectors.vectors([old_ids[s] for s in shas if s in old_ids])
            reused = {s: stored[old_ids[s]] for s in shas if s in old_ids and old_ids[s] in stored}
        missing = [i for i, s in enumerate(shas) if s not in reused]
        fresh = self._embed([inputs[i] for i in missing], str(path))
        vectors_by_sha = {**reused, **{shas[i]: v for i, v in zip(missing, fresh)}}

        document = Document(
            id=doc_id, sha256=digest, title=title, kind=meta.kind, publisher=meta.publisher, date=meta.date,
            source=source, url=meta.source, n_pages=loaded.n_pages, n_chars=len(text),
        )
        catalog.begin(document, passages, shas, positions)
        try:
            vectors.upsert(
                [p.id for p in passages], [p.text for p in passages], [vectors_by_sha[s] for s in shas],
                [passage_metadata(p, meta.kind, title, s) for p, s in zip(passages, shas)],
            )
            retired = catalog.complete(doc_id, replaces=old.id if old else None)
        except BaseException:
            self.store.discard(catalog.remove(doc_id))
            raise
        self.store.discard(retired)
        return FileResult(
            str(path), "replaced" if old else "added", doc_id, title, meta.kind,
            len(passages), len(positions), embedded=len(missing), reused=len(reused),
        )

    def _unchanged(self, existing: Document, source: str, meta: DocumentMeta, explicit: set[str], path: Path) -> FileResult:
        """Same content again: no embeddings; metadata given explicitly is updated."""
        result = FileResult(
            str(path), "unchanged", existing.id, existing.title, existing.kind,
            existing.passage_count, existing.position_count,
        )
        if existing.source != source and Path(existing.source).exists():
            result.status, result.reason = "duplicate", f"same content as {existing.source}"
            return result
        changes = {k: getattr(meta, k) for k in ("title", "kind", "publisher", "date") if k in explicit}
        changes = {k: v for k, v in changes.items() if getattr(existing, k) != v}
        if existing.source != source:
            changes["source"] = source
        if changes.get("kind") == "response" or (changes.get("kind") and existing.kind == "response"):
            result.status, result.reason = "failed", "changing kind to or from 'response' needs `docs remove` then ingest"
            return result
        if changes:
            self.store.update_metadata(existing.id, changes)
            result.status, result.title = "updated", changes.get("title", existing.title)
            result.kind = changes.get("kind", existing.kind)
        return result

    def _embed(self, texts: list[str], label: str) -> list[list[float]]:
        batch = self.settings.embedding_batch_size * 4
        out: list[list[float]] = []
        if self.progress:
            self.progress(label, 0, len(texts))
        for i in range(0, len(texts), batch):
            out.extend(self.store.embeddings.embed_documents(texts[i:i + batch]))
            if self.progress:
                self.progress(label, len(out), len(texts))
        return out
