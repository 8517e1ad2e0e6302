"""The Project API on documents: the list and its filters, reading, importing, queues and assignment."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.orm import Session

from annotator.core.assignment import plan_assignment
from annotator.core.errors import ProjectError
from annotator.core.records import DocumentRecord
from annotator.store import exporting, ingest
from annotator.store.base import ProjectBase, _document, _retry_when_busy
from annotator.store.exporting import AgreementRows, DocumentExport, ExportQuery
from annotator.store.models import Annotator, Assignment, DocStatus, Document
from annotator.store.values import AnnotatorId, DocFilter, DocumentId, DocumentSummary, DocumentView, Outcome


class DocumentsMixin(ProjectBase):
    # -- documents -------------------------------------------------------------------------

    def count_documents(self, where: DocFilter = DocFilter()) -> int:
        with self._session() as s:
            return self._count(s, where)

    def _count(self, s: Session, where: DocFilter, before: DocumentId | None = None) -> int:
        """How many documents ``where`` lists (before ``before``, if given): exact, and read from indexes
        where it can be. A list of everything with my status counts the documents (or my queue) alone,
        and my todo list is that less the documents I gave another status, so a million documents are
        never joined one by one to the statuses (0.5 s at a million). ``count(*)``, not ``count(id)``: SQLite
        counts a whole table from its smallest index's pages without reading a row (4 ms, not 35, at a million)."""
        if where.annotator is None or where.search or where.status not in (None, "todo"):
            query = self._filtered(select(func.count()), where)
            return int(s.scalar(query if before is None else query.where(_order(where) < before)) or 0)
        if where.assigned:
            query = select(func.count()).select_from(Assignment).where(Assignment.annotator_id == where.annotator)
            if before is not None:
                query = query.where(Assignment.document_id < before)
            if where.language:
                query = query.join(Document, Document.id == Assignment.document_id).where(
                    Document.language == where.language)
        else:
            query = self._filtered(select(func.count()), DocFilter(language=where.language))
            if before is not None:  # on SQLite "+ 0" counts in an index, not across the texts' pages
                plain = Document.id + 0 if s.get_bind().dialect.name == "sqlite" else Document.id
                query = query.where(plain < before)
        listed = int(s.scalar(query) or 0)
        if where.status is None:  # one status row at most per document and annotator: the join adds no row
            return listed
        touched = (select(func.count()).select_from(DocStatus)
                   .where(DocStatus.annotator_id == where.annotator, DocStatus.status != "todo"))
        if before is not None:
            touched = touched.where(DocStatus.document_id < before)
        if where.assigned:
            touched = touched.join(Assignment, (Assignment.document_id == DocStatus.document_id)
                                   & (Assignment.annotator_id == where.annotator))
        if where.language:
            touched = touched.join(Document, Document.id == DocStatus.document_id).where(
                Document.language == where.language)
        return listed - int(s.scalar(touched) or 0)

    def documents(self, where: DocFilter = DocFilter(), *, offset: int = 0, limit: int = 100) -> list[DocumentSummary]:
        """One page of the document list, in import order; the texts stay in the database."""
        columns: list[Any] = [Document.id, Document.external_id, Document.language, Document.length, Document.source]
        status = func.coalesce(DocStatus.status, "todo") if where.annotator is not None else None
        if status is not None:
            columns.append(status)
        query = self._filtered(select(*columns), where)
        query = query.order_by(_order(where)).offset(offset).limit(limit)
        with self._session() as s:
            return [DocumentSummary(DocumentId(r[0]), r[1], r[2], r[3], r[4], r[5] if status is not None else None)
                    for r in s.execute(query)]

    def _filtered(self, query: Select[Any], where: DocFilter) -> Select[Any]:
        if where.status is not None and where.annotator is None:
            raise ProjectError("filtering by status needs an annotator")
        if where.annotator is not None and where.status not in (None, "todo"):
            # driven by the status index: only this annotator's rows with that status are read
            query = query.select_from(DocStatus).join(Document, Document.id == DocStatus.document_id).where(
                DocStatus.annotator_id == where.annotator, DocStatus.status == where.status)
        elif where.annotator is not None:
            query = query.select_from(Document).outerjoin(
                DocStatus, (DocStatus.document_id == Document.id) & (DocStatus.annotator_id == where.annotator))
            if where.status == "todo":
                query = query.where(func.coalesce(DocStatus.status, "todo") == "todo")
        else:
            query = query.select_from(Document)
        if where.assigned:
            if where.annotator is None:
                raise ProjectError("a queue needs an annotator")
            query = query.join(Assignment, (Assignment.document_id == Document.id)
                               & (Assignment.annotator_id == where.annotator))
        if where.language:
            query = query.where(Document.language == where.language)
        if where.search:
            pattern = "%" + where.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(Document.text.like(pattern, escape="\\") | Document.external_id.like(pattern, escape="\\"))
        return query

    def next_document(self, where: DocFilter, after: DocumentId | None = None) -> DocumentId | None:
        """The first document of the list ``where`` after ``after``, wrapping round to the start."""
        query = self._filtered(select(Document.id), where).order_by(_order(where)).limit(1)
        with self._session() as s:
            if after is not None:
                found = s.scalar(query.where(_order(where) > after))
                if found is not None:
                    return DocumentId(found)
            first = s.scalar(query)
            return DocumentId(first) if first is not None else None

    def document_row(self, where: DocFilter, doc_id: DocumentId) -> int:
        """How many documents of the list ``where`` come before ``doc_id`` (its row, if it is listed)."""
        with self._session() as s:
            return self._count(s, where, doc_id)

    def languages(self) -> list[str]:
        """The languages the documents are in, read from the language index by skipping from one language to
        the next (a recursive query), not by walking all its entries (0.12 s at a million documents)."""
        found = select(func.min(Document.language).label("language")).cte("found", recursive=True)
        following = select(func.min(Document.language)).where(Document.language > found.c.language).scalar_subquery()
        found = found.union_all(select(following).where(found.c.language.is_not(None)))
        with self._session() as s:
            return [lang for lang in s.scalars(select(found.c.language)) if lang is not None]

    def document(self, doc_id: DocumentId) -> DocumentView:
        with self._session() as s:
            return _document(self._doc(s, doc_id))

    def find_document(self, external_id: str) -> DocumentView | None:
        with self._session() as s:
            doc = s.scalars(select(Document).where(Document.external_id == external_id)).first()
            return _document(doc) if doc else None

    def export_batches(self, query: ExportQuery, size: int = 500) -> Iterator[list[DocumentExport]]:
        """Documents in id order with the annotation sets ``query`` asks for, ``size`` at a time."""
        return exporting.batches(self._session, query, size)

    def agreement_rows(self, annotators: Sequence[str], size: int = 20000, *,
                       finished: bool = False) -> Iterator[AgreementRows]:
        """The annotators' statuses, spans and labels as plain rows, ``size`` documents at a time (for agreement),
        over the documents they worked on (``finished``: marked done)."""
        return exporting.agreement_rows(self._session, annotators, self.schema, size, finished)

    def count_worked_on(self, annotators: Sequence[str], *, finished: bool = False) -> int:
        """How many documents the named annotators have a status, a span or a label on (``finished``: marked
        done): the documents ``agreement_rows`` reads, for agreement's progress."""
        with self._core() as conn:
            ids = [i for (i,) in conn.execute(select(Annotator.id).where(Annotator.name.in_(list(annotators))))]
            return int(conn.execute(select(func.count()).select_from(
                exporting.worked_on(ids or [-1], finished).subquery())).scalar() or 0)

    def excerpts(self, doc_ids: Sequence[int], length: int = 160) -> dict[int, tuple[str, str]]:
        """Document id -> (external id, its first ``length`` characters)."""
        with self._core() as conn:
            return exporting.excerpts(conn, doc_ids, length)

    def count_export(self, query: ExportQuery) -> int:
        with self._session() as s:
            return exporting.count(s, query)

    @_retry_when_busy
    def add_records(self, records: Sequence[DocumentRecord]) -> list[Outcome | str]:
        """Store a batch of validated records in one transaction: per record, an Outcome or the reason it was refused."""
        with self._session() as s:
            return ingest.add_records(s, records)

    # -- assignment --------------------------------------------------------------------------

    @_retry_when_busy
    def assign(self, annotators: Sequence[str], *, overlap: float = 0.0, seed: int = 0, copies: int = 2,
               language: str | None = None) -> dict[str, int]:
        """Put every document not yet in anyone's queue into one annotator's queue, and a share
        ``overlap`` of them into ``copies`` queues; returns how many each annotator got now."""
        names = sorted({n.strip() for n in annotators if n.strip()})
        if not names:
            raise ProjectError("--annotators: name at least one annotator")
        known = {a.name: a for a in self.annotators()}
        strangers = [n for n in names if n not in known]
        if strangers and known:  # a misspelt name must not get a queue; a project with nobody yet takes them
            raise ProjectError(f"--annotators: nobody called {strangers[0]!r} in this project "
                               "(add people with 'annotator team add-user NAME --role annotator')")
        people = {n: known.get(n) or self.annotator(n) for n in names}
        with self._session() as s:
            taken = select(Assignment.document_id)
            query = select(Document.id).where(Document.id.not_in(taken))
            if language:
                query = query.where(Document.language == language)
            new = list(s.scalars(query.order_by(Document.id)))
            load = dict(s.execute(select(Annotator.name, func.count()).join(Assignment, Assignment.annotator_id == Annotator.id)
                                  .where(Annotator.name.in_(names)).group_by(Annotator.name)).all())
            try:
                pairs = plan_assignment(new, names, load, overlap, seed, copies)
            except ValueError as exc:
                raise ProjectError(str(exc)) from None
            if pairs:
                s.execute(insert(Assignment), [{"document_id": d, "annotator_id": people[n].id} for d, n in pairs])
        got = {n: 0 for n in names}
        for _, n in pairs:
            got[n] += 1
        return got

    def change_token(self, annotator_id: AnnotatorId) -> tuple[Any, ...]:
        """A cheap fingerprint of what an annotator's document list shows: the newest document, their
        statuses (how many documents have each, and the sum of their ids, so that two documents
        trading statuses count too) and their assignments likewise. Another process that imports,
        marks or assigns changes it; every part is read from an index (no table row is visited),
        so a window can ask every few seconds. Documents are never deleted, so the newest tells."""
        with self._core() as conn:
            newest = conn.execute(select(func.max(Document.id))).scalar()
            statuses = conn.execute(select(DocStatus.status, func.count(), func.sum(DocStatus.document_id))
                                    .where(DocStatus.annotator_id == annotator_id)
                                    .group_by(DocStatus.status).order_by(DocStatus.status)).all()
            assigned = conn.execute(select(func.count(), func.sum(Assignment.document_id))
                                    .where(Assignment.annotator_id == annotator_id)).one()
            people = conn.execute(select(func.count(), func.max(Annotator.id))).one()
        return newest, tuple(map(tuple, statuses)), tuple(assigned), tuple(people)

    @_retry_when_busy
    def order_queue(self, annotator_id: AnnotatorId, ordered: Sequence[int]) -> None:
        """Give ``ordered`` (documents of the annotator's queue) their places: "next document" then takes
        the first of them not finished; the rest of the queue follows in import order."""
        with self._session() as s:
            s.execute(update(Assignment).where(Assignment.annotator_id == annotator_id).values(rank=None))
            for place, doc_id in enumerate(ordered):
                s.execute(update(Assignment).where(Assignment.annotator_id == annotator_id,
                                                   Assignment.document_id == doc_id).values(rank=place))

    def queue_todo(self, annotator_id: AnnotatorId) -> list[DocumentId]:
        """The documents of the annotator's queue they have not finished (done or skipped), in import order."""
        finished = select(DocStatus.document_id).where(DocStatus.annotator_id == annotator_id,
                                                      DocStatus.status.in_(("done", "skipped")))
        with self._core() as conn:
            return [DocumentId(d) for d in conn.execute(
                select(Assignment.document_id).where(Assignment.annotator_id == annotator_id,
                                                     Assignment.document_id.not_in(finished))
                .order_by(Assignment.document_id)).scalars()]

    def next_ranked(self, annotator_id: AnnotatorId, after: DocumentId | None) -> DocumentId | None:
        """The first document of the annotator's ordered queue (``order_queue``) still to do, other than
        ``after``; None when their queue has no order (or nothing ordered is left)."""
        finished = select(DocStatus.document_id).where(DocStatus.annotator_id == annotator_id,
                                                      DocStatus.status.in_(("done", "skipped")))
        query = (select(Assignment.document_id).where(Assignment.annotator_id == annotator_id,
                                                      Assignment.rank.is_not(None),
                                                      Assignment.document_id.not_in(finished))
                 .order_by(Assignment.rank).limit(1))
        if after is not None:
            query = query.where(Assignment.document_id != after)
        with self._core() as conn:
            found = conn.execute(query).scalar_one_or_none()
        return None if found is None else DocumentId(found)

    def has_queue(self, annotator_id: AnnotatorId) -> bool:
        with self._core() as conn:
            return conn.execute(select(Assignment.document_id).where(Assignment.annotator_id == annotator_id)
                                .limit(1)).first() is not None


def _order(where: DocFilter) -> Any:
    """The document id column that lists ``where`` in import order straight from an index: a queue's own
    (assignments are indexed by annotator, then document), else the documents'. Ordering a queue by
    ``documents.id`` made SQLite fetch and sort the whole queue for every page (0.4 s for 100,000)."""
    if where.annotator is not None and where.status not in (None, "todo"):
        return DocStatus.document_id  # the status index drives these lists
    return Assignment.document_id if where.assigned else Document.id
