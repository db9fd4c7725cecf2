"""Framework areas as retrieval targets: the queries built from an area, which passages are
mainly about it, and which are about the document rather than the policy.

A passage's area scores (cosine to each area's profile) are computed and kept by the store
(assistant/tagging.py); retrieval only reads them.
"""

from __future__ import annotations

import re

from assistant.framework import Area
from assistant.tagging import area_texts


FOCUS_QUERIES = 2  # how many of area_queries' first entries come from the user's focus


def area_queries(area: Area, focus: str | None = None) -> list[str]:
    """Pure: the searches that together cover an area; with a focus, its FOCUS_QUERIES come first."""
    queries = area_texts(area)
    if focus and focus.strip():
        focus = " ".join(focus.split())
        queries = [focus, f"{area.title}: {focus}", *queries]
    return queries


_REFERENCE_HEADING = re.compile(
    r"^\W*(?:\d+(?:\.\d+)*\.?\s*)?(sources|references|bibliography|endnotes|notes|further reading|annex: sources)\W*$",
    re.IGNORECASE,
)


_FRONT_MATTER_HEADING = re.compile(
    r"^\W*(?:\d+(?:\.\d+)*\.?\s*)?(about this \w+|(table of )?contents|purpose of this \w+|how to (use|read) this \w+|"
    r"glossary|acknowledge?ments|disclaimer|foreword|document history|version history)\W*$",
    re.IGNORECASE,
)
_ABOUT_THE_DOCUMENT = re.compile(
    r"\b(this|the present) (briefing|document|report|paper|guide|summary|note)\b[^.]{0,40}\b"
    r"(summarises|summarizes|is organised|is organized|is structured|is divided|sets out what|is written|is not the official)"
    r"|\beach numbered paragraph\b|\b(is|are) (listed|given) (at the end|in section \d+)",
    re.IGNORECASE,
)


def is_reference_section(heading_path: list[str]) -> bool:
    """Pure: a passage under "Sources", "References", "8. Bibliography"...: citations, not content;
    or under the document's front matter ("About this briefing", "Contents"): about the document."""
    return any(_REFERENCE_HEADING.match(h) or _FRONT_MATTER_HEADING.match(h) for h in heading_path)


def about_the_document(text: str) -> bool:
    """Pure: a paragraph that describes the document itself (its purpose, organisation, sources)
    rather than the policy: never drafted from."""
    return bool(_ABOUT_THE_DOCUMENT.search(text))


def mainly_about(scores: dict[str, float], area_id: str, margin: float) -> bool:
    """Pure: the passage's score for the area is within `margin` of its best area's (False if untagged)."""
    return bool(scores) and scores.get(area_id, float("-inf")) >= max(scores.values()) - margin
