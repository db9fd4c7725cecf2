"""Draft an area by appraising the policy rather than restating it.

1. The policy's paragraphs are cut into numbered sentences; the model *chooses* those that
   state a concrete proposal (an id-only schema), so each point's factual kernel is an exact,
   verifiable sentence of the policy.
2. A call for each of those judges it on its own against the forum's values and the
   area's questions: for each, what the forum welcomes and what concerns it, as short points in
   its register (the bullet text is the forum's judgement). The kernel is verified against its
   paragraph and shown as the cited fact. What it
   rests on (an earlier forum position making the same point, or another organisation's
   evidence) is attached in code by embedding similarity, not left to the model.
3. Ways forward answer the Issues (generation/recommendations.py).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, create_model

from assistant.generation.postprocess import about_the_task, complete, same_point
from assistant.generation.prompts import Source, load_prompt, neutralise
from assistant.generation.sentences import Sentence, format_sentence_sources, heading_like, headline, number_sentences
from assistant.generation.sources import sources_from
from assistant.generation.structured import CallStats, Stream, structured
from assistant.generation.verify import check_support, figures_grounded
from assistant.measures import COPIED, SAME_POINT, copied_run, copied_share
from assistant.models import Bullet, Citation, Ground, SearchHit
from assistant.retrieval.areas import about_the_document
from assistant.text import first_sentence, unit_rows

MAX_SENTENCES = 30
TOP_UP = 3  # unchosen sentences appraised at most for a section left empty
EVIDENCE_SOURCES = 3
PHRASE_LONGEST = 120  # characters after the opener: the forum's points run to about 80 (median 77)


class RawProposals(BaseModel):
    proposals: list[str] = Field(default_factory=list)


class RawPoint(BaseModel):
    welcome: str = Field("", max_length=600)
    concern: str = Field("", max_length=600)


def proposals_schema(sentence_ids: list[str], cap: int) -> type[BaseModel]:
    """Step 1's constraint: only the given sentence ids."""
    return create_model("Proposals", proposals=(list[Literal[tuple(sentence_ids)]],  # type: ignore[valid-type]
                                                Field(min_length=min(2, len(sentence_ids)), max_length=cap)))


def opener_field(openers: list[str], shortest: int = 8, longest: int = 180, free_longest: int = 180) -> Field:
    """A phrase that must begin with one of the section's openers ("Commitment to", "Risk that"),
    then `shortest` to `longest` characters: left free, a small model restates the proposal
    instead of judging it. Without openers, a free text of 10 to `free_longest` characters. No
    quote, backslash or newline: the grammar made from a pattern does not escape them."""
    if not openers:
        return Field(min_length=10, max_length=free_longest)
    return Field(pattern=f"^({'|'.join(openers)}) [^\"\\\\\\n]{{{shortest},{longest}}}$")


_STANCE_SECTION = {"welcome": "positives", "concern": "issues"}


def appraisal_schema(openers: dict[str, list[str]] | None = None, stances: tuple[str, ...] = ("welcome", "concern")) -> type[BaseModel]:
    """Step 2's constraint, one proposal at a time: what the forum welcomes in it and what
    concerns it, each in the words the forum's points begin with. Once one section is full,
    only the other is asked for: the model writes nothing that would be thrown away."""
    openers = openers or {}
    return create_model("AppraisedPoint", **{stance: (str, opener_field(openers.get(_STANCE_SECTION[stance], []),
                                                                         longest=PHRASE_LONGEST, free_longest=PHRASE_LONGEST))
                                             for stance in stances})


def cut_by_limit(phrase: str, openers: list[str], longest: int = PHRASE_LONGEST) -> bool:
    """Pure: the grammar stopped the phrase at its length limit (so it may end mid-clause). Where
    openers overlap ("Lack of", "Lack of clarity about"), the grammar accepts the phrase while any
    of them parses it, so it runs to the limit after the longest one it begins with, whatever the
    openers' order in the framework file."""
    heads = [len(o) + 1 for o in openers if phrase.startswith(o + " ")]
    return len(phrase) - max(heads, default=0) >= longest


_JOINS = re.compile(r" (and|or|but|which|while|because|as well as|so that) ")


def last_clause(text: str) -> str | None:
    """Pure: a phrase cut at its length limit, back to its last complete clause ("..., and does"
    -> "..."): at its last comma or semicolon, else before a joining word in its last 40%
    ("... for children and their families in the" -> "... for children"); None when less than
    four words would be left."""
    cut = max(text.rfind(", "), text.rfind("; "), text.rfind(" \u2013 "))
    if cut <= 0:  # a joining word near the end only: "Risk that the funding and ..." is no clause
        cut = max((m.start() for m in _JOINS.finditer(text) if m.start() >= 0.6 * len(text)), default=0)
    kept = re.sub(r"\s+(and|or|but|as well as)$", "", text[:cut].rstrip(" ,;")) if cut > 0 else ""
    return kept if len(kept.split()) >= 4 else None


def uncut(phrase: str, openers: list[str], longest: int) -> str:
    """Pure: the phrase as the model wrote it, or when the grammar stopped it at its limit, its
    last complete clause ("" when none is left)."""
    if phrase and cut_by_limit(phrase, openers, longest):
        return last_clause(phrase) or ""
    return phrase


def echoes(text: str, prompt_text: str, run: int = 8) -> bool:
    """Pure: the text repeats a run of at least `run` words of its prompt (a small model pads a
    recommendation with the forum's values: "Clarify ... with belonging and wellbeing valued
    as well as attainment")."""
    return copied_run(text, prompt_text) >= run


_ABOUT_THE_SOURCE = re.compile(r"^(the|this) (briefing|document|report|paper|consultation|white paper|proposal) "
                               r"(highlights|notes|warns|says|states|asks|argues|suggests|shows|aims|intends|plans)"
                               r"( that| to)?\s+", re.IGNORECASE)


_REPORTED = re.compile(r"\b(argues|argue|argued|questioned|criticised|criticized|warned|commented|said|says|told|revealed)\b"
                       r"|\bis reported\b|\b(expected to be|will be|to be|has been|have been|was|were|is) published\b"
                       r"|\bwaiting for (news|the)\b|\bhave your say\b|\bshare (their|your) views\b|\bwe know\b"
                       r"|\bclick here\b|\b\d+ pages\b"
                       r"|\bdescribed (the|it|this|these|them|its)\b|\bpublished (its|the|a|an)\b", re.IGNORECASE)


def reported(text: str) -> bool:
    """Pure: a sentence that reports what someone said or published ("Commentators have
    questioned ...", "The Department published its White Paper ...", "Details are expected to
    be published on Monday", "Schools Week revealed ..."), or speaks to the page's reader ("Have
    your say", "We know that many families ..."): news, a view or a page's furniture, not a
    proposal the forum can appraise ("a pledge described as a triple lock" is still one)."""
    return bool(_REPORTED.search(text))


_EMPTY_WELCOME = re.compile(r"^Welcome for the (proposals?|plans?|policy|reforms?) (on|for|of|about|regarding) ", re.IGNORECASE)


def forum_voice(text: str) -> str:
    """Pure: a point in the forum's voice, not a report of its source ("The briefing highlights
    that ..." -> "...") nor a welcome for "the proposal on" something (-> "Welcome for" it),
    starting with a capital."""
    text = _ABOUT_THE_SOURCE.sub("", " ".join(text.split()))
    text = _EMPTY_WELCOME.sub("Welcome for ", text)
    return text[:1].upper() + text[1:]


def split_hits(hits: list[SearchHit]) -> tuple[list[SearchHit], list[SearchHit]]:
    """Pure: (policy, evidence). Without any policy passage, everything is read as the policy."""
    policy = [h for h in hits if h.kind == "policy"]
    return (policy, [h for h in hits if h.kind == "evidence"]) if policy else (hits, [])


def appraise_points(backend, prompt_values: dict, policy: list[tuple[Source, SearchHit]], judge, caps: dict[str, int],
                    retries: int, stats: CallStats, dropped: list[str], stream: Stream | None = None,
                    openers: dict[str, list[str]] | None = None) -> tuple[list[Bullet], list[Bullet]]:
    """(Positives, Issues), at most caps["welcome"] and caps["concern"]. Step 1 chooses the
    sentences that state proposals (ids only); step 2 judges each of those on its own. Each
    point's kernel is its sentence, verified against the paragraph that holds it."""
    openers = openers or {}
    sources = [s for s, _ in policy]
    sentences = [s for s in number_sentences(sources, MAX_SENTENCES)
                 if not (about_the_document(s.text) or heading_like(s.text) or headline(s.text) or reported(s.text))]
    if not sentences:
        dropped.append("no policy sentences to appraise")
        return [], []
    by_sentence: dict[str, Sentence] = {s.label: s for s in sentences}
    by_source = {s.label: (s, h) for s, h in policy}
    chosen_raw = structured(backend, load_prompt("find_proposals").messages(
        area_title=prompt_values["area_title"], area_description=prompt_values["area_description"],
        focus=prompt_values["focus"], sources=format_sentence_sources(sources, sentences), max_points=str(sum(caps.values()))),
        RawProposals, retries, stats, constraint=proposals_schema(list(by_sentence), sum(caps.values())), stream=stream)
    chosen = [by_sentence[i.strip()] for i in dict.fromkeys(chosen_raw.proposals) if i.strip() in by_sentence]
    if not chosen:
        dropped.append("the model chose no proposals")
        return [], []
    sections: dict[str, list[Bullet]] = {"welcome": [], "concern": []}
    prompt = load_prompt("appraise_area")

    def appraise(sentence: Sentence, open_stances: tuple[str, ...]) -> None:
        # One proposal a call: listed together, a small model repeats its first judgement for all.
        # The prompt up to the proposal is the same each time, so llama.cpp reuses its evaluation.
        rp = structured(backend, prompt.messages(**prompt_values, proposal=neutralise(sentence.text)), RawPoint, retries,
                        stats, constraint=appraisal_schema(openers, open_stances), stream=stream)
        source, hit = by_source[sentence.source]
        verified = None
        for stance in open_stances:
            phrase = uncut(getattr(rp, stance), openers.get(_STANCE_SECTION[stance], []), PHRASE_LONGEST)
            # A judgement is one phrase: what follows its first sentence is the model talking about
            # its task ("The forum will evaluate the proposal against its values.") or restating.
            text = complete(forum_voice(first_sentence(phrase)))
            if text and about_the_task(text):
                dropped.append(f"{stance} dropped (about the task, not the policy): {phrase[:40]!r}")
                continue
            # The same measure and threshold as the evaluation's "copied" figure, which therefore
            # holds for these points by construction (assistant/measures.py).
            if not text or copied_share(text, sentence.text) >= COPIED:
                dropped.append(f"{stance} dropped (empty, incomplete or a copy of its sentence): {phrase[:40]!r}")
                continue
            if any(same_point(text, b.text) for bs in sections.values() for b in bs):
                dropped.append(f"merged duplicate {text[:40]!r}")
                continue
            if verified is None:
                verified = check_support(judge, sentence.text, sentence.text, source.text, stats)
            found, verdict = verified
            if verdict == "supported" and not figures_grounded(text, source.text):
                verdict = "not_supported"  # the point states a figure its fact does not hold
                dropped.append(f"a figure in {text[:40]!r} is not in its sentence: marked not supported")
            citation = Citation(passage_id=hit.id, document_id=hit.document_id, title=hit.title, page=hit.page,
                                paragraph=source.paragraph or hit.paragraph, quote=sentence.text, quote_found=found, verdict=verdict)
            sections[stance].append(Bullet(text=text, citations=[citation], stance=stance, kernel=sentence.text))

    for n, sentence in enumerate(chosen):
        open_stances = tuple(stance for stance, bullets in sections.items() if len(bullets) < caps[stance])
        if not open_stances:
            dropped.append(f"{len(chosen) - n} more proposals not appraised: both sections are full")
            break  # what they would give is over the cap: the same draft, minutes sooner
        appraise(sentence, open_stances)
    # A section left empty although the policy has more to say (its points dropped as cut off
    # or repeats): the sentences the model did not choose are appraised for it, a few at most.
    for sentence in [s for s in sentences if s not in chosen][:TOP_UP]:
        empty = tuple(stance for stance, bullets in sections.items() if not bullets and caps[stance])
        if not empty:
            break
        dropped.append(f"no {' or '.join(_STANCE_SECTION[e].title() for e in empty)} from the chosen proposals: "
                       f"appraising {sentence.label}")
        appraise(sentence, empty)
    return sections["welcome"], sections["concern"]


def attach_grounds(bullets: list[Bullet], vectors, candidates: list[tuple[Ground, list[float]]],
                   threshold: float = SAME_POINT) -> None:
    """Pure: each bullet gets the closest candidate ground (forum position or evidence) whose
    cosine with it reaches the threshold (by default the one at which the coverage evaluation
    calls two points the same)."""
    if not bullets or not candidates:
        return
    sims = unit_rows(vectors) @ unit_rows([v for _, v in candidates]).T
    for bullet, row in zip(bullets, sims):
        best = int(row.argmax())
        if row[best] >= threshold:
            bullet.grounds = [candidates[best][0]]


def policy_and_evidence(hits: list[SearchHit], limit: int) -> tuple[list[tuple[Source, SearchHit]], list[tuple[Source, SearchHit]]]:
    """Paragraph sources of the policy (P...) and of others' evidence (E...), front matter left out."""
    policy_hits, evidence_hits = split_hits(hits)
    return (sources_from(policy_hits, "P", limit, skip=about_the_document),
            sources_from(evidence_hits, "E", EVIDENCE_SOURCES, skip=about_the_document))
