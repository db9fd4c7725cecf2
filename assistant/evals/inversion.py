"""The editor's rubric: does a point say the opposite of the quote it rests on? (issue 22)

A point inverts its source when it restates the quote (most of its specific words are the
quote's) with the polarity turned: a negation on one side governs a word the other side states
un-negated ("Concern that the proposal does not leave the subject mix unchanged" against "The
proposals leave the subject mix unchanged"). Grammatical negation only, and a hedged negation
("may not reach") is a doubt, not the opposite claim. An antonym ("left out" against
"included") is not seen.
"""

from __future__ import annotations

from assistant.evals.editor_checks import Thresholds, specific_words
from assistant.text import words

# Grammatical negation only: "lose" or "lack" are claims of their own, not the negation of one.
_NEGATIONS = {"not", "no", "never", "cannot", "nor", "without", "none", "neither"}
_NT = {"doesn", "don", "isn", "aren", "won", "wasn", "weren", "hasn", "haven", "shouldn", "wouldn", "couldn", "didn", "can"}
_HEDGES = {"may", "might"}  # "may not reach" is a doubt, not the opposite claim
_SKIP = {"be", "been", "being", "is", "are", "was", "were", "have", "has", "had", "a", "an", "the", "any", "to", "for", "of",
         "it", "its", "their", "yet", "also", "do", "does", "will", "would", "longer", "t"}
WINDOW = 4  # words after a negation that it governs


def _negations(tokens: list[str], claims: bool = False) -> list[int]:
    """Where the negations stand; with `claims`, only those that deny (not "may not")."""
    return [i for i, w in enumerate(tokens)
            if (w in _NEGATIONS or (w in _NT and i + 1 < len(tokens) and tokens[i + 1] == "t"))
            and not (claims and i and tokens[i - 1] in _HEDGES)]


def _same(a: str, b: str) -> bool:
    """Pure: two forms of one word ("leave", "leaves"; "include", "includes"; "publish", "published")."""
    n = min(len(a), len(b))
    return a == b or (n >= 4 and a[:max(4, n - 1)] == b[:max(4, n - 1)])


def _spans(tokens: list[str]) -> list[list[str]]:
    """The words each negation governs, starting with its head (the first word that is not an
    auxiliary or an article)."""
    out = []
    for i in _negations(tokens, claims=True):
        after = [w for w in tokens[i + 1:i + 1 + WINDOW + 2] if w not in _SKIP and w not in _NEGATIONS]
        if after:
            out.append(after[:WINDOW])
    return out


def _find(word: str, tokens: list[str]) -> tuple[bool, bool]:
    """(the word stands in the tokens, some occurrence of it is governed by a negation)."""
    negated = set()
    for i in _negations(tokens):
        negated.update(range(i + 1, i + 1 + WINDOW + 2))
    hits = [j for j, w in enumerate(tokens) if _same(word, w)]
    return bool(hits), any(j in negated for j in hits)


def _one_way(a: list[str], b: list[str]) -> bool:
    for span in _spans(a):
        head_in, head_negated = _find(span[0], b)
        if head_in and not head_negated and not any(_find(w, b)[1] for w in span[1:]):
            return True
    return False


def restated_share(text: str, quote: str) -> float:
    """Pure: the share of the point's specific words that its quote holds (in some form)."""
    mine, theirs = specific_words(text), words(quote)
    return sum(any(_same(w, q) for q in theirs) for w in mine) / len(mine) if mine else 0.0


def inverted(text: str, quote: str, least: float = Thresholds.restated_words) -> bool:
    """Pure: the point restates its quote (at least `least` of its specific words are the
    quote's) with the polarity turned: a negation's head word stands un-negated in the other
    text and none of the words it governs is negated there ("does not leave the subject mix
    unchanged" against "The proposals leave the subject mix unchanged"). A hedged negation
    ("may not") is a doubt, not an inversion."""
    if not quote.strip() or restated_share(text, quote) < least:
        return False
    a, b = words(text), words(quote)
    return _one_way(a, b) or _one_way(b, a)
