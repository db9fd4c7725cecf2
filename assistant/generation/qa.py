"""Ask the corpus: a cited answer, verified like a draft, or an honest "the corpus does not say".

The model does not write quotes: it chooses, under a schema that allows only the given ids, at
least one of the numbered source sentences, then states the answer in their words. Each chosen
sentence is the citation's quote (found by construction, so nothing from the prompt can be
cited). The model does not decide to abstain (a small model declines questions its sources
answer); verification does: each citation is checked by asking whether its paragraph says
that this answer is the answer to this question, which a topical sentence, a fragment that
misses the point, or an answer to another question fails. With a verifier other than the chat
model, the answer is checked as a claim and a yes/no check asks whether it gives what the
question asks for (a date for "when").
"""

from __future__ import annotations

import re
import time
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field, create_model

from assistant.generation.answer_checks import (answer_like, figures_cited, fits_question, holding_sentences, likely_answers,
                                               neighbours, repeats_unchosen, restored_copy)
from assistant.generation.llm import ChatBackend, chat_backend
from assistant.generation.postprocess import strip_markers
from assistant.generation.prompts import load_prompt, neutralise
from assistant.generation.sentences import Sentence, format_sentence_sources, number_sentences
from assistant.generation.sources import sources_from
from assistant.generation.structured import CallStats, structured, yes_no
from assistant.generation.verify import check_support, figures_grounded, make_judge, quote_in_passage
from assistant.models import Citation, SearchHit
from assistant.retrieval.areas import is_reference_section, unit_rows
from assistant.retrieval.search import check_length, search
from assistant.store import Store

NOT_ANSWERED = "The corpus does not answer this question."
MIN_DENSE_SIMILARITY = 0.25  # below this, even the best passage is not about the question
MAX_CHOSEN = 3
MAX_SECOND_LOOKS = 5  # sentences tried after the model's choice fails, each one judge call


class RawAnswer(BaseModel):
    sentences: list[str] = Field(default_factory=list, max_length=MAX_CHOSEN)
    answer: str = Field("", max_length=1200)


def answer_schema(labels: list[str]) -> type[BaseModel]:
    """What the runtime enforces while sampling: one to three of the given sentence ids, evidence
    first. String bounds stay small: llama.cpp turns each into repeated grammar rules."""
    sentence_id = Literal[tuple(labels)]  # type: ignore[valid-type]
    return create_model("AnswerConstraint", sentences=(list[sentence_id], Field(min_length=1, max_length=MAX_CHOSEN)),
                        answer=(str, Field("", max_length=400)))


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


_ABOUT_SOURCES = re.compile(r"\b(sources?|references?|bibliograph\w*|links?|urls?|web ?sites?|contents|"
                            r"(this|the) (briefing|document|report|paper) (is|was|covers?|sets? out))\b", re.I)


def content_hits(hits: list[SearchHit], question: str) -> list[SearchHit]:
    """Pure: hits without reference lists and front matter ("8. Sources", "About this briefing"),
    which hold links and descriptions of the document, not answers; kept when the question asks
    about the document's sources or contents."""
    if _ABOUT_SOURCES.search(question):
        return hits
    return [h for h in hits if not is_reference_section(h.heading_path)]


def answer_verdict(backend: ChatBackend, question: str, answer: str, sentence: str, paragraph: str,
                   stats: CallStats, chosen: list[str] | None = None, section: str = "") -> tuple[bool, str]:
    """(quote found, verdict) of one chosen sentence: its figures, then the chat model asked
    whether the paragraph gives this answer to this question."""
    if not figures_grounded(answer, paragraph) or not figures_cited(answer, sentence, chosen or [sentence]):
        return True, "not_supported"
    prompt = load_prompt("answer_supported")
    passage = " ".join(paragraph.split())
    if section:
        passage = f"(from {section}) {passage}"  # a bullet's meaning depends on its heading ("FUNDING: › Issues:")
    verdict = yes_no(backend, prompt.messages(passage=neutralise(passage),
                                              question=" ".join(question.split()), answer=" ".join(answer.split())), stats)
    return quote_in_passage(sentence, paragraph), {True: "supported", False: "not_supported", None: "unverified"}[verdict]


def gives_what_is_asked(backend: ChatBackend, question: str, answer: str, stats: CallStats) -> bool | None:
    prompt = load_prompt("answers_question")
    return yes_no(backend, prompt.messages(question=" ".join(question.split()), answer=" ".join(answer.split())), stats)


def nearest_sentences(store: Store, question: str, sentences: list[Sentence], tried: list[Sentence],
                      limit: int = 2) -> list[Sentence]:
    """The untried sentences that could answer, nearest the question in meaning (the store's
    embedding model): the second look when the words of the answering sentence differ from the
    question's ("asks 39 questions" for "how many questions does it ask")."""
    candidates = [s for s in sentences if s not in tried and answer_like(s.text, question, own_words=True)]
    if not candidates:
        return []
    query = unit_rows([store.embeddings.embed_query(" ".join(question.split()))])[0]
    sims = unit_rows(store.embeddings.embed_documents([s.text for s in candidates])) @ query
    return [candidates[i] for i in np.argsort(-sims, kind="stable")[:limit]]


def ask(store: Store, question: str, k: int = 5, backend: ChatBackend | None = None) -> Answer:
    started = time.perf_counter()
    check_length("the question", question)
    backend = backend or chat_backend(store.settings)
    prompt = load_prompt("answer_question")
    hits = content_hits(search(store, question, k=k + 3), question)[:k]
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
    if not chosen:
        return finish("the model chose no sentence")
    text = strip_markers(raw.answer).strip()
    text = restored_copy(text, chosen) or text
    if not answer_like(text, question) or repeats_unchosen(text, sentences, chosen):
        text = next((s.text for s in chosen if answer_like(s.text, question)), "")
    per_question = store.settings.verifier == "llm"  # the chat model judges answer and question together
    judge = None if per_question else make_judge(store.settings, backend)

    def cite(sentence: Sentence, answer: str, group: list[Sentence] | None = None) -> Citation:
        source, hit = by_label[sentence.source]
        texts = [s.text for s in group or [sentence]]
        if not fits_question(question, answer, sentence.text, " ".join([hit.title, *hit.heading_path, hit.text])):
            found, verdict = quote_in_passage(sentence.text, source.text), "not_supported"  # decided by the words
        else:
            found, verdict = (answer_verdict(backend, question, answer, sentence.text, source.text, stats, texts,
                                              section=source.where if not hit.page else "") if per_question
                              else check_support(judge, answer, sentence.text, source.text, stats))
        return Citation(passage_id=hit.id, document_id=hit.document_id, title=hit.title, page=hit.page,
                        paragraph=source.paragraph or hit.paragraph, quote=sentence.text, quote_found=found, verdict=verdict)

    result.citations = [cite(sentence, text, chosen) for sentence in chosen] if text else []
    if not any(c.supported for c in result.citations):
        # In order: a chosen sentence answers as it stands; the model worded its answer from a
        # sentence it did not choose (cite that one, keep its words); then the second look:
        # the sentences nearest the question in meaning, those next to the chosen ones, those
        # sharing its words.
        own = [s for s in chosen if s.text != text and answer_like(s.text, question, own_words=True)]
        held = holding_sentences(text, sentences, chosen, question) if text else []
        tried = chosen + held
        looks = [s for s in dict.fromkeys(nearest_sentences(store, question, sentences, tried)
                                          + neighbours(question, sentences, chosen)
                                          + likely_answers(question, sentences, tried)) if s not in tried]
        in_words = "answered in the words of the source: the model's own answer was not supported"
        tries = ([(s, s.text, in_words) for s in own]
                 + [(s, text, "cited the sentence that holds the model's answer, not the one it chose") for s in held]
                 + [(s, s.text, in_words) for s in looks])[:len(own) + len(held) + MAX_SECOND_LOOKS]
        if not tries:
            return finish("no sentence found gives what the question asks for")
        found = next(((c, answer, note) for c, answer, note in ((cite(s, a), a, n) for s, a, n in tries) if c.supported), None)
        if found is None:
            return finish("no sentence was verified to give an answer to the question")
        fallback, text, note = found
        result.citations = [fallback]
        result.notes.append(note)
    else:
        dropped = [c for c in result.citations if not c.supported]
        result.citations = [c for c in result.citations if c.supported]  # an answer cites what supports it
        if dropped:
            result.notes.append(f"{len(dropped)} chosen sentence(s) not cited: they do not support the answer")
    if not per_question and store.settings.answer_relevance_check and gives_what_is_asked(backend, question, text, stats) is False:
        return finish("the answer does not give what the question asks for")
    result.answer, result.abstained = text, False
    return finish()
