"""Pure: sources cut into numbered sentences, so a model can *choose* the sentences that answer
rather than copy quotes (a small model copies a quote badly, or from the prompt's example).

Each sentence keeps its source; its text is an exact slice of the source's text, so a chosen
sentence is always a quote that is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.generation.injection import instruction_like
from assistant.generation.prompts import Source, attribute, neutralise
from assistant.ingest.loaders.structure import paragraph_number
from assistant.text import sentence_spans

_BLOCK_BREAK = re.compile(r"\n\s*\n")
MIN_SENTENCE = 12  # characters: shorter pieces (a lone paragraph number) are not sentences


@dataclass(frozen=True)
class Sentence:
    label: str  # S1, S2, ...
    source: str  # the label of the source that holds it
    text: str


def number_sentences(sources: list[Source], limit: int = 40) -> list[Sentence]:
    """Every sentence of every source, numbered S1.. in order, at most `limit`; a sentence that
    addresses the model (generation/injection.py) is never numbered, so never chosen or cited."""
    out: list[Sentence] = []
    for source in sources:
        for start, end, text in _block_spans(source):
            piece = text[start:end].strip()
            number = paragraph_number(piece)
            if number and piece.startswith(number):
                piece = piece[len(number):].strip()  # "4.2 Mainstream ..." -> "Mainstream ..."
            piece = without_run_in_heading(piece)
            if len(piece) >= MIN_SENTENCE and len(out) < limit and not instruction_like(piece):
                out.append(Sentence(f"S{len(out) + 1}", source.label, piece))
    return out


def _block_spans(source: Source) -> list[tuple[int, int, str]]:
    """Sentence spans within each block (blank-line separated) of a source: a sentence never runs
    across blocks, so a list of bullets (a response's points) is not read as one long sentence."""
    blocks = [" ".join(b.split()) for b in _BLOCK_BREAK.split(source.text)]
    blocks = [b for b in blocks if b]
    if source.paragraph:
        for n, block in enumerate(blocks):
            head = " ".join(blocks[:n + 1])
            if f"{source.paragraph} " in head[:120]:  # a heading carried in before the numbered paragraph
                blocks = [head.split(f"{source.paragraph} ", 1)[1], *blocks[n + 1:]]
                break
    return [(start, end, block) for block in blocks for start, end in sentence_spans(block)]


def heading_like(text: str) -> bool:
    """Pure: a short line with no closing punctuation ("Funding for mainstream schools"), which
    a document's heading is and a proposal is not."""
    return len(text.split()) < 8 and not text.rstrip().endswith((".", "!", "?", ";", ")", '"', "”"))


CLOSING = (".", "!", "?", ";", ":", '"', "”", "’", ")")  # what ends a sentence, a quote or a bracket


def headline(text: str) -> bool:
    """Pure: a title-case line with no closing punctuation ("What the SEND White Paper Means for
    EHCPs by 2035"): a page's heading, neither an answer nor a proposal."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) >= 4]
    if text.rstrip().endswith(CLOSING) or len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) >= 0.6 * len(words)


# A web page's heading on the line above its first sentence is read as one sentence with it
# ("Have your say The proposed reforms are now open for consultation."): a heading has no
# comma or closing punctuation, and a sentence's first word, capitalised, follows it.
_RUN_IN = re.compile(r"^(?P<head>[^.!?:;,]{3,90}?[a-z0-9)’'])\s+(?=(?:The|A|An|This|These|Those|It|Its|In|From|Under|We|Our|"
                     r"There|Every|All|Each|Some|Many|If|When|While|As|For|By|With|At|On|To|Until|Since|After|Before)\s)")
_LEADS_ON = frozenset("titled called named entitled as the a an of and to for by in on at with from".split())


def without_run_in_heading(text: str) -> str:
    """Pure: the sentence without a heading run into it; unchanged when there is none (or when
    what precedes the capital leads on to it: "... titled Every Child Achieving")."""
    match = _RUN_IN.match(text)
    if not match or match.group("head").split()[-1].lower() in _LEADS_ON:
        return text
    rest = text[match.end():]
    return rest if len(rest) >= MIN_SENTENCE else text


def format_sentence_sources(sources: list[Source], sentences: list[Sentence]) -> str:
    """Pure: each source as a delimited block whose sentences carry their ids."""
    blocks = []
    for s in sources:
        lines = [f"[{x.label}] {neutralise(x.text)}" for x in sentences if x.source == s.label]
        if lines:
            blocks.append(f'<source id="{s.label}" title="{attribute(s.title)}" where="{attribute(s.where)}">\n'
                          + "\n".join(lines) + "\n</source>")
    return "\n\n".join(blocks)
