"""The one way in to an ingested consultation's questions, for the CLI and the workspace.

The first request extracts the questions and stores them with the document; every later one
reads them. The document's blocks come from its file when that file still reads to the same
content (exact pages and list structure), else from its stored passages (stored.py). Reading a
file is the caller's to give (`read`, the ingest loaders), since this package sits beside
ingest and does not import it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from assistant.consultation.extract import VERSION, extract_questions
from assistant.consultation.models import ConsultationQuestion
from assistant.consultation.repository import QuestionRepository
from assistant.consultation.stored import blocks_from_passages
from assistant.errors import SendraftError
from assistant.models import Block, Document

ReadFile = Callable[[Path], list[Block]]


@dataclass
class Extraction:
    questions: list[ConsultationQuestion]
    document: Document
    source: str  # "file", "stored text" or "stored questions"


def content_sha256(blocks: list[Block]) -> str:
    """The sha256 the catalog records for a document read into these blocks: of its text with
    whitespace normalised (as ingest/pipeline.py's content_id computes it)."""
    return hashlib.sha256(" ".join(w for b in blocks for w in b.text.split()).encode("utf-8")).hexdigest()


def resolve_document(store, reference: str) -> Document:
    """An ingested document by its id or an unambiguous start of it."""
    ids = store.catalog.resolve(reference)
    if not ids:
        raise SendraftError(f"no ingested document has the id {reference!r} (see `sendraft docs list`)")
    if len(ids) > 1:
        raise SendraftError(f"{reference!r} is the start of {len(ids)} document ids; give more of it")
    return store.catalog.get(ids[0])


def document_blocks(store, document: Document, read: ReadFile | None) -> tuple[list[Block], str]:
    """The document's blocks and where they came from ("file" or "stored text")."""
    path = Path(document.source)
    if read is not None and path.is_file():
        try:
            blocks = read(path)
        except SendraftError:
            blocks = []
        if blocks and content_sha256(blocks) == document.sha256:
            return blocks, "file"
    passages = store.catalog.passages(document.id)
    if not passages:
        raise SendraftError(f"document {document.id} has no stored text")
    return blocks_from_passages(passages), "stored text"


def questions_for_document(store, reference: str, read: ReadFile | None = None, refresh: bool = False) -> Extraction:
    """The stored questions of an ingested document, extracted and stored the first time
    (or again with `refresh`)."""
    document = resolve_document(store, reference)
    repository = QuestionRepository(store.settings.catalog_path)
    stored = None if refresh else repository.get(document.id)
    if stored is not None:
        return Extraction(stored, document, "stored questions")
    blocks, source = document_blocks(store, document, read)
    questions = extract_questions(blocks)
    repository.put(document.id, questions, VERSION, source)
    return Extraction(questions, document, source)
