"""Ask the corpus: a sentence from the corpus that answers, cited, or an honest "the corpus
does not say" — fewer answers, each one right.

Selective answering, in four steps, none written for a particular question:
1. Candidates: the retrieved passages cut into sentences; those that can stand as an answer
   and hold the kind of thing the question asks for (a date for "when", by spaCy's entity
   recogniser: answer_types.py), ranked by meaning and by shared words, the best few kept.
2. Choice: the chat model picks the candidate that states the answer, or none, under a
   grammar of the candidates' numbers; its probability for each is read from its logits.
3. Confirmation: in the same conversation (so llama.cpp reuses the prompt already read), the
   model is asked whether that sentence by itself answers the question in full; a two-part
   question is answered in full or not at all.
4. Confidence: the choice's and the confirmation's probabilities and the sentence's
   similarity to the question, combined with weights fitted on the dev half of the evaluation
   set (confidence.py); below the threshold fitted there, the product abstains and shows the
   closest passages instead.
The answer is the chosen sentence itself, copied, never written: its citation's quote is
found by construction.
"""

from __future__ import annotations

import time

import numpy as np
from langchain_core.messages import AIMessage
from pydantic import BaseModel, Field

from assistant.generation.answer_checks import content_hits, stands_alone
from assistant.generation.answer_types import entity_labels, expected_kind, holds_kind
from assistant.generation.confidence import Calibration, confidence
from assistant.generation.llm import ChatBackend, chat_backend
from assistant.generation.prompts import load_prompt, neutralise
from assistant.generation.sentences import Sentence, number_sentences
from assistant.generation.sources import sources_from
from assistant.generation.structured import CallStats, choose, p_yes
from assistant.models import Citation, SearchHit
from assistant.retrieval.search import check_length, search
from assistant.store import Store
from assistant.text import overlap, unit_rows

NOT_ANSWERED = "The corpus does not answer this question."
MIN_DENSE_SIMILARITY = 0.25  # below this, even the best passage is not about the question
NONE = "0"


class Answer(BaseModel):
    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    closest: list[SearchHit] = Field(default_factory=list, description="Shown when abstaining.")
    model: str
    prompt_version: str
    confidence: float | None = Field(None, description="How sure the product is of its best answer (0-1), shown or not.")
    signals: dict[str, float] = Field(default_factory=dict, description="What the confidence was computed from.")
    withheld: str | None = Field(None, description="The best answer found, when its confidence was below the threshold.")
    seconds: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    notes: list[str] = Field(default_factory=list, description="Why an answer was withheld, when it was.")


def rank_candidates(question: str, sentences: list[Sentence], similarities: np.ndarray, limit: int) -> list[int]:
    """Pure: indexes of the best `limit` sentences by reciprocal-rank fusion of their similarity
    to the question in meaning and in shared words (neither alone finds both "asks 39
    questions" for "how many questions" and a name the embedding model does not know)."""
    words = [overlap(question, s.text) for s in sentences]
    by_meaning = list(np.argsort(-similarities, kind="stable"))
    by_words = sorted(range(len(sentences)), key=lambda i: -words[i])
    fused = {i: 1 / (60 + by_meaning.index(i)) + 1 / (60 + by_words.index(i)) for i in range(len(sentences))}
    return sorted(fused, key=lambda i: -fused[i])[:limit]


TITLE_WORDS = 6  # a document's title, shortened: enough to say whose words these are, few tokens to read


def format_candidates(sentences: list[Sentence], titles: list[str]) -> str:
    """Pure: the candidates numbered from 1, each with the opening words of its document's title."""
    short = [" ".join(t.split()[:TITLE_WORDS]) for t in titles]
    return "\n".join(f"[{n}] ({neutralise(title)}) {neutralise(s.text)}" for n, (s, title) in enumerate(zip(sentences, short), 1))


def ask(store: Store, question: str, k: int = 5, backend: ChatBackend | None = None,
        calibration: Calibration | None = None) -> Answer:
    started = time.perf_counter()
    check_length("the question", question)
    settings = store.settings
    backend = backend or chat_backend(settings)
    calibration = calibration or settings.answer_calibration
    question = " ".join(question.split())
    prompt = load_prompt("choose_answer")
    hits = content_hits(search(store, question, k=k + 3), question)[:k]
    dense = store.vectors.query(question, 1)
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
    pairs = sources_from(hits, "P", settings.answer_sources, query=question)
    by_label = {s.label: (s, h) for s, h in pairs}
    sentences = [s for s in number_sentences([s for s, _ in pairs]) if stands_alone(s.text)]
    kind = expected_kind(question)
    if kind is not None:
        labels = entity_labels([s.text for s in sentences])
        sentences = [s for s, found in zip(sentences, labels) if holds_kind(found, kind)]
    if not sentences:
        return finish(f"no sentence found gives {'a ' + kind if kind else 'an answer'}")
    query = unit_rows([store.embeddings.embed_query(question)])[0]
    similarities = unit_rows(store.embeddings.embed_documents([s.text for s in sentences])) @ query
    order = rank_candidates(question, sentences, similarities, settings.answer_candidates)
    candidates = [sentences[i] for i in order]
    titles = [by_label[s.source][1].title for s in candidates]
    messages = prompt.messages(question=question, candidates=format_candidates(candidates, titles))
    numbers = tuple(str(n) for n in range(1, len(candidates) + 1))
    choice, probs = choose(backend, messages, (*numbers, NONE), stats)
    # With the model's probabilities, the likeliest sentence is weighed even when "none" was
    # likelier still (the confidence says how sure); without them, its choice stands.
    best = max(numbers, key=lambda n: probs[n]) if all(n in probs for n in numbers) else choice
    if best is None or best == NONE:
        return finish("the model found no sentence that answers")
    chosen = candidates[int(best) - 1]
    confirm = p_yes(backend, [*messages, AIMessage(best),
                              *load_prompt("confirm_answer").messages(label=best, question=question)[1:]], stats)
    result.signals = {"choice": round(probs.get(best, 1.0), 4), "confirm": round(confirm or 0.0, 4),
                      "similarity": round(float(similarities[order[int(best) - 1]]), 4)}
    result.confidence = round(confidence(result.signals, calibration), 4)
    source, hit = by_label[chosen.source]
    citation = Citation(passage_id=hit.id, document_id=hit.document_id, title=hit.title, page=hit.page,
                        paragraph=source.paragraph or hit.paragraph, quote=chosen.text, quote_found=True,
                        verdict="supported" if confirm and confirm >= 0.5 else "not_supported")
    if result.confidence < calibration.threshold:
        result.withheld = chosen.text
        return finish(f"confidence {result.confidence:.2f} is below the threshold {calibration.threshold:.2f}")
    result.answer, result.abstained, result.citations = chosen.text, False, [citation]
    return finish()
