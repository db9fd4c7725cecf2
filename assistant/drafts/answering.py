"""A response's answers to an ingested consultation: the one way in for the CLI and the workspace.

The consultation's questions come from the catalog (extracted once, consultation/service.py);
the similarities from the store's embedding model; the stance from the points' direction, or,
with a chat backend, the model's choice among a choice question's options. Saving them into
the response (workspace/answers.py, set_answers) keeps the answers the editors accepted or
edited.
"""

from __future__ import annotations

import time
from typing import Callable

from assistant.consultation.answers import answer_questions, answer_set
from assistant.consultation.service import questions_for_document
from assistant.errors import SendraftError
from assistant.models import ConsultationAnswers, ResponseDraft


def read_with_loaders(path):
    from assistant.ingest.loaders import LoadLimits, load_file
    from assistant.settings import Settings

    return load_file(path, limits=LoadLimits.from_settings(Settings())).blocks


def draft_answers(store, draft: ResponseDraft, consultation: str, backend=None,
                  progress: Callable[[str], None] | None = None) -> ConsultationAnswers:
    """Every question of the consultation (an ingested document's id or the start of it)
    answered from the draft's points, or flagged."""
    extraction = questions_for_document(store, consultation, read_with_loaders)
    if not extraction.questions:
        raise SendraftError(f"no numbered questions found in {extraction.document.id} ({extraction.document.title})")
    if not any(b.kept for a in draft.areas for bs in a.sections().values() for b in bs):
        raise SendraftError("this response has no points yet: draft some areas first")
    chooser = None
    if backend is not None:
        from assistant.generation.options import OptionChooser

        chooser = OptionChooser(backend)
    started = time.perf_counter()
    answers = answer_questions(extraction.questions, draft, store.framework, store.embeddings.embed_documents,
                               chooser, progress)
    return answer_set(extraction.document.id, extraction.document.title, answers, store.model,
                      time.perf_counter() - started, chooser.version if chooser else None,
                      backend.model_id if backend is not None else None)
