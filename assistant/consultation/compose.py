"""Pure: an answer written from the response's own points, and the check that it still is.

An answer is extractive: each sentence is one point's text as the editors see it, with at most
a joining word before it ("However," where the answer turns from a welcome to a concern or back)
and a full stop after it. So nothing is said that the forum has not said, by construction, and
each sentence carries its point's id and citations. The check reads the answer back against the
response as it is now: a point deleted or reworded since shows as untraceable.
"""

from __future__ import annotations

import re

from assistant.consultation.stance import Point
from assistant.models import AnswerSentence, QuestionAnswer
from assistant.text import words

MAX_WORDS = 150  # an answer stops before the point that would take it past this (its first point always stands)
JOINERS = ("However, ",)
_TURNS = {("welcome", "concern"), ("concern", "welcome")}
_END = re.compile(r"[.!?…]['’”)\]]*$")


def _lower_first(text: str) -> str:
    """"Lack of ..." -> "lack of ..."; an acronym or a name with more capitals ("ISPs", "SENCo") stays."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:] == first[1:].lower():
        return text[:1].lower() + text[1:]
    return text


def sentence_of(point: Point, previous: Point | None) -> AnswerSentence:
    text = " ".join(point.text.split())
    if not _END.search(text):
        text += "."
    if previous is not None and (previous.direction, point.direction) in _TURNS:
        text = JOINERS[0] + _lower_first(text)
    return AnswerSentence(text=text, point_id=point.id, citations=list(point.citations))


def compose(points: list[Point], max_words: int = MAX_WORDS) -> list[AnswerSentence]:
    """The answer's sentences from the ranked points, within `max_words`."""
    sentences: list[AnswerSentence] = []
    used = 0
    previous = None
    for point in points:
        sentence = sentence_of(point, previous)
        n = len(sentence.text.split())
        if sentences and used + n > max_words:
            break
        sentences.append(sentence)
        used += n
        previous = point
    return sentences


def joined(sentences: list[AnswerSentence]) -> str:
    return " ".join(s.text for s in sentences)


def _bare(text: str) -> list[str]:
    for joiner in JOINERS:
        if text.startswith(joiner):
            text = text[len(joiner):]
    return words(text)


def untraceable(answer: QuestionAnswer, points: dict[str, Point]) -> list[str]:
    """What in a drafted answer no longer traces to the response's points (empty: all of it does).
    Words the editors wrote (an edit drops the drafted sentences; it may be accepted since) are
    theirs and are not checked."""
    if not answer.sentences and answer.status in ("edited", "accepted"):
        return []
    problems = []
    if answer.text != joined(answer.sentences):
        problems.append("the answer's text is not its sentences")
    for sentence in answer.sentences:
        point = points.get(sentence.point_id)
        if point is None:
            problems.append(f"“{sentence.text}” draws on a point no longer in the response")
        elif _bare(sentence.text) != words(point.text):
            problems.append(f"“{sentence.text}” is no longer the text of its point (“{point.text}”)")
        elif [(c.passage_id, c.quote) for c in sentence.citations] != [(c.passage_id, c.quote) for c in point.citations]:
            problems.append(f"“{sentence.text}” does not carry its point's citations")
    return problems
