"""What changed between two versions of a response, bullet by bullet (pure)."""

from __future__ import annotations

from assistant.models import Bullet, ResponseDraft


def _index(draft: ResponseDraft) -> dict[str, tuple[str, str, Bullet]]:
    return {b.id: (a.title, section, b) for a in draft.areas for section, bullets in a.sections().items()
            for b in bullets if b.id}


def diff(old: ResponseDraft, new: ResponseDraft) -> list[str]:
    """Human-readable lines: points added, removed, reworded, moved, or whose status changed."""
    before, after, lines = _index(old), _index(new), []
    for bid, (area, section, b) in after.items():
        if bid not in before:
            lines.append(f"+ {area} / {section.replace('_', ' ')}: “{b.text}”")
            continue
        _, old_section, a = before[bid]
        if a.text != b.text:
            lines.append(f"~ {area}: “{a.text}” → “{b.text}”")
        if a.status != b.status:
            lines.append(f"  {area}: “{b.text[:60]}” {a.status} → {b.status}")
        if old_section != section:
            lines.append(f"  {area}: “{b.text[:60]}” moved {old_section.replace('_', ' ')} → {section.replace('_', ' ')}")
        if (a.note or "") != (b.note or ""):
            lines.append(f"  {area}: note on “{b.text[:60]}”: {b.note or '(removed)'}")
    for bid, (area, section, a) in before.items():
        if bid not in after:
            lines.append(f"- {area} / {section.replace('_', ' ')}: “{a.text}”")
    old_areas = {a.area_id: a for a in old.areas}
    for area in new.areas:
        was = old_areas.get(area.area_id)
        if was and was.status != area.status:
            lines.append(f"  {area.title}: {was.status.replace('_', ' ')} → {area.status.replace('_', ' ')}")
    return lines
