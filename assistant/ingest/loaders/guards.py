"""Checks a file passes before a parser sees it, and after: hostile input becomes a LoadError
naming the file and the reason, in bounded time and memory, rather than a parser's crash.

- the bytes must match the extension (a PNG named .pdf is refused before pypdf opens it);
- a DOCX is a ZIP: its declared inflated sizes are summed before anything is inflated (a zip
  bomb is refused from its directory), and no XML part may declare a DTD or entities (Word
  never writes one; an entity is how an XML file reaches outside itself);
- text formats may not hold NUL bytes (binary data, or text a tool would cut short);
- a block of text longer than any real paragraph is refused (it would become thousands of
  passages, none of them citable as a paragraph).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import LoadError
from assistant.models import Block


@dataclass(frozen=True)
class LoadLimits:
    """Bounds on what one file may cost; built from Settings by the pipeline."""

    max_bytes: int | None = None
    max_inflated_bytes: int = 200_000_000
    max_paragraph_chars: int = 200_000

    @classmethod
    def from_settings(cls, settings) -> "LoadLimits":
        return cls(
            max_bytes=int(settings.max_file_mb * 1_000_000),
            max_inflated_bytes=int(settings.max_inflated_mb * 1_000_000),
            max_paragraph_chars=settings.max_paragraph_chars,
        )


_SIGNATURES = [
    (b"%PDF-", "it looks like a PDF"),
    (b"PK\x03\x04", "it looks like a ZIP or Office file"),
    (b"\x89PNG\r\n\x1a\n", "it is a PNG image"),
    (b"\xff\xd8\xff", "it is a JPEG image"),
    (b"GIF8", "it is a GIF image"),
    (b"\xd0\xcf\x11\xe0", "it looks like an old Office (.doc) file"),
]


def describe(head: bytes) -> str:
    """What a file's first bytes say it is, for an error message."""
    for signature, what in _SIGNATURES:
        if head.lstrip()[: len(signature)] == signature:
            return what
    if b"\x00" in head:
        return "it looks like binary data"
    if head.lstrip()[:1] == b"<":
        return "it looks like HTML or XML"
    return "it looks like text"


def sniff(path: Path, suffix: str, data: bytes) -> None:
    """Refuse a file whose bytes contradict its extension, before a parser chokes on it."""
    head = data[:2048]
    is_pdf, is_zip = head.lstrip()[:5] == b"%PDF-", head[:4] == b"PK\x03\x04"
    if suffix == ".pdf" and not is_pdf:
        raise LoadError(path, f"not a PDF although named .pdf ({describe(head)})")
    if suffix == ".docx" and not is_zip:
        raise LoadError(path, f"not a DOCX (Word) file although named .docx ({describe(head)})")
    if suffix in (".pdf", ".docx"):
        return
    if is_pdf or is_zip or any(head.lstrip()[: len(s)] == s for s, _ in _SIGNATURES):
        raise LoadError(path, f"binary content in a {suffix} file ({describe(head)})")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LoadError(path, f"binary content in a {suffix} file (a NUL byte at offset {nul}); save it as plain UTF-8 text")


_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_docx_archive(path: Path, data: bytes, limits: LoadLimits) -> None:
    """Refuse a zip bomb from its central directory, and any XML part declaring a DTD or entities."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise LoadError(path, f"corrupt or unreadable DOCX: {exc}") from None
    inflated = sum(m.file_size for m in members)
    if inflated > limits.max_inflated_bytes:
        raise LoadError(
            path, f"DOCX inflates to {inflated / 1e6:,.0f} MB from {len(data) / 1e6:.1f} MB, over the "
            f"{limits.max_inflated_bytes / 1e6:,.0f} MB limit (a zip bomb? SENDRAFT_MAX_INFLATED_MB)",
        )
    for member in members:
        if not member.filename.lower().endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(member) as part:
                head = part.read(8192)
        except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError) as exc:
            raise LoadError(path, f"corrupt or unreadable DOCX: part {member.filename}: {exc}") from None
        if _DTD.search(head):
            raise LoadError(
                path, f"unsafe DOCX: part {member.filename} declares a DTD or entities (external entity "
                "references are refused; Word never writes them)",
            )


def check_blocks(path: Path, blocks: list[Block], limits: LoadLimits) -> None:
    """Refuse a block longer than any real paragraph: it is not a document one can cite."""
    longest = max((len(b.text) for b in blocks), default=0)
    if longest > limits.max_paragraph_chars:
        raise LoadError(
            path, f"one paragraph is {longest:,} characters long, over the {limits.max_paragraph_chars:,} limit "
            "(SENDRAFT_MAX_PARAGRAPH_CHARS); is it a data dump rather than a document?",
        )
