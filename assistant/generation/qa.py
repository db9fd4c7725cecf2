"""Ask the corpus: a cited answer, verified like a draft, or an honest "the corpus does not say".

The model does not write quotes: it chooses, under a schema that allows only the given ids, the
numbered source sentences that answer, then states the answer in their words. Each chosen
sentence is the citation's quote (found by construction, so nothing from the prompt can be
cited); the answer is verified against the paragraph that holds it, and a yes/no check asks
whether the answer gives what the question asks for at all (a "when" question answered with
a topic, not a date, abstains).
"""

from __future__ import annotations

import time
from typing import Literal

from pydantic import BaseModel, Field, create_model

from assistant.generation.llm import ChatBackend, chat_backend
from assistant.generation.postprocess import strip_markers
from assistant.generation.prompts import load_prompt
from assistant.generation.sentences import Sentence, format_sentence_sources, number_sentences
from assistant.generation.sources import sources_from
from assistant.generation.structured import CallStats, structured, yes_no
from assistant.generation.verify import check_support, make_judge
from assistant.models import Citation, SearchHit
from assistant.retrieval.search import check_length, search
from assistant.store import Store

NOT_ANSWERED = "The corpus does not answer this question."
MIN_DENSE_SIMILARITY = 0.25  # below this, even the best passage is not about the question
MAX_CHOSEN = 3


class RawAnswer(BaseModel):
    sentences: list[str] = Field(default_factory=list, max_length=MAX_CHOSEN)
    answerable: bool
    answer: str = Field("", max_length=1200)


def answer_schema(labels: list[str]) -> type[BaseModel]:
    """What the runtime enforces while sampling: only the given sentence ids, evidence first.
    String bounds stay small: llama.cpp turns each into repeated grammar rules."""
    sentence_id = Literal[tuple(labels)]  # type: ignore[valid-type]
    return create_model("AnswerConstraint", sentences=(list[sentence_id], Field(max_length=MAX_CHOSEN)),
                        answerable=(bool, ...), answer=(str, Field("", max_length=400)))


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
    notes: list[str] = Field(default_factory=list, description="Why an answer was withheld, when it was.")


def chosen_sentences(raw: RawAnswer, sentences: list[Sentence]) -> list[Sentence]:
    """Pure: the chosen sentences that exist, each once, in the model's order."""
    by_label = {s.label: s for s in sentences}
    return [by_label[label] for label in dict.fromkeys(x.strip() for x in raw.sentences) if label in by_label]


def gives_what_is_asked(backend: ChatBackend, question: str, answer: str, stats: CallStats) -> bool | None:
    prompt = load_prompt("answers_question")
    return yes_no(backend, prompt.messages(question=" ".join(question.split()), answer=" ".join(answer.split())), stats)


def ask(store: Store, question: str, k: int = 5, backend: ChatBackend | None = None) -> Answer:
    started = time.perf_counter()
    check_length("the question", question)
    backend = backend or chat_backend(store.settings)
    prompt = load_prompt("answer_question")
    hits = search(store, question, k=k)
    dense = store.vectors.query(" ".join(question.split()), 1)
    result = Answer(question=question, answer=NOT_ANSWERED, abstained=True, model=backend.model_id, prompt_version=prompt.version)
    stats = CallStats()

    def finish(note: str | None = None) -> Answer:
        if note:
            result.notes.append(note)
        if result.abstained:
            result.closest = hits[:3]
        result.seconds = round(time.perf_counter() - started, 2)
        result.input_tokens, result.output_tokens = stats.input_tokens, stats.output_tokens
        return result

    if not hits or not dense or dense[0][1] < MIN_DENSE_SIMILARITY:
        return finish("no passage is about the question")
    pairs = sources_from(hits, "P", store.settings.answer_sources, query=question)
    by_label = {s.label: (s, h) for s, h in pairs}
    sentences = number_sentences([s for s, _ in pairs])
    if not sentences:
        return finish("the passages found hold no sentences")
    raw = structured(backend, prompt.messages(question=" ".join(question.split()),
                                              sources=format_sentence_sources([s for s, _ in pairs], sentences)),
                     RawAnswer, store.settings.llm_retries, stats, constraint=answer_schema([s.label for s in sentences]))
    chosen = chosen_sentences(raw, sentences)
    text = strip_markers(raw.answer).strip() or " ".join(s.text for s in chosen)
    judge = make_judge(store.settings, backend)
    for sentence in chosen:
        source, hit = by_label[sentence.source]
        found, verdict = check_support(judge, text, sentence.text, source.text, stats)
        result.citations.append(Citation(passage_id=hit.id, document_id=hit.document_id, title=hit.title, page=hit.page,
                                         paragraph=source.paragraph or hit.paragraph, quote=sentence.text,
                                         quote_found=found, verdict=verdict))
    if not (raw.answerable and chosen and text):
        return finish("the model found no sentence that answers")
    if not any(c.supported for c in result.citations):
        return finish("no chosen sentence was verified to support the answer")
    if store.settings.answer_relevance_check and gives_what_is_asked(backend, question, text, stats) is False:
        return finish("the answer does not give what the question asks for")
    result.answer, result.abstained = text, False
    return finish()
