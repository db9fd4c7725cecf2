"""The one way files come in: check what a file really is, then read it into blocks.

Each loader returns a LoadedDocument of structural blocks (headings, paragraphs, list items,
with pages and paragraph numbers where the format has them). Every failure is a LoadError that
names the file and says what is wrong with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from assistant.errors import LoadError
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


def _sniff(path: Path, suffix: str, head: bytes) -> None:
    """Refuse a file whose bytes contradict its extension, before a parser chokes on it."""
    is_pdf, is_zip = head.lstrip()[:5] == b"%PDF-", head[:4] == b"PK\x03\x04"
    if suffix == ".pdf" and not is_pdf:
        raise LoadError(path, f"not a PDF although named .pdf ({_describe(head)})")
    if suffix == ".docx" and not is_zip:
        raise LoadError(path, f"not a DOCX (Word) file although named .docx ({_describe(head)})")
    if suffix not in (".pdf", ".docx") and (is_pdf or is_zip or b"\x00" in head):
        raise LoadError(path, f"binary content in a {suffix} file ({_describe(head)})")


def _describe(head: bytes) -> str:
    if head.lstrip()[:5] == b"%PDF-":
        return "it looks like a PDF"
    if head[:4] == b"PK\x03\x04":
        return "it looks like a ZIP or Office file"
    if b"\x00" in head:
        return "it looks like binary data"
    if head.lstrip()[:1] in (b"<",):
        return "it looks like HTML or XML"
    return "it looks like text"


def load_file(path: Path, max_bytes: int | None = None) -> LoadedDocument:
    """Read one file into blocks, or raise LoadError naming the file and the reason."""
    path = Path(path)
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
    _sniff(path, suffix, data[:2048])
    loaded = LOADERS[suffix](path, data)
    if not any(block.text.strip() for block in loaded.blocks):
        hint = " (a scanned PDF? OCR is not supported)" if suffix == ".pdf" else ""
        raise LoadError(path, f"no text could be extracted{hint}")
    return loaded


__all__ = ["LOADERS", "SUPPORTED_SUFFIXES", "LoadError", "decode_text", "load_file"]
