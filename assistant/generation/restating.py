"""The restate pipeline (`SENDRAFT_DRAFT_PIPELINE=restate`): one call (or one per section)
asks for cited bullets from numbered policy sources and the forum's past recommendations; each
citation is then checked, moved to the source that holds its quote, or dropped when it quotes
the prompt. Kept for comparison with the appraisal pipeline, which is the default."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, create_model

from assistant.generation.appraisal import opener_field
from assistant.generation.injection import instruction_like
from assistant.generation.postprocess import RawBullet, RawDraft, clean_section, drop_repeats_across_sections
from assistant.generation.prompts import Source, format_sources, load_prompt
from assistant.generation.recommendations import passage_holding
from assistant.generation.sources import sources_from, where
from assistant.generation.stance import StanceReader, place_by_stance
from assistant.generation.structured import CallStats, Stream, structured
from assistant.generation.verify import check_support, locate_quote, quote_in_passage
from assistant.models import AreaDraft, Bullet, Citation, SearchFilters, SearchHit
from assistant.retrieval.areas import about_the_document
from assistant.retrieval.per_area import about_area, retrieve_for_area, with_pins
from assistant.retrieval.positions import past_positions
from assistant.store import Store

SECTIONS = ("positives", "issues", "ways_forward")

SECTION_TASKS = {
    "positives": "Write the Positives: what the policy (P sources) does well for this area.",
    "issues": "Write the Issues: gaps, risks and ambiguities in the policy (P sources) for this area, "
              "not points already counted as positives.",
    "ways_forward": "Write the Ways forward: what the forum recommends for this area, drawing on its past "
                    "recommendations (F sources) and citing them.",
}


def section_schema(allowed: list[str], cap: int, minimum: int) -> type[BaseModel]:
    """The constrained schema of one section's call: {"bullets": [...]} with only allowed ids."""
    source_id = Literal[tuple(allowed)]  # type: ignore[valid-type]
    citation = create_model("SectionCitation", source=(source_id, ...), quote=(str, Field(min_length=10, max_length=240)))
    bullet = create_model("SectionBullet", text=(str, Field(min_length=10, max_length=320)),
                          citations=(list[citation], Field(min_length=1, max_length=2)))
    return create_model("Section", bullets=(list[bullet], Field(min_length=minimum, max_length=cap)))


class _SectionReply(BaseModel):
    bullets: list = Field(default_factory=list)


def allowed_labels(labels: list[str]) -> dict[str, list[str]]:
    """Which sources each section may cite: Positives and Issues rest on the policy (P...),
    Ways forward may also draw on the forum's past positions (F...)."""
    policy = [label for label in labels if label.startswith("P")] or labels
    return {"positives": policy, "issues": policy, "ways_forward": labels}


def style_note(sections) -> str:
    """Pure: the forum's openers as a line of the prompt ("Positives often begin ...")."""
    parts = [f"{s.title} often begin " + ", ".join(f'"{o} ..."' for o in s.openers[:5]) for s in sections if s.openers]
    return ("In the forum's responses, " + "; ".join(parts) + ".") if parts else ""


def bullet_text(openers: list[str]) -> Field:
    """The text field of a bullet: free, or (a small model left free copies its sources) made to
    begin with one of the section's openers, so that it states a view of the policy."""
    return opener_field(openers, shortest=10, longest=300, free_longest=320)


def draft_schema(labels: list[str], cap: int, openers: dict[str, list[str]] | None = None) -> type[BaseModel]:
    """The constrained output schema: only allowed source ids per section, bounded lengths and counts.

    Sections need bullets (two for Positives and Issues): left free, a small model answers with
    empty lists or a single point.
    """
    fields = {}
    for section, allowed in allowed_labels(labels).items():
        source_id = Literal[tuple(allowed)]  # type: ignore[valid-type]
        citation = create_model(f"{section}_citation", source=(source_id, ...), quote=(str, Field(min_length=10, max_length=240)))
        bullet = create_model(
            f"{section}_bullet", text=(str, bullet_text((openers or {}).get(section, []))),
            citations=(list[citation], Field(min_length=1, max_length=2)),
        )
        fields[section] = (list[bullet], Field(min_length=min(2 if section != "ways_forward" else 1, cap), max_length=cap))
    return create_model("Draft", **fields)


def sources_for(store: Store, area_id: str, policy_ids: list[str] | None, focus: str | None,
                pinned: list[str] = (), excluded: list[str] = ()) -> list[tuple[Source, SearchHit]]:
    """P sources: the policy passages for the area. F sources: the forum's past recommendations on
    it, each shown as the bullet itself but cited to the passage of its response that holds it."""
    settings = store.settings
    policy = retrieve_for_area(
        store, area_id, focus, SearchFilters(kinds=["policy", "evidence"], document_ids=policy_ids or None),
        k=settings.draft_policy_passages,
    )
    policy = with_pins(store, about_area(policy, area_id, settings.draft_area_margin, settings.draft_score_ratio),
                       list(pinned), list(excluded))
    pairs = sources_from(policy, "P", settings.draft_policy_sources,
                         skip=lambda text: about_the_document(text) or instruction_like(text))
    if not settings.draft_forum_passages:
        return pairs
    area = store.framework.area(area_id)
    topic = focus or " ".join(area.description.split())
    recommendations = [p for p in past_positions(store, area_id, query=topic) if p.section == "ways_forward"]
    for position in recommendations[: settings.draft_forum_passages]:
        hit = passage_holding(store, position.document_id, position.text)
        if hit is not None:
            label = f"F{sum(s.label.startswith('F') for s, _ in pairs) + 1}"
            pairs.append((Source(label, hit.id, "response", hit.title, where(hit), position.text), hit))
    return pairs


def _draft_per_section(backend, area, focus, pairs, settings, stats: CallStats, stream: Stream | None) -> RawDraft:
    """One call per section. The prompts share everything up to the task line, so llama.cpp
    reuses the evaluated prefix and the second and third calls cost only their own tokens."""
    prompt = load_prompt("draft_section")
    allowed = allowed_labels([s.label for s, _ in pairs])
    common = dict(
        area_title=area.title, area_description=" ".join(area.description.split()),
        guiding_questions="\n".join(f"- {q}" for q in area.guiding_questions),
        focus=f"Focus of this response: {' '.join(focus.split())}" if focus else "",
        sources=format_sources([s for s, _ in pairs]), max_bullets=str(settings.draft_bullets_per_section),
    )
    sections = {}
    for section in SECTIONS:
        messages = prompt.messages(task=SECTION_TASKS[section], **common)
        constraint = section_schema(allowed[section], settings.draft_bullets_per_section, 1)
        reply = structured(backend, messages, _SectionReply, settings.llm_retries, stats, constraint=constraint, stream=stream)
        sections[section] = reply.bullets
    return RawDraft.model_validate(sections)


def _matching_source(text: str, pairs: list[tuple[Source, SearchHit]]) -> tuple[Source, SearchHit] | None:
    """The source whose text holds the bullet's own opening words (at least eight), if exactly one does."""
    words = text.split()
    if len(words) < 8:
        return None
    opening = " ".join(words[:25])
    holders = [pair for pair in pairs if quote_in_passage(opening, pair[0].text)]
    return holders[0] if len(holders) == 1 else None


def _citation(source: Source, hit: SearchHit, claim: str, quote: str, judge, stats: CallStats, origin: str = "model") -> Citation:
    found, verdict = check_support(judge, claim, quote, source.text, stats)
    return Citation(passage_id=hit.id, document_id=hit.document_id, title=hit.title, page=hit.page,
                    paragraph=source.paragraph or hit.paragraph, quote=quote, quote_found=found, verdict=verdict, origin=origin)


def _checked_citations(rb: RawBullet, sources: list[tuple[Source, SearchHit]], judge, stats: CallStats,
                       dropped: list[str], instructions: str = "") -> list[Citation]:
    """The bullet's citations, each checked; a quote cited to the wrong source moves to the one
    that holds it, a quote taken from the prompt's own example is dropped, and a bullet in one
    source's own words also cites that source (small models copy a sentence but cite its
    neighbour)."""
    by_label = {s.label: (s, h) for s, h in sources}
    texts = {label: s.text for label, (s, _) in by_label.items()}
    citations = []
    for rc in rb.citations:
        label = locate_quote(rc.quote, rc.source, texts)
        if not quote_in_passage(rc.quote, texts[label]) and quote_in_passage(rc.quote, instructions):
            dropped.append(f"citation dropped: its quote is the prompt's own example, not a source: {rc.quote[:40]!r}")
            continue
        if label != rc.source:
            dropped.append(f"citation moved from {rc.source} to {label}, the source that holds its quote")
        citations.append(_citation(*by_label[label], rb.text, rc.quote, judge, stats))
    matched = _matching_source(rb.text, sources)
    if matched is not None:
        source, hit = matched
        paragraph = source.paragraph or hit.paragraph
        if not any(c.quote_found and c.passage_id == hit.id and c.paragraph == paragraph for c in citations):
            citations.append(_citation(source, hit, rb.text, " ".join(rb.text.split()[:25]), judge, stats, origin="matched"))
    return citations


def restate(store: Store, area, policy_ids: list[str] | None, focus: str | None, backend, judge, say,
            stream: Stream | None, pinned: list[str], excluded: list[str]) -> tuple[AreaDraft, CallStats]:
    """One area drafted by the restate pipeline: cited bullets, each citation checked."""
    settings = store.settings
    prompt = load_prompt("draft_area")
    stats = CallStats()
    pairs = sources_for(store, area.id, policy_ids, focus, pinned, excluded)
    draft = AreaDraft(area_id=area.id, title=area.title, model=backend.model_id, prompt_version=prompt.version,
                      judge_prompt_version=judge.version if judge else None, passages_used=list(dict.fromkeys(h.id for _, h in pairs)))
    if not pairs:
        draft.dropped.append("no passages were retrieved for this area")
        return draft, stats
    by_label = {s.label: (s, h) for s, h in pairs}
    messages = prompt.messages(
        area_title=area.title, area_description=" ".join(area.description.split()),
        guiding_questions="\n".join(f"- {q}" for q in area.guiding_questions),
        focus=f"Focus of this response: {' '.join(focus.split())}" if focus else "",
        sources=format_sources([s for s, _ in pairs]), max_bullets=str(settings.draft_bullets_per_section),
        style=style_note(store.framework.sections),
    )
    openers = {s.id: s.openers for s in store.framework.sections} if settings.draft_style == "openers" else None
    say(f"{area.title}: drafting with {backend.model_id}")
    if settings.draft_calls == "per_section":
        raw = _draft_per_section(backend, area, focus, pairs, settings, stats, stream)
        draft.prompt_version = load_prompt("draft_section").version
    else:
        raw = structured(backend, messages, RawDraft, settings.llm_retries, stats,
                         constraint=draft_schema(list(by_label), settings.draft_bullets_per_section, openers), stream=stream)

    draft.dropped += [f"a malformed reply was retried ({error[:120]})" for error in stats.errors]
    instructions = (load_prompt("draft_section") if settings.draft_calls == "per_section" else prompt).instructions
    say(f"{area.title}: verifying citations")
    allowed = allowed_labels(list(by_label))
    # The area's own guiding questions are seeded as "earlier points", so a bullet that only
    # echoes one of them (small models do) is dropped like any repeat.
    cleaned = drop_repeats_across_sections(
        {"questions": [RawBullet(text=q) for q in area.guiding_questions],
         **{s: clean_section(getattr(raw, s), set(allowed[s]), settings.draft_bullets_per_section, draft.dropped) for s in SECTIONS}},
        draft.dropped,
    )
    for section in SECTIONS:
        sources = [by_label[label] for label in allowed[section]]
        setattr(draft, section, [Bullet(text=rb.text, citations=_checked_citations(rb, sources, judge, stats, draft.dropped, instructions))
                                 for rb in cleaned[section]])
    if settings.draft_stance_check:
        say(f"{area.title}: reading the stance of each point")
        reader = StanceReader(backend)
        draft.stance_prompt_version = reader.version
        for bullet in draft.positives + draft.issues:
            bullet.stance = reader.read(bullet.text, stats)
        placed = place_by_stance({s: getattr(draft, s) for s in SECTIONS}, settings.draft_bullets_per_section, draft.dropped)
        for section in SECTIONS:
            setattr(draft, section, placed[section])
    return draft, stats
