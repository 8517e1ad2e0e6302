"""The Project API on an annotator's work: spans (with their checks), document labels and statuses."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from annotator.core.errors import ProjectError
from annotator.core.offsets import splits_cluster
from annotator.core.records import STATUSES
from annotator.store import deleting
from annotator.store.base import (
    _ADJUDICATED,
    _ANNOTATOR_EXISTS,
    _GOLD_LABELS,
    _MY_LABELS,
    _MY_STATUS,
    ProjectBase,
    _doc_label,
    _retry_when_busy,
    _span,
    _span_rows,
    _statements,
)
from annotator.store.models import DocLabel, DocStatus, Document, GoldDocLabel, GoldSpan, Span, utcnow
from annotator.store.values import AnnotatorId, DocLabelView, DocumentId, DocumentView, DocumentWork, SpanId, SpanView


def _dialect_insert(conn: Connection) -> Any:
    """``INSERT … ON CONFLICT`` as the back end spells it (SQLite and PostgreSQL both have it)."""
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


class AnnotationsMixin(ProjectBase):
    # -- spans -----------------------------------------------------------------------------

    @_retry_when_busy
    def add_span(self, doc_id: DocumentId, annotator_id: AnnotatorId, layer: str, label: str, start: int, end: int,
                 attrs: dict[str, Any] | None = None, *, gold: bool = False) -> SpanView:
        # Core statements, not ORM objects: this runs on every key press in the app.
        attrs = dict(attrs or {})
        with self._core(serializable=True) as conn:
            text = self._doc_text(conn, doc_id)
            self._check_span(conn, doc_id, text, annotator_id, layer, label, start, end, attrs, gold, None)
            span_id = self._insert_span(conn, None, doc_id, annotator_id, layer, label, start, end, attrs, gold)
            self._schema_still(conn)
        return SpanView(span_id, doc_id, annotator_id, layer, label, start, end, attrs, gold)

    @_retry_when_busy
    def restore_span(self, span: SpanView) -> SpanView:
        """Put back a deleted span with its id (for undo); it is checked like a new one."""
        attrs = dict(span.attrs)
        with self._core(serializable=True) as conn:
            text = self._doc_text(conn, span.document_id)
            if conn.execute(_statements(span.gold).exists, {"id": span.id}).first() is not None:
                raise ProjectError(f"span {span.id} exists already")
            self._check_span(conn, span.document_id, text, span.annotator_id, span.layer, span.label, span.start,
                             span.end, attrs, span.gold, None)
            self._insert_span(conn, span.id, span.document_id, span.annotator_id, span.layer, span.label, span.start,
                              span.end, attrs, span.gold)
            self._schema_still(conn)
        return span._replace(attrs=attrs)

    @staticmethod
    def _insert_span(conn: Connection, span_id: SpanId | None, doc_id: DocumentId, annotator_id: AnnotatorId,
                     layer: str, label: str, start: int, end: int, attrs: dict[str, Any], gold: bool) -> SpanId:
        values: dict[str, Any] = {"document_id": doc_id, "annotator_id": annotator_id, "layer": layer,
                                  "label": label, "start": start, "end": end, "attrs": attrs}
        if span_id is None:
            return SpanId(conn.execute(_statements(gold).insert, values).scalar_one())
        conn.execute(_statements(gold).insert_with_id, {**values, "id": span_id})
        return span_id

    @_retry_when_busy
    def update_span(self, span_id: SpanId, *, label: str | None = None, start: int | None = None,
                    end: int | None = None, attrs: dict[str, Any] | None = None, gold: bool = False) -> SpanView:
        model = GoldSpan if gold else Span
        with self._session(serializable=True) as s:
            row = s.get(model, span_id)
            if row is None:
                raise ProjectError(f"no span {span_id}")
            new_label = row.label if label is None else label
            new_start = row.start if start is None else start
            new_end = row.end if end is None else end
            new_attrs = dict(row.attrs if attrs is None else attrs)
            doc_id = DocumentId(row.document_id)
            conn = s.connection()
            self._check_span(conn, doc_id, self._doc_text(conn, doc_id), AnnotatorId(row.annotator_id), row.layer,
                             new_label, new_start, new_end,
                             new_attrs, gold, SpanId(row.id))
            row.label, row.start, row.end, row.attrs = new_label, new_start, new_end, new_attrs
            s.flush()
            self._schema_still(conn)
            return _span(row, gold)

    @_retry_when_busy
    def delete_span(self, span_id: SpanId, *, gold: bool = False) -> None:
        with self._core() as conn:
            if deleting.span(conn, span_id, gold) == 0:  # not there, or (PostgreSQL) not the caller's to delete
                raise ProjectError(f"no span {span_id}")

    def spans(self, doc_id: DocumentId, annotator_id: AnnotatorId | None = None, layer: str | None = None,
              *, gold: bool = False) -> list[SpanView]:
        with self._core() as conn:
            return _span_rows(conn, doc_id, annotator_id, layer, gold)

    def work(self, doc_id: DocumentId, annotator_id: AnnotatorId, *, gold: bool = False) -> DocumentWork:
        """Everything an annotator sees of a document (the text, their spans, labels and status), in one read.

        With ``gold``: the gold spans and labels instead, and the status is "adjudicated" or "todo"."""
        with self._core() as conn:
            row = conn.execute(select(Document).where(Document.id == doc_id)).first()
            if row is None:
                raise ProjectError(f"no document {doc_id}")
            document = DocumentView(DocumentId(row.id), row.external_id, row.text, row.sha256, row.language,
                                    row.source, dict(row.meta), row.created)
            spans = _span_rows(conn, doc_id, annotator_id, None, gold)
            if gold:
                labels = [DocLabelView(doc_id, AnnotatorId(a), task, target, label, True)
                          for a, task, target, label in _GOLD_LABELS.rows(conn, doc=doc_id)]
                status = "adjudicated" if _ADJUDICATED.rows(conn, doc=doc_id) else "todo"
            else:
                labels = [DocLabelView(doc_id, annotator_id, task, target, label, False)
                          for task, target, label in _MY_LABELS.rows(conn, doc=doc_id, annotator=annotator_id)]
                found = _MY_STATUS.rows(conn, doc=doc_id, annotator=annotator_id)
                status = found[0][0] if found else "todo"
        return DocumentWork(document, spans, labels, status)

    def statuses(self, doc_id: DocumentId) -> dict[AnnotatorId, str]:
        """Every annotator's status on a document, for those who have one (no entry means todo)."""
        with self._core() as conn:
            rows = conn.execute(select(DocStatus.annotator_id, DocStatus.status)
                                .where(DocStatus.document_id == doc_id)).all()
        return {AnnotatorId(a): st for a, st in rows}

    def _check_span(self, conn: Connection, doc_id: DocumentId, text: str, annotator_id: AnnotatorId, layer_name: str,
                    label: str, start: int, end: int, attrs: dict[str, Any], gold: bool,
                    span_id: SpanId | None) -> None:
        schema = self._current_schema(conn)
        layer = schema.layer(layer_name)
        if layer is None:
            raise ProjectError(f"unknown layer {layer_name!r} (not in the project's schema)")
        if layer.label(label) is None:
            raise ProjectError(f"unknown label {label!r} in layer {layer_name!r} (not in the project's schema)")
        if not 0 <= start < end <= len(text):
            raise ProjectError(f"span {start}-{end} is not inside the text ({len(text)} characters)")
        if splits_cluster(text, start, end):
            raise ProjectError(f"span {start}-{end} splits a character from its marks")
        targets = schema.targets_of(layer)
        if targets and attrs.get("target") not in targets:
            raise ProjectError(f"a {layer_name!r} span needs a target, one of {', '.join(targets)}")
        if conn.execute(_ANNOTATOR_EXISTS, {"id": annotator_id}).first() is None:
            raise ProjectError(f"no annotator {annotator_id}")
        if not layer.allow_overlap:
            # the check and the write act as one: SQLite's BEGIN IMMEDIATE, PostgreSQL's SERIALIZABLE
            params = {"doc": doc_id, "layer": layer_name, "start": start, "end": end,
                      "annotator": annotator_id, "span": -1 if span_id is None else span_id}
            other = conn.execute(_statements(gold).clash, params).first()
            if other is not None:
                raise ProjectError(f"span {start}-{end} overlaps {other[0]}-{other[1]} in layer {layer_name!r}, which does not allow overlaps")

    # -- document labels and status ----------------------------------------------------------

    @_retry_when_busy
    def set_doc_label(self, doc_id: DocumentId, annotator_id: AnnotatorId, task: str, target: str | None,
                      label: str, *, gold: bool = False) -> DocLabelView:
        target = target or ""
        model = GoldDocLabel if gold else DocLabel
        key = ["document_id", "task", "target"] if gold else ["document_id", "annotator_id", "task", "target"]
        with self._core() as conn:
            spec = self._current_schema(conn).task(task)
            if spec is None:
                raise ProjectError(f"unknown task {task!r} (not in the project's schema)")
            if (target not in spec.targets) if spec.targets else target:
                raise ProjectError(f"task {task!r} has no target {target!r}")
            if spec.label(label) is None:
                raise ProjectError(f"unknown label {label!r} for task {task!r} (not in the project's schema)")
            self._require_document(conn, doc_id)
            # one statement: two windows setting the same label at once never collide on the unique key
            table: Any = model.__table__
            upsert = _dialect_insert(conn)(table).values(document_id=doc_id, annotator_id=annotator_id, task=task,
                                                         target=target, label=label, updated=utcnow())
            upsert = upsert.on_conflict_do_update(index_elements=key, set_={
                "label": upsert.excluded.label, "annotator_id": upsert.excluded.annotator_id,
                "updated": upsert.excluded.updated})
            conn.execute(upsert)
            self._schema_still(conn)
        return DocLabelView(doc_id, annotator_id, task, target, label, gold)

    @_retry_when_busy
    def clear_doc_label(self, doc_id: DocumentId, annotator_id: AnnotatorId, task: str, target: str | None,
                        *, gold: bool = False) -> None:
        with self._core() as conn:
            deleting.doc_label(conn, doc_id, annotator_id, task, target or "", gold)

    def doc_labels(self, doc_id: DocumentId, annotator_id: AnnotatorId | None = None, *,
                   gold: bool = False) -> list[DocLabelView]:
        model = GoldDocLabel if gold else DocLabel
        query = select(model).where(model.document_id == doc_id)
        if annotator_id is not None and not gold:
            query = query.where(model.annotator_id == annotator_id)
        with self._session() as s:
            return [_doc_label(r, gold) for r in s.scalars(query.order_by(model.task, model.target))]

    @_retry_when_busy
    def set_status(self, doc_id: DocumentId, annotator_id: AnnotatorId, status: str, *, add_seconds: float = 0.0) -> None:
        if status not in STATUSES:
            raise ProjectError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
        with self._core() as conn:
            _write_status(conn, doc_id, annotator_id, status, add_seconds, change=("status", "seconds", "updated"))

    @_retry_when_busy
    def add_time(self, doc_id: DocumentId, annotator_id: AnnotatorId, seconds: float) -> None:
        """Add to an annotator's time on a document, leaving its status as it is (another window may have
        changed it since this one read it)."""
        with self._core() as conn:
            _write_status(conn, doc_id, annotator_id, "todo", seconds, change=("seconds",))

    @_retry_when_busy
    def start(self, doc_id: DocumentId, annotator_id: AnnotatorId) -> str:
        """The first action on a document: todo becomes in progress, and only todo (another window may have
        marked it done meanwhile: that stays). Returns the status the document has now."""
        with self._core() as conn:
            _write_status(conn, doc_id, annotator_id, "in_progress", 0.0, change=("status", "updated"), only_todo=True)
            found = conn.execute(select(DocStatus.status).where(DocStatus.document_id == doc_id,
                                                                DocStatus.annotator_id == annotator_id)).scalar()
        return str(found or "todo")

    def status(self, doc_id: DocumentId, annotator_id: AnnotatorId) -> str:
        with self._session() as s:
            row = s.get(DocStatus, (doc_id, annotator_id))
            return row.status if row else "todo"


def _write_status(conn: Connection, doc_id: DocumentId, annotator_id: AnnotatorId, status: str, seconds: float,
                  *, change: tuple[str, ...], only_todo: bool = False) -> None:
    """One statement, so a second window writing the same row at once adds to it and never collides: a new
    row gets ``status`` and ``seconds``; an existing one (only a todo one, with ``only_todo``) has the columns
    in ``change`` set (seconds are added to)."""
    ProjectBase._require_document(conn, doc_id)
    table: Any = DocStatus.__table__
    upsert = _dialect_insert(conn)(table).values(document_id=doc_id, annotator_id=annotator_id, status=status,
                                                 seconds=seconds, updated=utcnow())
    values = {"status": upsert.excluded.status, "seconds": table.c.seconds + upsert.excluded.seconds,
              "updated": upsert.excluded.updated}
    conn.execute(upsert.on_conflict_do_update(index_elements=["document_id", "annotator_id"],
                                              set_={c: values[c] for c in change},
                                              where=table.c.status == "todo" if only_todo else None))
