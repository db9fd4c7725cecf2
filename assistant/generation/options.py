"""The chat model's choice among a consultation question's options, from the forum's points.

Used for choice questions only, and only when asked (`sendraft questions draft --model`): the
model answers with an option's number or "none" under a grammar of exactly those words
(structured.choose), so it can pick no option outside the form's and can always decline. Its
choice is then held to the same rule as closeness (consultation/answers.py): a concern that
names the option leaves no position.
"""

from __future__ import annotations

from assistant.consultation.models import ConsultationQuestion
from assistant.consultation.stance import Point
from assistant.generation.llm import ChatBackend
from assistant.generation.prompts import load_prompt, neutralise
from assistant.generation.structured import CallStats, choose

_SAYS = {"welcome": "welcomes", "concern": "concern", "proposal": "proposes", "neutral": "fact"}


class OptionChooser:
    """A `Chooser` for consultation/answers.py: (question, options, points) -> option or None."""

    def __init__(self, backend: ChatBackend) -> None:
        self.backend = backend
        self.prompt = load_prompt("choose_option")
        self.stats = CallStats()
        self.probabilities: dict[str, dict[str, float]] = {}  # question number -> the model's probability of each choice

    @property
    def version(self) -> str:
        return self.prompt.version

    def __call__(self, question: ConsultationQuestion, options: list[str], points: list[Point]) -> str | None:
        if not options or not points:
            return None
        labels = [str(n) for n in range(1, len(options) + 1)]
        messages = self.prompt.messages(
            question=neutralise(" ".join(question.text.split())),
            options="\n".join(f"[{label}] {neutralise(option)}" for label, option in zip(labels, options)),
            points="\n".join(f"- ({_SAYS[p.direction]}) {neutralise(p.text)}" for p in points),
        )
        choice, probs = choose(self.backend, messages, (*labels, "none"), self.stats)
        self.probabilities[question.number] = probs
        if choice is None or choice == "none":
            return None
        return options[labels.index(choice)]
