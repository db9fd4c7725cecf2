"""Pure checks of an answer against its question, before any model judges it.

A 1.5B judge says "yes" to a topical sentence, a headline or an answer to a neighbouring
question, so what can be decided from the words is decided here: a "how much" gets a figure,
a "what share" a share, a "what grant will ..." names a grant, a question naming a thing
("Attainment 8", "the Safety Valve programme") is answered only from a passage that names it,
and a headline is never an answer.
"""

from __future__ import annotations

import re

from assistant.generation.sentences import CLOSING, Sentence, headline
from assistant.generation.verify import figures, figures_grounded, quote_in_passage

_WORDS = re.compile(r"[a-z0-9£%]+")
_FILLER = frozenset("the a an of to in on for and or is are was be by it its this that with as at from".split())


_ASKS_FIGURE = re.compile(r"\b(how much|how many|how far|when|until when|by when|what (share|proportion|percentage|date|year|rate|amount|"
                          r"sum|number|figure)|what (\S+ ){0,2}(shortfall|deficit|rate|budget|cost|total))\b", re.I)


_ASKS_AMOUNT = re.compile(r"\bhow (many|much|far|old)\b|\bwhat (share|proportion|percentage|amount|sum|number|age)\b"
                          r"|\bdistances?\b", re.I)
_YEAR = re.compile(r"(19|20)\d\d")
_UNITS = "pupil|child|student|school|place|head|year|month|week"
_ASKS_RATE = re.compile(rf"\b(?:per|each|every)[ -]({_UNITS})s?\b", re.I)


def gives_rate(answer: str, question: str) -> bool:
    """Pure: a question asking for an amount per unit ("per pupil", "each year") gets an amount
    per that unit ("£400 million a year"), not a total that happens to hold a figure."""
    asked = _ASKS_RATE.search(question)
    if not asked:
        return True
    unit = asked.group(1).lower()
    rate = rf"\b(?:per|a|an|each|every)[ -]{unit}s?\b" + (r"|\bannual(ly)?\b|\bper annum\b" if unit == "year" else "")
    return bool(re.search(r"\d", answer)) and bool(re.search(rate, answer, re.I))


def informative(answer: str, question: str) -> bool:
    """Pure: the answer says something the question does not, not an empty or cut-off reply
    ("The ") or the question's own words handed back; and a question asking for a figure or a
    date ("how much", "when") gets one, per the unit it asks about."""
    asked = set(_WORDS.findall(question.lower()))
    if (_ASKS_FIGURE.search(question) and not re.search(r"\d", answer)) or not gives_rate(answer, question):
        return False
    if _ASKS_AMOUNT.search(question) and not any(not _YEAR.fullmatch(n) for n in figures(answer)):
        return False  # "how many" is not answered by "in April 2026"
    if not gives_share(answer, question) or not gives_date(answer, question):
        return False
    return any(w not in asked and w not in _FILLER for w in _WORDS.findall(answer.lower()))


# A "sentence" that runs on past a full stop into the next item of a list (". - Individual support
# plans ..."): items of a page's bullet list read as one, which no question is answered by.
_RUN_TOGETHER = re.compile(r"[.;!?]\s+[-•*]\s+[A-Z]")
MAX_ANSWER_SENTENCE = 400  # longer "sentences" are lists run together (a response's bullets), not answers


MIN_SENTENCE_WORDS = 4  # a shorter source sentence ("£1.6 billion", "Accountability?") is a fragment or a heading


def answer_like(sentence: str, question: str, own_words: bool = False) -> bool:
    """Pure: a text that could stand as the answer: informative, not a question, not a reference
    (a URL), not a list run together; a source sentence standing as the answer in its own words
    (`own_words`) must also be more than a fragment."""
    return (len(sentence) <= MAX_ANSWER_SENTENCE and "http" not in sentence.lower() and "www." not in sentence.lower()
            and not sentence.rstrip().endswith("?") and informative(sentence, question)
            and (not own_words or (len(sentence.split()) >= MIN_SENTENCE_WORDS and not headline(sentence)
                                   and not _RUN_TOGETHER.search(sentence))))


def holding_sentences(answer: str, sentences: list[Sentence], tried: list[Sentence], question: str) -> list[Sentence]:
    """Pure: sentences the model did not choose that hold its answer: every figure of it, or the
    answer word for word (a small model words the answer from one sentence and cites its
    neighbour)."""
    seen = {s.label for s in tried}
    wanted = figures(answer)
    return [s for s in sentences if s.label not in seen and answer_like(s.text, question, own_words=True)
            and ((wanted and wanted <= figures(s.text)) or quote_in_passage(answer, s.text))]


def likely_answers(question: str, sentences: list[Sentence], tried: list[Sentence], limit: int = 2) -> list[Sentence]:
    """Pure: sentences the model did not choose that could answer, sharing at least half of the
    question's words, most first: a second look when the model's choice fails."""
    asked = {w for w in _WORDS.findall(question.lower()) if w not in _FILLER and len(w) > 2}
    seen = {s.label for s in tried}
    scored = [(len(asked & set(_WORDS.findall(s.text.lower()))), n, s) for n, s in enumerate(sentences)
              if s.label not in seen and answer_like(s.text, question, own_words=True)]
    enough = max(2, (len(asked) + 1) // 2)
    return [s for score, _, s in sorted(scored, key=lambda t: (-t[0], t[1])) if score >= enough][:limit]


def repeats_unchosen(answer: str, sentences: list[Sentence], chosen: list[Sentence]) -> bool:
    """Pure: the answer repeats a whole sentence the model did not choose. Its choice and its
    copy disagree, and a lenient judge would pass either, so the copy is not used as the answer."""
    picked = {s.label for s in chosen}
    return any(quote_in_passage(s.text, answer) for s in sentences if s.label not in picked)


def figures_cited(answer: str, sentence: str, chosen: list[str]) -> bool:
    """Pure: the answer's figures are all in the sentences chosen for it, and a sentence cited for
    an answer with figures holds at least one of them (its paragraph holding them is not enough:
    "£1.6 billion" from a list of bullets is not what a neighbouring bullet says)."""
    wanted = figures(answer)
    return not wanted or (figures_grounded(answer, " ".join(chosen)) and bool(wanted & figures(sentence)))


_SHARE_ASKED = re.compile(r"\bwhat (share|proportion|percentage|fraction)\b", re.I)
_SHARE_GIVEN = re.compile(r"\d\s*(%|per ?cent\b|percent\b)|\b(half|halves|thirds?|quarters?|fifths?|tenths?|majority|"
                          r"minority|all|none|most)\b|\b(one|two|three|four|five|\d+) (in|out of) (every )?\w+", re.I)


_DATE_ASKED = re.compile(r"^\s*(when|(until|by|since|from) when)\b|\bwhat (date|year|month|day)\b", re.I)
_DATE_GIVEN = re.compile(r"\b(19|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|"
                         r"november|december|spring|summer|autumn|winter|monday|tuesday|wednesday|thursday|friday|"
                         r"term|today|tomorrow|yesterday)\b|\b\d{1,2}(st|nd|rd|th)\b", re.I)


def gives_date(answer: str, question: str) -> bool:
    """Pure: a question that asks when ("Until when ...", "What year ...") gets a date, a month or
    a season, not any sentence with a digit in it (a postcode, "39 questions")."""
    return not _DATE_ASKED.search(question) or bool(_DATE_GIVEN.search(answer))


def gives_share(answer: str, question: str) -> bool:
    """Pure: "what share / proportion" is answered by a share (90 per cent, fewer than half,
    one in five), not by a sentence that happens to hold a year."""
    return not _SHARE_ASKED.search(question) or bool(_SHARE_GIVEN.search(answer))


_QUESTION_WORDS = frozenset("what which who whom whose when where why how does do did is are was were will would can could "
                            "should has have according by until from on in under after before for to at if of the a an "
                            "and or as".split())
_CAPITAL = r"[A-Z][\w'’-]*"
# A name: capitalised words, joined directly or by "at", "of", "for", "the", "on", "to" ("Experts at
# Hand", "Office for Budget Responsibility"), a number directly after one ("Attainment 8"); not "and"
# ("the LGA and County Councils Network" is two names) nor "in" ("EHCPs in 2018").
_NAMED = re.compile(rf"{_CAPITAL}(?:\s+(?:(?:at|of|for|the|on|to)\s+)?{_CAPITAL}|\s+\d+\b)*")


def named_terms(question: str) -> list[str]:
    """Pure: the names a question uses ("Attainment 8", "Safety Valve", "Experts at Hand",
    "UKRI"): runs of capitalised words (and numbers after them), without its question words."""
    terms = []
    for match in _NAMED.finditer(question):
        words = re.sub(r"['’]s\b", "", match.group()).split()
        while words and (words[0].lower() in _QUESTION_WORDS or words[0][0].isdigit()):
            words = words[1:]
        while words and words[-1].lower() in _QUESTION_WORDS:
            words = words[:-1]
        if words:
            terms.append(" ".join(words))
    return terms


_TOKEN = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    return word[:-2] if re.search(r"(ss|x|ch|sh)es$", word) else word[:-1] if word.endswith("s") and len(word) > 3 else word


def _words_in(want: list[str], have: list[str]) -> bool:
    n = len(want)
    return bool(want) and any(all(h.startswith(w) for h, w in zip(have[i:i + n], want)) for i in range(len(have) - n + 1))


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[0].isupper())


def mentions(term: str, text: str) -> bool:
    """Pure: the term's words, in order, in the text, a plural or longer form counting ("EHCP"
    in "EHCPs", "Disabled Children Partnership" in "Disabled Children's Partnership"), or the
    term's initials for a name ("ISP" for "Individual Support Plan") and a name whose initials
    an acronym gives ("Local Government Association" for "LGA")."""
    text = re.sub(r"['’]s\b", "", text)
    want = [_stem(t) for t in _TOKEN.findall(term.lower())]
    if _words_in(want, _TOKEN.findall(text.lower())):
        return True
    words = term.split()
    if len(words) >= 2 and len(_initials(words)) == len(words):
        return _words_in([_initials(words).lower()], _TOKEN.findall(text.lower()))
    if len(words) == 1 and re.fullmatch(r"[A-Z]{2,6}s?", term):
        acronym = term.rstrip("s")
        capitalised = re.findall(r"[A-Z][\w-]*", text)
        return any(_initials(capitalised[i:i + len(acronym)]) == acronym for i in range(len(capitalised)))
    return False


_HEAD_NOUN = re.compile(r"^\s*(?:according to [^,]+,\s*)?(?:what|which)\s+([a-z]+)\s+(?:will|would|is|are|was|were|does|do|"
                        r"did|can|could|should|has|have|had|must|may|might)\b", re.I)
_NOT_NOUNS = frozenset("share proportion percentage fraction date year amount sum number figure rate kind type sort".split())


def head_noun(question: str) -> str | None:
    """Pure: the thing a "what/which X will ..." question asks for ("grant", "councils")."""
    match = _HEAD_NOUN.match(question)
    noun = match.group(1).lower() if match else None
    return None if noun is None or noun in _NOT_NOUNS or noun in _QUESTION_WORDS else noun


def fits_question(question: str, answer: str, sentence: str, passage: str) -> bool:
    """Pure: the cited passage names what the question names, and the answer with its sentence
    names the kind of thing asked for ("what grant" -> a grant)."""
    if not all(mentions(term, passage) for term in named_terms(question)):
        return False
    noun = head_noun(question)
    return noun is None or mentions(noun, f"{answer} {sentence}")


def restored_copy(answer: str, chosen: list[Sentence]) -> str | None:
    """Pure: the whole sentence when the answer is its opening cut short (the model copies a
    sentence and its JSON string ends at the sentence's own double quote)."""
    text = answer.strip()
    if not text or text.endswith(CLOSING):
        return None
    words = _TOKEN.findall(text.lower())
    for s in chosen:
        theirs = _TOKEN.findall(s.text.lower())
        if len(words) >= 3 and len(theirs) > len(words) and theirs[:len(words)] == words:
            return s.text
    return None


def neighbours(question: str, sentences: list[Sentence], chosen: list[Sentence]) -> list[Sentence]:
    """Pure: the sentences next to the chosen ones in the same source that could answer: a
    topical sentence is often followed by the one that answers ("open for consultation." ->
    "... until 18 May 2026.")."""
    picked = {s.label for s in chosen}
    out: list[Sentence] = []
    for s in chosen:
        n = sentences.index(s)
        for m in (n + 1, n - 1):
            other = sentences[m] if 0 <= m < len(sentences) else None
            if (other is not None and other.source == s.source and other.label not in picked and other not in out
                    and answer_like(other.text, question, own_words=True)):
                out.append(other)
    return out
