"""Frozen values the Project API hands out; no live ORM object ever leaves the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, NamedTuple, NewType

DocumentId = NewType("DocumentId", int)
AnnotatorId = NewType("AnnotatorId", int)
SpanId = NewType("SpanId", int)

ROLES = ("annotator", "reviewer", "lead")


@dataclass(frozen=True)
class AnnotatorInfo:
    id: AnnotatorId
    name: str
    role: str


@dataclass(frozen=True)
class DocumentSummary:
    """A row of the document list: everything but the text."""

    id: DocumentId
    external_id: str
    language: str
    length: int
    source: str
    status: str | None  # the filter's annotator's status; None when no annotator was asked


@dataclass(frozen=True)
class DocumentView:
    id: DocumentId
    external_id: str
    text: str
    sha256: str
    language: str
    source: str
    meta: dict[str, Any]
    created: datetime


class SpanView(NamedTuple):
    """A span. A named tuple, not a dataclass: documents hold thousands and they are made on every open."""

    id: SpanId
    document_id: DocumentId
    annotator_id: AnnotatorId  # for gold spans: the reviewer who adjudicated
    layer: str
    label: str
    start: int
    end: int
    attrs: dict[str, Any]
    gold: bool = False


@dataclass(frozen=True)
class DocLabelView:
    document_id: DocumentId
    annotator_id: AnnotatorId
    task: str
    target: str
    label: str
    gold: bool = False


@dataclass(frozen=True)
class DocumentWork:
    """A document as one annotator opens it: the text, their spans (in text order), labels and status."""

    document: DocumentView
    spans: list[SpanView]
    labels: list[DocLabelView]
    status: str


@dataclass(frozen=True)
class DocFilter:
    """Which documents a list shows. ``status`` needs ``annotator``; 'todo' includes never-touched."""

    annotator: AnnotatorId | None = None
    status: str | None = None
    language: str | None = None
    search: str | None = None
    assigned: bool = False  # only the annotator's queue (``annotator assign``); needs ``annotator``


@dataclass(frozen=True)
class Progress:
    annotator: str
    role: str
    counts: dict[str, int]  # status -> documents; 'todo' counts documents never touched
    seconds: float
    assigned: int = 0  # documents in their queue

    @property
    def per_hour(self) -> float | None:
        """Documents done per hour of recorded time; None before any time was recorded."""
        return self.counts.get("done", 0) / (self.seconds / 3600) if self.seconds >= 60 else None


@dataclass(frozen=True)
class ProjectStats:
    documents: int
    languages: dict[str, int]
    annotators: int
    spans: dict[str, dict[str, int]]  # layer -> label -> count (annotators' spans)
    doc_labels: dict[str, dict[str, int]]  # "task/target" -> label -> count
    gold_spans: int
    progress: list[Progress] = field(default_factory=list)


class Outcome(Enum):
    IMPORTED = "imported"
    UNCHANGED = "unchanged"  # everything in the record was already stored


class SuggestionView(NamedTuple):
    """A suggested span, waiting for its annotator to accept (it becomes a span) or reject it."""

    id: int
    document_id: DocumentId
    annotator_id: AnnotatorId
    layer: str
    label: str
    start: int
    end: int
    attrs: dict[str, Any]
    source: str  # propagation, gazetteer, recurring, marked, classifier
    reason: str
    key: str
    state: str = "open"


class NewSuggestion(NamedTuple):
    """A suggestion to store (``Project.add_suggestions``); ``text`` is what the span holds."""

    document_id: DocumentId
    layer: str
    label: str
    start: int
    end: int
    text: str
    source: str
    reason: str
    attrs: dict[str, Any] = {}


class DocSuggestionView(NamedTuple):
    """A document label the model suggests to an annotator (task, target, label, with its probability),
    and, once they decided, what: "rejected", "accepted", or "open" (not decided, or a decision undone)."""

    document_id: DocumentId
    annotator_id: AnnotatorId
    task: str
    target: str
    label: str
    score: float
    model_id: int | None = None
    state: str = "open"


@dataclass(frozen=True)
class SuggestOutcome:
    """What a propagation or gazetteer run did: suggestions made, in how many documents, and how many
    places were left out because a span (or a rejected suggestion) is already there."""

    added: int
    documents: int
    skipped: int
    searched: int  # documents whose text was read (the index's candidates)
