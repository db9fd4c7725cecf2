from assistant.evals.drafts import area_quality, draft_quality, on_area, patchwork_share
from assistant.measures import copied_run, copied_share
from assistant.models import AreaDraft, Bullet, Citation, ResponseDraft

SOURCE = "6.1 £200 million over this Parliament is to fund SEND and inclusion training for staff in every school."


def _cite(pid: str, verdict: str = "supported") -> Citation:
    return Citation(passage_id=pid, document_id="d", title="T", quote="q", quote_found=True, verdict=verdict)


def test_copied_share_is_the_longest_shared_run_of_words():
    assert copied_share("£200 million over this Parliament is to fund SEND and inclusion training", SOURCE) == 1.0
    assert copied_share("Commitment to fund SEND training for staff in every school.", SOURCE) == 6 / 10  # "training for staff in every school"
    assert copied_share("", SOURCE) == 0.0
    assert copied_run("Commitment to fund SEND training for staff in every school.", SOURCE) == 6


def test_patchwork_counts_a_copy_stitched_from_pieces_that_one_run_misses():
    stitched = "£200 million over this Parliament for training for staff in every school"
    assert copied_share(stitched, SOURCE) == 6 / 13  # "£ 200 million over this Parliament", or "training for staff in every school"
    assert patchwork_share(stitched, SOURCE) == 12 / 13  # both runs: all but the joining "for"
    # "to fund SEND" and "training for staff in every school": two runs, where one run finds 6 of 10 words
    assert patchwork_share("Commitment to fund SEND training for staff in every school.", SOURCE) == 9 / 10
    assert patchwork_share("Staff in schools need time for training.", SOURCE) == 0.0  # "staff in", "for training": under three
    assert patchwork_share("A judgement in words of its own about staff.", SOURCE) == 0.0
    assert patchwork_share("", SOURCE) == 0.0


def test_on_area_uses_the_margin_and_treats_untagged_as_on_area():
    assert on_area({"workforce": 0.60, "support": 0.64}, "workforce", 0.05)
    assert not on_area({"workforce": 0.45, "support": 0.76}, "workforce", 0.05)
    assert on_area({}, "workforce", 0.05)


def test_draft_quality_counts_per_area_and_in_total():
    area = AreaDraft(
        area_id="workforce", title="Workforce", model="m", prompt_version="p",
        positives=[Bullet(text="£200 million over this Parliament is to fund SEND and inclusion training.", citations=[_cite("own")]),
                   Bullet(text="Commitment to training for every school.", citations=[_cite("other", "not_supported")])],
        issues=[],
        ways_forward=[Bullet(text="A clearer role for local authorities.", citations=[])],
    )
    texts = {"own": SOURCE, "other": "5.1 A layered system of support."}
    scores = {"own": {"workforce": 0.65, "support": 0.4}, "other": {"workforce": 0.45, "support": 0.76}}
    q = area_quality(area, texts, scores)
    assert (q.bullets, q.citations, q.supported, q.needs_evidence, q.copied, q.off_area_citations) == (3, 2, 1, 2, 1, 1)
    assert q.patchwork == 1
    assert q.empty_sections == ["issues"] and q.supported_share == 0.5
    total = draft_quality(ResponseDraft(title="t", created_at="2026-12-01T00:00:00", areas=[area, area]), texts, scores)["total"]
    assert total["bullets"] == 6 and total["empty_sections"] == 2 and total["supported_share"] == 0.5
    assert total["copied_share"] == round(2 / 6, 3)


def test_place_by_stance_moves_only_clear_opposites_and_keeps_the_cap():
    from assistant.generation.stance import place_by_stance

    def b(text, stance):
        return Bullet(text=text, stance=stance)

    sections = {
        "positives": [b("Commitment to training.", "welcome"), b("Lack of clarity about funding.", "concern"), b("A fact.", "neutral")],
        "issues": [b("Risk that appeals are lost.", "concern"), b("Welcome for the triple lock.", "welcome"), b("Unread.", None)],
        "ways_forward": [b("A clearer role for councils.", None)],
    }
    dropped: list[str] = []
    placed = place_by_stance(sections, cap=3, dropped=dropped)
    assert [x.text for x in placed["positives"]] == ["Commitment to training.", "A fact.", "Welcome for the triple lock."]
    assert [x.text for x in placed["issues"]] == ["Risk that appeals are lost.", "Unread.", "Lack of clarity about funding."]
    assert placed["ways_forward"] == sections["ways_forward"]
    assert sum("moved from" in d for d in dropped) == 2
    capped = place_by_stance(sections, cap=2, dropped=dropped)
    assert len(capped["positives"]) == 2 and any("over the cap of 2 in positives" in d for d in dropped)
