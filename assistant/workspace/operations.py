"""Edit operations on a response: pure functions from one draft to the next, with a summary.

Every operation names the bullet it changes and the revision the editor saw. When the bullet
has changed since (another tab, another editor), the operation fails with `Conflict`, which
carries both texts, instead of overwriting. Operations are applied to the latest saved
version, so two editors changing different bullets never conflict and never lose a change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from assistant.errors import SendraftError
from assistant.models import AreaDraft, AreaStatus, Bullet, Citation, ResponseDraft

SECTIONS = ("positives", "issues", "ways_forward")
KEPT_ON_REGENERATE = ("accepted", "edited", "human")


class Conflict(SendraftError):
    """The bullet changed since the editor read it: both texts, so the editor can choose."""

    def __init__(self, bullet_id: str, theirs: str, mine: str | None) -> None:
        self.bullet_id, self.theirs, self.mine = bullet_id, theirs, mine
        super().__init__(f"this point was changed by someone else since you opened it. Theirs: “{theirs}”"
                         + (f" Yours: “{mine}”" if mine is not None else ""))


@dataclass(frozen=True)
class Located:
    area: AreaDraft
    section: str
    index: int
    bullet: Bullet


def new_id() -> str:
    return f"b-{uuid.uuid4().hex[:10]}"


def with_ids(draft: ResponseDraft) -> ResponseDraft:
    """A copy in which every bullet has an id (drafts from the pipeline have none)."""
    draft = draft.model_copy(deep=True)
    for area in draft.areas:
        for bullets in area.sections().values():
            for bullet in bullets:
                bullet.id = bullet.id or new_id()
    return draft


def area_of(draft: ResponseDraft, area_id: str) -> AreaDraft:
    for area in draft.areas:
        if area.area_id == area_id:
            return area
    raise SendraftError(f"this response has no area {area_id!r}")


def locate(draft: ResponseDraft, bullet_id: str) -> Located:
    for area in draft.areas:
        for section, bullets in area.sections().items():
            for index, bullet in enumerate(bullets):
                if bullet.id == bullet_id:
                    return Located(area, section, index, bullet)
    raise SendraftError(f"no point {bullet_id!r} in this response (it may have been deleted)")


def _checked(draft: ResponseDraft, bullet_id: str, rev: int | None, mine: str | None = None) -> tuple[ResponseDraft, Located]:
    draft = draft.model_copy(deep=True)
    found = locate(draft, bullet_id)
    if rev is not None and found.bullet.rev != rev:
        raise Conflict(bullet_id, found.bullet.text, mine)
    return draft, found


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def set_status(draft: ResponseDraft, bullet_id: str, rev: int | None, status: str) -> tuple[ResponseDraft, str]:
    """accept / reject / restore (restore puts a rejected bullet back as drafted)."""
    draft, found = _checked(draft, bullet_id, rev)
    found.bullet.status, found.bullet.rev = status, found.bullet.rev + 1
    return draft, f"{status} “{_short(found.bullet.text)}”"


def edit(draft: ResponseDraft, bullet_id: str, rev: int | None, text: str, citations: list[Citation]) -> tuple[ResponseDraft, str]:
    """New text (and its re-verified citations); a model's bullet becomes 'edited'."""
    text = " ".join(text.split())
    if not text:
        raise SendraftError("a point cannot be empty: reject or delete it instead")
    draft, found = _checked(draft, bullet_id, rev, text)
    before = found.bullet.text
    bullet = found.bullet
    bullet.text, bullet.citations, bullet.rev = text, citations, bullet.rev + 1
    bullet.status = "human" if bullet.status == "human" else "edited"
    bullet.stance = None  # read from the old text; no longer known
    return draft, f"edited “{_short(before)}” → “{_short(text)}”"


def add(draft: ResponseDraft, area_id: str, section: str, text: str, citations: list[Citation]) -> tuple[ResponseDraft, str, str]:
    """A human bullet at the end of a section: (draft, summary, its id)."""
    if section not in SECTIONS:
        raise SendraftError(f"unknown section {section!r}; one of {', '.join(SECTIONS)}")
    text = " ".join(text.split())
    if not text:
        raise SendraftError("write the point before adding it")
    draft = draft.model_copy(deep=True)
    bullet = Bullet(text=text, citations=citations, id=new_id(), status="human",
                    kind="recommendation" if section == "ways_forward" else "point")
    getattr(area_of(draft, area_id), section).append(bullet)
    return draft, f"added “{_short(text)}” to {section.replace('_', ' ')}", bullet.id


def delete(draft: ResponseDraft, bullet_id: str, rev: int | None) -> tuple[ResponseDraft, str]:
    draft, found = _checked(draft, bullet_id, rev)
    getattr(found.area, found.section).pop(found.index)
    return draft, f"deleted “{_short(found.bullet.text)}”"


def move(draft: ResponseDraft, bullet_id: str, rev: int | None, section: str | None = None, delta: int = 0) -> tuple[ResponseDraft, str]:
    """To another section (at its end), or up/down (`delta`) within its own."""
    draft, found = _checked(draft, bullet_id, rev)
    source = getattr(found.area, found.section)
    bullet = source.pop(found.index)
    bullet.rev += 1
    if section and section != found.section:
        if section not in SECTIONS:
            raise SendraftError(f"unknown section {section!r}")
        bullet.kind = "recommendation" if section == "ways_forward" else "point"
        getattr(found.area, section).append(bullet)
        return draft, f"moved “{_short(bullet.text)}” to {section.replace('_', ' ')}"
    target = max(0, min(len(source), found.index + delta))
    source.insert(target, bullet)
    return draft, f"moved “{_short(bullet.text)}” {'up' if delta < 0 else 'down'}"


def set_note(draft: ResponseDraft, bullet_id: str, rev: int | None, note: str) -> tuple[ResponseDraft, str]:
    draft, found = _checked(draft, bullet_id, rev)
    found.bullet.note, found.bullet.rev = (" ".join(note.split()) or None), found.bullet.rev + 1
    return draft, f"note on “{_short(found.bullet.text)}”"


def set_area(draft: ResponseDraft, area_id: str, status: AreaStatus | None = None, pinned: list[str] | None = None,
             excluded: list[str] | None = None, focus: str | None = None) -> tuple[ResponseDraft, str]:
    """An area's status, pins, exclusions or focus (only those given change)."""
    draft = draft.model_copy(deep=True)
    area = area_of(draft, area_id)
    changed = []
    for name, value in (("status", status), ("pinned", pinned), ("excluded", excluded), ("focus", focus)):
        if value is not None:
            setattr(area, name, value if name != "focus" else (" ".join(value.split()) or None))
            changed.append(name)
    return draft, f"{area.title}: {', '.join(changed) or 'nothing'} changed"


def regenerate(draft: ResponseDraft, fresh: AreaDraft, sections: tuple[str, ...] = SECTIONS,
               order: list[str] | None = None) -> tuple[ResponseDraft, str]:
    """The area redrafted: in each regenerated section the accepted, edited and human bullets
    (and the rejected, still restorable) stay; the model's other bullets are replaced by the
    fresh ones, less any that repeats a bullet that stays. The area's own settings stay."""
    from assistant.generation.postprocess import same_point

    draft = draft.model_copy(deep=True)
    fresh = with_ids(ResponseDraft(title="", created_at="", areas=[fresh])).areas[0]
    try:
        area = area_of(draft, fresh.area_id)
    except SendraftError:
        draft.areas.append(fresh)
        if order:
            draft.areas.sort(key=lambda a: order.index(a.area_id) if a.area_id in order else len(order))
        return draft, f"drafted {fresh.title}"
    replaced = 0
    for section in sections:
        stays = [b for b in getattr(area, section) if b.status in KEPT_ON_REGENERATE or b.status == "rejected"]
        replaced += len(getattr(area, section)) - len(stays)
        new = [b for b in getattr(fresh, section) if not any(same_point(b.text, s.text) for s in stays)]
        setattr(area, section, stays + new)
    for name in ("passages_used", "model", "prompt_version", "judge_prompt_version", "stance_prompt_version",
                 "seconds", "input_tokens", "output_tokens", "dropped"):
        setattr(area, name, getattr(fresh, name))
    which = "all sections" if tuple(sections) == SECTIONS else ", ".join(s.replace("_", " ") for s in sections)
    return draft, f"regenerated {area.title} ({which}): {replaced} drafted points replaced"
