"""The editor's rubric (issue 22): would an editor of the forum keep a drafted point?

A point is struck when it
- `duplicate`: makes the same point as another point of the response (any area or section):
  close in meaning (cosine of embeddings) and in words; the better copy is kept;
- `guiding_question`: restates one of the framework's guiding questions (is a question, or is
  close to one in meaning and in words) instead of saying something of the policy;
- `meta`: speaks of the forum, the response, the task or the document ("the forum", "clear and
  concise", "the consultation does not provide ...") rather than the policy;
- `vague`: names no concrete proposal, body, group, figure or date ("Welcome for SEND spending.");
- `garbled`: is cut off or broken ("Concern that the training is", "for for");
- `inverted`: says the opposite of its cited quote (a negation one side lacks, on the same words);
- `wrong_area`: is much closer to another area of the framework than to its own.

These checks are the evaluation's own: none is the product filter that shaped the draft (the
product's `postprocess.about_the_task`, `complete` or `same_point` are not used), so a figure is
never computed by the rule that produced the output. Words come from the text toolkit
(`assistant/text.py`); the thresholds were chosen on the dev half of the hand labels
(`evals/datasets/editor-labels.jsonl`, see docs/evaluation.md). Everything here is pure: vectors,
area scores and entity labels are computed by the caller (`assistant/evals/tasks/editor.py`).
The inversion check is in `evals/inversion.py`; the rubric that applies them all, near-duplicates
included, in `evals/editor_rubric.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text import content_words, words

REASONS = ("duplicate", "guiding_question", "meta", "vague", "garbled", "inverted", "wrong_area")


@dataclass(frozen=True)
class Thresholds:
    """Chosen on the dev labels (docs/evaluation.md, 'The editor's rubric')."""

    duplicate_cosine: float = 0.7
    duplicate_words: float = 0.7  # share of the shorter point's specific words the other holds
    question_cosine: float = 0.6
    question_words: float = 0.6  # share of the question's specific words the point holds
    question_own_words: float = 0.65  # share of the point's specific words that are the question's
    restated_words: float = 0.75  # share of the point's specific words its quote holds, for an inversion
    vague_words: int = 3  # fewer specific words than this, and no name, figure or date: vague
    wrong_area_margin: float = 0.2  # the best area's score above the point's own area's


@dataclass
class Point:
    area: str
    section: str
    text: str
    quote: str = ""


@dataclass
class Verdict:
    reasons: list[str] = field(default_factory=list)

    @property
    def kept(self) -> bool:
        return not self.reasons


# Words that name no particular thing in a SEND policy response: how points open, and the
# field's generic nouns. What is left ("inclusion bases", "tribunal", "childminders") is specific.
_OPENING = {"welcome", "commitment", "recognition", "concern", "concerns", "risk", "lack", "clarity", "limited", "uncertainty",
            "need", "clear", "clearer", "guidance", "greater", "increased", "doubt", "unclear", "tension", "detail", "support",
            "progress", "shift", "emphasis", "statement", "plan", "intention", "strength", "reference", "set", "publish"}
_GENERIC = {"send", "sen", "ehcp", "ehcps", "proposal", "proposals", "proposed", "policy", "policies", "reform", "reforms", "plans",
            "change", "changes", "government", "consultation", "funding", "fund", "money", "spending", "provision", "system",
            "children", "young", "people", "approach", "measures", "issue", "issues", "work", "things", "thing", "more",
            "better", "new", "good", "areas", "way", "ways", "overall", "general", "current", "proposals"}
_FUNCTION = {"about", "whether", "which", "there", "their", "they", "them", "these", "those", "such", "also", "only", "into",
             "most", "very", "much", "many", "some", "any", "each", "other", "being", "been", "than", "then", "would", "could",
             "should", "shall", "may", "might", "can", "not", "nor", "but", "all", "its", "has", "had", "over", "under",
             "between", "where", "while", "were", "is", "be", "on", "of", "to", "in", "at", "by", "as", "an", "or", "it", "well"}


def specific_words(text: str) -> set[str]:
    """Pure: the point's content words less openers, the field's generic nouns and function words."""
    return content_words(text) - _OPENING - _GENERIC - _FUNCTION


def share(part: set[str], whole: set[str]) -> float:
    """Pure: the share of `part` that `whole` holds (0 when `part` is empty)."""
    return len(part & whole) / len(part) if part else 0.0


# --- cut off or garbled ---------------------------------------------------------------------

# A point never ends on these: an article, a conjunction, a determiner, an auxiliary, "of" or
# "than". (Other prepositions may end a sentence: "the therapists the fund pays for".)
_DANGLING = {"the", "a", "an", "and", "or", "but", "nor", "that", "which", "whose", "of", "than", "its", "their", "our", "is",
             "are", "was", "were", "will", "would", "be", "been", "has", "have", "such", "if", "while", "because", "including"}
_OPEN_END = re.compile(r"[,;:(\[\u2013\u2014-]\s*$")
_MARKER = re.compile(r"\[\s*[A-Z]?\d+[\],]|\(\s*[A-Z]\d+\s*$")


def garbled(text: str) -> bool:
    """Pure: cut off or broken: under two words, ends on a word a phrase cannot end on or on an
    open mark, a word twice in a row, a bracket left open, or a source marker left in."""
    stripped = text.strip()
    tokens = words(stripped)
    if len(tokens) < 2:
        return True
    if _OPEN_END.search(stripped) or tokens[-1] in _DANGLING:
        return True
    if any(a == b and not a.isdigit() for a, b in zip(tokens, tokens[1:])):
        return True
    return stripped.count("(") != stripped.count(")") or bool(_MARKER.search(stripped))


# --- about the forum, the task or the document ------------------------------------------------

_META = [
    # the forum, the respondent, the response itself
    re.compile(r"\b(the|this|our) (forum|response|submission|lead group)\b|\bforum'?s\b|\b(we|our)\b", re.I),
    # the task the drafter was given
    re.compile(r"\bguiding questions?\b|\bthe (prompt|task|framework's|values (given|provided))\b|\bthis (section|area)\b"
               r"|\bopportunity to respond\b|\bresponding to (the|this) consultation\b", re.I),
    # how the document is written, not what it proposes
    re.compile(r"\b(clear and concise|concise|well[- ](written|structured|presented|organised)|easy to (read|follow|navigate)"
               r"|hard to (read|follow|navigate)|difficult to (read|follow|navigate)|readab\w+|definitive wording"
               r"|primary documents?|the (wording|layout|formatting))\b", re.I),
    # the document or consultation as the thing that fails, and the consultation's own process
    re.compile(r"\b(the|this) (consultation|document|briefing|note|paper|report|page|summary|article|text)( document)?"
               r" (does not|doesn't|did not|fails to) (provide|give|include|offer|contain|mention|say)\b"
               r"|\b(closing|closing date|deadline|timeline|timetable) (of|for) (the )?consultation\b"
               r"|^\W*\w+ for the consultation\b|\bconsultation (process|period|document)\b", re.I),
]


def meta(text: str) -> bool:
    """Pure: the point speaks of the forum, the response, the drafting task or how the document
    is written, instead of the policy."""
    return any(p.search(text) for p in _META)


# --- vague -------------------------------------------------------------------------------------

# Entity kinds that name something concrete: a body, a group, a place, a law, a sum, a date.
CONCRETE = frozenset({"ORG", "GPE", "NORP", "PERSON", "LAW", "MONEY", "PERCENT", "DATE", "CARDINAL", "QUANTITY", "FAC",
                      "EVENT", "PRODUCT", "WORK_OF_ART", "ORDINAL"})
# The field's own acronyms name no particular proposal ("Welcome for EHCPs."): NER must not
# count them as an organisation.
GENERIC_NAMES = re.compile(r"\b(SEND|SEN|EHCPs?|EHC plans?|LAs?)\b")


def for_ner(text: str) -> str:
    """Pure: the text as the entity recogniser should read it: the field's generic acronyms
    lower-cased, so that "SEND" is not taken for an organisation."""
    return GENERIC_NAMES.sub(lambda m: m.group().lower(), text)


def names_something(text: str) -> bool:
    """Pure: a figure, or a capitalised name after the first word that is not one of the
    field's generic acronyms ("the Inclusive Mainstream Fund", "Experts at Hand", "Ofsted")."""
    if re.search(r"\d|£|%", text):
        return True
    rest = for_ner(text).split()[1:]
    return any(re.match(r"^[\"'‘“(]?[A-Z][\w'’-]*", w) for w in rest)


def vague(text: str, entity_labels: set[str], least: int = Thresholds.vague_words) -> bool:
    """Pure: no entity of a concrete kind, no figure or name, and fewer than `least` specific
    words ("Welcome for SEND spending.", "Concern about funding.")."""
    if entity_labels & CONCRETE or names_something(text):
        return False
    return len(specific_words(text)) < least


# --- a guiding question restated ------------------------------------------------------------

_ASKS = re.compile(r"^\W*(how|what|who|whom|which|why|where|when|is|are|does|do|did|will|would|can|could|should|has|have)\b",
                   re.I)


def is_question(text: str) -> bool:
    """Pure: the point is phrased as a question (a question mark, or it opens like one)."""
    return "?" in text or bool(_ASKS.match(text))


def echoes_question(text: str, questions: list[str], cosines: list[float], t: Thresholds = Thresholds()) -> bool:
    """Pure: the point is a question, or is close to one of the guiding questions in meaning
    (`cosines[i]` is its cosine with `questions[i]`) and in words both ways: it holds most of
    the question's words, and most of its own words are the question's. A point that names
    what the policy does with the question's subject ("... follows the UN Convention ...") adds
    words of its own."""
    if is_question(text):
        return True
    mine = specific_words(text)
    for question, cosine in zip(questions, cosines):
        asked = specific_words(question)
        if cosine >= t.question_cosine and share(asked, mine) >= t.question_words \
                and share(mine, asked) >= t.question_own_words:
            return True
    return False


# --- in the wrong area ------------------------------------------------------------------------

def wrong_area(scores: dict[str, float], area: str, margin: float = Thresholds.wrong_area_margin) -> bool:
    """Pure: another area's score is at least `margin` above the point's own area's."""
    if area not in scores:
        return False
    return max(scores.values()) - scores[area] >= margin
