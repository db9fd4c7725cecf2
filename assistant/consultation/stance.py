"""Pure: a question's stance from the direction of the points that bear on it, and the check
that an answer does not contradict what the editors have accepted.

A point's direction is what it says of the policy: a Positive welcomes, an Issue raises a
concern (a stance read by the model, when the point has one, decides over its section), a Way
forward is a proposal of the forum's own, and a point read as plain fact has none.

The stance is never guessed:
- the points the editors have reviewed (accepted, edited or written) decide when any bears on
  the question; only when none does, the drafted ones;
- agree scale and yes/no: all deciding points welcome -> "Agree" / "Yes"; all raise concerns ->
  "Disagree" / "No"; both -> no position yet; only proposals or facts -> no position yet (a
  proposal says what the forum wants, not whether it agrees with what is asked). Never
  "Strongly": how strongly is the editors' call;
- choice: the option the supporting points (welcomes and proposals) name most closely, unless
  a concern names it too; an option such as "Don't know" or "Other" is never chosen;
- free text: no stance; answered when any point bears on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.models import Bullet, Citation
from assistant.text import words

Direction = Literal["welcome", "concern", "proposal", "neutral"]
REVIEWED = ("accepted", "edited", "human")  # the editors' own: they decide a stance
NO_POSITION = "no position yet"
_BY_SECTION: dict[str, Direction] = {"positives": "welcome", "issues": "concern", "ways_forward": "proposal"}
# Options that state no view: a rule never picks them.
_NOT_A_VIEW = {"not sure", "unsure", "don t know", "do not know", "dont know", "no opinion", "no view", "other",
               "prefer not to say", "none", "none of these", "none of the above", "n a", "not applicable", "neither",
               "neither agree nor disagree"}
_AGREE = {"agree": "welcome", "disagree": "concern", "yes": "welcome", "no": "concern"}


@dataclass(frozen=True)
class Point:
    """A kept point of the response as an answer sees it."""

    id: str
    text: str
    section: str
    status: str
    direction: Direction
    area_id: str = ""
    kernel: str | None = None
    citations: tuple[Citation, ...] = field(default_factory=tuple)

    @property
    def reviewed(self) -> bool:
        return self.status in REVIEWED


def direction_of(bullet: Bullet, section: str) -> Direction:
    """A point's direction: its read stance when it has one, else its section's."""
    if bullet.stance in ("welcome", "concern", "neutral"):
        return bullet.stance
    return _BY_SECTION.get(section, "neutral")


def deciding(points: list[Point]) -> list[Point]:
    """The points that decide a stance: the reviewed ones when any, else all."""
    return [p for p in points if p.reviewed] or list(points)


def _label(option: str) -> str:
    return " ".join(words(option))


def states_a_view(option: str) -> bool:
    return _label(option) not in _NOT_A_VIEW


def option_for(options: list[str], direction: str) -> str | None:
    """The plain "Agree"/"Disagree" or "Yes"/"No" option for a direction (welcome or concern):
    exactly that word, else the only option that has it unqualified."""
    wanted = [w for w, d in _AGREE.items() if d == direction]
    for option in options:
        if _label(option) in wanted:
            return option
    plain = [o for o in options if set(words(o)) & set(wanted)
             and not set(words(o)) & {"strongly", "not", "neither", "somewhat", "partly", "tend"}]
    return plain[0] if len(plain) == 1 else None


def direction_of_option(option: str | None) -> str | None:
    """welcome for an agreeing option (Agree, Strongly agree, Yes), concern for the opposite, else None."""
    if not option:
        return None
    said = set(words(option))
    if "disagree" in said or _label(option) in ("no", "no not at all"):
        return "concern"
    if "agree" in said and not said & {"neither", "nor"} or _label(option) == "yes":
        return "welcome"
    return None


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def stance_for(question_format: str, options: list[str], points: list[Point],
               named: dict[str, dict[str, float]] | None = None) -> tuple[str | None, str | None]:
    """(the stance, or None; why there is none, or None) from the points that bear on the question.

    `named` (choice questions): option -> {point id: how closely the point names the option},
    only for the pairs close enough to count as naming it."""
    if not points:
        return None, "no point of the response bears on this question"
    if question_format == "free_text":
        return None, None
    decide = deciding(points)
    welcome = [p for p in decide if p.direction == "welcome"]
    concern = [p for p in decide if p.direction == "concern"]
    if question_format == "choice":
        return _choice(options, decide, named or {})
    if welcome and concern:
        return None, (f"the points pull both ways: {_count(len(welcome), 'point')} welcome, "
                      f"{_count(len(concern), 'point')} raise concerns")
    if not welcome and not concern:
        return None, "the points bearing on it are proposals or facts: they do not say whether the forum agrees"
    direction = "welcome" if welcome else "concern"
    option = option_for(options, direction)
    if option is None:
        return None, f"no plain option for a {direction} among {', '.join(options)}"
    return option, None


def _choice(options: list[str], decide: list[Point], named: dict[str, dict[str, float]]) -> tuple[str | None, str | None]:
    support = {p.id for p in decide if p.direction in ("welcome", "proposal")}
    against = {p.id for p in decide if p.direction == "concern"}
    scored = []
    for option in options:
        if not states_a_view(option):
            continue
        closeness = named.get(option, {})
        best = max((s for pid, s in closeness.items() if pid in support), default=None)
        if best is not None:
            scored.append((best, option))
    if not scored:
        return None, "the points bearing on it name none of the options"
    scored.sort(reverse=True)
    best, option = scored[0]
    if len(scored) > 1 and scored[1][0] == best:
        return None, f"the points name {scored[0][1]!r} and {scored[1][1]!r} equally"
    if any(pid in against for pid in named.get(option, {})):
        return None, f"the points pull both ways on {option!r}: one welcomes it, another raises a concern"
    return option, None


def contradictions(stance: str | None, question_format: str, considered: list[Point]) -> list[str]:
    """What in an answer's stance goes against a reviewed point that bears on it (an Agree while
    an accepted point raises a concern, a No while one welcomes); [] when nothing does."""
    direction = direction_of_option(stance) if question_format in ("agree_scale", "yes_no") else None
    if direction is None:
        return []
    opposite = "concern" if direction == "welcome" else "welcome"
    return [f"the stance {stance!r} goes against the {p.status} point “{p.text}”, which "
            f"{'raises a concern' if opposite == 'concern' else 'welcomes it'}"
            for p in considered if p.reviewed and p.direction == opposite]
