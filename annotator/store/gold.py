"""The Project API on adjudication: gold spans and labels, and which documents are adjudicated."""

from __future__ import annotations

from sqlalchemy import func, select

from annotator.core.errors import ProjectError
from annotator.store import deleting
from annotator.store.base import ProjectBase, _retry_when_busy
from annotator.store.models import Adjudication, DocStatus, Span
from annotator.store.values import AnnotatorId, DocLabelView, DocumentId, SpanId, SpanView


class GoldMixin(ProjectBase):
    # -- adjudication (gold) -------------------------------------------------------------------

    def take_into_gold(self, span_id: SpanId, reviewer_id: AnnotatorId) -> SpanView:
        """Copy an annotator's span into gold, as ``reviewer_id``'s decision; the annotator's span stays as it is."""
        with self._session() as s:
            row = s.get(Span, span_id)
            if row is None:
                raise ProjectError(f"no span {span_id}")
            source = (DocumentId(row.document_id), row.layer, row.label, row.start, row.end, dict(row.attrs))
        doc_id, layer, label, start, end, attrs = source
        return self.add_span(doc_id, reviewer_id, layer, label, start, end, attrs, gold=True)

    def take_label_into_gold(self, doc_id: DocumentId, annotator_id: AnnotatorId, task: str, target: str | None,
                             reviewer_id: AnnotatorId) -> DocLabelView:
        """Make an annotator's document label the gold one (replacing any gold label for that task and target)."""
        mine = [d for d in self.doc_labels(doc_id, annotator_id) if (d.task, d.target) == (task, target or "")]
        if not mine:
            raise ProjectError(f"annotator {annotator_id} has no label for {task} {target or ''} on document {doc_id}")
        return self.set_doc_label(doc_id, reviewer_id, task, target, mine[0].label, gold=True)

    @_retry_when_busy
    def set_adjudicated(self, doc_id: DocumentId, reviewer_id: AnnotatorId, adjudicated: bool = True) -> None:
        with self._session() as s:
            self._require_document(s.connection(), doc_id)
            row = s.get(Adjudication, doc_id)
            if adjudicated and row is None:
                s.add(Adjudication(document_id=doc_id, reviewer_id=reviewer_id))
            elif adjudicated and row is not None:
                row.reviewer_id = reviewer_id
            elif row is not None:
                deleting.adjudication(s.connection(), doc_id)

    def is_adjudicated(self, doc_id: DocumentId) -> bool:
        with self._session() as s:
            return s.get(Adjudication, doc_id) is not None

    def adjudicated_documents(self) -> set[DocumentId]:
        """Every adjudicated document, in one read (the review queue marks them)."""
        with self._core() as conn:
            return {DocumentId(i) for i in conn.execute(select(Adjudication.document_id)).scalars()}

    def adjudication_progress(self) -> tuple[int, int]:
        """(documents adjudicated, documents that two or more annotators marked done)."""
        with self._session() as s:
            adjudicated = int(s.scalar(select(func.count(Adjudication.document_id))) or 0)
            twice = select(DocStatus.document_id).where(DocStatus.status == "done").group_by(
                DocStatus.document_id).having(func.count() >= 2).subquery()
            candidates = int(s.scalar(select(func.count()).select_from(twice)) or 0)
        return adjudicated, candidates
