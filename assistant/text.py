"""The text toolkit: one definition of each way the code reads text, so that two modules never
split a word or a sentence, match a quote, or measure an overlap differently (issue 23).

- Words: `words` (the tokeniser), `word_spans` (the same words with their offsets),
  `content_words`, `fingerprint`.
- Runs of words: `find_run` (where a run of words stands in another), `quote_in_passage`,
  `longest_run`.
- Overlap of word sets: `overlap` (the share of a query's content words a text holds),
  `jaccard`.
- Sentences: `sentence_spans` (the one rule for where a sentence ends), `first_sentence`,
  `complete_part`.
- Vectors: `unit_rows` (normalise, so that a product of rows is their cosine).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import numpy as np

# A word is a run of letters or digits in any script ("_" is not a letter here), or a "£" or
# "%" on its own: "£1.2 billion" is "£", "1", "2", "billion", so a quote that drops the pound
# sign, or a stray "前线", is a different run of words, not punctuation to skip.
WORD = re.compile(r"[^\W_]+|[£%]")
STOPWORDS = frozenset({"the", "and", "for", "that", "with", "this", "are", "was", "will", "what", "when", "who", "how",
                       "does", "from", "have", "must", "every"})
SHORTEST_QUOTE = 3  # words: a shorter quote is found almost anywhere, so it proves nothing


def words(text: str) -> list[str]:
    """Pure: the text's words, lower-cased."""
    return WORD.findall(text.lower())


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Pure: the same words as `words`, each with its start and end offset in the text."""
    return [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]


def content_words(text: str) -> set[str]:
    """Pure: the words that carry meaning: longer than two letters and not stopwords."""
    return {w for w in words(text) if w not in STOPWORDS and len(w) > 2}


def fingerprint(text: str) -> str:
    """Pure: the text reduced to its words, so texts differing only in layout, case or
    punctuation compare equal."""
    return " ".join(words(text))


def find_run(needle: list[str], hay: list[str]) -> int | None:
    """Pure: where the run of words `needle` first stands, contiguously and in order, in `hay`
    (an index into hay), or None; an empty needle is never found."""
    n = len(needle)
    if not n:
        return None
    return next((i for i in range(len(hay) - n + 1) if hay[i:i + n] == needle), None)


def quote_in_passage(quote: str, passage: str) -> bool:
    """Pure: the quote's words appear in order, contiguously, in the passage (case, spacing
    and punctuation aside); a quote of fewer than SHORTEST_QUOTE words never does."""
    needle = words(quote)
    return len(needle) >= SHORTEST_QUOTE and find_run(needle, words(passage)) is not None


def longest_run(needle: list[str], hay: list[str]) -> int:
    """Pure: the length of the longest run of consecutive words that `needle` shares with `hay`."""
    return SequenceMatcher(None, needle, hay, autojunk=False).find_longest_match(0, len(needle), 0, len(hay)).size


def overlap(query: str, text: str) -> float:
    """Pure: the share of the query's content words that the text holds (0 when it has none)."""
    wanted = content_words(query)
    return len(wanted & set(words(text))) / (len(wanted) or 1)


def jaccard(a: str, b: str) -> float:
    """Pure: the two texts' shared words over all their words, as sets (0 when either has none)."""
    wa, wb = set(words(a)), set(words(b))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) and a space,
# when the next sentence starts with a capital, digit, quote, bracket or pound sign; not
# after an abbreviation ("e.g.", "para.") or a single letter ("J. Smith").
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)\]]?\s+(?=[A-Z0-9\"'‘“(£])")
_ABBREVIATIONS = {"e.g.", "i.e.", "eg.", "ie.", "etc.", "p.", "pp.", "para.", "paras.", "no.", "mr.", "mrs.", "ms.", "dr.",
                  "prof.", "cf.", "vs.", "st."}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Pure: the sentences of a text as (start, end) spans, trailing spaces excluded."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        last_word = text[max(0, match.start() - 40):match.start() + 1].rsplit(None, 1)[-1].lower()
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]\.", last_word):
            continue
        group = match.group()
        spans.append((start, match.start() + len(group) - len(group.lstrip("\"'’”)]"))))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def first_sentence(text: str) -> str:
    """Pure: the text's first sentence (all of it when it has one only), stripped."""
    text = text.strip()
    spans = sentence_spans(text)
    return text[: spans[0][1]].strip() if spans else text


def complete_part(text: str) -> str | None:
    """Pure: the text up to the end of its last sentence but one: what stands complete before
    a final sentence that was cut off; None when there is no earlier sentence."""
    text = text.strip()
    spans = sentence_spans(text)
    return text[: spans[-2][1]].strip() if len(spans) >= 2 else None


def unit_rows(vectors, dtype: type = np.float32) -> np.ndarray:
    """Pure: each vector scaled to length 1 (a zero vector stays zero), as rows of `dtype`; the
    product of two such matrices is the cosine of every pair."""
    matrix = np.asarray(vectors, dtype=dtype)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
