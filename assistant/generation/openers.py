"""How the forum's points begin, learned from its past responses when the framework gives none.

The appraisal grammar makes every point begin with one of its section's openers ("Risk that
...", generation/appraisal.py). A framework may list them; when a section lists none, they are
learned at run time from the forum's past positions in the corpus: the first one to three words
its points in that section begin with, when at least two points share them. With no past
response in the corpus there are none, and the grammar leaves the phrase free (issue 22, part 5:
a leave-one-out run must not be handed the left-out response's words).
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.models import Position

LONGEST = 3  # words
MOST = 8  # openers a section
LEAST = 2  # points that must share an opener
# The framework's own rule for an opener (plain words), which the grammar's pattern relies on.
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z ,'-]*$")
# An opener does not end on a word that only leads into what follows ("Welcome for the").
_LEADING = {"the", "a", "an", "this", "these", "its", "their"}


def _heads(text: str) -> list[str]:
    """Pure: the text's first one to LONGEST words, each a candidate opener."""
    tokens = text.split()
    out = []
    for n in range(1, min(LONGEST, len(tokens) - 1) + 1):
        head = " ".join(tokens[:n]).rstrip(",:;")
        if _PLAIN.match(head) and tokens[n - 1].lower().strip(",:;") not in _LEADING:
            out.append(head)
    return out


def learn_openers(positions: list[Position], most: int = MOST, least: int = LEAST) -> dict[str, list[str]]:
    """Pure: per section, the openers the past positions' texts begin with: those shared by at
    least `least` points, a longer one preferred to its own start when the same points share it
    ("Lack of clarity about" over "Lack of"), the most shared first, at most `most`. A section
    with no past points, or none sharing a start, gets none."""
    out: dict[str, list[str]] = {}
    for section in dict.fromkeys(p.section for p in positions):
        counts: Counter[str] = Counter()
        forms: dict[str, str] = {}
        for p in positions:
            if p.section == section:
                for head in _heads(p.text.strip()):
                    counts[head.lower()] += 1
                    forms.setdefault(head.lower(), head)
        shared = {h: c for h, c in counts.items() if c >= least}
        kept = [h for h, c in shared.items()
                if not any(o != h and o.startswith(h + " ") and shared[o] == c for o in shared)]
        kept.sort(key=lambda h: (-shared[h], h))
        if kept:
            out[section] = [forms[h] for h in kept[:most]]
    return out


def section_openers(given: dict[str, list[str]], positions) -> dict[str, list[str]]:
    """The framework's openers per section; a section that lists none gets the learned ones.
    `positions` is called only then (it reads the catalog)."""
    if all(given.values()):
        return given
    learned = learn_openers(positions())
    return {section: openers or learned.get(section, []) for section, openers in given.items()}
