"""Ways forward that follow from the Issues: each answers one of the area's Issues, and one that
restates a past recommendation of the forum's is shown as such, never passed off as new.

The model picks, under a grammar, the Issue a recommendation answers (I1, I2, ...) and the past
recommendation it restates (F1, ... or none); the words decide the second when the model calls a
copy new."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, create_model

from assistant.generation.appraisal import echoes, forum_voice, opener_field, uncut
from assistant.generation.postprocess import complete, same_point
from assistant.generation.prompts import Source, load_prompt, neutralise
from assistant.generation.sources import where
from assistant.generation.structured import CallStats, Stream, structured
from assistant.generation.verify import check_support
from assistant.measures import copied_run, copied_share
from assistant.models import Bullet, Citation, PastPositionRef, SearchHit
from assistant.retrieval.positions import PastPosition
from assistant.store import Store
from assistant.text import quote_in_passage

RECOMMENDATION_LONGEST = 130  # one short sentence (the forum's run to 128 characters at the median); longer costs minutes


class RawRecommendation(BaseModel):
    answers: str
    recommendation: str = Field(max_length=600)
    restates: str = "none"


class RawRecommendations(BaseModel):
    recommendations: list[RawRecommendation] = Field(default_factory=list)


DEFAULT_RECOMMENDATIONS = ("Clearer statement of", "Need to", "Pilot")


def recommendation_examples(openers: list[str]) -> str:
    """Pure: how a recommendation may begin, for the prompt: the framework's openers (which the
    grammar then enforces), else a few of the forum's usual ones."""
    return ", ".join(f'"{o} ..."' for o in (openers or DEFAULT_RECOMMENDATIONS))


RESTATES_SHARE = 0.5  # half of a recommendation's words in one run of a past one: a restatement


def restated_past(text: str, past: list[str]) -> int | None:
    """Pure: the index of the forum's past recommendation that this one copies (half or more
    of its words, and at least four, in one run of it), or None. Told the forum's earlier
    recommendations, the 1.5B model copies them and still answers "restates": "none"; a copy
    is marked as the forum's earlier point whatever the model says."""
    shares = [copied_share(text, p) for p in past]
    best = max(range(len(past)), key=shares.__getitem__, default=None)
    if best is None or shares[best] < RESTATES_SHARE or copied_run(text, past[best]) < 4:
        return None
    return best


def recommendation_schema(issue_ids: list[str], past_ids: list[str], cap: int, openers: list[str] | None = None) -> type[BaseModel]:
    item = create_model(
        "Recommendation", answers=(Literal[tuple(issue_ids)], ...),  # type: ignore[valid-type]
        recommendation=(str, opener_field(openers or [], longest=RECOMMENDATION_LONGEST, free_longest=RECOMMENDATION_LONGEST)),
        restates=(Literal[tuple(["none", *past_ids])], ...),  # type: ignore[valid-type]
    )
    # At least two when there are two Issues: one that only repeats its Issue is dropped, and
    # a single one dropped left a Ways forward empty.
    return create_model("Recommendations", recommendations=(list[item], Field(min_length=min(2, len(issue_ids), cap),
                                                                              max_length=cap)))


def recommend(backend, prompt_values: dict, issues: list[Bullet], past: list[tuple[Source, SearchHit, PastPosition]],
              judge, cap: int, retries: int, stats: CallStats, dropped: list[str], stream: Stream | None = None,
              openers: list[str] | None = None) -> list[Bullet]:
    """Ways forward: each answers an Issue; one that restates a past recommendation says so."""
    openers = openers or []
    if not issues:
        dropped.append("no Issues, so no Ways forward were drafted")
        return []
    issue_ids = [f"I{n}" for n in range(1, len(issues) + 1)]
    past_ids = [f"F{n}" for n in range(1, len(past) + 1)]
    listed = "\n".join(f"{i}: {neutralise(b.text)}" + (f" ({neutralise(b.judgement)})" if b.judgement else "")
                       for i, b in zip(issue_ids, issues))
    past_text = ("The forum's past recommendations on this area:\n" + "\n".join(
        f'<source id="{f}" date="{p.date or ""}">{neutralise(p.text)}</source>' for f, (_, _, p) in zip(past_ids, past))) if past else ""
    prompt = load_prompt("recommend")
    messages = prompt.messages(area_title=prompt_values["area_title"], values=prompt_values["values"], issues=listed,
                               past=past_text, max_points=str(cap), examples=recommendation_examples(openers))
    raw = structured(backend, messages, RawRecommendations, retries, stats,
                     constraint=recommendation_schema(issue_ids, past_ids, cap, openers), stream=stream)
    out: list[Bullet] = []
    past_texts = [p.text for _, _, p in past]
    for rr in raw.recommendations:
        phrase = uncut(rr.recommendation, openers, RECOMMENDATION_LONGEST)
        text = complete(forum_voice(phrase)) if phrase else None
        answers = issues[issue_ids.index(rr.answers.strip())] if rr.answers.strip() in issue_ids else None
        if not text or answers is None or any(same_point(text, b.text) for b in out) or same_point(text, answers.text) \
                or echoes(text, prompt_values["values"]):
            dropped.append(f"recommendation dropped (no Issue it answers, incomplete, a repeat or an echo of the prompt): "
                           f"{rr.recommendation[:40]!r}")
            continue
        bullet = Bullet(text=text, kind="recommendation", answers=answers.text)
        restated = rr.restates.strip()
        copied = restated_past(text, past_texts)
        if copied is not None and past_ids[copied] != restated:
            # The words decide, not the model's id: it calls a copy new, or names another one.
            restated = past_ids[copied]
            dropped.append(f"recommendation {text[:40]!r} copies the forum's past recommendation {restated}: marked as such")
        if restated in past_ids:
            source, hit, position = past[past_ids.index(restated)]
            found, verdict = check_support(judge, position.text, position.text, source.text, stats)
            bullet.past = PastPositionRef(text=position.text, section=position.section, title=position.title,
                                          date=position.date, score=1.0)
            bullet.citations.append(Citation(passage_id=hit.id, document_id=hit.document_id, title=hit.title, page=hit.page,
                                             paragraph=source.paragraph or hit.paragraph, quote=position.text,
                                             quote_found=found, verdict=verdict))
        out.append(bullet)
    return out[:cap]


def passage_holding(store: Store, document_id: str, text: str) -> SearchHit | None:
    """The passage of a document that contains a position's text, as a citable hit."""
    document = store.catalog.get(document_id)
    for p in store.catalog.passages(document_id):
        if quote_in_passage(text, p.text) or text in p.text:
            return SearchHit(id=p.id, text=p.text, document_id=document_id, title=document.title, kind=document.kind,
                             page=p.page_start, page_end=p.page_end, paragraph=p.paragraph, heading_path=p.heading_path, score=0.0)
    return None


def forum_recommendations(store: Store, positions) -> list:
    """Past Ways forward as (source, hit, position), each cited to the passage that holds it."""
    out = []
    for position in positions:
        hit = passage_holding(store, position.document_id, position.text)
        if hit is not None:
            out.append((Source(f"F{len(out) + 1}", hit.id, "response", hit.title, where(hit), position.text), hit, position))
    return out
