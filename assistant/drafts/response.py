"""A whole response: every area (or the chosen ones) drafted, with provenance."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Callable

from assistant.generation.drafting import draft_area
from assistant.generation.llm import ChatBackend, chat_backend
from assistant.models import AreaDraft, ResponseDraft
from assistant.store import Store

_RECORDED = ("embedding_model", "chunk_size", "chunk_overlap", "fusion", "dense_weight", "mmr_diversity", "llm_provider",
             "llm_model", "llm_temperature", "llm_seed", "llm_max_tokens", "draft_bullets_per_section", "draft_issues_per_section",
             "draft_style", "draft_policy_passages", "draft_policy_sources", "draft_pipeline", "draft_area_margin",
             "draft_score_ratio", "draft_forum_passages", "draft_calls", "draft_stance_check", "verifier")


def draft_response(
    store: Store, area_ids: list[str] | None = None, policy_ids: list[str] | None = None, focus: str | None = None,
    title: str | None = None, progress: Callable[[str], None] | None = None, stream: Callable[[str], None] | None = None,
    backend: ChatBackend | None = None,
) -> ResponseDraft:
    started = time.perf_counter()
    backend = backend or chat_backend(store.settings)
    ids = area_ids or [a.id for a in store.framework.areas]
    for area_id in ids:
        store.framework.area(area_id)  # unknown ids fail before any model time is spent
    areas: list[AreaDraft] = [draft_area(store, a, policy_ids, focus, backend, progress, stream) for a in ids]
    settings = store.settings.model_dump(mode="json", include=set(_RECORDED))
    return ResponseDraft(
        title=title or "SEN Policy Research Forum: draft response",
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        areas=areas, corpus={d.id: d.sha256 for d in store.catalog.documents()}, settings=settings,
        seconds=round(time.perf_counter() - started, 2),
    )


def redraft_area(store: Store, draft: ResponseDraft, area_id: str, based_on: str | None = None, **kwargs) -> ResponseDraft:
    """The same response with one area drafted again; the others are kept as they are (edits
    included). It is a new draft, dated now, so saving it never replaces the one it revises."""
    store.framework.area(area_id)
    fresh = draft_area(store, area_id, **kwargs)
    areas = [fresh if a.area_id == area_id else a for a in draft.areas]
    if all(a.area_id != area_id for a in draft.areas):
        order = [a.id for a in store.framework.areas]
        areas = sorted([*areas, fresh], key=lambda a: order.index(a.area_id) if a.area_id in order else len(order))
    return draft.model_copy(update={
        "areas": areas, "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus": {d.id: d.sha256 for d in store.catalog.documents()}, "based_on": based_on,
        "settings": store.settings.model_dump(mode="json", include=set(_RECORDED)),
    })
