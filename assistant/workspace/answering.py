"""Answering a consultation for a response in the workspace: now (the CLI) or as a background
job (the Consultation page), saved as a new version of the response either way.

The answers are drafted from the response's latest version and saved with `set_answers`, which
keeps the answers the editors accepted or edited meanwhile, so a job never overwrites them.
"""

from __future__ import annotations

from typing import Callable

from assistant.consultation.answers import problems
from assistant.consultation.service import questions_for_document, resolve_document
from assistant.models import Document, QuestionAnswer, ResponseDraft
from assistant.workspace.answers import set_answers
from assistant.workspace.jobs import JobContext, JobInfo

KIND = "answers"


def answer_response(ws, response_id: str, consultation: str, author: str, use_model: bool = False,
                    progress: Callable[[str], None] | None = None) -> tuple[ResponseDraft, int]:
    """Draft the answers and save them into the response: (the saved draft, its version)."""
    from assistant.drafts.answering import draft_answers

    backend = None
    if use_model:
        from assistant.generation.llm import chat_backend

        backend = chat_backend(ws.settings)
    draft, _ = ws.drafts.current(response_id)
    fresh = draft_answers(ws.store, draft, consultation, backend, progress)
    who = f"{author} (answers{', ' + backend.model_id if backend else ''})"
    return ws.drafts.apply(response_id, lambda d: set_answers(d, fresh), who)


def consultations(store) -> list[tuple[Document, int]]:
    """The policy documents that hold numbered questions, with how many (extracted once and stored)."""
    from assistant.drafts.answering import read_with_loaders

    found = []
    for document in store.catalog.documents():
        if document.kind == "policy":
            questions = questions_for_document(store, document.id, read_with_loaders).questions
            if questions:
                found.append((document, len(questions)))
    return found


def start_answers(ws, response_id: str, consultation: str, author: str, use_model: bool = False) -> JobInfo:
    """Queue the answering of a consultation (a bad document id fails now, not in the background)."""
    document = resolve_document(ws.store, consultation)
    ws.drafts.info(response_id)
    return ws.jobs.submit(KIND, {"consultation": document.id, "model": use_model}, response_id, author)


def run_answers(ws, job: JobInfo, ctx: JobContext) -> str:
    """The job's runner: registered with the workspace's worker (service.py)."""
    ctx.step("reading the consultation's questions")
    draft, version = answer_response(ws, job.response_id, job.payload["consultation"], job.author or "an editor",
                                     job.payload.get("model", False), progress=ctx.step)
    answers = draft.consultation.answers
    open_ = sum(a.status == "no_position" for a in answers)
    return f"answered {len(answers) - open_} of {len(answers)} questions ({open_} with no position yet), version {version}"


def flagged(draft: ResponseDraft) -> dict[str, list[str]]:
    """Answer id -> what in it the response does not bear out now (untraceable, contradicting)."""
    if draft.consultation is None:
        return {}
    out = {a.id: problems(a, draft) for a in draft.consultation.answers}
    return {k: v for k, v in out.items() if v}


def summary(answers: list[QuestionAnswer]) -> dict[str, int]:
    counts = {"drafted": 0, "accepted": 0, "edited": 0, "no_position": 0}
    for a in answers:
        counts[a.status] += 1
    return counts
