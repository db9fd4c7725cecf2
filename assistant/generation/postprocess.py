"""Pure: turn the model's raw draft into bullets we can stand behind.

Unknown source ids are dropped (never shown), inline "[P1]" markers are stripped from text,
a bullet cut off mid-sentence is trimmed to its complete part (or dropped), duplicate bullets
in a section are merged with their citations, and each section is capped.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.text import complete_part, jaccard

# "[1]", "[P2, P3]", "(P4)", "(source P1)": markers only; "(2018)" or "(p 105)" are left alone.
_INLINE = re.compile(
    r"\s*(?:\[(?:sources?\s*)?(?:P?\d{1,3})(?:\s*[,;]\s*P?\d{1,3})*\]"
    r"|\((?:sources?\s*)?P\d{1,3}(?:\s*[,;]\s*P\d{1,3})*\))",
    re.IGNORECASE,
)


class RawCitation(BaseModel):
    source: str = Field(max_length=20)
    quote: str = Field(max_length=400)


class RawBullet(BaseModel):
    text: str = Field(max_length=600)
    citations: list[RawCitation] = Field(default_factory=list, max_length=3)


class RawDraft(BaseModel):
    positives: list[RawBullet] = Field(default_factory=list, max_length=8)
    issues: list[RawBullet] = Field(default_factory=list, max_length=8)
    ways_forward: list[RawBullet] = Field(default_factory=list, max_length=8)


_DANGLING = re.compile(r"(?:[,;:(\u2013\u2014-]|\b(?:and|or|but|the|a|an|of|to|in|for|with|by|that|which|its|their|as))\s*$",
                       re.IGNORECASE)


def complete(text: str) -> str | None:
    """Pure: the bullet, or its complete part when it was cut mid-sentence ("... published its
    final report,"), or None when no complete part is left."""
    text = text.strip()
    return text if not _DANGLING.search(text) else complete_part(text)


_ABOUT_THE_TASK = re.compile(r"\b(the forum's judgement|judgement of (the )?government|the values (given|provided)|"
                             r"evaluate the proposal)\b", re.I)
_NAMES_NOTHING = re.compile(r"^\W*(\w+ ){1,3}(for|to|of|about|on) (the|this) (proposals?|plans?|policy|reforms?|consultation)\W*$", re.I)


def about_the_task(text: str) -> bool:
    """Pure: a phrase about the prompt rather than the policy ("Welcome for the forum's judgement
    of the government SEND proposals.") or one that names nothing ("Welcome for the proposal.")."""
    return bool(_ABOUT_THE_TASK.search(text) or _NAMES_NOTHING.match(text))


def strip_markers(text: str) -> str:
    return " ".join(_INLINE.sub("", text).split()).strip()


def same_point(a: str, b: str, threshold: float = 0.8) -> bool:
    """Two bullets make the same point when their word sets overlap this much (Jaccard)."""
    return jaccard(a, b) >= threshold


def drop_repeats_across_sections(sections: dict[str, list[RawBullet]], dropped: list[str]) -> dict[str, list[RawBullet]]:
    """A point made in an earlier section is not repeated in a later one (a Positive is not also an Issue)."""
    seen: list[str] = []
    out = {}
    for name, bullets in sections.items():
        kept = []
        for bullet in bullets:
            if any(same_point(bullet.text, earlier) for earlier in seen):
                dropped.append(f"dropped from {name}, already made earlier: {bullet.text[:40]!r}")
                continue
            kept.append(bullet)
        seen += [b.text for b in kept]
        out[name] = kept
    return out


def clean_section(bullets: list[RawBullet], known: set[str], cap: int, dropped: list[str]) -> list[RawBullet]:
    """Strip markers, drop unknown citations, merge duplicates, keep at most `cap`."""
    kept: list[RawBullet] = []
    for bullet in bullets:
        text = strip_markers(bullet.text)
        if not text:
            dropped.append("empty bullet")
            continue
        whole = complete(text)
        if whole is None:
            dropped.append(f"dropped, cut off mid-sentence: {text[-40:]!r}")
            continue
        if whole != text:
            dropped.append(f"trimmed to its last complete sentence: {text[-40:]!r}")
            text = whole
        citations = []
        for c in bullet.citations:
            if c.source.strip() in known:
                citations.append(RawCitation(source=c.source.strip(), quote=" ".join(c.quote.split())))
            else:
                dropped.append(f"unknown source id {c.source!r} in {text[:40]!r}")
        twin = next((k for k in kept if same_point(k.text, text)), None)
        if twin is not None:
            seen = {(c.source, c.quote) for c in twin.citations}
            twin.citations.extend(c for c in citations if (c.source, c.quote) not in seen)
            dropped.append(f"merged duplicate {text[:40]!r}")
            continue
        kept.append(RawBullet(text=text, citations=citations))
    if len(kept) > cap:
        dropped.extend(f"over the cap of {cap}: {b.text[:40]!r}" for b in kept[cap:])
    return kept[:cap]
