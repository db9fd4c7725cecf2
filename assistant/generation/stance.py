"""Put each drafted point in the section its stance belongs to.

A small model files points by position rather than sense: a concern under Positives, a
protection under Issues. The chat model, under a three-word grammar, reads each point of
Positives and Issues as a welcome, a concern or a plain fact. A point that clearly reads the
other way is moved (and the move recorded); a plain fact stays where it is, marked, so an
editor knows to say what the forum thinks of it. On the forum's own 96 past Positives and
Issues the 1.5B model read 3 the other way round (the `stance` evaluation task), which is why only a
clear opposite moves a point.
"""

from __future__ import annotations

from typing import Literal

from assistant.generation.llm import ChatBackend
from assistant.generation.prompts import load_prompt
from assistant.generation.structured import CallStats, one_of
from assistant.models import Bullet

Stance = Literal["welcome", "concern", "neutral"]
STANCES: tuple[Stance, ...] = ("welcome", "concern", "neutral")
SECTION_OF: dict[str, str] = {"welcome": "positives", "concern": "issues"}


class StanceReader:
    def __init__(self, backend: ChatBackend) -> None:
        self.backend = backend
        self.prompt = load_prompt("classify_stance")

    @property
    def version(self) -> str:
        return self.prompt.version

    def read(self, text: str, stats: CallStats) -> Stance | None:
        return one_of(self.backend, self.prompt.messages(point=" ".join(text.split())), STANCES, stats)


def place_by_stance(sections: dict[str, list[Bullet]], cap: int, dropped: list[str]) -> dict[str, list[Bullet]]:
    """Pure: each point of Positives or Issues whose stance is the other section's moved there,
    after that section's own points (the model's order is kept); sections stay within `cap`."""
    placed = {name: list(bullets) for name, bullets in sections.items()}
    for name in SECTION_OF.values():
        for bullet in sections.get(name, []):
            target = SECTION_OF.get(bullet.stance or "")
            if target and target != name and target in placed:
                placed[name] = [b for b in placed[name] if b is not bullet]
                placed[target].append(bullet)
                dropped.append(f"moved from {name} to {target}, it reads as a {bullet.stance}: {bullet.text[:40]!r}")
    for name, bullets in placed.items():
        for extra in bullets[cap:]:
            dropped.append(f"over the cap of {cap} in {name} after moves: {extra.text[:40]!r}")
        placed[name] = bullets[:cap]
    return placed
