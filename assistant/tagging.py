"""Area tagging: each framework area's profile, a text's scores for the areas, and the text
embedded for one of the forum's past positions. Pure (given the embedding function).

An area's profile is the normalised mean embedding of its own texts (its title with its
description, and its guiding questions); a passage's score for an area is its cosine
similarity to that profile. The store computes the scores after an ingest and keeps them in
the catalog (`Store.ensure_area_scores`, store/derived.py); retrieval reads them
(retrieval/areas.py, per_area.py); evals/tasks/tagging.py measures them.
"""

from __future__ import annotations

import hashlib

import numpy as np

from assistant.framework import Area, Framework
from assistant.models import Position
from assistant.text import unit_rows


def area_texts(area: Area) -> list[str]:
    """Pure: the area in its own words: "Title: description", then its guiding questions."""
    return [f"{area.title}: {' '.join(area.description.split())}", *area.guiding_questions]


def framework_key(framework: Framework, model: str) -> str:
    """Changes whenever the areas' texts or the embedding model change, so scores are redone."""
    text = model + "\n" + "\n".join(f"{a.id}|{a.title}|{a.description}|{'|'.join(a.guiding_questions)}" for a in framework.areas)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def profiles(framework: Framework, embed) -> dict[str, np.ndarray]:
    """Area id -> unit profile vector; `embed` is Embeddings.embed_documents."""
    out = {}
    for area in framework.areas:
        mean = unit_rows(embed(area_texts(area))).mean(axis=0)
        out[area.id] = unit_rows([mean])[0]
    return out


def score_areas(vectors: list[list[float]], area_profiles: dict[str, np.ndarray]) -> list[dict[str, float]]:
    """Pure: each vector's cosine similarity to each area profile."""
    if not vectors:
        return []
    ids = list(area_profiles)
    scores = unit_rows(vectors) @ np.stack([area_profiles[a] for a in ids]).T
    return [{a: float(s) for a, s in zip(ids, row)} for row in scores]


def position_text(position: Position) -> str:
    """Pure: what is embedded for a position: the bullet with the context that gives it meaning."""
    context = [c for c in (position.subheading, position.parent) if c]
    return (" / ".join(context) + ": " if context else "") + position.text
