"""Pure helpers shared by the loaders: whitespace, numbered paragraphs."""

from __future__ import annotations

import re
import unicodedata

# "4.12 Text", "4.12. Text", "2.3.1 Text": multi-level numbers are paragraph numbers;
# a lone "3." is left alone because it is usually an ordinary numbered list.
_PARAGRAPH_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3}){1,3})\.?\s+(?=\S)")


def clean_text(text: str) -> str:
    """NFC, no control characters, runs of spaces collapsed; line breaks kept."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(lines).strip()


def one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


# What authoring tools write into a title field when nobody gave one.
_PLACEHOLDER_TITLE = re.compile(
    r"^(\(?anonymous\)?|untitled(\s+document)?|document\d*|title|none|null|unknown|"
    r"microsoft (word|powerpoint|excel) - .*|.*\.(docx?|pdf|rtf|odt|txt|pptx?|indd|tex))$",
    re.IGNORECASE,
)


def real_title(title: str | None) -> str | None:
    """Pure: the metadata title, or None when it is a placeholder ("(anonymous)",
    "Microsoft Word - x.docx", "untitled", a file name), so the first heading is used instead."""
    title = one_line(title or "")
    if not title or _PLACEHOLDER_TITLE.match(title) or not re.search(r"[^\W\d_]{2}", title):
        return None
    return title


def paragraph_number(text: str) -> str | None:
    match = _PARAGRAPH_NUMBER.match(text)
    return match.group(1) if match else None
