"""Prompts as versioned files, and the pure functions that fill them.

Sources go into prompts as delimited, quoted data with short ids (P1, P2, ...); anything in a
source that looks like markup for our delimiters is neutralised, so text inside a document
cannot close its own quotation or pose as instructions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

import yaml
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.errors import SendraftError
from assistant.generation.injection import defang_labels
from assistant.settings import REPO_ROOT

PROMPTS_DIR = REPO_ROOT / "prompts"
_SECTION = re.compile(r"^## (system|user)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Prompt:
    id: str
    version: str
    system: Template
    user: Template

    @property
    def instructions(self) -> str:
        """The prompt's own words (before any values are filled in), examples included."""
        return self.system.template + "\n" + self.user.template

    def messages(self, **values: str) -> list[BaseMessage]:
        return [SystemMessage(self.system.substitute(values).strip()), HumanMessage(self.user.substitute(values).strip())]


@lru_cache(maxsize=16)
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    path = directory / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---", 2)
        meta = yaml.safe_load(front)
        pieces = _SECTION.split(body)
        sections = dict(zip(pieces[1::2], pieces[2::2]))
        return Prompt(meta["id"], meta["version"], Template(sections["system"]), Template(sections["user"]))
    except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise SendraftError(f"{path}: not a valid prompt file ({exc})") from None


@dataclass(frozen=True)
class Source:
    """A passage as the model sees it."""

    label: str  # P1, P2, ...
    passage_id: str
    kind: str
    title: str
    where: str
    text: str
    paragraph: str | None = None


def neutralise(text: str) -> str:
    """Pure: keep a document's text from opening or closing our <source> delimiters, or posing
    as one of our sentence or source ids."""
    text = re.sub(r"</?\s*source\b", lambda m: m.group(0).replace("<", "‹"), text, flags=re.IGNORECASE)
    return defang_labels(text)


def attribute(value: str) -> str:
    """Pure: a title or location as a quoted attribute of a <source> tag (a document's double
    quote cannot end it)."""
    return value.replace('"', "'")


def format_sources(sources: list[Source]) -> str:
    """Pure: sources as delimited blocks with their ids, kind, title and location."""
    blocks = []
    for s in sources:
        blocks.append(
            f'<source id="{s.label}" kind="{s.kind}" title="{attribute(s.title)}" where="{attribute(s.where)}">\n'
            f"{neutralise(' '.join(s.text.split()))}\n</source>"
        )
    return "\n\n".join(blocks)
