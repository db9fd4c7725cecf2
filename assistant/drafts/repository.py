"""Drafts on disk under SENDRAFT_HOME/drafts: written atomically, so a crash never leaves half a file."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.errors import SendraftError
from assistant.files import atomic_write
from assistant.models import ResponseDraft


def save_draft(home: Path, draft: ResponseDraft) -> Path:
    """A new file per draft, named by its time; a second draft in the same second gets its own
    file (-2, -3, ...) instead of replacing the first."""
    stamp = re.sub(r"[^0-9T]", "", draft.created_at)[:15]
    data = draft.model_dump_json(indent=2).encode("utf-8")
    folder, n = home / "drafts", 1
    while True:
        path = folder / (f"draft-{stamp}.json" if n == 1 else f"draft-{stamp}-{n}.json")
        if not path.exists() or path.read_bytes() == data:
            return atomic_write(path, data)
        n += 1


def latest_draft(home: Path) -> Path | None:
    """The most recently saved draft, if any."""
    saved = sorted((home / "drafts").glob("draft-*.json"), key=lambda p: p.stat().st_mtime)
    return saved[-1] if saved else None


def load_draft(path: Path) -> ResponseDraft:
    """A saved draft; a file that is not one is an error naming the file and the problem."""
    from pydantic import ValidationError

    try:
        return ResponseDraft.model_validate_json(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SendraftError(f"{path}: no such draft file") from None
    except (ValidationError, UnicodeDecodeError) as exc:
        first = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise SendraftError(f"{path}: not a saved draft ({first})") from None
