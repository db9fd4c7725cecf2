"""Property tests (hypothesis) of the pure core on any input: the chunker, the response
parser, the quote matcher and the drafts' edit operations never crash, keep offsets valid and
text whole, keep ids stable, and an edit sequence undone restores the original."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.framework import load_framework
from assistant.ingest.chunking import chunk_blocks, document_text
from assistant.ingest.responses import normalise_headings, parse_positions
from assistant.models import AreaDraft, Block, Bullet, ResponseDraft
from assistant.settings import DEFAULT_FRAMEWORK
from assistant.text import quote_in_passage, sentence_spans
from assistant.workspace import operations as ops

FRAMEWORK = load_framework(DEFAULT_FRAMEWORK)
AREA_TITLES = [a.title for a in FRAMEWORK.areas] + ["Positives", "Issues", "Ways forward", "Ways Forward:"]
settings.register_profile("sendraft", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("sendraft")

# Text as documents bring it: words, punctuation, numbers, odd Unicode, runs of spaces.
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
sentences = st.lists(st.one_of(words, st.sampled_from(["e.g.", "£1.6bn.", "(2026).", "Mr.", "i.e.", "!", "?", "4.1"])),
                     min_size=1, max_size=30).map(" ".join)
block_text = st.one_of(sentences, st.sampled_from(AREA_TITLES), st.text(min_size=1, max_size=3000))
blocks = st.lists(st.builds(Block, text=block_text.map(lambda t: " ".join(t.split()) or "x"),
                            kind=st.sampled_from(["heading", "paragraph", "list_item"]),
                            level=st.integers(0, 4), page=st.one_of(st.none(), st.integers(1, 300))),
                  min_size=1, max_size=25)


@given(blocks, st.integers(200, 1500), st.integers(0, 300))
def test_chunks_are_exact_slices_in_order_that_cover_every_block(bs, size, overlap):
    text, passages = chunk_blocks("doc", bs, size, overlap)
    assert text == document_text(bs)[0]
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    assert len({p.id for p in passages}) == len(passages)
    for p in passages:
        assert 0 <= p.char_start < p.char_end <= len(text) and text[p.char_start:p.char_end] == p.text
    assert [p.char_start for p in passages] == sorted(p.char_start for p in passages)
    covered = set()
    for p in passages:
        covered.update(range(p.char_start, p.char_end))
    _, starts = document_text(bs)
    for block, start in zip(bs, starts):
        assert all(i in covered for i in range(start, start + len(block.text)) if not block.text[i - start].isspace())
    assert chunk_blocks("doc", bs, size, overlap)[1] == passages  # deterministic: ids stable


@given(st.text(max_size=4000))
def test_sentence_spans_are_ordered_non_overlapping_and_within_the_text(text):
    spans = sentence_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        previous_end = end


@given(blocks)
def test_the_response_parser_never_crashes_and_its_positions_come_from_the_blocks(bs):
    positions = parse_positions("doc", bs, FRAMEWORK)
    texts = {b.text for b in bs}
    assert all(p.text in texts or any(p.text in t for t in texts) for p in positions)
    assert {p.area_id for p in positions} <= {a.id for a in FRAMEWORK.areas}
    assert len({p.id for p in positions}) == len(positions)
    assert parse_positions("doc", bs, FRAMEWORK) == positions  # ids stable
    assert len(normalise_headings(bs, FRAMEWORK)) == len(bs)


@given(sentences, sentences, sentences)
def test_a_quote_is_found_wherever_it_sits_and_reading_never_crashes(before, quote, after):
    passage = f"{before} {quote} {after}"
    found = quote_in_passage(quote, passage)
    assert isinstance(found, bool)
    if found:
        assert quote_in_passage(quote, f"  {passage.upper()}  ") or not quote.isascii()
    assert not quote_in_passage(quote, "") and quote_in_passage(passage, passage) == quote_in_passage(passage, passage + " x")


# -- the drafts' edit operations ----------------------------------------------------------

point = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(str.strip)


def _draft(texts: list[str]) -> ResponseDraft:
    area = AreaDraft(area_id="funding", title="Funding", model="m", prompt_version="v",
                     positives=[Bullet(text=" ".join(t.split())) for t in texts[::3]],
                     issues=[Bullet(text=" ".join(t.split())) for t in texts[1::3]],
                     ways_forward=[Bullet(text=" ".join(t.split()), kind="recommendation") for t in texts[2::3]])
    return ops.with_ids(ResponseDraft(title="R", created_at="2026-12-01T00:00:00+00:00", areas=[area]))


def _content(draft: ResponseDraft) -> list[tuple]:
    """What a reader sees: sections, order, text, status (revisions aside)."""
    return [(name, b.id, b.text, b.status) for name, bs in draft.areas[0].sections().items() for b in bs]


operation = st.tuples(st.sampled_from(["edit", "reject", "up", "down", "move", "note"]), st.integers(0, 50), point)


@given(st.lists(point, min_size=1, max_size=9), st.lists(operation, max_size=12))
def test_an_edit_sequence_undone_in_reverse_restores_the_original(texts, operations):
    original = _draft(texts)
    draft, undo = original, []
    for name, index, text in operations:
        bullets = [b for bs in draft.areas[0].sections().values() for b in bs]
        bullet = bullets[index % len(bullets)]
        where = ops.locate(draft, bullet.id)
        if name == "edit":
            draft, _ = ops.edit(draft, bullet.id, bullet.rev, text, bullet.citations)
            undo.append(("edit", bullet.id, bullet.text, bullet.status))
        elif name == "reject" and bullet.status != "rejected":
            draft, _ = ops.set_status(draft, bullet.id, bullet.rev, "rejected")
            undo.append(("status", bullet.id, bullet.status))
        elif name in ("up", "down"):
            delta = -1 if name == "up" else 1
            position = where.index + delta
            if 0 <= position < len(getattr(where.area, where.section)):
                draft, _ = ops.move(draft, bullet.id, bullet.rev, delta=delta)
                undo.append(("move", bullet.id, None, -delta))
        elif name == "move":
            target = "issues" if where.section != "issues" else "positives"
            draft, _ = ops.move(draft, bullet.id, bullet.rev, section=target)
            undo.append(("section", bullet.id, where.section, where.index))
        elif name == "note":
            draft, _ = ops.set_note(draft, bullet.id, bullet.rev, text)
            undo.append(("note", bullet.id, bullet.note))
        ids = sorted(b.id for bs in draft.areas[0].sections().values() for b in bs)
        assert ids == sorted(b.id for bs in original.areas[0].sections().values() for b in bs)  # ids stable
    for step in reversed(undo):
        current = ops.locate(draft, step[1]).bullet
        if step[0] == "edit":
            draft, _ = ops.edit(draft, step[1], current.rev, step[2], current.citations)
            draft = draft.model_copy(deep=True)
            ops.locate(draft, step[1]).bullet.status = step[3]
        elif step[0] == "status":
            draft, _ = ops.set_status(draft, step[1], current.rev, step[2])
        elif step[0] == "move":
            draft, _ = ops.move(draft, step[1], current.rev, delta=step[3])
        elif step[0] == "section":
            draft, _ = ops.move(draft, step[1], current.rev, section=step[2])
            located = ops.locate(draft, step[1])
            items = getattr(located.area, step[2])
            items.insert(step[3], items.pop(located.index))
        elif step[0] == "note":
            draft, _ = ops.set_note(draft, step[1], current.rev, step[2] or "")
    assert _content(draft) == _content(original)
