"""Load and validate the framework file: the areas a response covers and its three sections."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from assistant.errors import FrameworkError

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def normalise_label(text: str) -> str:
    """Fold a heading to compare names: case, '&' vs 'and', punctuation and markup ignored."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


class _Named(BaseModel):
    id: str
    title: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} must be lower-case letters, digits and underscores")
        return value

    def labels(self) -> set[str]:
        return {normalise_label(name) for name in [self.title, self.id, *self.aliases]}


_OPENER = re.compile(r"^[A-Za-z][A-Za-z ,'-]*$")


class Section(_Named):
    """Positives, Issues or Ways forward (or a forum's own equivalents)."""

    openers: list[str] = Field(
        default_factory=list,
        description="How the forum's points in this section begin: enforced by the grammar in the appraisal "
                    "pipeline (a judgement, a recommendation), and in the restate pipeline when draft_style is 'openers'.",
    )

    @field_validator("openers")
    @classmethod
    def _check_openers(cls, value: list[str]) -> list[str]:
        for opener in value:
            if not _OPENER.match(opener):
                raise ValueError(f"opener {opener!r} must be plain words (letters, spaces, commas, hyphens, apostrophes)")
        return value


class Area(_Named):
    """One framework area, with what it covers and the questions that probe it."""

    description: str = Field(min_length=1)
    guiding_questions: list[str] = Field(min_length=1)


class Framework(BaseModel):
    name: str
    version: str = "1"
    values: str = Field("", description="What the forum judges policy against, in a few sentences (given to the drafter).")
    sections: list[Section] = Field(min_length=1)
    areas: list[Area] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> "Framework":
        for kind, items in (("area", self.areas), ("section", self.sections)):
            ids = [item.id for item in items]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate {kind} ids: {', '.join(dupes)}")
        return self

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        known = ", ".join(a.id for a in self.areas)
        raise KeyError(f"unknown area {area_id!r}; known areas: {known}")

    def match_area(self, heading: str) -> Area | None:
        label = normalise_label(heading)
        return next((a for a in self.areas if label and label in a.labels()), None)

    def match_section(self, heading: str) -> Section | None:
        label = normalise_label(heading)
        return next((s for s in self.sections if label and label in s.labels()), None)


def load_framework(path: Path) -> Framework:
    """Read and validate a framework file, naming the file and the problem on failure."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FrameworkError(f"{path}: framework file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise FrameworkError(f"{path}: expected a mapping with 'name', 'sections' and 'areas'")
    try:
        return Framework.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}" for err in exc.errors()
        )
        raise FrameworkError(f"{path}: invalid framework: {problems}") from None
