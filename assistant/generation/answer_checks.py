"""Pure checks of what may stand as an answer, before any model reads it.

Each serves a class of texts that no question is answered by, whatever the question:
- a reference list or front matter ("8. Sources", "About this briefing") holds links and
  descriptions of a document, not its facts, unless the question asks about them;
- a question, a URL, a headline (a title-case line with no closing punctuation), a fragment
  of fewer than four words, or a bulleted list read as one run-on sentence.
What a sentence must hold for a particular question (a date for "when") is answer_types.py's.
"""

from __future__ import annotations

import re

from assistant.generation.sentences import headline
from assistant.models import SearchHit
from assistant.retrieval.areas import is_reference_section

_ABOUT_SOURCES = re.compile(r"\b(sources?|references?|bibliograph\w*|links?|urls?|web ?sites?|contents|"
                            r"(this|the) (briefing|document|report|paper) (is|was|covers?|sets? out))\b", re.I)

# A "sentence" that runs on past a full stop into the next item of a list (". - Individual support
# plans ..."): items of a page's bullet list read as one.
_RUN_TOGETHER = re.compile(r"[.;!?]\s+[-•*]\s+[A-Z]")
MAX_ANSWER_SENTENCE = 400  # characters: longer "sentences" are lists run together, not answers
MIN_SENTENCE_WORDS = 4  # a shorter piece ("£1.6 billion", "Accountability?") is a fragment or a heading


def content_hits(hits: list[SearchHit], question: str) -> list[SearchHit]:
    """Hits without reference lists and front matter, kept when the question asks about the
    document's sources or contents."""
    if _ABOUT_SOURCES.search(question):
        return hits
    return [h for h in hits if not is_reference_section(h.heading_path)]


def stands_alone(sentence: str) -> bool:
    """A source sentence that could be shown as an answer in its own words."""
    text = sentence.strip()
    return (len(text) <= MAX_ANSWER_SENTENCE and len(text.split()) >= MIN_SENTENCE_WORDS
            and "http" not in text.lower() and "www." not in text.lower() and not text.endswith("?")
            and not headline(text) and not _RUN_TOGETHER.search(text))
