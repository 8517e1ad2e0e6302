"""SQLAlchemy models: the project database, one class a table."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, str: String(255)}


class Setting(Base):
    """Project-wide values: the project name, the schema TOML, the annotator version that made it."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(unique=True)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    length: Mapped[int]  # len(text) in code points, so lists never load the text
    language: Mapped[str] = mapped_column(String(16), index=True)
    source: Mapped[str] = mapped_column(default="")
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created: Mapped[datetime] = mapped_column(default=utcnow)


class Annotator(Base):
    __tablename__ = "annotators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    role: Mapped[str] = mapped_column(String(16), default="annotator")
    created: Mapped[datetime] = mapped_column(default=utcnow)


class _SpanColumns:
    """Columns shared by annotators' spans and gold spans."""

    id: Mapped[int] = mapped_column(primary_key=True)
    layer: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(64))
    start: Mapped[int]
    end: Mapped[int]
    attrs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @declared_attr
    def document_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))

    @declared_attr
    def annotator_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("annotators.id", ondelete="RESTRICT"))


class Span(_SpanColumns, Base):
    """A span by one annotator. ``annotator_id`` is whose it is."""

    __tablename__ = "spans"
    __table_args__ = (Index("ix_spans_doc_annotator_layer", "document_id", "annotator_id", "layer"),
                      Index("ix_spans_annotator_layer_label", "annotator_id", "layer", "label"),
                      Index("ix_spans_layer_id", "layer", "id"),  # the names snapping knows, newest first
                      {"sqlite_autoincrement": True})  # ids are never reused, so undo can restore one


class GoldSpan(_SpanColumns, Base):
    """An adjudicated span. ``annotator_id`` is the reviewer who adjudicated it."""

    __tablename__ = "gold_spans"
    __table_args__ = (Index("ix_gold_spans_doc_layer", "document_id", "layer"), {"sqlite_autoincrement": True})


class _DocLabelColumns:
    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(default="")  # "" for a task without targets
    label: Mapped[str] = mapped_column(String(64))
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @declared_attr
    def document_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))

    @declared_attr
    def annotator_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("annotators.id", ondelete="RESTRICT"))


class DocLabel(_DocLabelColumns, Base):
    __tablename__ = "doc_labels"
    __table_args__ = (UniqueConstraint("document_id", "annotator_id", "task", "target", name="uq_doc_labels"),
                      Index("ix_doc_labels_annotator_task", "annotator_id", "task"))


class GoldDocLabel(_DocLabelColumns, Base):
    __tablename__ = "gold_doc_labels"
    __table_args__ = (UniqueConstraint("document_id", "task", "target", name="uq_gold_doc_labels"),)


class DocStatus(Base):
    """One annotator's progress on one document. No row means 'todo'."""

    __tablename__ = "doc_status"
    __table_args__ = (Index("ix_doc_status_annotator_status", "annotator_id", "status", "document_id"),)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="RESTRICT"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Adjudication(Base):
    """A document a reviewer has finished adjudicating: its gold annotations are final."""

    __tablename__ = "adjudications"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="RESTRICT"))
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Assignment(Base):
    """A document in an annotator's queue (``annotator assign``); a queue is in import order."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_annotator_document", "annotator_id", "document_id"),)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="RESTRICT"), primary_key=True)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    rank: Mapped[int | None] = mapped_column(default=None)  # the order an assignment asked for (active learning)


class Suggestion(Base):
    """A span the program proposes to one annotator (propagation, a gazetteer, boilerplate detection).

    Not an annotation: never exported nor counted until accepted, when it becomes a span and this
    row goes. A rejected suggestion stays, marked, so that running the same search again does not
    bring it back. ``key`` groups the same text across documents, for "accept everywhere"."""

    __tablename__ = "suggestions"
    __table_args__ = (UniqueConstraint("annotator_id", "document_id", "layer", "label", "start", "end",
                                       name="uq_suggestions_place"),
                      Index("ix_suggestions_annotator_document", "annotator_id", "document_id", "state"),
                      Index("ix_suggestions_annotator_key", "annotator_id", "key"),
                      Index("ix_suggestions_layer_id", "layer", "id"),
                      {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="RESTRICT"))
    layer: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(64))
    start: Mapped[int]
    end: Mapped[int]
    attrs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source: Mapped[str] = mapped_column(String(32))  # propagation, gazetteer, recurring, marked, classifier
    reason: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(64))  # SHA-1 of the text in its loosest matching form
    state: Mapped[str] = mapped_column(String(16), default="open")  # open or rejected
    created: Mapped[datetime] = mapped_column(default=utcnow)


class DocSuggestion(Base):
    """What one annotator decided about a document label the model suggested (``store.doc_suggestions``).

    The suggestions themselves are made afresh from the model in use whenever a document opens, so only
    decisions are kept: "rejected" (not made again for this document, target and label), "accepted" (the
    label became the annotator's, through the usual document label, in the same transaction), or "open"
    (a decision undone). Never exported nor counted in agreement: those read ``doc_labels``."""

    __tablename__ = "doc_suggestions"
    __table_args__ = (UniqueConstraint("annotator_id", "document_id", "task", "target", "label",
                                       name="uq_doc_suggestions_place"),
                      {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="RESTRICT"))
    task: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(default="")  # "" for a task without targets
    label: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)       # the model's probability when it was decided
    model_id: Mapped[int | None] = mapped_column(default=None)  # the model that suggested it (models.id)
    state: Mapped[str] = mapped_column(String(16))    # rejected, accepted, or open (a decision undone)
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TrainedModel(Base):
    """A model of the project: the entity recommender of a layer (kind "crf", or "onnx": a model on disk the
    project was given, its data a description of the folder), the boilerplate line classifier (kind
    "lines", on the boilerplate layer), the document-label model (kind "stance", with the task's name in
    ``layer``): its bytes and what it was trained on and scored. Never changed once stored; the newest of a
    layer among the kinds a reader takes is the one in use, so every annotator of a team uses the same
    model and a restart loses nothing."""

    __tablename__ = "models"
    __table_args__ = (Index("ix_models_layer", "layer", "id"), {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(primary_key=True)
    layer: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))        # what learner made it ("crf", "stance")
    version: Mapped[str] = mapped_column(String(64))     # the learner's format: a newer build retrains
    trained_by: Mapped[str] = mapped_column(String(255))  # who asked for the training
    documents: Mapped[int]                               # done documents it was trained on
    held_out: Mapped[int]                                # done documents kept out to score it
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)  # per-label figures, learning curve, timing
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created: Mapped[datetime] = mapped_column(default=utcnow)
