"""Edit operations on a response (pure): ids, revisions, conflicts, regeneration, diff."""

import pytest

from assistant.errors import SendraftError
from assistant.models import AreaDraft, Bullet, ResponseDraft
from assistant.workspace import operations as ops
from assistant.workspace.history import diff


def _area(area_id="funding", texts=("Welcome for the fund", "Lack of clarity about the fund", "Publish a timetable")) -> AreaDraft:
    p, i, w = texts
    return AreaDraft(area_id=area_id, title=area_id.title(), model="m", prompt_version="v",
                     positives=[Bullet(text=p)], issues=[Bullet(text=i)], ways_forward=[Bullet(text=w, kind="recommendation")])


def _draft() -> ResponseDraft:
    return ops.with_ids(ResponseDraft(title="R", created_at="2026-12-01T00:00:00+00:00", areas=[_area()]))


def test_every_bullet_gets_a_stable_id():
    draft = _draft()
    ids = [b.id for bs in draft.areas[0].sections().values() for b in bs]
    assert all(ids) and len(set(ids)) == 3
    assert [b.id for bs in ops.with_ids(draft).areas[0].sections().values() for b in bs] == ids  # kept


def test_edit_marks_edited_bumps_the_revision_and_a_stale_revision_conflicts():
    draft = _draft()
    bid = draft.areas[0].positives[0].id
    edited, summary = ops.edit(draft, bid, 0, "  Welcome for the  new fund ", [])
    bullet = edited.areas[0].positives[0]
    assert (bullet.text, bullet.status, bullet.rev) == ("Welcome for the new fund", "edited", 1) and "edited" in summary
    assert draft.areas[0].positives[0].text == "Welcome for the fund"  # the input is never changed
    with pytest.raises(ops.Conflict) as caught:
        ops.edit(edited, bid, 0, "My other wording", [])
    assert caught.value.theirs == "Welcome for the new fund" and caught.value.mine == "My other wording"
    assert "Welcome for the new fund" in str(caught.value) and "My other wording" in str(caught.value)
    with pytest.raises(SendraftError):
        ops.edit(edited, bid, 1, "   ", [])


def test_reject_restore_delete_move_note_and_add():
    draft = _draft()
    first = draft.areas[0].positives[0]
    rejected, _ = ops.set_status(draft, first.id, 0, "rejected")
    assert rejected.areas[0].kept_sections()["positives"] == [] and rejected.areas[0].positives[0].status == "rejected"
    restored, _ = ops.set_status(rejected, first.id, 1, "drafted")
    assert restored.areas[0].kept_sections()["positives"][0].text == first.text
    moved, _ = ops.move(restored, first.id, 2, section="issues")
    assert [b.text for b in moved.areas[0].issues] == ["Lack of clarity about the fund", first.text]
    up, _ = ops.move(moved, first.id, 3, delta=-1)
    assert [b.text for b in up.areas[0].issues] == [first.text, "Lack of clarity about the fund"]
    noted, _ = ops.set_note(up, first.id, 4, "Check the figure with Brahm")
    assert ops.locate(noted, first.id).bullet.note == "Check the figure with Brahm"
    added, _, new_id = ops.add(noted, "funding", "ways_forward", "Ring-fence the fund", [])
    human = ops.locate(added, new_id).bullet
    assert human.status == "human" and human.kind == "recommendation"
    gone, _ = ops.delete(added, new_id, 0)
    with pytest.raises(SendraftError):
        ops.locate(gone, new_id)


def test_regenerate_keeps_accepted_edited_human_and_rejected_and_replaces_the_rest():
    draft = _draft()
    area = draft.areas[0]
    accepted, _ = ops.set_status(draft, area.positives[0].id, 0, "accepted")
    with_human, _, hid = ops.add(accepted, "funding", "issues", "Concern about statutory backstops", [])
    fresh = _area(texts=("Welcome for the fund", "Lack of clarity about eligibility", "Evaluate the pilots"))
    fresh.passages_used = ["p1"]
    redrafted, summary = ops.regenerate(with_human, fresh)
    new = redrafted.areas[0]
    assert [b.text for b in new.positives] == ["Welcome for the fund"] and new.positives[0].status == "accepted"  # no repeat
    assert [b.text for b in new.issues] == ["Concern about statutory backstops", "Lack of clarity about eligibility"]
    assert [b.text for b in new.ways_forward] == ["Evaluate the pilots"] and new.passages_used == ["p1"]
    assert all(b.id for bs in new.sections().values() for b in bs) and "replaced" in summary
    only_issues, _ = ops.regenerate(with_human, _area(texts=("A", "Lack of funding for training", "C")), ("issues",))
    assert [b.text for b in only_issues.areas[0].ways_forward] == ["Publish a timetable"]  # other sections untouched


def test_regenerate_adds_a_new_area_in_framework_order():
    draft = _draft()
    out, _ = ops.regenerate(draft, _area("values"), order=["values", "funding"])
    assert [a.area_id for a in out.areas] == ["values", "funding"]


def test_diff_names_what_changed():
    draft = _draft()
    bid = draft.areas[0].issues[0].id
    edited, _ = ops.edit(draft, bid, 0, "Lack of clarity about what the fund covers", [])
    rejected, _ = ops.set_status(edited, draft.areas[0].positives[0].id, 0, "rejected")
    lines = diff(draft, rejected)
    assert any(line.startswith("~") and "what the fund covers" in line for line in lines)
    assert any("drafted → rejected" in line for line in lines)
