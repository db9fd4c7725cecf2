"""Draft an area by appraising the policy rather than restating it.

1. The policy's paragraphs are cut into numbered sentences; the model *chooses* those that
   state a concrete proposal (an id-only schema), so each point's factual kernel is an exact,
   verifiable sentence of the policy.
2. In the same call it judges each one against the forum's values, the area's questions, the
   forum's earlier positions (F) and other organisations' evidence (E): welcome or concern,
   a short point in the forum's register, and the reason. The kernel is verified against its
   paragraph; the judgement is shown as the forum's, with what it rests on.
3. Ways forward answer the Issues, one by one; a past recommendation of the forum's that
   still applies is marked as such, never passed off as new.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, create_model

from assistant.generation.postprocess import complete, same_point
from assistant.generation.prompts import Source, load_prompt, neutralise
from assistant.generation.sentences import Sentence, format_sentence_sources, number_sentences
from assistant.generation.sources import sources_from
from assistant.generation.structured import CallStats, Stream, structured
from assistant.generation.verify import check_support, figures_grounded
from assistant.models import Bullet, Citation, Ground, PastPositionRef, SearchHit
from assistant.retrieval.areas import about_the_document
from assistant.retrieval.positions import PastPosition

MAX_SENTENCES = 30
EVIDENCE_SOURCES = 3
FORUM_GROUNDS = 4


class RawPoint(BaseModel):
    sentence: str
    stance: str
    point: str = Field(max_length=600)
    reason: str = Field("", max_length=600)
    grounds: str = "none"


class RawAppraisal(BaseModel):
    points: list[RawPoint] = Field(default_factory=list)


class RawRecommendation(BaseModel):
    answers: str
    recommendation: str = Field(max_length=600)
    restates: str = "none"


class RawRecommendations(BaseModel):
    recommendations: list[RawRecommendation] = Field(default_factory=list)


def appraisal_schema(sentence_ids: list[str], ground_ids: list[str], cap: int) -> type[BaseModel]:
    """The runtime's constraint: only given ids, two stances, bounded lengths and counts."""
    point = create_model(
        "AppraisedPoint", sentence=(Literal[tuple(sentence_ids)], ...),  # type: ignore[valid-type]
        stance=(Literal["welcome", "concern"], ...), point=(str, Field(min_length=10, max_length=160)),
        reason=(str, Field(min_length=10, max_length=200)),
        grounds=(Literal[tuple(["none", *ground_ids])], ...),  # type: ignore[valid-type]
    )
    return create_model("Appraisal", points=(list[point], Field(min_length=min(2, cap), max_length=cap)))


def recommendation_schema(issue_ids: list[str], past_ids: list[str], cap: int) -> type[BaseModel]:
    item = create_model(
        "Recommendation", answers=(Literal[tuple(issue_ids)], ...),  # type: ignore[valid-type]
        recommendation=(str, Field(min_length=10, max_length=220)),
        restates=(Literal[tuple(["none", *past_ids])], ...),  # type: ignore[valid-type]
    )
    return create_model("Recommendations", recommendations=(list[item], Field(min_length=1, max_length=cap)))


def ground_block(forum: list[PastPosition], evidence: list[Source]) -> str:
    """Pure: the forum's earlier positions (F) and others' evidence (E) as delimited data."""
    lines = []
    if forum:
        lines.append("The forum's earlier positions on this area:")
        lines += [f'<source id="F{n}" kind="forum" date="{p.date or ""}">{neutralise(p.text)}</source>' for n, p in enumerate(forum, 1)]
    if evidence:
        lines.append("Evidence from other organisations (their views, not the forum's):")
        lines += [f'<source id="{e.label}" kind="evidence" title="{e.title.replace(chr(34), chr(39))}">'
                  f"{neutralise(' '.join(e.text.split())[:400])}</source>" for e in evidence]
    return "\n".join(lines)


def split_hits(hits: list[SearchHit]) -> tuple[list[SearchHit], list[SearchHit]]:
    """Pure: (policy, evidence). Without any policy passage, everything is read as the policy."""
    policy = [h for h in hits if h.kind == "policy"]
    return (policy, [h for h in hits if h.kind == "evidence"]) if policy else (hits, [])


def _ground(label: str, forum: list[PastPosition], evidence: dict[str, tuple[Source, SearchHit]]) -> Ground | None:
    if label.startswith("F") and label[1:].isdigit() and 0 < int(label[1:]) <= len(forum):
        p = forum[int(label[1:]) - 1]
        return Ground(kind="forum", text=p.text, title=p.title, date=p.date)
    if label in evidence:
        source, hit = evidence[label]
        return Ground(kind="evidence", text=" ".join(source.text.split())[:300], title=hit.title, passage_id=hit.id)
    return None


def appraise_points(backend, prompt_values: dict, policy: list[tuple[Source, SearchHit]], forum: list[PastPosition],
                    evidence: list[tuple[Source, SearchHit]], judge, cap: int, retries: int, stats: CallStats,
                    dropped: list[str], stream: Stream | None = None) -> tuple[list[Bullet], list[Bullet]]:
    """(Positives, Issues): each a verified kernel sentence with the forum's judgement of it."""
    sources = [s for s, _ in policy]
    sentences = [s for s in number_sentences(sources, MAX_SENTENCES) if not about_the_document(s.text)]
    if not sentences:
        dropped.append("no policy sentences to appraise")
        return [], []
    by_sentence: dict[str, Sentence] = {s.label: s for s in sentences}
    by_source = {s.label: (s, h) for s, h in policy}
    by_evidence = {s.label: (s, h) for s, h in evidence}
    ground_ids = [f"F{n}" for n in range(1, len(forum) + 1)] + list(by_evidence)
    prompt = load_prompt("appraise_area")
    messages = prompt.messages(**prompt_values, sources=format_sentence_sources(sources, sentences),
                               grounds=ground_block(forum, [s for s, _ in evidence]), max_points=str(cap * 2))
    raw = structured(backend, messages, RawAppraisal, retries, stats,
                     constraint=appraisal_schema(list(by_sentence), ground_ids, cap * 2), stream=stream)
    sections: dict[str, list[Bullet]] = {"welcome": [], "concern": []}
    for rp in raw.points:
        sentence = by_sentence.get(rp.sentence.strip())
        stance = rp.stance.strip().lower()
        text = complete(" ".join(rp.point.split()))
        if sentence is None or stance not in sections or not text:
            dropped.append(f"appraisal dropped (unknown sentence, stance or an incomplete point): {rp.point[:40]!r}")
            continue
        if any(same_point(text, b.text) for bs in sections.values() for b in bs):
            dropped.append(f"merged duplicate {text[:40]!r}")
            continue
        source, hit = by_source[sentence.source]
        found, verdict = check_support(judge, sentence.text, sentence.text, source.text, stats)
        if verdict == "supported" and not figures_grounded(text, source.text):
            verdict = "not_supported"  # the point states a figure its fact does not hold
            dropped.append(f"a figure in {text[:40]!r} is not in its sentence: marked not supported")
        citation = Citation(passage_id=hit.id, document_id=hit.document_id, title=hit.title, page=hit.page,
                            paragraph=source.paragraph or hit.paragraph, quote=sentence.text, quote_found=found, verdict=verdict)
        ground = _ground(rp.grounds.strip(), forum, by_evidence)
        sections[stance].append(Bullet(text=text, citations=[citation], stance=stance, kernel=sentence.text,
                                       judgement=complete(" ".join(rp.reason.split())) or None, grounds=[ground] if ground else []))
    for stance, bullets in sections.items():
        if len(bullets) > cap:
            dropped.extend(f"over the cap of {cap}: {b.text[:40]!r}" for b in bullets[cap:])
            sections[stance] = bullets[:cap]
    return sections["welcome"], sections["concern"]


def recommend(backend, prompt_values: dict, issues: list[Bullet], past: list[tuple[Source, SearchHit, PastPosition]],
              judge, cap: int, retries: int, stats: CallStats, dropped: list[str], stream: Stream | None = None) -> list[Bullet]:
    """Ways forward: each answers an Issue; one that restates a past recommendation says so."""
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
                               past=past_text, max_points=str(cap))
    raw = structured(backend, messages, RawRecommendations, retries, stats,
                     constraint=recommendation_schema(issue_ids, past_ids, cap), stream=stream)
    out: list[Bullet] = []
    for rr in raw.recommendations:
        text = complete(" ".join(rr.recommendation.split()))
        answers = issues[issue_ids.index(rr.answers.strip())] if rr.answers.strip() in issue_ids else None
        if not text or answers is None or any(same_point(text, b.text) for b in out):
            dropped.append(f"recommendation dropped (no Issue it answers, incomplete, or a repeat): {rr.recommendation[:40]!r}")
            continue
        bullet = Bullet(text=text, kind="recommendation", answers=answers.text)
        restated = rr.restates.strip()
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


def policy_and_evidence(hits: list[SearchHit], limit: int) -> tuple[list[tuple[Source, SearchHit]], list[tuple[Source, SearchHit]]]:
    """Paragraph sources of the policy (P...) and of others' evidence (E...), front matter left out."""
    policy_hits, evidence_hits = split_hits(hits)
    return (sources_from(policy_hits, "P", limit, skip=about_the_document),
            sources_from(evidence_hits, "E", EVIDENCE_SOURCES, skip=about_the_document))
