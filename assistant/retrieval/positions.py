"""The forum's past positions: all of an area's, or those closest to a topic."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from assistant.errors import SendraftError
from assistant.models import SectionId
from assistant.store import Store
from assistant.text import unit_rows


class PastPosition(BaseModel):
    """A bullet the forum wrote before, with the response it came from."""

    id: str
    text: str
    section: SectionId
    subheading: str | None
    parent: str | None
    area_id: str
    document_id: str
    title: str
    date: str | None
    score: float | None = None


def past_positions(store: Store, area_id: str, query: str | None = None, k: int | None = None) -> list[PastPosition]:
    """All positions on an area in document order, or the k closest to `query`, best first."""
    try:
        store.framework.area(area_id)
    except KeyError as exc:
        raise SendraftError(exc.args[0]) from None
    positions = store.catalog.positions(area_id=area_id)
    documents = {d.id: d for d in store.catalog.documents()}
    scores: dict[str, float] = {}
    if query is not None and query.strip():
        store.ensure_position_vectors()
        stored = store.catalog.position_vectors([p.id for p in positions])
        if stored:
            ids = [p.id for p in positions if p.id in stored]
            matrix = unit_rows([np.frombuffer(stored[i], dtype=np.float32) for i in ids])
            sims = matrix @ unit_rows([store.embeddings.embed_query(" ".join(query.split()))])[0]
            scores = {i: float(s) for i, s in zip(ids, sims)}
        positions = sorted((p for p in positions if p.id in scores), key=lambda p: -scores[p.id])
    if k is not None:
        positions = positions[:k]
    out = []
    for p in positions:
        doc = documents[p.document_id]
        out.append(
            PastPosition(
                id=p.id, text=p.text, section=p.section, subheading=p.subheading, parent=p.parent, area_id=p.area_id,
                document_id=p.document_id, title=doc.title, date=doc.date.isoformat() if doc.date else None,
                score=round(scores[p.id], 4) if p.id in scores else None,
            )
        )
    return out
