"""Real bad files for the bad-input tests, made on the fly."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from assistant.ingest.loaders import load_file
from assistant.samples import write_pdf
from tests.conftest import SAMPLES


def make_bad_files(directory: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, a phrase the error must contain)."""
    directory.mkdir(parents=True, exist_ok=True)
    good_pdf = (SAMPLES / "send-reform-briefing-2026.pdf").read_bytes()
    files: dict[str, tuple[Path, str]] = {}

    corrupt = directory / "corrupt.pdf"
    corrupt.write_bytes(good_pdf[:1500])  # truncated: no xref, no trailer
    files["corrupt"] = (corrupt, "corrupt PDF")

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good_pdf)))
    writer.encrypt(user_password="secret", owner_password="owner")
    encrypted = directory / "encrypted.pdf"
    with open(encrypted, "wb") as fh:
        writer.write(fh)
    files["encrypted"] = (encrypted, "encrypted PDF")

    empty = directory / "empty.md"
    empty.write_bytes(b"")
    files["empty"] = (empty, "empty file")

    blank = directory / "blank.txt"
    blank.write_text("   \n\n  \n")
    files["blank"] = (blank, "no text could be extracted")

    unsupported = directory / "notes.rtf"
    unsupported.write_text("{\\rtf1 hello}")
    files["unsupported"] = (unsupported, "unsupported file type .rtf")

    latin1 = directory / "latin1.txt"
    latin1.write_bytes("Caf\xe9 provision for pupils \xa3100".encode("latin-1"))
    files["non_utf8"] = (latin1, "not valid UTF-8")

    fake_pdf = directory / "fake.pdf"
    fake_pdf.write_text("This is plain text pretending to be a PDF.")
    files["fake_pdf"] = (fake_pdf, "not a PDF")

    fake_docx = directory / "fake.docx"
    fake_docx.write_bytes(good_pdf)
    files["fake_docx"] = (fake_docx, "not a DOCX")

    pdf_as_text = directory / "report.txt"
    pdf_as_text.write_bytes(good_pdf)
    files["pdf_named_txt"] = (pdf_as_text, "looks like a PDF")

    broken_zip = directory / "broken.docx"
    broken_zip.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    files["corrupt_docx"] = (broken_zip, "corrupt or unreadable DOCX")

    scanned = directory / "scanned.pdf"
    write_pdf([], scanned)  # a valid PDF with no text at all
    files["no_text_pdf"] = (scanned, "no text could be extracted")
    return files


__all__ = ["load_file", "make_bad_files"]
