"""Pure: a consultation's loaded blocks -> its numbered questions, each with format, chapter, page.

Each rule serves a class of layout, not one document:
- a question starts at an explicit label ("Question 4:", "Q4.", "Q12a", "Question 9" alone on
  a line or in a table cell with the question in the next), at a bare number ("4. Do you ...?",
  or "4" in a table cell) whose text asks something, or at a lettered item ("a) Should ...?")
  under a question, which becomes a sub-question ("5a");
- a bare number is a question only if its text asks: it ends in a question mark (options or a
  follow-up may come after it) or it is a request ("Please tell us ..."); so numbered steps and
  paragraphs ("3. Read the chapters", "3.1 The government will ...") are not questions, and a
  numbered heading is a chapter;
- the lines after a question belong to it while they are its options (formats.py), a follow-up
  ("Please explain your answer." joins the text), an instruction, a free-text mark, or the rest
  of a sentence broken by a page; anything else ends it;
- a label whose text does not ask, followed by its own sub-questions, is a stem ("Q12. Plans")
  and not a question itself;
- the chapter is the nearest heading above that is not a bare "Questions" label; the page is
  the loader's;
- a question met again with the same number and near-identical text (a summary annex) is the
  same question: the first is kept, taking the options of the repeat if it had none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.consultation.formats import (
    TICK_GLYPHS, answer_format, clean_option, inline_options, is_follow_up, is_free_text_mark, is_instruction,
    option_candidate,
)
from assistant.consultation.models import ConsultationQuestion
from assistant.models import Block, BlockKind
from assistant.text import words

_EXPLICIT = re.compile(
    r"^(?:consultation\s+)?(?:question(?!s)|q)\s*(\d{1,3})(?:\s?\(([a-z])\)|([a-z])(?![a-z]))?(?!\.?\d)\s*(.*)$",
    re.IGNORECASE,
)
_BARE = re.compile(r"^(\d{1,3})([a-z])?[.)]\s+(\S.*)$")
_BARE_LABEL = re.compile(r"^(\d{1,3})([a-z])?[.)]?$")
_LETTERED = re.compile(r"^\(?([a-h])[.)]\s+(\S.*)$")
_SEPARATOR = re.compile(r"^[:.)\-–—]\s*")
_REQUEST = re.compile(
    r"^please\s+(?:tell us|describe|explain|give|provide|set out|outline|list|comment|share|suggest|summari[sz]e"
    r"|identify|let us know|say|state)\b",
    re.IGNORECASE,
)
_GENERIC_HEADING = re.compile(r"^(?:the\s+)?(?:consultation\s+)?questions?(?:\s+\d{1,3}[a-z]?)?\s*[:.]?\s*$", re.IGNORECASE)
_TICK_ONLY = re.compile(rf"^[\s{TICK_GLYPHS}\[\]()]*$")
VERSION = "1"  # of these rules: stored with each extraction
SAME_TEXT = 0.8  # share of the shorter text's words found in the longer: the same question repeated


@dataclass(frozen=True)
class Line:
    text: str
    kind: BlockKind = "paragraph"
    page: int | None = None


@dataclass
class _Draft:
    number: str
    parts: list[str]
    chapter: str | None
    page: int | None
    options: list[str] = field(default_factory=list)
    free_text: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def lines_of(blocks: list[Block]) -> list[Line]:
    """Blocks as lines: a table row ("4 | Do you agree? | Yes / No"), which the DOCX loader joins
    with " | ", is split into its cells; a cell holding only a tick box joins the next cell."""
    lines: list[Line] = []
    for block in blocks:
        cells = [block.text] if block.kind == "heading" else [c.strip() for c in block.text.split(" | ")]
        carry = ""
        for cell in cells:
            if cell and _TICK_ONLY.match(cell):
                carry += cell + " "
            elif cell:
                lines.append(Line(carry + cell, block.kind, block.page))
                carry = ""
    return lines


def split_question(text: str) -> tuple[str, str]:
    """(the text up to its last question mark, what follows it)."""
    end = text.rfind("?")
    return (text, "") if end < 0 else (text[:end + 1].strip(), text[end + 1:].strip())


def asks(text: str) -> bool:
    """Does this text ask the reader something: a question (perhaps with its options or a
    follow-up after the question mark) or a request ("Please tell us ...")?"""
    question, rest = split_question(text)
    if question.endswith("?") and (not rest or inline_options(rest) or is_follow_up(rest) or is_instruction(rest)
                                   or is_free_text_mark(rest)):
        return True
    return bool(_REQUEST.match(text))


def text_overlap(a: str, b: str) -> float:
    """The share of the shorter text's distinct words that the longer one has (0 to 1)."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _start(lines: list[Line], i: int, current: _Draft | None) -> tuple[str, str, int] | None:
    """(number, text, lines used) when a question starts at line i."""
    line = lines[i]
    following = lines[i + 1] if i + 1 < len(lines) else None
    explicit = _EXPLICIT.match(line.text)
    if explicit:
        number = explicit.group(1) + (explicit.group(2) or explicit.group(3) or "").lower()
        rest = explicit.group(4)
        separated = _SEPARATOR.match(rest)
        if separated:
            rest = rest[separated.end():]
        if not rest:  # a label on its own ("Question 9", a "Q9" cell): the question is the next line
            return _label_only(number, following)
        return (number, rest, 1) if separated or rest[:1].isupper() or asks(rest) else None
    if line.kind == "heading":
        return None  # a numbered heading is a chapter, even when it asks ("2. Why change?")
    bare = _BARE.match(line.text)
    if bare and asks(bare.group(3)):
        return bare.group(1) + (bare.group(2) or ""), bare.group(3), 1
    if _BARE_LABEL.match(line.text) and following and following.kind != "heading" and asks(following.text) \
            and not _label_like(following.text):
        label = _BARE_LABEL.match(line.text)
        return label.group(1) + (label.group(2) or ""), following.text, 2
    lettered = _LETTERED.match(line.text)
    if lettered and current is not None and asks(lettered.group(2)):
        return re.match(r"\d+", current.number).group() + lettered.group(1), lettered.group(2), 1
    return None


def _label_only(number: str, following: Line | None) -> tuple[str, str, int] | None:
    if following and following.kind != "heading" and not _label_like(following.text):
        return number, following.text, 2
    return None


def _label_like(text: str) -> bool:
    return bool(_BARE_LABEL.match(text) or (_EXPLICIT.match(text) and not _EXPLICIT.match(text).group(4)))


def _open(number: str, text: str, chapter: str | None, page: int | None) -> _Draft:
    """A new question; options printed after its question mark on the same line are read off."""
    question, rest = split_question(text)
    options = inline_options(rest) if rest else None
    if options:
        return _Draft(number, [question], chapter, page, options)
    return _Draft(number, [text], chapter, page)


def _absorb(draft: _Draft, lines: list[Line], i: int) -> int:
    """How many lines from i belong to the question being read (0: it has ended)."""
    line = lines[i]
    if is_follow_up(line.text) or is_instruction(line.text):
        draft.parts.append(line.text)
        return 1
    if is_free_text_mark(line.text):
        draft.free_text = True
        return 1
    options = inline_options(line.text)
    if options:
        draft.options += options
        return 1
    end = i
    while end < len(lines) and _option_line(lines, end):
        end += 1
    if end - i >= 2:  # a single short line is not a list of answers
        draft.options += [clean_option(x.text) for x in lines[i:end]]
        return end - i
    unfinished = not re.search(r"[.?!:)\"”]$", draft.parts[-1])
    if unfinished and line.kind == "paragraph" and line.text[:1].islower():
        draft.parts.append(line.text)  # the rest of a sentence cut by a page break
        return 1
    return 0


def _option_line(lines: list[Line], i: int) -> bool:
    line = lines[i]
    if line.kind == "heading" or is_follow_up(line.text) or is_instruction(line.text) or is_free_text_mark(line.text):
        return False
    if _start(lines, i, None) is not None:
        return False
    return option_candidate(line.text, line.kind == "list_item")


def _drop_stems(drafts: list[_Draft]) -> list[_Draft]:
    """A label that does not ask, followed by its own sub-questions ("Q12. Plans", "Q12a. ..."), is a stem."""
    kept = []
    for k, draft in enumerate(drafts):
        after = drafts[k + 1] if k + 1 < len(drafts) else None
        if (after and re.fullmatch(re.escape(draft.number) + "[a-z]", after.number) and not draft.options
                and not asks(draft.text)):
            continue
        kept.append(draft)
    return kept


def _merge_repeats(drafts: list[_Draft]) -> list[_Draft]:
    kept: list[_Draft] = []
    for draft in drafts:
        first = next((k for k in kept if k.number == draft.number and text_overlap(k.text, draft.text) >= SAME_TEXT), None)
        if first is None:
            kept.append(draft)
        elif not first.options and draft.options:
            first.options = draft.options
    return kept


def extract_questions(blocks: list[Block]) -> list[ConsultationQuestion]:
    """The consultation's questions in document order (see the module's rules)."""
    lines = lines_of(blocks)
    drafts: list[_Draft] = []
    chapter: str | None = None
    current: _Draft | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        start = _start(lines, i, current)
        if start:
            number, text, used = start
            current = _open(number, text, chapter, line.page)
            drafts.append(current)
            i += used
            continue
        if line.kind == "heading":
            current = None
            if not _GENERIC_HEADING.match(line.text):
                chapter = line.text
        elif current is not None:
            used = _absorb(current, lines, i)
            if used:
                i += used
                continue
            current = None
        i += 1
    questions = []
    for draft in _merge_repeats(_drop_stems(drafts)):
        options = list(dict.fromkeys(o for o in draft.options if o))
        questions.append(ConsultationQuestion(
            number=draft.number, text=draft.text, format=answer_format(options), options=options,
            chapter=draft.chapter, page=draft.page,
        ))
    return questions
