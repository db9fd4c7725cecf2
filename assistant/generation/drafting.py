"""Draft one framework area with the configured pipeline: appraise (default: the policy's
proposals judged in the forum's voice, generation/appraisal.py) or restate
(generation/restating.py); then each bullet's closest past position, time and tokens."""

from __future__ import annotations

import time
from typing import Callable

import numpy as np

from assistant.generation.appraisal import EVIDENCE_SOURCES, appraise_points, attach_grounds, policy_and_evidence
from assistant.generation.llm import ChatBackend, chat_backend
from assistant.generation.openers import section_openers
from assistant.generation.postprocess import same_point
from assistant.generation.prompts import load_prompt
from assistant.generation.recommendations import forum_recommendations, recommend
from assistant.generation.restating import SECTIONS, restate, style_note
from assistant.generation.structured import CallStats, Stream
from assistant.generation.verify import make_judge
from assistant.models import AreaDraft, Ground, PastPositionRef, SearchFilters
from assistant.retrieval.per_area import about_area, retrieve_for_area, with_pins
from assistant.retrieval.positions import past_positions
from assistant.retrieval.search import check_length
from assistant.store import Store
from assistant.text import unit_rows

Progress = Callable[[str], None]


def closest_positions(store: Store, area_id: str, texts: list[str]) -> list[PastPositionRef | None]:
    """For each text, the forum's nearest past position in the same area (cosine of embeddings)."""
    positions = store.catalog.positions(area_id=area_id)
    if not texts or not positions:
        return [None] * len(texts)
    store.ensure_position_vectors()
    stored = store.catalog.position_vectors([p.id for p in positions])
    positions = [p for p in positions if p.id in stored]
    if not positions:
        return [None] * len(texts)
    matrix = unit_rows([np.frombuffer(stored[p.id], dtype=np.float32) for p in positions])
    queries = unit_rows(store.embeddings.embed_documents(texts))
    documents = {d.id: d for d in store.catalog.documents()}
    out = []
    for row in queries @ matrix.T:
        best = int(np.argmax(row))
        p, doc = positions[best], documents[positions[best].document_id]
        out.append(PastPositionRef(text=p.text, section=p.section, title=doc.title,
                                   date=doc.date.isoformat() if doc.date else None, score=round(float(row[best]), 4)))
    return out


def _appraise(store: Store, area, policy_ids, focus, backend, judge, stats: CallStats, draft: AreaDraft,
              say: Progress, stream: Stream | None, pinned: list[str], excluded: list[str]) -> None:
    """The appraisal pipeline (see generation/appraisal.py): kernels chosen and verified,
    judged in the forum's voice, Ways forward answering the Issues."""
    settings = store.settings
    hits = retrieve_for_area(store, area.id, focus, SearchFilters(kinds=["policy", "evidence"], document_ids=policy_ids or None),
                             k=settings.draft_policy_passages)
    hits = with_pins(store, about_area(hits, area.id, settings.draft_area_margin, settings.draft_score_ratio), pinned, excluded)
    others = with_pins(store, retrieve_for_area(store, area.id, focus, SearchFilters(kinds=["evidence"]), k=EVIDENCE_SOURCES),
                       [], excluded)
    policy, evidence = policy_and_evidence(hits + [h for h in others if h.id not in {x.id for x in hits}],
                                           settings.draft_policy_sources)
    positions = past_positions(store, area.id, query=focus or " ".join(area.description.split()))
    forum = [p for p in positions if p.section != "ways_forward"]
    past = forum_recommendations(store, [p for p in positions if p.section == "ways_forward"][: settings.draft_forum_passages])
    draft.passages_used = list(dict.fromkeys([h.id for _, h in policy + evidence] + [h.id for _, h, _ in past]))
    if not policy:
        draft.dropped.append("no policy passages were retrieved for this area")
        return
    values = {"values": " ".join(store.framework.values.split()) or "the wellbeing, inclusion and rights of children with SEND",
              "area_title": area.title, "area_description": " ".join(area.description.split()),
              "guiding_questions": "\n".join(f"- {q}" for q in area.guiding_questions),
              "focus": f"Focus of this response: {' '.join(focus.split())}" if focus else "",
              "style": style_note(store.framework.sections)}
    cap = settings.draft_bullets_per_section
    say(f"{area.title}: appraising the policy with {backend.model_id}")
    caps = {"welcome": cap, "concern": settings.draft_issues_per_section}
    # The framework's openers; a section listing none gets those learned from past responses.
    openers = section_openers({s.id: s.openers for s in store.framework.sections}, store.catalog.positions)
    draft.positives, draft.issues = appraise_points(backend, values, policy, judge, caps, settings.llm_retries,
                                                    stats, draft.dropped, stream, openers)
    points = draft.positives + draft.issues
    if points and (forum or evidence):
        candidates = [Ground(kind="forum", text=p.text, title=p.title, date=p.date) for p in forum] + [
            Ground(kind="evidence", text=" ".join(s.text.split())[:300], title=h.title, passage_id=h.id) for s, h in evidence]
        vectors = store.embeddings.embed_documents([b.text for b in points] + [g.text for g in candidates])
        pairs = list(zip(candidates, vectors[len(points):]))
        sections = [p.section for p in forum] + [None] * len(evidence)
        n = len(draft.positives)
        for bullets, rows, section in ((draft.positives, vectors[:n], "positives"), (draft.issues, vectors[n:len(points)], "issues")):
            # A welcome rests only on an earlier welcome, a concern on an earlier concern (or on evidence).
            attach_grounds(bullets, rows, [pair for pair, s in zip(pairs, sections) if s in (section, None)])
    guiding = [q for q in area.guiding_questions]
    for section in ("positives", "issues"):
        kept = [b for b in getattr(draft, section) if not any(same_point(b.text, q) for q in guiding)]
        setattr(draft, section, kept)
    say(f"{area.title}: drafting Ways forward")
    draft.ways_forward = recommend(backend, values, draft.issues, past, judge, cap, settings.llm_retries, stats,
                                   draft.dropped, stream, openers.get("ways_forward"))
    draft.prompt_version = "+".join(load_prompt(n).version for n in ("find_proposals", "appraise_area", "recommend"))


def draft_area(
    store: Store, area_id: str, policy_ids: list[str] | None = None, focus: str | None = None,
    backend: ChatBackend | None = None, progress: Progress | None = None, stream: Stream | None = None,
    pinned: list[str] | None = None, excluded: list[str] | None = None,
) -> AreaDraft:
    """A cited, verified draft of one area's Positives, Issues and Ways forward.

    `progress` hears of each step; `stream` receives the model's reply as it is generated;
    `pinned` passages are used whatever retrieval finds, `excluded` ones never.
    """
    started = time.perf_counter()
    settings = store.settings
    area = store.framework.area(area_id)
    check_length("the focus", focus)
    backend = backend or chat_backend(settings)
    judge = make_judge(settings, backend)
    say = progress or (lambda _: None)

    say(f"{area.title}: retrieving")
    if settings.draft_pipeline == "appraise":
        draft = AreaDraft(area_id=area.id, title=area.title, model=backend.model_id, prompt_version="",
                          judge_prompt_version=judge.version if judge else None)
        stats = CallStats()
        _appraise(store, area, policy_ids, focus, backend, judge, stats, draft, say, stream, pinned or [], excluded or [])
        return _finish(store, area_id, draft, stats, started)
    draft, stats = restate(store, area, policy_ids, focus, backend, judge, say, stream, pinned or [], excluded or [])
    return _finish(store, area_id, draft, stats, started)


def _finish(store: Store, area_id: str, draft: AreaDraft, stats: CallStats, started: float) -> AreaDraft:
    """Each bullet's closest past position, the retried replies, time and tokens."""
    every = [b for s in SECTIONS for b in getattr(draft, s)]
    for bullet, ref in zip(every, closest_positions(store, area_id, [b.text for b in every])):
        bullet.closest_position = ref
    if store.settings.draft_pipeline == "appraise":
        draft.dropped += [f"a malformed reply was retried ({error[:120]})" for error in stats.errors]
    draft.seconds = round(time.perf_counter() - started, 2)
    draft.input_tokens, draft.output_tokens = stats.input_tokens, stats.output_tokens
    return draft
