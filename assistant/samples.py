"""Render blocks into real DOCX and PDF files: the sample corpus, benchmarks and tests.

Building every format from one Markdown source keeps the editions in step, and gives the
loaders real files made by real writers (python-docx, reportlab) to read.
"""

from __future__ import annotations

from pathlib import Path

from assistant.models import Block


def write_docx(blocks: list[Block], path: Path, title: str | None = None) -> Path:
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for block in blocks:
        if block.kind == "heading":
            document.add_heading(block.text, level=min(max(block.level - 1, 0), 9))
        elif block.kind == "list_item":
            style = "List Bullet" if block.level == 0 else f"List Bullet {min(block.level + 1, 3)}"
            document.add_paragraph(block.text, style=style)
        else:
            paragraph = document.add_paragraph()
            run = paragraph.add_run(block.text)
            run.bold = block.emphasis == "bold"
            run.italic = block.emphasis == "italic"
    document.save(str(path))
    return path


def write_pdf(blocks: list[Block], path: Path, title: str | None = None, break_before_level: int | None = 2) -> Path:
    """A text PDF; a page break before each heading of `break_before_level` after the first."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    heading_styles = {1: styles["Title"], 2: styles["Heading1"], 3: styles["Heading2"]}
    story: list = []
    seen_break_level = False
    for block in blocks:
        text = escape(block.text)
        if block.kind == "heading":
            if block.level == break_before_level:
                if seen_break_level:
                    story.append(PageBreak())
                seen_break_level = True
            story.append(Paragraph(text, heading_styles.get(block.level, styles["Heading3"])))
        elif block.kind == "list_item":
            story.append(ListFlowable([ListItem(Paragraph(text, styles["BodyText"]))], bulletType="bullet", leftIndent=18 * (block.level + 1)))
        else:
            if block.emphasis == "italic":
                text = f"<i>{text}</i>"
            elif block.emphasis == "bold":
                text = f"<b>{text}</b>"
            story.append(Paragraph(text, styles["BodyText"]))

    def number_pages(canvas, doc):
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(A4[0] - 72, 30, str(doc.page))

    SimpleDocTemplate(str(path), pagesize=A4, title=title or "", author="Forum Drafting Assistant").build(
        story, onFirstPage=number_pages, onLaterPages=number_pages
    )
    return path
