"""Questions stored with their document, blocks rebuilt from stored passages, and the scoring
of the `questions` evaluation (all without a model or a vector store)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.consultation.models import ConsultationQuestion
from assistant.consultation.repository import QuestionRepository
from assistant.consultation.service import content_sha256
from assistant.consultation.stored import BLOCK_SEPARATOR, blocks_from_passages
from assistant.evals.tasks.questions import match, metrics, score_document
from assistant.evals.stats import figure
from assistant.ingest.chunking import BLOCK_SEPARATOR as CHUNK_SEPARATOR, chunk_blocks
from assistant.ingest.pipeline import content_id
from assistant.models import Block, Document
from assistant.store.catalog import Catalog


def _blocks() -> list[Block]:
    body = "The government will publish guidance. " * 12
    return [
        Block(text="Consultation on travel", kind="heading", level=1, page=1),
        Block(text="1. Eligibility", kind="heading", level=2, page=1),
        Block(text="1.1 " + body.strip(), page=1, paragraph="1.1"),
        Block(text="Question 1: Should the walking distances stay as they are?", page=2),
        Block(text="Yes / No / Not sure", page=2),
        Block(text="2. Training", kind="heading", level=2, page=3),
        Block(text="2.1 " + body.strip(), page=3, paragraph="2.1"),
        Block(text="Q2. Please tell us about any risks to safety.", page=4),
    ]


def test_blocks_come_back_from_passages_with_headings_and_pages():
    assert BLOCK_SEPARATOR == CHUNK_SEPARATOR
    blocks = _blocks()
    for size, overlap in ((1000, 150), (120, 40)):
        _, passages = chunk_blocks("doc", blocks, size, overlap)
        rebuilt = blocks_from_passages(passages)
        assert [b.text for b in rebuilt] == [b.text for b in blocks]
        assert [b.kind == "heading" for b in rebuilt] == [b.kind == "heading" for b in blocks]
        pages = [(b.page, r.page) for b, r in zip(blocks, rebuilt)]
        # Exact where a passage tells it; in the middle of a passage across a page break the page
        # before: never missing, never later than the truth.
        assert all(got is not None and got <= true for true, got in pages)
        assert pages[-1] == (4, 4) and pages[2] == (1, 1) and pages[4] == (2, 2)


def test_content_sha_is_the_catalogs():
    blocks = _blocks()
    text = BLOCK_SEPARATOR.join(b.text for b in blocks)
    assert content_sha256(blocks) == content_id(text)[1]


def _catalog_with(tmp_path, doc_id: str) -> Catalog:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    document = Document(id=doc_id, sha256="0" * 64, title="A consultation", kind="policy", source="/x.pdf",
                        date=date(2026, 12, 1))
    catalog.begin(document, [], [], [])
    catalog.complete(doc_id)
    return catalog


def test_questions_are_stored_with_their_document_and_go_with_it(tmp_path):
    catalog = _catalog_with(tmp_path, "d1")
    repository = QuestionRepository(tmp_path / "catalog.sqlite")
    assert repository.get("d1") is None
    questions = [ConsultationQuestion(number="1", text="Should it stay?", format="yes_no", options=["Yes", "No"],
                                      chapter="1. Eligibility", page=2),
                 ConsultationQuestion(number="2a", text="Please tell us more.", chapter=None, page=None)]
    repository.put("d1", questions, "1", "file")
    assert repository.get("d1") == questions
    repository.put("d1", questions[:1], "1", "stored text")  # a refresh replaces
    assert repository.get("d1") == questions[:1]
    repository.put("d1", [], "1", "file")  # none found is remembered, not redone
    assert repository.get("d1") == []
    catalog.remove("d1")
    assert repository.get("d1") is None
    catalog.close()


def _q(number: str, text: str, fmt: str = "free_text", options: list[str] | None = None) -> ConsultationQuestion:
    return ConsultationQuestion(number=number, text=text, format=fmt, options=options or [])


def test_scoring_counts_found_invented_duplicates_and_formats():
    gold = [_q("1", "Do you agree with the duty? Please explain your answer.", "yes_no", ["Yes", "No"]),
            _q("2", "How should bases be funded?"), _q("3", "Is there anything else?")]
    found = [_q("1", "Do you agree with the duty?", "choice", ["Yes", "No", "Maybe"]),
             _q("2", "How should bases be funded?"),
             _q("2", "How should bases be funded?"),  # counted twice
             _q("4", "Read the chapters that matter to you.")]  # invented
    assert match(gold, found) == [(0, False), (1, False), (1, True), (None, False)]
    items = score_document("doc.pdf", gold, found)
    overall, by_document = metrics({}, items)
    values = {name: figure(items, m).value for name, m in overall.items()}
    assert values["recall"] == pytest.approx(2 / 3, abs=1e-3) and values["precision"] == 0.5
    assert values["duplicates"] == 1 and values["format_accuracy"] == 0.5 and values["page_accuracy"] is None
    assert set(by_document) == {"doc.pdf"}
