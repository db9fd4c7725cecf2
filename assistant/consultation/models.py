"""The nouns of a consultation: its questions, each with the answer format the form expects."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

AnswerFormat = Literal["agree_scale", "yes_no", "choice", "free_text"]
ANSWER_FORMATS: tuple[str, ...] = ("agree_scale", "yes_no", "choice", "free_text")


class ConsultationQuestion(BaseModel):
    """One numbered question, as the consultation's response form will ask it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: str = Field(description="The document's own number: '4', or '12a' for a sub-question.")
    text: str = Field(description="The question, with any follow-up it asks for ('Please explain your answer.').")
    format: AnswerFormat = "free_text"
    options: list[str] = Field(default_factory=list, description="The answers offered, in the document's order.")
    chapter: str | None = Field(None, description="The nearest heading above the question.")
    page: int | None = Field(None, ge=1, description="Page of the question, where the format has pages (PDF).")
