"""Pure text helpers every layer shares: one definition of each, so that two modules never
split a word, or measure an overlap, differently.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[a-z0-9£%]+")
STOPWORDS = frozenset({"the", "and", "for", "that", "with", "this", "are", "was", "will", "what", "when", "who", "how",
                       "does", "from", "have", "must", "every"})


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, £ and %)."""
    return WORD.findall(text.lower())


def content_words(text: str) -> set[str]:
    """The words that carry meaning: longer than two letters and not stopwords."""
    return {w for w in words(text) if w not in STOPWORDS and len(w) > 2}


def overlap(query: str, text: str) -> float:
    """Share of the query's content words that the text holds (0 when the query has none)."""
    wanted = content_words(query)
    return len(wanted & set(words(text))) / (len(wanted) or 1)
