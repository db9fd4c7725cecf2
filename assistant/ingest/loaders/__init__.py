"""The one way files come in: check what a file really is, then read it into blocks.

Each loader returns a LoadedDocument of structural blocks (headings, paragraphs, list items,
with pages and paragraph numbers where the format has them). Every failure is a LoadError that
names the file and says what is wrong with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from assistant.errors import LoadError
from assistant.ingest.loaders.guards import LoadLimits, check_blocks, check_docx_archive, sniff
from assistant.ingest.loaders.word import load_docx
from assistant.ingest.loaders.html import load_html
from assistant.ingest.loaders.pdf import load_pdf
from assistant.ingest.loaders.text import decode_text, load_markdown, load_plain_text
from assistant.models import LoadedDocument

Loader = Callable[[Path, bytes], LoadedDocument]

LOADERS: dict[str, Loader] = {
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".html": load_html,
    ".htm": load_html,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_plain_text,
}
SUPPORTED_SUFFIXES = tuple(sorted(LOADERS))


def load_file(path: Path, max_bytes: int | None = None, limits: LoadLimits | None = None) -> LoadedDocument:
    """Read one file into blocks, or raise LoadError naming the file and the reason.

    Whatever a parser raises on hostile input is a LoadError too: one bad file never stops the
    others of a run, and never shows a traceback."""
    path = Path(path)
    limits = limits or LoadLimits()
    max_bytes = max_bytes if max_bytes is not None else limits.max_bytes
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        raise LoadError(path, f"unsupported file type {suffix or '(no extension)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror or exc}") from None
    if size == 0:
        raise LoadError(path, "empty file (0 bytes)")
    if max_bytes is not None and size > max_bytes:
        raise LoadError(
            path, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (SENDRAFT_MAX_FILE_MB)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror or exc}") from None
    sniff(path, suffix, data)
    if suffix == ".docx":
        check_docx_archive(path, data, limits)
    try:
        loaded = LOADERS[suffix](path, data)
    except LoadError:
        raise
    except MemoryError:
        raise LoadError(path, "ran out of memory while reading it; is it far larger inside than on disk?") from None
    except Exception as exc:  # a parser's own error on input it cannot handle
        raise LoadError(path, f"cannot be read as {suffix}: {type(exc).__name__}: {str(exc)[:200]}") from None
    check_blocks(path, loaded.blocks, limits)
    if not any(block.text.strip() for block in loaded.blocks):
        hint = " (a scanned PDF? OCR is not supported)" if suffix == ".pdf" else ""
        raise LoadError(path, f"no text could be extracted{hint}")
    return loaded


__all__ = ["LOADERS", "SUPPORTED_SUFFIXES", "LoadError", "LoadLimits", "decode_text", "load_file"]
