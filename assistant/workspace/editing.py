"""Citations of an edited or human bullet, verified as the drafts' are: the quote must be in
the passage and the passage must support the new text. Nothing unverified is marked supported."""

from __future__ import annotations

from assistant.errors import SendraftError
from assistant.generation.structured import CallStats
from assistant.generation.verify import check_support
from assistant.models import Citation
from assistant.store import Store


def cite(store: Store, passage_id: str, quote: str) -> Citation:
    """An unverified citation of a passage in the corpus."""
    passage = store.catalog.passages_by_id([passage_id]).get(passage_id)
    if passage is None:
        raise SendraftError(f"no passage {passage_id!r} in the corpus (was its document removed?)")
    document = store.catalog.get(passage.document_id)
    quote = " ".join(quote.split())
    if not quote:
        raise SendraftError("a citation needs a quote from the passage")
    return Citation(passage_id=passage.id, document_id=passage.document_id, title=document.title if document else passage.document_id,
                    page=passage.page_start, paragraph=passage.paragraph, quote=quote, origin="model")


def reverify(store: Store, judge, text: str, citations: list[Citation]) -> list[Citation]:
    """Each citation checked against the new text (quote found, then the verifier)."""
    passages = store.catalog.passages_by_id([c.passage_id for c in citations])
    checked, stats = [], CallStats()
    for c in citations:
        passage = passages.get(c.passage_id)
        if passage is None:
            checked.append(c.model_copy(update={"quote_found": False, "verdict": "quote_not_found"}))
            continue
        found, verdict = check_support(judge, text, c.quote, passage.text, stats)
        checked.append(c.model_copy(update={"quote_found": found, "verdict": verdict}))
    return checked
