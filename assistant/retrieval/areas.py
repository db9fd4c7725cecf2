"""Framework areas as retrieval targets: queries built from an area, and area scores of passages.

Each area's profile is the normalised mean embedding of its description and guiding
questions; a passage's score for an area is its cosine similarity to that profile.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from assistant.framework import Area, Framework


FOCUS_QUERIES = 2  # how many of area_queries' first entries come from the user's focus


def area_queries(area: Area, focus: str | None = None) -> list[str]:
    """Pure: the searches that together cover an area; with a focus, its FOCUS_QUERIES come first."""
    description = " ".join(area.description.split())
    queries = [f"{area.title}: {description}", *area.guiding_questions]
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


def framework_key(framework: Framework, model: str) -> str:
    """Changes whenever the areas' texts or the embedding model change, so scores are redone."""
    text = model + "\n" + "\n".join(f"{a.id}|{a.title}|{a.description}|{'|'.join(a.guiding_questions)}" for a in framework.areas)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def unit_rows(vectors: list[list[float]]) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def profiles(framework: Framework, embed) -> dict[str, np.ndarray]:
    """Area id -> unit profile vector; `embed` is Embeddings.embed_documents."""
    out = {}
    for area in framework.areas:
        mean = unit_rows(embed(area_queries(area))).mean(axis=0)
        out[area.id] = mean / (np.linalg.norm(mean) or 1.0)
    return out


def mainly_about(scores: dict[str, float], area_id: str, margin: float) -> bool:
    """Pure: the passage's score for the area is within `margin` of its best area's (False if untagged)."""
    return bool(scores) and scores.get(area_id, float("-inf")) >= max(scores.values()) - margin


def score_areas(vectors: list[list[float]], area_profiles: dict[str, np.ndarray]) -> list[dict[str, float]]:
    """Pure: each vector's cosine similarity to each area profile."""
    if not vectors:
        return []
    ids = list(area_profiles)
    scores = unit_rows(vectors) @ np.stack([area_profiles[a] for a in ids]).T
    return [{a: float(s) for a, s in zip(ids, row)} for row in scores]
