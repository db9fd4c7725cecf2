"""Drafts on disk under SENDRAFT_HOME/drafts: written atomically, so a crash never leaves half a file."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from assistant.models import ResponseDraft


def atomic_write(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside `path`, fsync, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def save_draft(home: Path, draft: ResponseDraft) -> Path:
    stamp = re.sub(r"[^0-9T]", "", draft.created_at)[:15]
    return atomic_write(home / "drafts" / f"draft-{stamp}.json", draft.model_dump_json(indent=2).encode("utf-8"))


def load_draft(path: Path) -> ResponseDraft:
    return ResponseDraft.model_validate_json(Path(path).read_text(encoding="utf-8"))
