"""The Project API: the one door through which the GUI, the CLI and the formats read and write."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (Connection, Executable, Select, Text, bindparam, delete, func, insert, select, text,
                        type_coerce, update)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from annotator import __version__
from annotator.core.assignment import plan_assignment
from annotator.core.errors import ProjectBusy, ProjectError
from annotator.core.offsets import splits_cluster
from annotator.core.records import STATUSES, DocumentRecord
from annotator.core.schema import Schema, load_schema_file, parse_schema
from annotator.resources import resource_path
from annotator.store import exporting, ingest, suggesting, teams
from annotator.store.exporting import AgreementRows, DocumentExport, ExportQuery, RawQuery, json_object
from annotator.store.engine import WRITE, make_engine, sqlite_path, to_url
from annotator.store.migrate import check_sqlite_file, has_project, upgrade
from annotator.store.models import (Adjudication, Annotator, Assignment, DocLabel, DocStatus, Document, GoldDocLabel, GoldSpan,
                                    Setting, Span)
from annotator.store.values import (ROLES, AnnotatorId, AnnotatorInfo, DocFilter, DocLabelView, DocumentId,
                                    DocumentSummary, DocumentView, DocumentWork, NewSuggestion, Outcome, Progress,
                                    ProjectStats, SpanId, SpanView, SuggestionView)


log = logging.getLogger(__name__)

_BUSY = ("database is locked", "database is busy", "could not obtain lock", "deadlock detected",
         "could not serialize access")


def _project_error(exc: SQLAlchemyError) -> ProjectError:
    reason = str(getattr(exc, "orig", None) or exc)
    if any(word in reason.lower() for word in _BUSY):
        return ProjectBusy(f"the project is busy: another program kept it locked ({reason})")
    return ProjectError(f"database error: {reason}")


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _retry_when_busy(method: _Method) -> _Method:
    """A write that finds the project locked (past the busy timeout) is tried once more, then refused
    with a message that says nothing was saved. The write is one transaction: a refused try left nothing."""

    @functools.wraps(method)
    def retrying(self: Project, *args: Any, **kwargs: Any) -> Any:
        outer, self._writing = self._writing, True  # its transactions take the write lock when they begin
        try:
            try:
                return method(self, *args, **kwargs)
            except ProjectBusy:
                log.warning("%s: the project is locked; trying once more", method.__name__)
            try:
                return method(self, *args, **kwargs)
            except ProjectBusy as exc:
                raise ProjectBusy(f"not saved: {exc}, and it still was on a second try; "
                                  "try again in a moment") from exc
        finally:
            self._writing = outer

    return retrying  # type: ignore[return-value]



class Project:
    """An open project database. Every method is one short transaction."""

    def __init__(self, url: URL, backup: Path | None = None) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.backup = backup  # the copy made before an upgrade, if one was made when opening
        self._texts: dict[DocumentId, tuple[str, str]] = {}
        self._writing = False  # inside a write method: transactions take the write lock at BEGIN  # document -> (sha256, text), the last few used
        with self._session() as s:
            settings = dict(s.execute(select(Setting.key, Setting.value)).all())
        self.name = settings.get("name", "project")
        self.schema = parse_schema(settings["schema"], f"{self.name} (stored schema)")

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | Path | URL, *, create: bool = False, schema: Schema | None = None) -> Project:
        """Open a project; with ``create``, make it (with ``schema`` or the default) when it does not exist."""
        url = target if isinstance(target, URL) else to_url(target)
        path = sqlite_path(url)
        exists = check_sqlite_file(path) if path is not None else None
        if exists is False and not create:
            raise ProjectError(f"{path}: no project here; create one with 'annotator init --db {path}'")
        if path is not None and not path.parent.is_dir():
            raise ProjectError(f"{path.parent}: folder does not exist")
        engine = make_engine(url)
        try:
            if path is None and not create and not has_project(engine):
                raise ProjectError(f"{url.render_as_string(hide_password=True)}: no project here; "
                                   "create one with 'annotator init'")
            backup = upgrade(engine, path)
            with Session(engine) as s, s.begin():
                if s.get(Setting, "schema") is None:
                    if not create:
                        raise ProjectError(f"{url.render_as_string(hide_password=True)}: no project here")
                    s.add_all([
                        Setting(key="schema", value=(schema or default_schema()).source),
                        Setting(key="name", value=path.stem.split(".")[0] if path else (url.database or "project")),
                        Setting(key="created_by", value=__version__),
                    ])
        finally:
            engine.dispose()
        return cls(url, backup)

    @classmethod
    def create(cls, target: str | Path | URL, *, schema: Schema | None = None) -> Project:
        url = target if isinstance(target, URL) else to_url(target)
        path = sqlite_path(url)
        if path is not None and check_sqlite_file(path):
            raise ProjectError(f"{path}: a project already exists here")
        if path is None:
            engine = make_engine(url)
            try:
                if has_project(engine):
                    raise ProjectError(f"{url.render_as_string(hide_password=True)}: a project already exists here")
            finally:
                engine.dispose()
        return cls.open(url, create=True, schema=schema)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        """A pooled connection whose next transaction, inside a write method, takes the write lock at BEGIN."""
        with self.engine.connect() as conn:
            if self._writing:
                conn.info[WRITE] = True  # BEGIN IMMEDIATE on SQLite: see engine.WRITE
            try:
                yield conn
            finally:
                conn.info.pop(WRITE, None)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """One short transaction; a database error becomes a ProjectError the caller can show."""
        try:
            with self._connection() as conn, Session(bind=conn, expire_on_commit=False) as s, s.begin():
                yield s
        except SQLAlchemyError as exc:
            raise _project_error(exc) from exc

    @contextmanager
    def _core(self) -> Iterator[Connection]:
        """One short transaction on Core statements only (no ORM session): for the per-key-press paths."""
        try:
            with self._connection() as conn, conn.begin():
                yield conn
        except SQLAlchemyError as exc:
            raise _project_error(exc) from exc

    # -- annotators ------------------------------------------------------------------------

    @_retry_when_busy
    def annotator(self, name: str, role: str = "annotator") -> AnnotatorInfo:
        """The annotator of that name, made (with ``role``) if new."""
        name = _person(name, role)
        with self._session() as s:
            row = ingest.ensure_annotators(s, [name], role)[name]
            ann = s.get_one(Annotator, row)
            return _annotator(ann)

    @_retry_when_busy
    def set_role(self, name: str, role: str) -> AnnotatorInfo:
        """Give someone a role (annotator, reviewer or lead), adding them if they are new. On PostgreSQL
        they also get a login role of that name, and the row-level rules (``store.teams``) are applied."""
        name = _person(name, role)
        with self._session() as s:  # one transaction: a refused database role leaves no half-made person
            ingest.ensure_annotators(s, [name], role)
            ann = s.scalars(select(Annotator).where(Annotator.name == name)).one()
            ann.role = role
            if self.url.get_backend_name() == "postgresql":
                teams.add_user(s.connection(), ann.name, role)
            return _annotator(ann)

    def annotators(self) -> list[AnnotatorInfo]:
        with self._session() as s:
            return [_annotator(a) for a in s.scalars(select(Annotator).order_by(Annotator.name))]

    def annotators_with_work(self, *, finished: bool = True) -> list[str]:
        """Names of those who marked at least one document done (``finished``), or worked on one at all:
        the annotators agreement compares by default (a reviewer who never annotated is not one)."""
        with self._core() as conn:
            ids = select(DocStatus.annotator_id).where(DocStatus.status == "done")
            if not finished:
                ids = ids.union(select(DocStatus.annotator_id).where(DocStatus.status != "todo"),
                                select(Span.annotator_id).distinct(), select(DocLabel.annotator_id).distinct())
            rows = conn.execute(select(Annotator.name).where(Annotator.id.in_(ids)).order_by(Annotator.name)).all()
        return [name for (name,) in rows]

    def find_annotator(self, name: str) -> AnnotatorInfo | None:
        with self._session() as s:
            ann = s.scalars(select(Annotator).where(Annotator.name == name)).first()
            return _annotator(ann) if ann else None

    # -- documents -------------------------------------------------------------------------

    def count_documents(self, where: DocFilter = DocFilter()) -> int:
        with self._session() as s:
            query = self._filtered(select(func.count(Document.id)), where)
            return int(s.scalar(query) or 0)

    def documents(self, where: DocFilter = DocFilter(), *, offset: int = 0, limit: int = 100) -> list[DocumentSummary]:
        """One page of the document list, in import order; the texts stay in the database."""
        columns: list[Any] = [Document.id, Document.external_id, Document.language, Document.length, Document.source]
        status = func.coalesce(DocStatus.status, "todo") if where.annotator is not None else None
        if status is not None:
            columns.append(status)
        query = self._filtered(select(*columns), where)
        query = query.order_by(Document.id).offset(offset).limit(limit)
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
        query = self._filtered(select(Document.id), where).order_by(Document.id).limit(1)
        with self._session() as s:
            if after is not None:
                found = s.scalar(query.where(Document.id > after))
                if found is not None:
                    return DocumentId(found)
            first = s.scalar(query)
            return DocumentId(first) if first is not None else None

    def document_row(self, where: DocFilter, doc_id: DocumentId) -> int:
        """How many documents of the list ``where`` come before ``doc_id`` (its row, if it is listed)."""
        with self._session() as s:
            return int(s.scalar(self._filtered(select(func.count(Document.id)), where).where(Document.id < doc_id)) or 0)

    def languages(self) -> list[str]:
        """The languages the documents are in (read from the language index, not from every row)."""
        with self._session() as s:
            return list(s.scalars(select(Document.language).distinct().order_by(Document.language)))

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

    def agreement_rows(self, annotators: Sequence[str], size: int = 20000) -> Iterator[AgreementRows]:
        """The annotators' statuses, spans and labels as plain rows, ``size`` documents at a time (for agreement)."""
        return exporting.agreement_rows(self._session, annotators, self.schema, size)

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

    # -- spans -----------------------------------------------------------------------------

    @_retry_when_busy
    def add_span(self, doc_id: DocumentId, annotator_id: AnnotatorId, layer: str, label: str, start: int, end: int,
                 attrs: dict[str, Any] | None = None, *, gold: bool = False) -> SpanView:
        # Core statements, not ORM objects: this runs on every key press in the app.
        attrs = dict(attrs or {})
        with self._core() as conn:
            text = self._doc_text(conn, doc_id)
            self._check_span(conn, doc_id, text, annotator_id, layer, label, start, end, attrs, gold, None)
            span_id = self._insert_span(conn, None, doc_id, annotator_id, layer, label, start, end, attrs, gold)
        return SpanView(span_id, doc_id, annotator_id, layer, label, start, end, attrs, gold)

    @_retry_when_busy
    def restore_span(self, span: SpanView) -> SpanView:
        """Put back a deleted span with its id (for undo); it is checked like a new one."""
        attrs = dict(span.attrs)
        with self._core() as conn:
            text = self._doc_text(conn, span.document_id)
            if conn.execute(_statements(span.gold).exists, {"id": span.id}).first() is not None:
                raise ProjectError(f"span {span.id} exists already")
            self._check_span(conn, span.document_id, text, span.annotator_id, span.layer, span.label, span.start,
                             span.end, attrs, span.gold, None)
            self._insert_span(conn, span.id, span.document_id, span.annotator_id, span.layer, span.label, span.start,
                              span.end, attrs, span.gold)
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
        with self._session() as s:
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
            return _span(row, gold)

    @_retry_when_busy
    def delete_span(self, span_id: SpanId, *, gold: bool = False) -> None:
        with self._core() as conn:
            if conn.execute(_statements(gold).delete, {"id": span_id}).rowcount == 0:
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
        layer = self.schema.layer(layer_name)
        if layer is None:
            raise ProjectError(f"unknown layer {layer_name!r}")
        if layer.label(label) is None:
            raise ProjectError(f"unknown label {label!r} in layer {layer_name!r}")
        if not 0 <= start < end <= len(text):
            raise ProjectError(f"span {start}-{end} is not inside the text ({len(text)} characters)")
        if splits_cluster(text, start, end):
            raise ProjectError(f"span {start}-{end} splits a character from its marks")
        targets = self.schema.targets_of(layer)
        if targets and attrs.get("target") not in targets:
            raise ProjectError(f"a {layer_name!r} span needs a target, one of {', '.join(targets)}")
        if conn.execute(_ANNOTATOR_EXISTS, {"id": annotator_id}).first() is None:
            raise ProjectError(f"no annotator {annotator_id}")
        if not layer.allow_overlap:
            if conn.dialect.name == "postgresql":  # one writer at a time checks this document (SQLite: BEGIN IMMEDIATE)
                conn.execute(_LOCK_DOCUMENT, {"id": doc_id})
            params = {"doc": doc_id, "layer": layer_name, "start": start, "end": end,
                      "annotator": annotator_id, "span": -1 if span_id is None else span_id}
            other = conn.execute(_statements(gold).clash, params).first()
            if other is not None:
                raise ProjectError(f"span {start}-{end} overlaps {other[0]}-{other[1]} in layer {layer_name!r}, which does not allow overlaps")

    # -- suggestions and the word index --------------------------------------------------------

    def count_unindexed(self) -> int:
        """Documents the word index does not hold yet (it is filled by ``index_documents``)."""
        with self._core() as conn:
            return suggesting.count_unindexed(conn)

    @_retry_when_busy
    def _index_batch(self, size: int) -> int:
        with self._core() as conn:
            docs = suggesting.unindexed(conn, size)
            suggesting.add_to_index(conn, docs)
        return len(docs)

    def index_documents(self, progress: Callable[[int], Any] | None = None) -> int:
        """Add every document the word index lacks, a batch per transaction; ``progress`` hears each
        batch's size. Returns how many were added. Cheap when there is nothing to do."""
        added = 0
        while True:
            done = self._index_batch(suggesting.INDEX_BATCH)
            if not done:
                return added
            added += done
            if progress is not None:
                progress(done)

    def candidate_documents(self, first_forms: Sequence[str] = (), others: Sequence[str] = ()) -> list[DocumentId]:
        """Documents whose words (loosest form) include one of ``first_forms`` and all of ``others``:
        where a name can occur (``Matcher.first_forms``, ``Matcher.other_terms``). No words: every document."""
        with self._core() as conn:
            return [DocumentId(i) for i in suggesting.candidates(conn, first_forms, others)]

    def texts(self, doc_ids: Sequence[int]) -> Iterator[tuple[DocumentId, str, str, str]]:
        """(id, external id, language, text) of each document, read in chunks, each chunk its own short read."""
        ids = list(doc_ids)
        for i in range(0, len(ids), 2000):
            with self._core() as conn:
                rows = list(suggesting.texts(conn, ids[i:i + 2000]))
            yield from ((DocumentId(d), e, lang, t) for d, e, lang, t in rows)

    def span_places(self, annotator_id: AnnotatorId, layer: str,
                    doc_ids: Sequence[int]) -> dict[int, set[tuple[int, int]]]:
        """Where the annotator already has spans in ``layer``, per document."""
        with self._core() as conn:
            return suggesting.taken(conn, annotator_id, layer, doc_ids)

    def suggested_places(self, annotator_id: AnnotatorId, layer: str, label: str,
                         doc_ids: Sequence[int]) -> dict[int, set[tuple[int, int]]]:
        """Where the annotator already has a suggestion (open or rejected) of that label, per document."""
        with self._core() as conn:
            return suggesting.suggested(conn, annotator_id, layer, label, doc_ids)

    @_retry_when_busy
    def add_suggestions(self, annotator_id: AnnotatorId, new: Sequence[NewSuggestion]) -> int:
        """Store suggestions for one annotator (places suggested before, open or rejected, are left out);
        returns how many are new. Each is checked like a span, so none can point outside its text."""
        with self._core() as conn:
            if conn.execute(_ANNOTATOR_EXISTS, {"id": annotator_id}).first() is None:
                raise ProjectError(f"no annotator {annotator_id}")
            texts = {d: t for d, _e, _l, t in suggesting.texts(conn, sorted({s.document_id for s in new}))}
            for s in new:
                layer = self.schema.layer(s.layer)
                if layer is None or layer.label(s.label) is None:
                    raise ProjectError(f"unknown label {s.label!r} in layer {s.layer!r}")
                text = texts.get(s.document_id)
                if text is None:
                    raise ProjectError(f"no document {s.document_id}")
                if not 0 <= s.start < s.end <= len(text) or text[s.start:s.end] != s.text:
                    raise ProjectError(f"suggestion {s.start}-{s.end} does not hold {s.text!r} in document {s.document_id}")
            return suggesting.insert(conn, annotator_id, new)

    def suggestions(self, doc_id: DocumentId, annotator_id: AnnotatorId, state: str = "open") -> list[SuggestionView]:
        """One annotator's suggestions in a document, in text order."""
        with self._core() as conn:
            return suggesting.of_document(conn, doc_id, annotator_id, state)

    def same_suggestions(self, suggestion: SuggestionView) -> list[int]:
        """Ids of the open suggestions with the same text, layer and label in every document."""
        with self._core() as conn:
            return suggesting.same_everywhere(conn, suggestion)

    @_retry_when_busy
    def accept_suggestions(self, ids: Sequence[int], annotator_id: AnnotatorId
                           ) -> tuple[list[tuple[SuggestionView, SpanView]], list[tuple[SuggestionView, str]]]:
        """Turn open suggestions into the annotator's spans, in one transaction. Each is checked like a
        new span; one that cannot be (it overlaps a span in a layer without overlaps) stays a suggestion
        and comes back with the reason. Returns (accepted with its new span, refused with why)."""
        accepted: list[tuple[SuggestionView, SpanView]] = []
        refused: list[tuple[SuggestionView, str]] = []
        with self._core() as conn:
            for s in suggesting.by_ids(conn, ids, annotator_id):
                if s.state != "open":
                    continue
                text = self._doc_text(conn, s.document_id)
                try:
                    self._check_span(conn, s.document_id, text, annotator_id, s.layer, s.label, s.start, s.end,
                                     dict(s.attrs), False, None)
                except ProjectError as exc:
                    refused.append((s, str(exc)))
                    continue
                span_id = self._insert_span(conn, None, s.document_id, annotator_id, s.layer, s.label, s.start,
                                            s.end, dict(s.attrs), False)
                accepted.append((s, SpanView(span_id, s.document_id, annotator_id, s.layer, s.label, s.start,
                                             s.end, dict(s.attrs))))
            suggesting.remove(conn, [s.id for s, _ in accepted])
        return accepted, refused

    @_retry_when_busy
    def reject_suggestions(self, ids: Sequence[int], annotator_id: AnnotatorId) -> None:
        """Mark suggestions rejected: they are no longer shown, and the same search does not make them again."""
        with self._core() as conn:
            suggesting.set_state(conn, ids, annotator_id, "rejected")

    @_retry_when_busy
    def restore_suggestions(self, views: Sequence[SuggestionView], spans: Sequence[SpanView] = ()) -> None:
        """Undo an accept or a reject: delete the spans the accept made and put the suggestions back, open."""
        with self._core() as conn:
            for span in spans:
                conn.execute(_statements(False).delete, {"id": span.id})
            suggesting.restore(conn, views)

    # -- document labels and status ----------------------------------------------------------

    @_retry_when_busy
    def set_doc_label(self, doc_id: DocumentId, annotator_id: AnnotatorId, task: str, target: str | None,
                      label: str, *, gold: bool = False) -> DocLabelView:
        spec = self.schema.task(task)
        target = target or ""
        if spec is None:
            raise ProjectError(f"unknown task {task!r}")
        if (target not in spec.targets) if spec.targets else target:
            raise ProjectError(f"task {task!r} has no target {target!r}")
        if spec.label(label) is None:
            raise ProjectError(f"unknown label {label!r} for task {task!r}")
        model = GoldDocLabel if gold else DocLabel
        with self._session() as s:
            self._require_document(s.connection(), doc_id)
            row = s.scalars(self._doc_label_query(model, doc_id, annotator_id, task, target, gold)).first()
            if row is None:
                row = model(document_id=doc_id, annotator_id=annotator_id, task=task, target=target, label=label)
                s.add(row)
            else:
                row.label = label
                row.annotator_id = annotator_id
            s.flush()
            return _doc_label(row, gold)

    @_retry_when_busy
    def clear_doc_label(self, doc_id: DocumentId, annotator_id: AnnotatorId, task: str, target: str | None,
                        *, gold: bool = False) -> None:
        model = GoldDocLabel if gold else DocLabel
        with self._session() as s:
            for row in s.scalars(self._doc_label_query(model, doc_id, annotator_id, task, target or "", gold)):
                s.delete(row)

    @staticmethod
    def _doc_label_query(model: type[DocLabel] | type[GoldDocLabel], doc_id: DocumentId, annotator_id: AnnotatorId,
                         task: str, target: str, gold: bool) -> Select[Any]:
        query = select(model).where(model.document_id == doc_id, model.task == task, model.target == target)
        return query if gold else query.where(model.annotator_id == annotator_id)

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
        key = {"document_id": doc_id, "annotator_id": annotator_id}
        with self._core() as conn:
            self._require_document(conn, doc_id)
            changed = conn.execute(update(DocStatus).where(DocStatus.document_id == doc_id,
                                                           DocStatus.annotator_id == annotator_id)
                                   .values(status=status, seconds=DocStatus.seconds + add_seconds))
            if changed.rowcount == 0:
                conn.execute(insert(DocStatus).values(**key, status=status, seconds=add_seconds))

    def status(self, doc_id: DocumentId, annotator_id: AnnotatorId) -> str:
        with self._session() as s:
            row = s.get(DocStatus, (doc_id, annotator_id))
            return row.status if row else "todo"

    def database_user(self) -> tuple[str, bool] | None:
        """On PostgreSQL: who this connection is, and whether they own the project's tables (the one who
        made it, who may give roles). None on SQLite, where there are no database users."""
        if self.url.get_backend_name() != "postgresql":
            return None
        with self._core() as conn:
            user, owner = conn.execute(select(func.current_user(), select(text("tableowner")).select_from(
                text("pg_tables")).where(text("tablename = 'documents'")).scalar_subquery())).one()
        return str(user), user == owner

    # -- the schema ----------------------------------------------------------------------------

    @_retry_when_busy
    def set_schema(self, schema: Schema) -> None:
        """Replace the project's schema (leads). Refused, listing what is missing, when stored annotations
        use a layer, label, task, target or stance target the new schema does not have."""
        missing: list[str] = []
        with self._session() as s:
            for model in (Span, GoldSpan):
                for layer, label in s.execute(select(model.layer, model.label).distinct()):
                    spec = schema.layer(layer)
                    if spec is None or spec.label(label) is None:
                        missing.append(f"span label {layer}/{label}")
            for model in (DocLabel, GoldDocLabel):  # type: ignore[assignment]
                for task, target, label in s.execute(select(model.task, model.target, model.label).distinct()):
                    spec_task = schema.task(task)
                    if spec_task is None or spec_task.label(label) is None or (target and target not in spec_task.targets):
                        missing.append(f"document label {task}/{target + '/' if target else ''}{label}")
            if missing:
                shown = sorted(set(missing))
                raise ProjectError("the new schema lacks what stored annotations use: " + ", ".join(shown[:8])
                                   + (f" and {len(shown) - 8} more" if len(shown) > 8 else ""))
            row = s.get(Setting, "schema")
            assert row is not None
            row.value = schema.source
        self.schema = schema

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

    def has_queue(self, annotator_id: AnnotatorId) -> bool:
        with self._core() as conn:
            return conn.execute(select(Assignment.document_id).where(Assignment.annotator_id == annotator_id)
                                .limit(1)).first() is not None

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
                s.delete(row)

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

    # -- figures ---------------------------------------------------------------------------

    def stats(self) -> ProjectStats:
        with self._session() as s:
            documents = int(s.scalar(select(func.count(Document.id))) or 0)
            languages = dict(s.execute(select(Document.language, func.count()).group_by(Document.language)).all())
            spans: dict[str, dict[str, int]] = {}
            for layer, label, n in s.execute(select(Span.layer, Span.label, func.count()).group_by(Span.layer, Span.label)):
                spans.setdefault(layer, {})[label] = n
            doc_labels: dict[str, dict[str, int]] = {}
            query = select(DocLabel.task, DocLabel.target, DocLabel.label, func.count()).group_by(
                DocLabel.task, DocLabel.target, DocLabel.label)
            for task, target, label, n in s.execute(query):
                doc_labels.setdefault(f"{task}/{target}" if target else task, {})[label] = n
            readable = (s.get_bind().dialect.name != "postgresql"  # an annotator's role may not read gold
                        or s.scalar(select(func.has_table_privilege("gold_spans", "SELECT"))))
            gold = int(s.scalar(select(func.count(GoldSpan.id))) or 0) if readable else 0
            statuses: dict[int, list[tuple[str, int, float]]] = {}  # everyone's in one read, not one each
            for who, st, n, secs in s.execute(
                    select(DocStatus.annotator_id, DocStatus.status, func.count(), func.sum(DocStatus.seconds))
                    .group_by(DocStatus.annotator_id, DocStatus.status)):
                statuses.setdefault(who, []).append((st, n, secs or 0.0))
            queues = dict(s.execute(select(Assignment.annotator_id, func.count()).group_by(Assignment.annotator_id)).all())
            progress = []
            for ann in s.scalars(select(Annotator).order_by(Annotator.name)):
                counts = {st: 0 for st in STATUSES}
                for st, n, _ in statuses.get(ann.id, []):
                    counts[st] = n
                counts["todo"] += documents - sum(counts.values())
                seconds = sum(secs for _, _, secs in statuses.get(ann.id, []))
                progress.append(Progress(ann.name, ann.role, counts, seconds, int(queues.get(ann.id, 0))))
            annotators = len(progress)
        return ProjectStats(documents, languages, annotators, spans, doc_labels, gold, progress)

    def _doc_text(self, conn: Connection, doc_id: DocumentId) -> str:
        """A document's text; the last few are kept (by checksum) because each span written needs it."""
        sha = conn.execute(_DOCUMENT_SHA, {"id": doc_id}).scalar()
        if sha is None:
            raise ProjectError(f"no document {doc_id}")
        kept = self._texts.get(doc_id)
        if kept is not None and kept[0] == sha:
            return kept[1]
        text = str(conn.execute(_DOCUMENT_TEXT, {"id": doc_id}).scalar_one())
        if len(self._texts) >= 4:
            self._texts.pop(next(iter(self._texts)))
        self._texts[doc_id] = (sha, text)
        return text

    @staticmethod
    def _require_document(conn: Connection, doc_id: DocumentId) -> None:
        if conn.execute(_DOCUMENT_EXISTS, {"id": doc_id}).first() is None:
            raise ProjectError(f"no document {doc_id}")

    @staticmethod
    def _doc(s: Session, doc_id: DocumentId) -> Document:
        doc = s.get(Document, doc_id)
        if doc is None:
            raise ProjectError(f"no document {doc_id}")
        return doc


_DOCUMENT_TEXT = select(Document.text).where(Document.id == bindparam("id"))
_DOCUMENT_SHA = select(Document.sha256).where(Document.id == bindparam("id"))
# an advisory lock: FOR UPDATE would need a write grant on documents, which annotators' roles do not have
_LOCK_DOCUMENT = select(func.pg_advisory_xact_lock(7710, bindparam("id")))
_DOCUMENT_EXISTS = select(Document.id).where(Document.id == bindparam("id"))
_ANNOTATOR_EXISTS = select(Annotator.id).where(Annotator.id == bindparam("id"))


class _SpanStatements(NamedTuple):
    """Statements built once: the span writes run on every key press, and building them costs more than running them."""

    insert: Executable
    insert_with_id: Executable
    exists: Executable
    delete: Executable
    clash: Executable


@cache
def _statements(gold: bool) -> _SpanStatements:
    model = GoldSpan if gold else Span
    clash = select(model.start, model.end).where(
        model.document_id == bindparam("doc"), model.layer == bindparam("layer"),
        model.start < bindparam("end"), model.end > bindparam("start"), model.id != bindparam("span"))
    if not gold:  # gold is one set; an annotator's spans clash only with their own
        clash = clash.where(model.annotator_id == bindparam("annotator"))
    return _SpanStatements(insert=insert(model).returning(model.id), insert_with_id=insert(model),
                           exists=select(model.id).where(model.id == bindparam("id")),
                           delete=delete(model).where(model.id == bindparam("id")), clash=clash.limit(1))


def _span_query(gold: bool, mine: bool, one_layer: bool) -> RawQuery:
    model = GoldSpan if gold else Span
    query = select(model.id, model.annotator_id, model.layer, model.label, model.start, model.end,
                   type_coerce(model.attrs, Text)).where(model.document_id == bindparam("doc"))
    if mine:
        query = query.where(model.annotator_id == bindparam("annotator"))
    if one_layer:
        query = query.where(model.layer == bindparam("layer"))
    return RawQuery(query.order_by(model.start, model.end, model.id))


_SPAN_QUERIES = {(gold, mine, one_layer): _span_query(gold, mine, one_layer)
                 for gold in (False, True) for mine in (False, True) for one_layer in (False, True)}
_MY_LABELS = RawQuery(select(DocLabel.task, DocLabel.target, DocLabel.label)
                      .where(DocLabel.document_id == bindparam("doc"), DocLabel.annotator_id == bindparam("annotator"))
                      .order_by(DocLabel.task, DocLabel.target))
_GOLD_LABELS = RawQuery(select(GoldDocLabel.annotator_id, GoldDocLabel.task, GoldDocLabel.target, GoldDocLabel.label)
                        .where(GoldDocLabel.document_id == bindparam("doc"))
                        .order_by(GoldDocLabel.task, GoldDocLabel.target))
_ADJUDICATED = RawQuery(select(Adjudication.document_id).where(Adjudication.document_id == bindparam("doc")))
_MY_STATUS = RawQuery(select(DocStatus.status).where(DocStatus.document_id == bindparam("doc"),
                                                     DocStatus.annotator_id == bindparam("annotator")))


def _span_rows(conn: Connection, doc_id: DocumentId, annotator_id: AnnotatorId | None, layer: str | None,
               gold: bool) -> list[SpanView]:
    """A document's spans in text order, from DB-API rows: a document may hold thousands."""
    mine = annotator_id is not None and not gold
    query = _SPAN_QUERIES[(gold, mine, layer is not None)]
    rows = query.rows(conn, doc=doc_id, annotator=annotator_id, layer=layer)
    return [SpanView(i, doc_id, a, lay, label, start, end, {} if attrs == "{}" else json_object(attrs), gold)
            for i, a, lay, label, start, end, attrs in rows]


def _person(name: str, role: str) -> str:
    """A person's name, trimmed; refused when empty or when the role is not one of ROLES."""
    name = name.strip()
    if not name:
        raise ProjectError("an annotator needs a name")
    if role not in ROLES:
        raise ProjectError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    return name


def default_schema() -> Schema:
    return load_schema_file(resource_path("schema.toml"))


def _annotator(a: Annotator) -> AnnotatorInfo:
    return AnnotatorInfo(AnnotatorId(a.id), a.name, a.role)


def _document(d: Document) -> DocumentView:
    return DocumentView(DocumentId(d.id), d.external_id, d.text, d.sha256, d.language, d.source, dict(d.meta), d.created)


def _span(r: Span | GoldSpan, gold: bool) -> SpanView:
    return SpanView(SpanId(r.id), DocumentId(r.document_id), AnnotatorId(r.annotator_id), r.layer, r.label,
                    r.start, r.end, dict(r.attrs), gold)


def _doc_label(r: DocLabel | GoldDocLabel, gold: bool) -> DocLabelView:
    return DocLabelView(DocumentId(r.document_id), AnnotatorId(r.annotator_id), r.task, r.target, r.label, gold)
