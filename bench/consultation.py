"""Answering benchmark: a 40-question consultation answered from the forum's May 2026 response.

    python bench/consultation.py [--model] [--questions 40]

The questions are the first 40 of the sample consultation and the two held-out ones (46 in
all); the response is the forum's published response (117 points, all taken as accepted).
Prints seconds to load the embedding model, to answer every question, and per question, with
how many were answered and how many have no position yet. Without `--model` no chat model is
used at all (the stance comes from the points' direction); with it, the configured chat model
(SENDRAFT_LLM_PROVIDER, the embedded GGUF by default) chooses each choice question's option, one
constrained call each. Goal (issue 24): 40 questions in under 10 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.consultation.answers import answer_questions  # noqa: E402
from assistant.consultation.extract import extract_questions  # noqa: E402
from assistant.embeddings import make_embeddings  # noqa: E402
from assistant.evals.tasks.consultation import forum_response  # noqa: E402
from assistant.framework import load_framework  # noqa: E402
from assistant.ingest.loaders import load_file  # noqa: E402
from assistant.settings import Settings  # noqa: E402

CONSULTATIONS = [ROOT / "corpus" / "consultation" / "send-reform-consultation-2026.md",
                 ROOT / "evals" / "consultations" / "travel-consultation-2026.html",
                 ROOT / "evals" / "consultations" / "specialist-places-consultation-2026.docx"]
RESPONSE = ROOT / "corpus" / "samples" / "forum-response-2026-05-15.md"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", action="store_true", help="the chat model chooses choice options")
    parser.add_argument("--questions", type=int, default=40)
    args = parser.parse_args()
    settings = Settings()
    framework = load_framework(settings.framework_path)
    questions = [q for path in CONSULTATIONS for q in extract_questions(load_file(path).blocks)][: args.questions]
    response = forum_response(RESPONSE, framework)
    started = time.perf_counter()
    embeddings = make_embeddings(settings.embedding_model)
    embeddings.embed_documents(["warm up"])
    load_s = time.perf_counter() - started
    chooser = None
    if args.model:
        from assistant.generation.llm import chat_backend
        from assistant.generation.options import OptionChooser

        chooser = OptionChooser(chat_backend(settings))
    started = time.perf_counter()
    answers = answer_questions(questions, response, framework, embeddings.embed_documents, chooser)
    answer_s = time.perf_counter() - started
    choices = sum(q.format == "choice" for q in questions)
    answered = sum(a.status != "no_position" for a in answers)
    model = f"{settings.llm_provider}: {settings.llm_model}" if args.model else "none (points' direction only)"
    print(f"questions: {len(questions)} ({choices} choice)  points: {sum(len(b) for a in response.areas for b in a.sections().values())}"
          f"  cores: {os.cpu_count()}")
    print(f"embedding model: {settings.embedding_model}  chat model: {model}")
    print(f"load embeddings {load_s:.1f} s · answer {answer_s:.1f} s · {answer_s / max(len(questions), 1):.2f} s a question")
    if chooser is not None:
        print(f"chat calls: {chooser.stats.calls}, {chooser.stats.seconds:.1f} s")
    print(f"answered {answered} · no position yet {len(answers) - answered}")


if __name__ == "__main__":
    main()
