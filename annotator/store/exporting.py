"""Stream documents with their annotations, a batch at a time, for exporters (never all at once)."""

from __future__ import annotations

from collections import defaultdict
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, Text, func, literal_column, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

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
    stmt = select(func.count(Document.id))
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


@dataclass
class LeanSet:
    """One annotator's work on one document, as plain tuples (what agreement needs, nothing more)."""

    status: str | None = None
    # layer -> (start, end, label); a span with a target (stance evidence) has the label "LABEL@target"
    spans: dict[str, list[tuple[int, int, str]]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (task, target) -> label


@dataclass(frozen=True)
class LeanDocument:
    id: int
    external_id: str
    length: int
    excerpt: str
    sets: dict[str, LeanSet]


def lean_batches(session_factory: Callable[[], AbstractContextManager[Session]], annotators: Sequence[str],
                 target_layers: Sequence[str] = (), excerpt: int = 160,
                 size: int = 1000) -> Iterator[list[LeanDocument]]:
    """Documents with the named annotators' spans, labels and statuses as tuples, ``size`` at a time."""
    last = 0
    while True:
        with session_factory() as s:
            conn = s.connection()
            names = {i: n for i, n in conn.execute(select(Annotator.id, Annotator.name)).all() if n in annotators}
            docs = conn.execute(select(Document.id, Document.external_id, Document.length,
                                       func.substr(Document.text, 1, excerpt))
                                .where(Document.id > last).order_by(Document.id).limit(size)).all()
            if not docs:
                return
            first_id, last_id = docs[0][0], docs[-1][0]
            in_range = Span.document_id.between(first_id, last_id)
            # attrs (the target) are read only for layers whose spans have one
            spans = raw_rows(conn, select(Span.document_id, Span.annotator_id, Span.layer, Span.start, Span.end,
                                           Span.label, literal_column("NULL")).where(in_range, Span.layer.not_in(target_layers)))
            if target_layers:
                spans += raw_rows(conn, select(Span.document_id, Span.annotator_id, Span.layer, Span.start, Span.end,
                                                Span.label, type_coerce(Span.attrs, Text))
                                   .where(in_range, Span.layer.in_(target_layers)))
            labels = raw_rows(conn, select(DocLabel.document_id, DocLabel.annotator_id, DocLabel.task, DocLabel.target,
                                            DocLabel.label).where(DocLabel.document_id.between(first_id, last_id)))
            statuses = raw_rows(conn, select(DocStatus.document_id, DocStatus.annotator_id, DocStatus.status)
                                 .where(DocStatus.document_id.between(first_id, last_id)))
        last = last_id
        sets: dict[int, dict[str, LeanSet]] = defaultdict(dict)

        def lean(d: int, a: int) -> LeanSet:
            found = sets[d].get(names[a])
            if found is None:
                found = sets[d][names[a]] = LeanSet()
            return found

        for d, a, st in statuses:
            if a in names:
                lean(d, a).status = st
        for d, a, layer, start, end, label, attrs in spans:
            if a in names:
                target = json_object(attrs).get("target") if attrs and attrs != "{}" else None
                lean(d, a).spans[layer].append((start, end, f"{label}@{target}" if target else label))
        for d, a, task, target, label in labels:
            if a in names:
                lean(d, a).labels[(task, target)] = label
        yield [LeanDocument(doc_id, ext, length, text, sets.get(doc_id, {})) for doc_id, ext, length, text in docs]


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
        return _run_raw(conn, sql, args)


def raw_rows(conn: Connection, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    """Rows of plain columns straight from the DB-API cursor: for the hundreds of thousands of small
    rows agreement reads, SQLAlchemy's result objects cost more than the query. Any dialect."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    args: Any = tuple(params[k] for k in compiled.positiontup or ()) if compiled.positional else params
    return _run_raw(conn, str(compiled), args)


def _run_raw(conn: Connection, sql: str, args: Any) -> list[tuple[Any, ...]]:
    """Run on the DB-API cursor; a driver error becomes SQLAlchemy's, which callers turn into a ProjectError."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    error = conn.dialect.loaded_dbapi.Error
    try:
        cursor.execute(sql, args)
        return list(cursor.fetchall())
    except error as exc:
        raise DBAPIError.instance(sql, args, exc, error) from exc
    finally:
        cursor.close()
