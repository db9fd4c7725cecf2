"""Files uploaded through the workspace: kept under SENDRAFT_HOME/uploads, never outside it,
under a plain name (no path, no control characters), refused over the size limit."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.drafts.repository import atomic_write
from assistant.errors import SendraftError

ALLOWED = (".pdf", ".docx", ".md", ".markdown", ".txt", ".html", ".htm")


def safe_name(name: str) -> str:
    """Pure: an uploaded file's name as a plain file name: the last path part, without control
    characters or leading dots, other odd characters replaced."""
    base = re.sub(r"[\x00-\x1f\x7f]", "", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(". ")
    return re.sub(r"[^\w.\- ]", "_", base or "upload")[:120]


def store_upload(home: Path, name: str, data: bytes, max_mb: float) -> Path:
    """Write an upload into the uploads folder; a refused one is an error naming the file."""
    clean = safe_name(name)
    if Path(clean).suffix.lower() not in ALLOWED:
        raise SendraftError(f"{name}: type {Path(clean).suffix or '(none)'} is not accepted; use {', '.join(ALLOWED)}")
    if len(data) > max_mb * 1_000_000:
        raise SendraftError(f"{name}: {len(data) / 1e6:.1f} MB is over the {max_mb:g} MB limit")
    if not data:
        raise SendraftError(f"{name}: the file is empty")
    folder = (home / "uploads").resolve()
    path = (folder / clean).resolve()
    if path.parent != folder:  # cannot happen after safe_name; checked all the same
        raise SendraftError(f"{name}: not a plain file name")
    return atomic_write(path, data)
