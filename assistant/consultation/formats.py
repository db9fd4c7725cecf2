"""Pure: the lines a consultation prints after a question, read as its answer format.

Consultations offer answers in a few layouts: a list (bullets, table rows, one option a
paragraph), one line with separators ("Yes / No / Not sure", "a; b; c", table cells), or
tick boxes ("☐ Yes ☐ No", "Yes ☐ No ☐"). Whatever the layout, the options are read as a list
of short labels, and the format follows from the labels: an agree scale, yes/no (with "not
sure" or "don't know"), another set of choices, or, with no options, free text.
"""

from __future__ import annotations

import re

from assistant.consultation.models import AnswerFormat
from assistant.text import words

# Tick boxes and radio buttons as documents type them.
TICK_GLYPHS = "☐☑☒□▢■❑❏○◯●◻◼"
_TICK = re.compile(rf"[{TICK_GLYPHS}]|\[\s?\]|\(\s\)")
_SEPARATOR = re.compile(r"\s*(?:\s/\s|/|;|\s\|\s)\s*")
_LABEL_MARK = re.compile(r"^(?:\(?[a-h]\)|[a-h]\.)\s+")  # "a) Yes", "(b) No", "c. Other"

# Answers that make a question a yes/no question: yes and no, with at most these besides.
_YES_NO_EXTRAS = {" ".join(words(label)) for label in (
    "not sure", "unsure", "don't know", "do not know", "dont know", "maybe", "partly", "partially", "in part",
    "no opinion", "no view", "prefer not to say", "n/a", "not applicable", "neither",
)}
# Lines that say how to answer rather than offer an answer.
_INSTRUCTION = re.compile(
    r"^[(\[]?\s*(?:please\s+)?(?:tick|select|choose|circle|mark|pick)\b.{0,40}"
    r"\b(?:one|all|apply|applies|box|boxes|option|options|answer|only)\b.*$"
    r"|^[(\[]?\s*(?:maximum|max\.?|up to|no more than|limit(?:ed)? to)\s+\d+\s+(?:words|characters)\W*$",
    re.IGNORECASE,
)
_FREE_TEXT_MARK = re.compile(
    r"^[(\[]?\s*(?:free[\s-]?text|open text|text box|comment box|comments?|your (?:answer|response|comments?)"
    r"|response|answer)\s*(?:box)?\s*(?:\(.*\))?\s*[)\]:]?\s*$",
    re.IGNORECASE,
)
# A prompt after the question that asks the respondent to say more: the same question, in free text.
_FOLLOW_UP = re.compile(
    r"^(?:please\s+(?:explain|give|provide|tell|describe|set out|say|state|summarise|summarize|outline|add|share"
    r"|expand|specify|include|list|send|let us know)"
    r"|if\s+(?:yes|no|not|so|you|your|other|applicable|relevant|agree|disagree|appropriate)\b"
    r"|why\b|give (?:your )?reasons|explain\b|what are your reasons|where possible, please)",
    re.IGNORECASE,
)


def clean_option(text: str) -> str:
    """An option's label without tick boxes, list letters or trailing punctuation."""
    text = _TICK.sub(" ", text)
    text = _LABEL_MARK.sub("", text.strip())
    return " ".join(text.split()).strip(" .,;:-–—")


def has_tick(text: str) -> bool:
    return bool(_TICK.search(text))


def _short(text: str, limit: int) -> bool:
    n = len(words(text))
    return 0 < n <= limit and not text.rstrip().endswith("?")


def inline_options(text: str) -> list[str] | None:
    """The options of a one-line list ("Yes / No / Not sure", "☐ Yes ☐ No", "a; b; c"), else None."""
    if has_tick(text):
        parts = [clean_option(p) for p in _TICK.split(text)]
    else:
        parts = [clean_option(p) for p in _SEPARATOR.split(text)]
    parts = [p for p in parts if p]
    if len(parts) < 2 or len(words(text)) > 40:
        return None
    if all(_short(p, 8) and not p.endswith(".") for p in parts):
        return parts
    return None


def option_candidate(text: str, listed: bool) -> bool:
    """Could this line be one answer option? Short, not a question, not a sentence of prose
    (a list item or a tick-box line may be a little longer than a bare paragraph)."""
    if has_tick(text) or listed:
        return _short(clean_option(text), 15)
    label = clean_option(text)
    return _short(label, 8) and not (text.rstrip().endswith(".") and len(words(label)) > 3)


def is_instruction(text: str) -> bool:
    """"(Tick one)", "Select all that apply", "Maximum 250 words"."""
    return bool(_INSTRUCTION.match(text.strip()))


def is_free_text_mark(text: str) -> bool:
    """"Free text", "[Comment box]", "Response:": where the form gives a text box."""
    return bool(_FREE_TEXT_MARK.match(text.strip()))


def is_follow_up(text: str) -> bool:
    """"Please explain your answer.", "If not, what would you propose?": part of the question before it."""
    return bool(_FOLLOW_UP.match(text.strip()))


def _yes_no(options: list[str]) -> bool:
    labels = [" ".join(words(o)) for o in options]
    if "yes" not in labels or "no" not in labels:
        return False
    return all(label in ("yes", "no") or label in _YES_NO_EXTRAS for label in labels)


def answer_format(options: list[str]) -> AnswerFormat:
    """Agree scale (most options on an agree-disagree scale), yes/no, choice, or free text."""
    if len(options) < 2:
        return "free_text"
    agreeing = sum(1 for o in options if {"agree", "disagree"} & set(words(o)))
    if agreeing >= 2 and agreeing * 2 > len(options):
        return "agree_scale"
    if _yes_no(options):
        return "yes_no"
    return "choice"
