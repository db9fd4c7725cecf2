from assistant.ingest.chunking import chunk_blocks
from assistant.text import sentence_spans
from assistant.models import Block


def _para(text, **kw):
    return Block(text=text, **kw)


def test_passages_are_exact_slices_with_offsets():
    blocks = [Block(text="Title", kind="heading", level=1)] + [_para(f"Paragraph {i}. " + "word " * 60) for i in range(8)]
    text, passages = chunk_blocks("doc", blocks, size=600, overlap=100)
    assert len(passages) > 1
    for p in passages:
        assert text[p.char_start:p.char_end] == p.text
        assert len(p.text) <= 600 + 100 + 10
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    assert passages[0].id == "doc:0000"


def test_heading_starts_a_new_passage_and_sets_heading_path():
    blocks = [
        Block(text="Funding", kind="heading", level=2),
        _para("Money flows through the High Needs Block."),
        Block(text="Issues", kind="heading", level=3),
        _para("Distribution is unfair."),
        Block(text="Support", kind="heading", level=2),
        _para("Experts at Hand."),
    ]
    _, passages = chunk_blocks("d", blocks, size=1000)
    assert [p.heading_path for p in passages] == [["Funding"], ["Funding", "Issues"], ["Support"]]
    assert passages[1].text.startswith("Issues")


def test_long_paragraph_splits_at_sentence_ends_not_mid_sentence():
    sentences = [f"Sentence number {i} talks about inclusion bases and funding for schools." for i in range(40)]
    _, passages = chunk_blocks("d", [_para(" ".join(sentences))], size=500, overlap=120)
    assert len(passages) >= 5
    for p in passages:
        assert p.text.startswith("Sentence number")
        assert p.text.endswith(".")


def test_overlap_repeats_whole_sentences_within_a_section():
    sentences = [f"Point {i} is made here in full." for i in range(60)]
    _, passages = chunk_blocks("d", [_para(" ".join(sentences))], size=300, overlap=80)
    first_last_sentence = passages[0].text.rsplit(". ", 1)[-1]
    assert first_last_sentence.rstrip(".") in passages[1].text


def test_no_overlap_across_headings():
    blocks = [Block(text="A", kind="heading", level=2), _para("Alpha text."), Block(text="B", kind="heading", level=2), _para("Beta text.")]
    _, passages = chunk_blocks("d", blocks, size=1000, overlap=200)
    assert "Alpha" not in passages[1].text


def test_pages_and_paragraph_numbers_carried():
    blocks = [
        _para("4.11 First numbered paragraph.", page=3, paragraph="4.11"),
        _para("4.12 Second numbered paragraph.", page=4, paragraph="4.12"),
    ]
    _, passages = chunk_blocks("d", blocks)
    assert (passages[0].page_start, passages[0].page_end) == (3, 4)
    assert passages[0].paragraph == "4.11-4.12"
    assert passages[0].page_label == "pp. 3-4"


def test_sentence_splitter_respects_abbreviations_and_money():
    text = "Funding of £1.6 billion is planned, e.g. for bases. See p. 105 for detail. A new point follows."
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Funding of £1.6 billion is planned, e.g. for bases.", "See p. 105 for detail.", "A new point follows."]


def test_single_giant_word_run_is_hard_split():
    _, passages = chunk_blocks("d", [_para("x" * 2500)], size=1000, overlap=0)
    assert sum(len(p.text) for p in passages) == 2500
    assert all(len(p.text) <= 1000 for p in passages)


def test_deterministic():
    blocks = [_para("Same text. " * 200)]
    assert chunk_blocks("d", blocks) == chunk_blocks("d", blocks)
