"""Ask the corpus: a cited answer, verified like a draft, or an honest "the corpus does not say"."""

from __future__ import annotations

import time

from pydantic import BaseModel, Field

from assistant.generation.llm import ChatBackend, chat_backend
from assistant.generation.postprocess import RawCitation, strip_markers
from assistant.generation.prompts import format_sources, load_prompt
from assistant.generation.sources import sources_from
from assistant.generation.structured import CallStats, structured
from assistant.generation.verify import make_judge, check_support, locate_quote
from assistant.models import Citation, SearchHit
from assistant.retrieval.search import check_length, search
from assistant.store import Store

NOT_ANSWERED = "The corpus does not answer this question."
MIN_DENSE_SIMILARITY = 0.25  # below this, even the best passage is not about the question


class RawAnswer(BaseModel):
    answerable: bool
    answer: str = Field("", max_length=1200)
    citations: list[RawCitation] = Field(default_factory=list, max_length=4)


class _AnswerCitation(BaseModel):
    source: str = Field(max_length=8)
    quote: str = Field(min_length=10, max_length=200)


class AnswerConstraint(BaseModel):
    """What the runtime enforces while sampling. String bounds stay small: llama.cpp turns each
    into repeated grammar rules and refuses (then crashes) past a few hundred."""

    answerable: bool
    answer: str = Field("", max_length=500)
    citations: list[_AnswerCitation] = Field(default_factory=list, max_length=3)


class Answer(BaseModel):
    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    closest: list[SearchHit] = Field(default_factory=list, description="Shown when abstaining.")
    model: str
    prompt_version: str
    seconds: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0


def ask(store: Store, question: str, k: int = 5, backend: ChatBackend | None = None) -> Answer:
    started = time.perf_counter()
    check_length("the question", question)
    backend = backend or chat_backend(store.settings)
    prompt = load_prompt("answer_question")
    hits = search(store, question, k=k)
    dense = store.vectors.query(" ".join(question.split()), 1)
    result = Answer(question=question, answer=NOT_ANSWERED, abstained=True, model=backend.model_id, prompt_version=prompt.version)
    if not hits or not dense or dense[0][1] < MIN_DENSE_SIMILARITY:
        result.closest = hits[:3]
        result.seconds = round(time.perf_counter() - started, 2)
        return result
    pairs = sources_from(hits, "P", store.settings.answer_sources, query=question)
    sources = [s for s, _ in pairs]
    by_label = {s.label: (s, h) for s, h in pairs}
    stats = CallStats()
    raw = structured(backend, prompt.messages(question=" ".join(question.split()), sources=format_sources(sources)),
                     RawAnswer, store.settings.llm_retries, stats, constraint=AnswerConstraint)
    judge = make_judge(store.settings, backend)
    text = strip_markers(raw.answer)
    citations = []
    for rc in raw.citations:
        if rc.source.strip() not in by_label:
            continue  # an id we never gave: dropped, never shown
        label = locate_quote(rc.quote, rc.source.strip(), {k: v[0].text for k, v in by_label.items()})
        source, hit = by_label[label]
        found, verdict = check_support(judge, text, rc.quote, source.text, stats)
        citations.append(Citation(passage_id=hit.id, document_id=hit.document_id, title=hit.title, page=hit.page,
                                  paragraph=source.paragraph or hit.paragraph, quote=rc.quote, quote_found=found, verdict=verdict))
    if raw.answerable and text and any(c.supported for c in citations):
        result.answer, result.abstained = text, False
    else:
        result.closest = hits[:3]
    result.citations = citations
    result.seconds = round(time.perf_counter() - started, 2)
    result.input_tokens, result.output_tokens = stats.input_tokens, stats.output_tokens
    return result
