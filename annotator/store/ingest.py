"""Bulk storage of validated records: decide each record's fate first, then write the batch at once."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from annotator.core.errors import ProjectError
from annotator.core.records import NO_ATTRS, DocumentRecord, attrs_key
from annotator.core.untrusted import UntrustedError, check_name
from annotator.core.textio import sha256_text
from annotator.store import bulk
from annotator.store.models import Annotator, DocLabel, DocStatus, Document, Span, utcnow
from annotator.store.values import Outcome

_CHUNK = 500  # bound on the number of parameters in one IN (...)


def _existing_annotators(s: Session, names: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(names):
        found.update(s.execute(select(Annotator.name, Annotator.id).where(Annotator.name.in_(chunk))).all())
    return found


def ensure_annotators(s: Session, names: Iterable[str], role: str = "annotator") -> dict[str, int]:
    """Ids of the named annotators, creating the missing ones; a new name with a control character,
    a bidi override or more than 255 characters is refused (ProjectError). Names stored before stay usable."""
    wanted = sorted(set(names))
    found = _existing_annotators(s, wanted)
    missing = [n for n in wanted if n not in found]
    for name in missing:
        try:
            check_name(name, f"the name {name!r}")
        except UntrustedError as exc:
            raise ProjectError(f"{exc}; a name may not hold control characters") from None
        if len(name) > 255:
            raise ProjectError(f"the name {name[:20]!r}… is longer than 255 characters")
    if missing:
        rows = s.execute(insert(Annotator).returning(Annotator.name, Annotator.id),
                         [{"name": n, "role": role, "created": utcnow()} for n in missing])
        found.update(rows.all())
    return found


@dataclass
class _Doc:
    id: int | None
    sha256: str
    new: bool


def add_records(s: Session, records: Sequence[DocumentRecord]) -> list[Outcome | str]:
    """Decide each record's fate (new, already there, a conflict, an annotator's other annotations), then
    write the batch: documents, annotators, then spans, labels and statuses, many rows a statement."""
    known = _existing_documents(s, {r.external_id for r in records})
    named = sorted({r.annotator for r in records if r.annotator and r.has_annotations})
    existing = _existing_annotators(s, named)  # annotators are made only for lines that are kept
    outcomes: list[Outcome | str] = []
    new_docs: dict[str, DocumentRecord] = {}
    claimed: dict[tuple[str, str], DocumentRecord] = {}  # (doc, annotator) -> the record of this batch that has them
    to_annotate: list[DocumentRecord] = []
    for rec in records:
        sha = sha256_text(rec.text)
        doc = known.get(rec.external_id)
        if doc is None:
            doc = known[rec.external_id] = _Doc(None, sha, True)
            new_docs[rec.external_id] = rec
        elif doc.sha256 != sha:
            outcomes.append(f"id {rec.external_id!r} is already stored with a different text")
            continue
        elif not rec.has_annotations:
            outcomes.append(Outcome.UNCHANGED)
            continue
        if not rec.has_annotations:
            outcomes.append(Outcome.IMPORTED)
            continue
        assert rec.annotator is not None
        key = (rec.external_id, rec.annotator)
        earlier = claimed.get(key)
        # compared only when there is something to compare with: most records meet no earlier annotations
        before = (_annotations(earlier) if earlier is not None
                  else _stored_annotations(s, doc.id, existing[rec.annotator])
                  if doc.id is not None and rec.annotator in existing else _EMPTY)
        if before != _EMPTY:
            if before == _annotations(rec):
                outcomes.append(Outcome.UNCHANGED)
            else:
                outcomes.append(f"annotator {rec.annotator!r} already has other annotations on {rec.external_id!r}; not overwritten")
            continue
        claimed[key] = rec
        to_annotate.append(rec)
        outcomes.append(Outcome.IMPORTED)
    conn = s.connection()
    with _page_cache(conn):
        _insert_documents(conn, new_docs.values(), known)
        annotators = ensure_annotators(s, {r.annotator for r in to_annotate if r.annotator})
        _insert_annotations(conn, to_annotate, known, annotators)
    return outcomes


BATCH_CACHE_KIB = 65_536  # SQLite's page cache while a batch is written (its default is 2 MB)


@contextmanager
def _page_cache(conn: Connection) -> Iterator[None]:
    """A larger SQLite page cache while a batch is written: a batch's text and index pages outgrow the
    default 2 MB, which then spills pages to the log mid-transaction and reads index pages back (with
    64 MB, a third fewer writes and half the reads on benchmarks/bench_import_spans.py's corpus).
    Memory, not durability: the journal and sync settings are untouched. The connection's own size is
    put back after, and a refused batch's error is the one raised."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or 0)
    conn.exec_driver_sql(f"PRAGMA cache_size = -{BATCH_CACHE_KIB}")
    try:
        yield
    except BaseException:
        with suppress(SQLAlchemyError):
            conn.exec_driver_sql(f"PRAGMA cache_size = {before}")
        raise
    conn.exec_driver_sql(f"PRAGMA cache_size = {before}")


_EMPTY: tuple[object, ...] = (frozenset(), frozenset(), None)


def _annotations(rec: DocumentRecord) -> tuple[object, ...]:
    return (frozenset(sp.key() for sp in rec.spans),
            frozenset((d.task, d.target, d.label) for d in rec.doc_labels),
            rec.status)


def _stored_annotations(s: Session, doc_id: int, annotator_id: int) -> tuple[object, ...]:
    spans = s.execute(select(Span.layer, Span.label, Span.start, Span.end, Span.attrs)
                      .where(Span.document_id == doc_id, Span.annotator_id == annotator_id))
    labels = s.execute(select(DocLabel.task, DocLabel.target, DocLabel.label)
                       .where(DocLabel.document_id == doc_id, DocLabel.annotator_id == annotator_id))
    status = s.scalar(select(DocStatus.status).where(DocStatus.document_id == doc_id, DocStatus.annotator_id == annotator_id))
    span_keys = frozenset((layer, label, start, end, attrs_key(attrs)) for layer, label, start, end, attrs in spans)
    return (span_keys, frozenset(labels), status)


def _existing_documents(s: Session, ids: set[str]) -> dict[str, _Doc]:
    found: dict[str, _Doc] = {}
    for chunk in _chunks(sorted(ids)):
        query = select(Document.external_id, Document.id, Document.sha256).where(Document.external_id.in_(chunk))
        for ext, doc_id, sha in s.execute(query):
            found[ext] = _Doc(doc_id, sha, False)
    return found


_DOCUMENT_COLUMNS = ("external_id", "text", "sha256", "length", "language", "source", "meta", "created")
_SPAN_COLUMNS = ("document_id", "annotator_id", "layer", "label", "start", "end", "attrs", "created", "updated")
_LABEL_COLUMNS = ("document_id", "annotator_id", "task", "target", "label", "updated")
_STATUS_COLUMNS = ("document_id", "annotator_id", "status", "seconds", "updated")


def _insert_documents(conn: Connection, records: Iterable[DocumentRecord], known: dict[str, _Doc]) -> None:
    writer = bulk.Rows(conn, Document.__table__, _DOCUMENT_COLUMNS)
    now = writer.value("created", utcnow())
    meta = functools.partial(writer.value, "meta")
    rows = [(r.external_id, r.text, known[r.external_id].sha256, len(r.text), r.language, r.source[:255],
             meta(dict(r.meta)), now) for r in records]
    for ext, doc_id in writer.insert(rows, returning=("external_id", "id")):
        known[ext].id = doc_id


def _insert_annotations(conn: Connection, records: Sequence[DocumentRecord], known: dict[str, _Doc],
                        annotators: dict[str, int]) -> None:
    spans = bulk.Rows(conn, Span.__table__, _SPAN_COLUMNS)
    labels = bulk.Rows(conn, DocLabel.__table__, _LABEL_COLUMNS)
    statuses = bulk.Rows(conn, DocStatus.__table__, _STATUS_COLUMNS)
    now = spans.value("created", utcnow())
    no_attrs = spans.value("attrs", {})
    span_rows: list[tuple[object, ...]] = []
    label_rows: list[tuple[object, ...]] = []
    status_rows: list[tuple[object, ...]] = []
    for rec in records:
        assert rec.annotator is not None
        doc_id, ann_id = known[rec.external_id].id, annotators[rec.annotator]
        span_rows += [(doc_id, ann_id, layer, label, start, end,
                       no_attrs if attrs is NO_ATTRS or not attrs else spans.value("attrs", dict(attrs)), now, now)
                      for start, end, label, layer, attrs in rec.spans]
        label_rows += [(doc_id, ann_id, d.task, d.target, d.label, now) for d in rec.doc_labels]
        if rec.status:
            status_rows.append((doc_id, ann_id, rec.status, 0.0, now))
    spans.insert(span_rows)
    labels.insert(label_rows)
    statuses.insert(status_rows)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]
