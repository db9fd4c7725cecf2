"""The nouns of the product: blocks of loaded text, documents, passages and positions."""

from __future__ import annotations

from datetime import date as Date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DocumentKind = Literal["policy", "response", "evidence"]
DOCUMENT_KINDS: tuple[str, ...] = ("policy", "response", "evidence")
BlockKind = Literal["heading", "paragraph", "list_item"]
Emphasis = Literal["bold", "italic"]


class Block(BaseModel):
    """One structural unit a loader found: a heading, a paragraph or a list item."""

    model_config = ConfigDict(frozen=True)

    text: str
    kind: BlockKind = "paragraph"
    level: int = Field(0, ge=0, description="Heading level (1 = top) or list nesting depth (0 = top).")
    page: int | None = Field(None, ge=1)
    paragraph: str | None = Field(None, description="Numbered paragraph such as '4.12'.")
    emphasis: Emphasis | None = Field(None, description="Set when the whole block is bold or italic.")


class LoadedDocument(BaseModel):
    """A file read into blocks, before any metadata or chunking."""

    blocks: list[Block]
    n_pages: int | None = None
    title_hint: str | None = None


class DocumentMeta(BaseModel):
    """What the user (flags or manifest) says about a document."""

    title: str | None = None
    kind: DocumentKind = "evidence"
    publisher: str | None = None
    date: Date | None = None
    source: str | None = Field(None, description="Original URL, when the file came from one.")


class Document(BaseModel):
    """A stored document; its id is derived from its normalised content."""

    id: str
    sha256: str
    title: str
    kind: DocumentKind
    publisher: str | None = None
    date: Date | None = None
    source: str = Field(description="Path of the ingested file.")
    url: str | None = None
    n_pages: int | None = None
    n_chars: int = 0
    passage_count: int = 0
    position_count: int = 0


class Passage(BaseModel):
    """A citable slice of a document: text == document_text[char_start:char_end]."""

    id: str
    document_id: str
    ordinal: int
    text: str
    page_start: int | None = None
    page_end: int | None = None
    heading_path: list[str] = Field(default_factory=list)
    paragraph: str | None = None
    char_start: int
    char_end: int

    @property
    def page_label(self) -> str | None:
        if self.page_start is None:
            return None
        if self.page_end in (None, self.page_start):
            return f"p. {self.page_start}"
        return f"pp. {self.page_start}-{self.page_end}"


SectionId = Literal["positives", "issues", "ways_forward"]


class Position(BaseModel):
    """One bullet of a past forum response: area x section x text, with its context."""

    id: str
    document_id: str
    ordinal: int
    area_id: str
    section: SectionId
    text: str
    subheading: str | None = None
    parent: str | None = Field(None, description="Text of the bullet this one is nested under.")


class SearchFilters(BaseModel):
    """Which documents a search may draw on; every filter given must hold."""

    kinds: list[DocumentKind] | None = None
    document_ids: list[str] | None = None
    date_from: Date | None = None
    date_to: Date | None = None

    def active(self) -> bool:
        return any(v for v in (self.kinds, self.document_ids, self.date_from, self.date_to))


class SearchHit(BaseModel):
    """A passage returned by search, with what a person needs to check the citation."""

    id: str
    text: str
    document_id: str
    title: str
    kind: DocumentKind
    page: int | None
    page_end: int | None = None
    paragraph: str | None
    heading_path: list[str] = Field(default_factory=list)
    score: float
    area_scores: dict[str, float] = Field(default_factory=dict, description="Similarity of the passage to each area.")


# --- drafts ------------------------------------------------------------------------------

Verdict = Literal["supported", "not_supported", "quote_not_found", "unverified"]


class Citation(BaseModel):
    """A bullet's claim on a passage, checkable by a person: document, page or paragraph, quote."""

    passage_id: str
    document_id: str
    title: str
    page: int | None = None
    paragraph: str | None = None
    quote: str
    quote_found: bool = False
    verdict: Verdict = "unverified"
    origin: Literal["model", "matched"] = Field(
        "model", description="'matched': added by code because the bullet's own words stand in this passage."
    )

    @property
    def supported(self) -> bool:
        return self.verdict == "supported"


class PastPositionRef(BaseModel):
    """The forum's closest earlier position, for editors to see consistency or change."""

    text: str
    section: SectionId
    title: str
    date: str | None
    score: float


class Ground(BaseModel):
    """What a judgement rests on besides the forum's values: its own earlier position, or another
    organisation's evidence. Shown as such; it is never the forum's judgement itself."""

    kind: Literal["forum", "evidence"]
    text: str
    title: str
    date: str | None = None
    passage_id: str | None = None


BulletStatus = Literal["drafted", "accepted", "edited", "human", "rejected"]
AreaStatus = Literal["drafted", "in_review", "done"]


class Bullet(BaseModel):
    text: str
    citations: list[Citation] = Field(default_factory=list)
    closest_position: PastPositionRef | None = None
    stance: Literal["welcome", "concern", "neutral"] | None = Field(
        None, description="How the point reads (Positives and Issues only): 'neutral' states a fact but no view."
    )
    kind: Literal["point", "recommendation"] = Field(
        "point", description="'point': rests on a fact of the policy; 'recommendation': a Way forward, the forum's own proposal."
    )
    kernel: str | None = Field(None, description="The fact the point is about, as the policy states it (the cited sentence).")
    judgement: str | None = Field(None, description="The forum's view of the fact and why: a judgement, shown as such.")
    grounds: list[Ground] = Field(default_factory=list)
    answers: str | None = Field(None, description="For a recommendation: the Issue it answers.")
    past: PastPositionRef | None = Field(None, description="A past recommendation of the forum's that this one restates.")
    # What editors made of it (the workspace): the model's bullets start as "drafted".
    id: str | None = Field(None, description="Stable id within a response (given by the workspace).")
    status: BulletStatus = "drafted"
    rev: int = Field(0, ge=0, description="Bumped on every change, so two editors' changes to one bullet conflict.")
    note: str | None = Field(None, description="An editor's note; exported only when asked.")

    @property
    def kept(self) -> bool:
        """In the response (exports, coverage): anything but a rejected bullet."""
        return self.status != "rejected"

    @property
    def needs_evidence(self) -> bool:
        """A point whose fact has no verified citation. A recommendation is the forum's own
        judgement: it needs an Issue it answers (or a past position), never a quote."""
        if self.kind == "recommendation":
            return False
        return not any(c.supported for c in self.citations)


class AreaDraft(BaseModel):
    area_id: str
    title: str
    positives: list[Bullet] = Field(default_factory=list)
    issues: list[Bullet] = Field(default_factory=list)
    ways_forward: list[Bullet] = Field(default_factory=list)
    passages_used: list[str] = Field(default_factory=list)
    model: str
    prompt_version: str
    judge_prompt_version: str | None = None
    stance_prompt_version: str | None = None
    seconds: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    dropped: list[str] = Field(default_factory=list, description="What post-processing removed, and why.")
    # The editors' settings for the area (the workspace).
    status: AreaStatus = "drafted"
    pinned: list[str] = Field(default_factory=list, description="Passage ids a regeneration must use.")
    excluded: list[str] = Field(default_factory=list, description="Passage ids a regeneration must not use.")
    focus: str | None = None

    def sections(self) -> dict[str, list[Bullet]]:
        return {"positives": self.positives, "issues": self.issues, "ways_forward": self.ways_forward}

    def kept_sections(self) -> dict[str, list[Bullet]]:
        """The sections as exported: rejected bullets left out."""
        return {name: [b for b in bullets if b.kept] for name, bullets in self.sections().items()}


# --- answers to a consultation's questions -------------------------------------------------

AnswerStatus = Literal["drafted", "accepted", "edited", "no_position"]


class AnswerSentence(BaseModel):
    """One sentence of a drafted answer: a point's own text (at most a joining word before it),
    so every sentence traces to a point of the response and carries that point's citations."""

    text: str
    point_id: str
    citations: list[Citation] = Field(default_factory=list)


class QuestionAnswer(BaseModel):
    """The response's answer to one numbered question of a consultation."""

    id: str = Field(description="'q1', 'q2', ...: the question's place in the consultation.")
    number: str
    question: str
    format: str = "free_text"
    options: list[str] = Field(default_factory=list)
    chapter: str | None = None
    areas: list[str] = Field(default_factory=list, description="Framework areas the question bears on, closest first.")
    bearing: list[str] = Field(default_factory=list, description="Ids of every point that bears on the question.")
    point_ids: list[str] = Field(default_factory=list, description="The points the answer draws on, in its order.")
    stance: str | None = Field(None, description="One of the options; None: no position yet (or free text).")
    sentences: list[AnswerSentence] = Field(default_factory=list, description="The drafted answer; empty once edited.")
    text: str = ""
    reason: str | None = Field(None, description="Why there is no position yet, for the editors.")
    status: AnswerStatus = "drafted"
    rev: int = Field(0, ge=0, description="Bumped on every change, so two editors' changes to one answer conflict.")


class ConsultationAnswers(BaseModel):
    """A response's answers to one consultation, question by question, in the document's order."""

    document_id: str
    title: str
    answered_at: str
    rules_version: str
    prompt_version: str | None = Field(None, description="Of the prompt that chose among options, when a model did.")
    model: str | None = None
    embedding_model: str = ""
    seconds: float = 0.0
    answers: list[QuestionAnswer] = Field(default_factory=list)


class ResponseDraft(BaseModel):
    title: str
    created_at: str
    areas: list[AreaDraft]
    corpus: dict[str, str] = Field(default_factory=dict, description="Document id -> sha256 at drafting time.")
    settings: dict = Field(default_factory=dict)
    seconds: float = 0.0
    based_on: str | None = Field(None, description="The saved draft this one revises (one area redrafted), if any.")
    consultation: ConsultationAnswers | None = Field(None, description="Answers to a consultation's questions, if drafted.")
