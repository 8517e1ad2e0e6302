"""The project's base: its engine and connections, short transactions, errors, and the statements every part shares."""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Connection, Executable, Text, bindparam, insert, select, type_coerce
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from annotator.core.errors import ProjectBusy, ProjectError, ProjectUnwritable
from annotator.core.schema import Schema, load_schema_file, parse_schema
from annotator.resources import resource_path
from annotator.store import engine
from annotator.store.engine import WRITE, make_engine, sqlite_path, write_turn
from annotator.store.exporting import RawQuery, json_object
from annotator.store.models import (
    Adjudication,
    Annotator,
    DocLabel,
    DocStatus,
    Document,
    GoldDocLabel,
    GoldSpan,
    Setting,
    Span,
)
from annotator.store.values import (
    ROLES,
    AnnotatorId,
    AnnotatorInfo,
    DocLabelView,
    DocumentId,
    DocumentView,
    SpanId,
    SpanView,
)

log = logging.getLogger(__name__)

# Lock and serialization failures, by their codes (never by the English text, which a server in
# another language, or a message quoting user data, would change):
# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html) ...
_PG_BUSY = {
    "40001": "another connection changed the same data at the same time",  # serialization_failure
    "40P01": "two connections waited on each other",  # deadlock_detected
    "55P03": "a lock held by another connection kept this waiting over {timeout:g} s",  # lock_not_available
    "57014": "a lock held by another connection kept this waiting too long",  # query_canceled (statement_timeout)
}
_PG_CONFLICTS = {"40001", "40P01"}
# ... and SQLite's primary result codes (an extended code carries its primary one in the low byte)
_SQLITE_BUSY = {5: "another program kept it locked", 6: "a table was locked by another connection"}  # BUSY, LOCKED


def busy_reason(exc: BaseException) -> str | None:
    """Why a database error means "busy, try again" (a lock or a serialization failure), or None when it does not."""
    orig = getattr(exc, "orig", None) or exc
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)  # psycopg 3, psycopg2
    if isinstance(sqlstate, str):
        found = _PG_BUSY.get(sqlstate)
        return found.format(timeout=engine.LOCK_TIMEOUT_MS / 1000) if found else None
    code = getattr(orig, "sqlite_errorcode", None)
    return _SQLITE_BUSY.get(code & 0xFF) if isinstance(code, int) else None


# SQLite's primary result codes and PostgreSQL's SQLSTATEs for a project that cannot be written at all
_SQLITE_UNWRITABLE = {8: "read-only", 13: "no space left on the disk", 14: "read-only"}
_PG_UNWRITABLE = {"25006": "read-only", "53100": "no space left on the server's disk"}


def unwritable(exc: BaseException, where: str) -> ProjectUnwritable | None:
    """A read-only project or a full disk, as one message naming the project; None for any other error."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    why = (_SQLITE_UNWRITABLE.get(code & 0xFF) if isinstance(code, int)
           else _PG_UNWRITABLE.get(str(getattr(orig, "sqlstate", "") or "")))
    if why is None:
        return None
    if code is not None and code & 0xFF == 14:  # SQLITE_CANTOPEN: a WAL project needs its -shm and -wal beside it
        return ProjectUnwritable(f"{where}: cannot open the project: its folder is read-only, and SQLite must "
                                 f"write its -wal and -shm files beside it ({str(orig).strip()})")
    return ProjectUnwritable(f"{where}: cannot write to the project: {why} ({str(orig).strip()}); nothing was saved")


def _project_error(exc: SQLAlchemyError, where: str = "the project") -> ProjectError:
    found = unwritable(exc, where)
    if found is not None:
        return found
    reason = str(getattr(exc, "orig", None) or exc)
    busy = busy_reason(exc)
    if busy is not None:
        kind = _Conflict if getattr(getattr(exc, "orig", None), "sqlstate", None) in _PG_CONFLICTS else ProjectBusy
        return kind(f"the project is busy: {busy} ({reason.strip().splitlines()[0] if reason.strip() else 'no detail'})")
    return ProjectError(f"database error: {reason}")


_Method = TypeVar("_Method", bound=Callable[..., Any])
_T = TypeVar("_T")


class _Conflict(ProjectBusy):
    """A serialization failure or a deadlock: nothing waited long, so trying again at once is cheap."""


_CONFLICT_TRIES = 5


def _retry_when_busy(method: _Method) -> _Method:
    """A write that finds the project locked (past the busy or lock timeout) is tried once more, then
    refused with a message that says nothing was saved; one that lost a race (serialization failure,
    deadlock) is tried up to five times. The write is one transaction: a refused try left nothing."""

    @functools.wraps(method)
    def retrying(self: ProjectBase, *args: Any, **kwargs: Any) -> Any:
        if self._atomic is not None:  # part of a larger transaction: the whole of it is retried (``atomic``)
            return method(self, *args, **kwargs)
        outer, self._writing = self._writing, True  # its transactions take the write lock when they begin
        try:
            return _tried(method.__name__, lambda: method(self, *args, **kwargs))
        finally:
            self._writing = outer

    return retrying  # type: ignore[return-value]


def _tried(what: str, attempt: Callable[[], _T]) -> _T:
    """Run one transaction, again when it was busy: once more after a lock wait, up to five times after a
    lost race; then refused with a message that says nothing was saved."""
    waited = conflicts = 0
    while True:
        try:
            return attempt()
        except _Conflict as exc:
            conflicts += 1
            if conflicts >= _CONFLICT_TRIES:
                raise ProjectBusy(f"not saved: {exc}, {conflicts} times; try again in a moment") from exc
            log.info("%s: %s; trying again", what, exc)
            time.sleep(0.01 * conflicts)
        except ProjectBusy as exc:
            waited += 1
            if waited >= 2:
                raise ProjectBusy(f"not saved: {exc}, and it still was on a second try; "
                                  "try again in a moment") from exc
            log.warning("%s: the project is locked; trying once more", what)


class ProjectBase:
    """An open project database: what every part of the Project API stands on. Every method is one short transaction."""

    def __init__(self, url: URL, backup: Path | None = None) -> None:
        self.url = url
        self.path = sqlite_path(url)  # the project file; None on PostgreSQL
        self.where = str(self.path) if self.path else url.render_as_string(hide_password=True)
        self._identity = self._file_identity()  # the file we opened: checked before each write
        self.engine = make_engine(url)
        self.backup = backup  # the copy made before an upgrade, if one was made when opening
        self._texts: dict[DocumentId, tuple[str, str]] = {}
        self._writing = False  # inside a write method: transactions take the write lock at BEGIN
        self._atomic: Connection | None = None  # inside ``atomic``: every call runs on this connection's transaction
        with self._session() as s:
            settings = dict(s.execute(select(Setting.key, Setting.value)).all())
        self.name = settings.get("name", "project")
        self.schema = parse_schema(settings["schema"], f"{self.name} (stored schema)")
        self._schema_version = settings.get(SCHEMA_VERSION, "0")  # set_schema counts up; see _current_schema

    def _current_schema(self, conn: Connection) -> Schema:
        """The schema as stored now, read again when another program's ``schema set`` changed it (its
        version is one primary-key read): called in each write's transaction before its checks."""
        version = conn.execute(_SCHEMA_VERSION).scalar() or "0"
        if version != self._schema_version:
            source = conn.execute(_SCHEMA_SOURCE).scalar_one()
            self.schema = parse_schema(source, f"{self.name} (stored schema)")
            self._schema_version = version
            log.info("the schema was changed by another program; read again (version %s)", version)
        return self.schema

    def _schema_still(self, conn: Connection) -> None:
        """After a write, before its commit: if ``schema set`` committed meanwhile (PostgreSQL; it waited
        for our table lock), the write is done again under the new schema, which may refuse it."""
        if conn.dialect.name == "postgresql" and (conn.execute(_SCHEMA_VERSION).scalar() or "0") != self._schema_version:
            raise _Conflict("the project is busy: the schema changed while this was being saved")



    def close(self) -> None:
        self.engine.dispose()

    def checkpoint(self) -> None:
        """Copy what SQLite's write-ahead log holds into the project file, waiting for no one (a passive
        checkpoint; nothing on PostgreSQL). Background jobs call it between their batches of writes, outside
        the write turn (``engine.write_turn``), so that the log stays short and neither a job's commit (which
        the window may be waiting for) nor the window's own commit has a long checkpoint to do."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection  # no transaction around it: a checkpoint runs outside one
            assert raw is not None
            raw.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _file_identity(self) -> tuple[int, int] | None:
        """The project file's device and inode, or None (PostgreSQL, or no file)."""
        try:
            info = os.stat(self.path) if self.path else None
        except OSError:
            return None
        return (info.st_dev, info.st_ino) if info else None

    def _check_file(self) -> None:
        """Refuse to write when the project file was replaced (or moved away) since it was opened: our
        connections would write to the old file, or a new one would write to another project."""
        if self._identity is not None and self._file_identity() != self._identity:
            raise ProjectError(f"{self.where}: the project file was replaced by another program; reopen it "
                               "(nothing was saved)")

    def __enter__(self) -> ProjectBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def atomic(self, work: Callable[[], _T]) -> _T:
        """Run ``work`` (calls of this Project) as one transaction: everything it writes is stored, or,
        if any part fails, nothing. One user action is one ``atomic`` call (a compound action such as
        taking gold that replaces other gold, or Ctrl+B over several paragraphs, and its undo). A busy
        project is tried once more, as a single write is; nested calls join the outer transaction."""
        if self._atomic is not None:
            return work()
        return _tried("the action", lambda: self._atomic_once(work))

    def _atomic_once(self, work: Callable[[], _T]) -> _T:
        self._check_file()
        try:
            with write_turn(self.engine.url), self.engine.connect() as conn:
                conn.info[WRITE] = True  # BEGIN IMMEDIATE on SQLite: the action's checks and writes under one lock
                if conn.dialect.name == "postgresql":  # checks and writes as one beside others' (see _connection)
                    conn.execution_options(isolation_level="SERIALIZABLE")
                with conn.begin():
                    self._atomic = conn
                    try:
                        return work()
                    finally:
                        self._atomic = None
        except SQLAlchemyError as exc:
            raise _project_error(exc, self.where) from exc

    @contextmanager
    def _connection(self, serializable: bool = False) -> Iterator[Connection]:
        """A pooled connection whose next transaction, inside a write method, takes the write lock at BEGIN.

        ``serializable``: on PostgreSQL the transaction is SERIALIZABLE, so that a check (this span overlaps
        none) and the write that follows it act as one even beside another window's: the loser of a race
        gets a serialization failure and is tried again. No lock is taken that another connection could hold."""
        if self._writing or self._atomic is not None:
            self._check_file()
        if self._atomic is not None:  # the action's one connection, its transaction already begun
            yield self._atomic
            return
        with write_turn(self.engine.url) if self._writing else nullcontext(), self.engine.connect() as conn:
            if serializable and conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="SERIALIZABLE")  # reset when it goes back to the pool
            if self._writing:
                conn.info[WRITE] = True  # BEGIN IMMEDIATE on SQLite: see engine.WRITE
            try:
                yield conn
            finally:
                conn.info.pop(WRITE, None)

    @contextmanager
    def _session(self, serializable: bool = False) -> Iterator[Session]:
        """One short transaction; a database error becomes a ProjectError the caller can show."""
        # inside ``atomic`` the session works in a savepoint of the action's transaction: a refusal it
        # raises undoes its own part only, and the action's caller decides (it stops the whole action)
        join = "create_savepoint" if self._atomic is not None else "conditional_savepoint"
        try:
            with self._connection(serializable) as conn, \
                    Session(bind=conn, expire_on_commit=False, join_transaction_mode=join) as s, s.begin():
                yield s
        except SQLAlchemyError as exc:
            raise _project_error(exc, self.where) from exc

    @contextmanager
    def _core(self, serializable: bool = False) -> Iterator[Connection]:
        """One short transaction on Core statements only (no ORM session): for the per-key-press paths."""
        if self._atomic is not None:  # inside ``atomic``: its transaction, committed or rolled back there
            yield self._atomic
            return
        try:
            with self._connection(serializable) as conn, conn.begin():
                yield conn
        except SQLAlchemyError as exc:
            raise _project_error(exc, self.where) from exc

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



SCHEMA_VERSION = "schema_version"
_SCHEMA_VERSION = select(Setting.value).where(Setting.key == SCHEMA_VERSION)
_SCHEMA_SOURCE = select(Setting.value).where(Setting.key == "schema")
_DOCUMENT_TEXT = select(Document.text).where(Document.id == bindparam("id"))
_DOCUMENT_SHA = select(Document.sha256).where(Document.id == bindparam("id"))
_DOCUMENT_EXISTS = select(Document.id).where(Document.id == bindparam("id"))
_ANNOTATOR_EXISTS = select(Annotator.id).where(Annotator.id == bindparam("id"))


class _SpanStatements(NamedTuple):
    """Statements built once: the span writes run on every key press, and building them costs more than running them."""

    insert: Executable
    insert_with_id: Executable
    exists: Executable
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
                           clash=clash.limit(1))


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
    if "\x00" in name:  # PostgreSQL cannot even look it up: refused alike on both back ends
        raise ProjectError(f"the name {name!r} holds a NUL character (U+0000); a name may not hold control characters")
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

