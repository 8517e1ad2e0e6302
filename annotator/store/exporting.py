"""Stream documents with their annotations, a batch at a time, for exporters (never all at once)."""

from __future__ import annotations

from collections import defaultdict
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from itertools import chain
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Select, Text, and_, case, func, literal, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from annotator.core.errors import ProjectError

if TYPE_CHECKING:
    import numpy as np  # loaded when agreement reads its rows, not by every command that imports the store
from annotator.core.records import STATUSES
from annotator.core.schema import Schema
from annotator.store.models import Annotator, DocLabel, DocStatus, Document, GoldDocLabel, GoldSpan, Span
from annotator.store.values import DocLabelView, DocumentId, SpanView

GOLD = "gold"  # the name an adjudicated annotation set goes by in exports


@dataclass(frozen=True)
class ExportQuery:
    """Which annotation sets to export. ``statuses`` None means any; 'todo' matches a set with no status."""

    annotators: tuple[str, ...] | None = None  # None: everybody
    gold: bool = False
    text_limit: int | None = None  # only the first characters of each text (agreement needs lengths, not texts)
    statuses: tuple[str, ...] | None = None
    language: str | None = None


@dataclass(frozen=True)
class AnnotationSet:
    annotator: str  # GOLD for the adjudicated set
    status: str | None  # None: no status stored (todo)
    spans: tuple[SpanView, ...] = ()
    doc_labels: tuple[DocLabelView, ...] = ()


@dataclass(frozen=True)
class DocumentExport:
    id: DocumentId
    external_id: str
    text: str
    meta: dict[str, object]
    language: str
    length: int
    sets: tuple[AnnotationSet, ...] = field(default_factory=tuple)


def count(s: Session, query: ExportQuery) -> int:
    stmt = select(func.count()).select_from(Document)
    if query.language:
        stmt = stmt.where(Document.language == query.language)
    return int(s.scalar(stmt) or 0)


def batches(session_factory: Callable[[], AbstractContextManager[Session]], query: ExportQuery,
            size: int = 500) -> Iterator[list[DocumentExport]]:
    """Documents in id order with their annotation sets; each batch in its own short transaction."""
    last = 0
    while True:
        with session_factory() as s:
            names = dict(s.execute(select(Annotator.id, Annotator.name)).all())
            wanted = None if query.annotators is None else {i for i, n in names.items() if n in query.annotators}
            text = Document.text if query.text_limit is None else func.substr(Document.text, 1, query.text_limit)
            stmt = select(Document.id, Document.external_id, text, type_coerce(Document.meta, Text),
                          Document.language, Document.length).where(Document.id > last).order_by(Document.id).limit(size)
            if query.language:
                stmt = stmt.where(Document.language == query.language)
            conn = s.connection()  # plain Core rows: the ORM layer costs more than the query here
            docs = conn.execute(stmt).all()
            if not docs:
                return
            ids = [d[0] for d in docs]
            sets = _gold_sets(conn, ids) if query.gold else _annotator_sets(conn, ids, names, wanted)
        last = ids[-1]
        out = []
        for doc_id, ext, text, meta, language, length in docs:
            chosen = tuple(a for a in sets.get(doc_id, ()) if _status_ok(a, query))
            out.append(DocumentExport(DocumentId(doc_id), ext, text, json_object(meta), language, length, chosen))
        yield out


def _status_ok(aset: AnnotationSet, query: ExportQuery) -> bool:
    if query.statuses is None or aset.annotator == GOLD:
        return True
    return (aset.status or "todo") in query.statuses


def _annotator_sets(s: Connection, ids: Sequence[int], names: dict[int, str],
                    wanted: set[int] | None) -> dict[int, list[AnnotationSet]]:
    spans: dict[tuple[int, int], list[SpanView]] = defaultdict(list)
    labels: dict[tuple[int, int], list[DocLabelView]] = defaultdict(list)
    status: dict[tuple[int, int], str] = {}
    span_rows = s.execute(select(Span.id, Span.document_id, Span.annotator_id, Span.layer, Span.label, Span.start,
                                 Span.end, type_coerce(Span.attrs, Text)).where(Span.document_id.in_(ids))
                          .order_by(*_span_order(Span))).all()
    for i, d, a, layer, label, start, end, attrs in span_rows:
        if wanted is None or a in wanted:
            spans[(d, a)].append(SpanView(i, d, a, layer, label, start, end, json_object(attrs)))
    for d, a, task, target, label in s.execute(select(DocLabel.document_id, DocLabel.annotator_id, DocLabel.task,
                                                      DocLabel.target, DocLabel.label).where(DocLabel.document_id.in_(ids))).all():
        if wanted is None or a in wanted:
            labels[(d, a)].append(DocLabelView(d, a, task, target, label))
    for d, a, st in s.execute(select(DocStatus.document_id, DocStatus.annotator_id, DocStatus.status)
                              .where(DocStatus.document_id.in_(ids))).all():
        if wanted is None or a in wanted:
            status[(d, a)] = st
    out: dict[int, list[AnnotationSet]] = defaultdict(list)
    for d, a in sorted(set(spans) | set(labels) | set(status), key=lambda k: (k[0], names[k[1]])):
        out[d].append(AnnotationSet(names[a], status.get((d, a)), tuple(spans[(d, a)]),
                                    tuple(sorted(labels[(d, a)], key=lambda x: (x.task, x.target)))))
    return out


def _gold_sets(s: Connection, ids: Sequence[int]) -> dict[int, list[AnnotationSet]]:
    spans: dict[int, list[SpanView]] = defaultdict(list)
    labels: dict[int, list[DocLabelView]] = defaultdict(list)
    for i, d, a, layer, label, start, end, attrs in s.execute(
            select(GoldSpan.id, GoldSpan.document_id, GoldSpan.annotator_id, GoldSpan.layer, GoldSpan.label,
                   GoldSpan.start, GoldSpan.end, type_coerce(GoldSpan.attrs, Text)).where(GoldSpan.document_id.in_(ids))
            .order_by(*_span_order(GoldSpan))):
        spans[d].append(SpanView(i, d, a, layer, label, start, end, json_object(attrs), True))
    for d, a, task, target, label in s.execute(select(GoldDocLabel.document_id, GoldDocLabel.annotator_id,
                                                      GoldDocLabel.task, GoldDocLabel.target, GoldDocLabel.label)
                                               .where(GoldDocLabel.document_id.in_(ids))):
        labels[d].append(DocLabelView(d, a, task, target, label, True))
    return {d: [AnnotationSet(GOLD, "done", tuple(spans[d]),
                              tuple(sorted(labels[d], key=lambda x: (x.task, x.target))))]
            for d in set(spans) | set(labels)}


def _span_order(model: type[Span] | type[GoldSpan]) -> tuple[Any, ...]:
    """Text order; the id last, which keeps the order of equal spans through an export and re-import."""
    return (model.start, model.end, model.layer, model.label, model.id)


def json_object(raw: str | dict[str, object] | None) -> dict[str, object]:
    """A JSON column read as text: most spans have no attributes, and '{}' needs no parser.

    A driver that parses JSON itself (psycopg, read past SQLAlchemy) hands over the dict."""
    if isinstance(raw, dict):
        return raw
    if not raw or raw == "{}":
        return {}
    value = json.loads(raw)
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class AgreementRows:
    """A batch of documents with the named annotators' work, as integer arrays (what agreement needs).

    Spans and document labels carry codes: ``span_codes[c]`` is the (layer, label) of span code c
    (a span of a layer with targets has the label "LABEL@target"), ``label_codes[c]`` the
    (task, target, label) of label code c, and statuses are indices into ``STATUSES``. The code
    lists only grow from one batch to the next. Every row belongs to one of ``annotators``."""

    annotators: dict[int, str]
    doc_ids: np.ndarray          # in id order
    lengths: np.ndarray
    status_doc: np.ndarray
    status_ann: np.ndarray
    status: np.ndarray
    span_doc: np.ndarray
    span_ann: np.ndarray
    span_code: np.ndarray
    span_start: np.ndarray
    span_end: np.ndarray
    label_doc: np.ndarray
    label_ann: np.ndarray
    label_code: np.ndarray
    span_codes: list[tuple[str, str]]
    label_codes: list[tuple[str, str, str]]


_HIGH = 1 << 32   # two numbers in one column: a * _HIGH + b, for 0 <= b < 2**32 (fewer Python objects per row)
_MID = 1 << 20    # annotator ids below this
_SPAN_RAW = 1 << 11   # (layer, label) numbers below this, so that span columns stay below 2**63
_LABEL_RAW = 1 << 12  # (task, target, label) numbers below this


def agreement_rows(session_factory: Callable[[], AbstractContextManager[Session]], annotators: Sequence[str],
                   schema: Schema, size: int = 20000, finished: bool = False) -> Iterator[AgreementRows]:
    """The named annotators' statuses, spans and labels, ``size`` documents at a time: the documents any
    of them worked on (with ``finished``, marked done), since agreement compares no other.

    Reading rows costs far more per Python object than the database spends finding them, so the
    database turns names into numbers (simple CASEs over the schema's names) and packs two numbers
    into a column, and a batch that holds every document reads the tables straight through."""
    target_layers = [layer.name for layer in schema.layers if layer.target_task]
    layer_names = [layer.name for layer in schema.layers]
    span_labels = sorted({label.name for layer in schema.layers for label in layer.labels})
    span_radix = len(span_labels) + 1  # the CASEs give len(values) for a name outside the schema
    span_codes = [(layer.name, label.name) for layer in schema.layers if not layer.target_task
                  for label in layer.labels]
    known_spans = {pair: code for code, pair in enumerate(span_codes)}
    keys = [(task.name, target) for task in schema.tasks for target in (task.targets or ("",))]
    task_names = sorted({t for t, _ in keys})
    targets = sorted({target for _, target in keys})
    task_labels = sorted({label.name for task in schema.tasks for label in task.labels})
    label_radix = len(task_labels) + 1
    label_codes = [(task.name, target, label.name) for task in schema.tasks for target in (task.targets or ("",))
                   for label in task.labels]
    if ((len(layer_names) + 1) * span_radix >= _SPAN_RAW
            or (len(task_names) + 1) * (len(targets) + 1) * label_radix >= _LABEL_RAW):
        raise ProjectError("agreement handles schemas of up to a few hundred labels, and this one has more")
    import numpy as np
    span_lookup = np.full((len(layer_names) + 1) * span_radix, -1, dtype=np.int64)  # CASE numbers -> code
    for (layer, label), code in known_spans.items():
        span_lookup[layer_names.index(layer) * span_radix + span_labels.index(label)] = code
    label_lookup = np.full((len(task_names) + 1) * (len(targets) + 1) * label_radix, -1, dtype=np.int64)
    for code, (task, target, label) in enumerate(label_codes):
        raw = (task_names.index(task) * (len(targets) + 1) + targets.index(target)) * label_radix
        label_lookup[raw + task_labels.index(label)] = code
    span_raw = _simple_case(Span.layer, layer_names) * span_radix + _simple_case(Span.label, span_labels)
    label_raw = ((_simple_case(DocLabel.task, task_names) * (len(targets) + 1) + _simple_case(DocLabel.target, targets))
                 * label_radix + _simple_case(DocLabel.label, task_labels))
    status_raw = _simple_case(DocStatus.status, list(STATUSES))
    high, mid = literal(_HIGH, BigInteger), literal(_MID, BigInteger)  # 64-bit arithmetic on every database
    last = 0
    while True:
        with session_factory() as s:
            conn = s.connection()
            names = {i: n for i, n in conn.execute(select(Annotator.id, Annotator.name)).all() if n in annotators}
            if names and max(names) >= _MID:
                raise ProjectError(f"agreement handles annotator ids below {_MID}")
            docs = _int_array(conn, select(Document.id * high + Document.length)  # only the documents they worked on:
                              .where(Document.id > last, Document.id.in_(worked_on(list(names) or [-1], finished)))
                              .order_by(Document.id).limit(size + 1))  # all of a million took 4 s
            if not len(docs):
                return
            everything = last == 0 and len(docs) <= size  # one batch: read whole tables, no index needed
            docs = docs[:size]
            first_id, last_id = int(docs[0] // _HIGH), int(docs[-1] // _HIGH)
            mine = list(names) or [-1]

            def where(doc: Any, ann: Any) -> Any:
                ours = (ann + 0).in_(mine)  # "+ 0": a scan, not an index walk per row
                return ours if everything else and_(doc.between(first_id, last_id), ours)

            packed = _int_array(conn, select(Span.document_id * high + Span.start,
                                             (span_raw * mid + Span.annotator_id) * high + Span.end)
                                .where(where(Span.document_id, Span.annotator_id), Span.layer.not_in(target_layers)), 2)
            extra = []
            if target_layers:  # attrs (the target) are read only for layers whose spans have one
                for d, a, layer, start, end, label, attrs in raw_rows(
                        conn, select(Span.document_id, Span.annotator_id, Span.layer, Span.start, Span.end,
                                     Span.label, type_coerce(Span.attrs, Text))
                        .where(where(Span.document_id, Span.annotator_id), Span.layer.in_(target_layers))):
                    target = json_object(attrs).get("target") if attrs and attrs != "{}" else None
                    key = (layer, f"{label}@{target}" if target else label)
                    if key not in known_spans:
                        known_spans[key] = len(span_codes)
                        span_codes.append(key)
                    extra.append((d, a, known_spans[key], start, end))
            labels = _int_array(conn, select(DocLabel.document_id * high + label_raw * mid + DocLabel.annotator_id)
                                .where(where(DocLabel.document_id, DocLabel.annotator_id)))
            statuses = _int_array(conn, select(DocStatus.document_id * high + status_raw * mid + DocStatus.annotator_id)
                                  .where(where(DocStatus.document_id, DocStatus.annotator_id)))
        last = last_id
        left, right = packed[:, 0], packed[:, 1]
        span_columns = [left // _HIGH, (right // _HIGH) % _MID, span_lookup[right // _HIGH // _MID],
                        left % _HIGH, right % _HIGH]
        if extra:
            span_columns = [np.concatenate([mine_, np.array(more, dtype=np.int64)])
                            for mine_, more in zip(span_columns, zip(*extra))]
        low = labels % _HIGH
        yield AgreementRows(
            names, docs // _HIGH, docs % _HIGH,
            statuses // _HIGH, statuses % _MID, (statuses % _HIGH) // _MID,
            *span_columns,
            labels // _HIGH, low % _MID, label_lookup[low // _MID],
            list(span_codes), list(label_codes))


def worked_on(annotator_ids: Sequence[int], finished: bool = False) -> Any:
    """The ids of the documents on which any of these annotators has a status, a span or a label (with
    ``finished``, that they marked done): the only ones agreement can compare (read from the annotation
    tables' indexes, never from every document)."""
    if finished:
        return (select(DocStatus.document_id).distinct()
                .where(DocStatus.annotator_id.in_(annotator_ids), DocStatus.status == "done"))
    return (select(DocStatus.document_id).where(DocStatus.annotator_id.in_(annotator_ids))
            .union(select(Span.document_id).where(Span.annotator_id.in_(annotator_ids)),
                   select(DocLabel.document_id).where(DocLabel.annotator_id.in_(annotator_ids))))


def _simple_case(column: Any, values: Sequence[str]) -> Any:
    """The index of the column's value in ``values``; one past the end for anything else."""
    if not values:
        return literal(0)
    return case({value: i for i, value in enumerate(values)}, value=column, else_=len(values))


def _int_array(conn: Connection, stmt: Select[Any], columns: int = 1) -> np.ndarray:
    """An integer query's rows as an array, read 64k rows at a time (the rows are never all in Python at once)."""
    import numpy as np

    chunks = []
    with _raw_cursor(conn, *_compiled(conn, stmt)) as cursor:
        while rows := cursor.fetchmany(65536):
            flat = chain.from_iterable(rows) if columns > 1 else (row[0] for row in rows)
            chunks.append(np.fromiter(flat, dtype=np.int64, count=len(rows) * columns).reshape(-1, columns))
    found = np.concatenate(chunks) if chunks else np.zeros((0, columns), dtype=np.int64)
    return found if columns > 1 else found.reshape(-1)


def excerpts(conn: Connection, doc_ids: Sequence[int], length: int) -> dict[int, tuple[str, str]]:
    """External id and the first ``length`` characters of each document."""
    found: dict[int, tuple[str, str]] = {}
    for i in range(0, len(doc_ids), 500):
        chunk = list(doc_ids[i:i + 500])
        for d, ext, text in raw_rows(conn, select(Document.id, Document.external_id,
                                                  func.substr(Document.text, 1, length)).where(Document.id.in_(chunk))):
            found[d] = (ext, text)
    return found


class RawQuery:
    """A statement with named parameters, compiled once per dialect and run on the DB-API cursor.

    For reads on every document opened: compiling costs as much as running, and SQLAlchemy's
    result rows cost more than the query. Plain values only (no type processing)."""

    def __init__(self, stmt: Select[Any]) -> None:
        self.stmt = stmt
        self._compiled: dict[tuple[str, str, str], tuple[str, tuple[str, ...] | None]] = {}

    def rows(self, conn: Connection, **params: Any) -> list[tuple[Any, ...]]:
        dialect = conn.dialect
        key = (dialect.name, dialect.driver, dialect.paramstyle)  # drivers of one database differ in style
        known = self._compiled.get(key)
        if known is None:
            compiled = self.stmt.compile(dialect=dialect)
            known = (str(compiled), tuple(compiled.positiontup or ()) if compiled.positional else None)
            self._compiled[key] = known
        sql, order = known
        args: Any = params if order is None else tuple(params[k] for k in order)
        with _raw_cursor(conn, sql, args) as cursor:
            return list(cursor.fetchall())


def raw_rows(conn: Connection, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    """Rows of plain columns straight from the DB-API cursor: for the hundreds of thousands of small
    rows agreement reads, SQLAlchemy's result objects cost more than the query. Any dialect."""
    with _raw_cursor(conn, *_compiled(conn, stmt)) as cursor:
        return list(cursor.fetchall())


def _compiled(conn: Connection, stmt: Select[Any]) -> tuple[str, Any]:
    """The statement's SQL for this connection's driver, and its parameters in the driver's form."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    return str(compiled), tuple(params[k] for k in compiled.positiontup or ()) if compiled.positional else params


@contextmanager
def _raw_cursor(conn: Connection, sql: str, args: Any) -> Iterator[Any]:
    """A DB-API cursor that has run ``sql``; a driver error becomes SQLAlchemy's, which callers turn
    into a ProjectError."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    error = conn.dialect.loaded_dbapi.Error
    try:
        cursor.execute(sql, args)
        yield cursor
    except error as exc:
        raise DBAPIError.instance(sql, args, exc, error) from exc
    finally:
        cursor.close()
