"""Edit operations on a response's answers to a consultation: pure, like the points' (operations.py).

Every operation names the answer and the revision the editor saw; when the answer has changed
since (another tab, another editor, a redraft), it fails with `Conflict` carrying both texts,
never overwriting. Each is applied to the latest saved version of the response, so answers share
the response's versions, history and restore.
"""

from __future__ import annotations

from assistant.consultation.answers import merged
from assistant.errors import SendraftError
from assistant.models import ConsultationAnswers, QuestionAnswer, ResponseDraft
from assistant.workspace.operations import Conflict


def answer_of(draft: ResponseDraft, answer_id: str) -> QuestionAnswer:
    if draft.consultation is None:
        raise SendraftError("this response has no answers to a consultation yet")
    for answer in draft.consultation.answers:
        if answer.id == answer_id:
            return answer
    raise SendraftError(f"no answer {answer_id!r} in this response")


def _checked(draft: ResponseDraft, answer_id: str, rev: int | None, mine: str | None = None) -> tuple[ResponseDraft, QuestionAnswer]:
    draft = draft.model_copy(deep=True)
    answer = answer_of(draft, answer_id)
    if rev is not None and answer.rev != rev:
        raise Conflict(answer_id, f"{answer.stance or 'no position yet'}: {answer.text}", mine)
    return draft, answer


def _label(answer: QuestionAnswer) -> str:
    return f"answer to question {answer.number}"


def set_answers(draft: ResponseDraft, fresh: ConsultationAnswers) -> tuple[ResponseDraft, str]:
    """Drafted answers saved into the response: accepted and edited ones of the same consultation stay."""
    draft = draft.model_copy(deep=True)
    draft.consultation = merged(draft.consultation, fresh)
    answers = draft.consultation.answers
    open_ = sum(a.status == "no_position" for a in answers)
    return draft, f"answered {len(answers)} questions of {fresh.title} ({open_} with no position yet)"


def edit_answer(draft: ResponseDraft, answer_id: str, rev: int | None, stance: str | None, text: str) -> tuple[ResponseDraft, str]:
    """The editors' stance (one of the question's options, or None) and words: the answer becomes
    'edited'. Text left as drafted keeps its sentences (and their citations); new words are the
    editors' own and keep the citations of the points the answer draws on."""
    text = " ".join((text or "").split())
    draft, answer = _checked(draft, answer_id, rev, f"{stance or 'no position yet'}: {text}")
    if stance is not None and stance not in answer.options:
        raise SendraftError(f"{stance!r} is not an option of question {answer.number} ({', '.join(answer.options) or 'free text'})")
    if not text and stance is None:
        raise SendraftError("give a stance or an answer (or leave the drafted one)")
    if text != answer.text:
        answer.sentences = []
    answer.stance, answer.text, answer.status, answer.reason = stance, text, "edited", None
    answer.rev += 1
    return draft, f"edited the {_label(answer)}: {stance or 'no stance'}"


def accept_answer(draft: ResponseDraft, answer_id: str, rev: int | None) -> tuple[ResponseDraft, str]:
    """The drafted answer as the forum's; one with no position yet cannot be accepted as it is."""
    draft, answer = _checked(draft, answer_id, rev)
    if answer.status == "no_position":
        raise SendraftError(f"question {answer.number} has no position yet: choose a stance (edit) before accepting")
    answer.status, answer.rev = "accepted", answer.rev + 1
    return draft, f"accepted the {_label(answer)}"


def reopen_answer(draft: ResponseDraft, answer_id: str, rev: int | None) -> tuple[ResponseDraft, str]:
    """An accepted answer back to drafted, so a redraft may replace it."""
    draft, answer = _checked(draft, answer_id, rev)
    if answer.status != "accepted":
        raise SendraftError(f"the {_label(answer)} is not accepted")
    answer.status, answer.rev = "drafted", answer.rev + 1
    return draft, f"reopened the {_label(answer)}"


def in_review_order(answers: list[QuestionAnswer]) -> list[QuestionAnswer]:
    """Questions with no position yet first (they need the editors), each group in question order."""
    return sorted(answers, key=lambda a: a.status != "no_position")
