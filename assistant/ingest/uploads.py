"""Files uploaded through the workspace: kept under SENDRAFT_HOME/uploads, never outside it,
under a plain name (no path, no control characters), refused over the size limit."""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import LoadError, SendraftError, printable
from assistant.files import atomic_write

ALLOWED = (".pdf", ".docx", ".md", ".markdown", ".txt", ".html", ".htm")


def safe_name(name: str) -> str:
    """Pure: an uploaded file's name as a plain file name: the last path part, without control
    characters or leading dots, other odd characters replaced."""
    base = re.sub(r"[\x00-\x1f\x7f]", "", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(". ")
    return re.sub(r"[^\w.\- ]", "_", base or "upload")[:120]


def _checked(home: Path, name: str, data: bytes, max_mb: float) -> Path:
    """Where an upload would be kept, or an error naming it (type, size, empty, name)."""
    clean = safe_name(name)
    shown = printable(name)
    if Path(clean).suffix.lower() not in ALLOWED:
        raise SendraftError(f"{shown}: type {Path(clean).suffix or '(none)'} is not accepted; use {', '.join(ALLOWED)}")
    if len(data) > max_mb * 1_000_000:
        raise SendraftError(f"{shown}: {len(data) / 1e6:.1f} MB is over the {max_mb:g} MB limit")
    if not data:
        raise SendraftError(f"{shown}: the file is empty")
    folder = (home / "uploads").resolve()
    path = (folder / clean).resolve()
    if path.parent != folder:  # cannot happen after safe_name; checked all the same
        raise SendraftError(f"{shown}: not a plain file name")
    return path


def store_upload(home: Path, name: str, data: bytes, max_mb: float) -> Path:
    """Write an upload into the uploads folder; a refused one is an error naming the file."""
    return atomic_write(_checked(home, name, data, max_mb), data)


@dataclass
class UploadOutcome:
    name: str  # as sent, made printable
    ok: bool
    message: str
    passages: int = 0


def ingest_uploads(store, uploads: list[tuple[str, bytes]], overrides: dict | None = None) -> list[UploadOutcome]:
    """Check, keep and ingest each upload on its own; what the workspace's Corpus page runs.

    An upload is read in a staging folder first: a refused one gets a message naming it, is
    deleted, and never replaces a file already kept under that name; nothing in the corpus changes."""
    from assistant.ingest.loaders import LoadLimits, load_file
    from assistant.ingest.pipeline import Ingestor

    settings = store.settings
    staging = settings.home / "uploads" / ".staging"
    outcomes: list[UploadOutcome] = []
    for name, data in uploads:
        shown = printable(name)
        try:
            final = _checked(settings.home, name, data, settings.max_file_mb)
            staged = atomic_write(staging / f"{uuid.uuid4().hex}{final.suffix}", data)
            try:
                load_file(staged, limits=LoadLimits.from_settings(settings))
            except SendraftError:
                staged.unlink(missing_ok=True)
                raise
            os.replace(staged, final)
        except SendraftError as exc:
            reason = exc.reason if isinstance(exc, LoadError) else str(exc).split(": ", 1)[-1]
            outcomes.append(UploadOutcome(shown, False, f"{shown}: not ingested: {reason}"))
            continue
        for result in Ingestor(store).ingest([final], overrides).results:
            if result.status == "failed":
                outcomes.append(UploadOutcome(shown, False, f"{shown}: not ingested: {result.reason or 'unknown reason'}"))
            else:
                outcomes.append(UploadOutcome(shown, True, f"{shown}: {result.status}, {result.passages} passages", result.passages))
    return outcomes
