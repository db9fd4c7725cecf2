"""Export a draft in the forum's house style: Markdown with a reference list, DOCX with footnotes.

Layout follows the forum's own responses: title, date, introduction, then for each area an
upper-case heading with Positives / Issues / Ways forward and their bullets. Every citation
names the document and its page or paragraph and quotes the fact; the forum's judgement of it
(and what it rests on) follows the point in italics; a point whose fact has no supported
citation is marked.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
import re
from xml.sax.saxutils import escape

from assistant.files import atomic_write
from assistant.models import Bullet, Citation, ResponseDraft

SECTION_TITLES = {"positives": "Positives", "issues": "Issues", "ways_forward": "Ways forward"}
NEEDS_EVIDENCE = "needs evidence"
INTRODUCTION = (
    "This draft was prepared with the Forum Drafting Assistant from the documents listed in its "
    "references. It is organised around the six areas of the Forum's framework for evaluating national "
    "SEND policy; for each it sets out the main positives of the proposals, the key issues and our "
    "suggested ways forward. Every point cites the passage of the policy it is about; the Forum's view "
    "of it follows in italics. Points marked '{marker}' have no citation that was verified and must be "
    "checked before use."
)


def cite_label(c: Citation) -> str:
    where = [f"p. {c.page}" if c.page else "", f"para {c.paragraph}" if c.paragraph else ""]
    return ", ".join([c.title, *[w for w in where if w]])


def _verdict(c: Citation) -> str:
    return {"supported": "verified", "not_supported": "NOT supported by the passage",
            "quote_not_found": "quote NOT found in the passage", "unverified": "not verified"}[c.verdict]


def _long_date(iso: str | None) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%-d %B %Y") if iso else ""
    except ValueError:
        return iso or ""


def view_of(bullet: Bullet) -> str:
    """Pure: what is the forum's judgement in a bullet, and what it rests on, as one phrase:
    shown apart from the fact so a reader sees which is which."""
    parts = []
    if bullet.judgement:
        parts.append(bullet.judgement)
    for ground in bullet.grounds:
        if ground.kind == "forum":
            parts.append(f"as the forum said in its response of {_long_date(ground.date)}: “{ground.text}”" if ground.date
                         else f"as the forum said before: “{ground.text}”")
        else:
            parts.append(f"see {ground.title}")
    if bullet.past is not None:
        when = _long_date(bullet.past.date)
        parts.append(f"as the forum argued in its response of {when}" if when else "as the forum argued before")
    return "; ".join(parts)


def _date(draft: ResponseDraft) -> str:
    try:
        return datetime.fromisoformat(draft.created_at).strftime("%-d %B %Y")
    except ValueError:
        return draft.created_at


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    """Text from documents or models written into Markdown as text: no link, image, HTML or
    emphasis it carries becomes live in a reader's Markdown viewer."""
    return _MARKDOWN_ACTIVE.sub(r"\\\1", " ".join((text or "").split()))


def to_markdown(draft: ResponseDraft, notes: bool = False) -> str:
    """The response as Markdown: rejected bullets left out; editors' notes only when asked."""
    lines = [f"# {_md(draft.title)}", "", f"**{_date(draft)}**", "", "## INTRODUCTION", "", INTRODUCTION.format(marker=NEEDS_EVIDENCE), ""]
    references: list[str] = []
    for area in draft.areas:
        lines += [f"## {area.title.upper()}", ""]
        for section, bullets in area.kept_sections().items():
            lines += [f"### {SECTION_TITLES[section]}", ""]
            if not bullets:
                lines += ["- *(nothing drafted)*", ""]
                continue
            for bullet in bullets:
                marks = []
                for c in bullet.citations:
                    references.append(f"[{len(references) + 1}] {_md(cite_label(c))}: “{_md(c.quote)}” ({_verdict(c)})")
                    marks.append(f"[{len(references)}]")
                flag = f" *({NEEDS_EVIDENCE})*" if bullet.needs_evidence else ""
                view = f" — *{_md(view_of(bullet))}*" if view_of(bullet) else ""
                lines.append(f"- {_md(bullet.text)}{view} {''.join(marks)}{flag}".rstrip())
                if notes and bullet.note:
                    lines.append(f"  - *Editor's note: {_md(bullet.note)}*")
            lines.append("")
    lines += ["## References", ""] + [f"{r}  " for r in references]
    return "\n".join(lines).rstrip() + "\n"


_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _footnotes_xml(notes: list[str]) -> bytes:
    body = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for number, note in enumerate(notes, start=1):
        body.append(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(note)}</w:t></w:r></w:p></w:footnote>'
        )
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W}">' + "".join(body) + "</w:footnotes>").encode("utf-8")


def _add_footnote_reference(paragraph, number: int) -> None:
    from docx.oxml import parse_xml

    paragraph._p.append(parse_xml(
        f'<w:r xmlns:w="{_W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{number}"/></w:r>'
    ))


def citation_note(c: Citation) -> str:
    """A citation as its footnote reads: where, the quote, and whether it was verified."""
    return f"{cite_label(c)}: “{c.quote}” ({_verdict(c)})"


def add_footnote(paragraph, footnotes: list[str], note: str) -> None:
    """A footnote mark at the end of the paragraph, its text added to `footnotes` (see docx_with_footnotes)."""
    footnotes.append(note)
    _add_footnote_reference(paragraph, len(footnotes))


def docx_with_footnotes(document, footnotes: list[str]) -> bytes:
    """A python-docx document saved with its footnotes part (the notes added by add_footnote)."""
    import io

    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_CT, _footnotes_xml(footnotes), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_docx(draft: ResponseDraft, path: Path, notes: bool = False) -> Path:
    """The response as a DOCX file (see docx_bytes)."""
    return atomic_write(Path(path), docx_bytes(draft, notes))


def docx_bytes(draft: ResponseDraft, notes: bool = False) -> bytes:
    """The response as DOCX with footnoted citations: rejected bullets left out; editors' notes
    (as an italic line under their bullet) only when asked. Text goes in as runs, never fields."""
    import docx

    document = docx.Document()
    document.core_properties.title = draft.title
    document.add_heading(draft.title, level=0)
    document.add_paragraph().add_run(_date(draft)).bold = True
    document.add_heading("INTRODUCTION", level=1)
    document.add_paragraph(INTRODUCTION.format(marker=NEEDS_EVIDENCE))
    footnotes: list[str] = []
    for area in draft.areas:
        document.add_heading(area.title.upper(), level=1)
        for section, bullets in area.kept_sections().items():
            document.add_heading(SECTION_TITLES[section], level=2)
            if not bullets:
                document.add_paragraph("(nothing drafted)", style="List Bullet")
            for bullet in bullets:
                paragraph = document.add_paragraph(bullet.text, style="List Bullet")
                if view_of(bullet):
                    paragraph.add_run(f" — {view_of(bullet)}").italic = True
                for c in bullet.citations:
                    add_footnote(paragraph, footnotes, citation_note(c))
                if bullet.needs_evidence:
                    paragraph.add_run(f" ({NEEDS_EVIDENCE})").italic = True
                if notes and bullet.note:
                    document.add_paragraph(style="List Bullet 2").add_run(f"Editor's note: {bullet.note}").italic = True
    return docx_with_footnotes(document, footnotes)


def export(draft: ResponseDraft, path: Path, notes: bool = False) -> Path:
    """Write the draft to .md, .docx or .json by the file's extension (JSON keeps everything)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".md":
        return atomic_write(Path(path), to_markdown(draft, notes).encode("utf-8"))
    if suffix == ".docx":
        return to_docx(draft, Path(path), notes)
    if suffix == ".json":
        return atomic_write(Path(path), draft.model_dump_json(indent=2).encode("utf-8"))
    from assistant.errors import SendraftError

    raise SendraftError(f"{path}: unsupported export type {suffix or '(none)'}; use .md, .docx or .json")
