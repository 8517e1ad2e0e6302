"""Bulk storage of validated records: decide each record's fate first, then write the batch at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.core.errors import ProjectError
from annotator.core.records import DocumentRecord, attrs_key
from annotator.core.untrusted import UntrustedError, check_name
from annotator.core.textio import sha256_text
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
    known = _existing_documents(s, {r.external_id for r in records})
    named = sorted({r.annotator for r in records if r.annotator and r.has_annotations})
    existing = _existing_annotators(s, named)  # annotators are made only for lines that are kept
    outcomes: list[Outcome | str] = []
    new_docs: dict[str, DocumentRecord] = {}
    claimed: dict[tuple[str, str], tuple[object, ...]] = {}  # (doc, annotator) -> annotations in this batch
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
        mine = _annotations(rec)
        before = claimed.get(key)
        if before is None and doc.id is not None and rec.annotator in existing:
            before = _stored_annotations(s, doc.id, existing[rec.annotator])
        if before is not None and before != _EMPTY:
            if before == mine:
                outcomes.append(Outcome.UNCHANGED)
            else:
                outcomes.append(f"annotator {rec.annotator!r} already has other annotations on {rec.external_id!r}; not overwritten")
            continue
        claimed[key] = mine
        to_annotate.append(rec)
        outcomes.append(Outcome.IMPORTED)
    _insert_documents(s, new_docs.values(), known)
    annotators = ensure_annotators(s, {r.annotator for r in to_annotate if r.annotator})
    _insert_annotations(s, to_annotate, known, annotators)
    return outcomes


_EMPTY: tuple[object, ...] = (frozenset(), frozenset(), None)


def _annotations(rec: DocumentRecord) -> tuple[object, ...]:
    return (frozenset(sp.key() for sp in rec.spans),
            frozenset((d.task, d.target, d.label) for d in rec.doc_labels),
            rec.status)


def _stored_annotations(s: Session, doc_id: int, annotator_id: int) -> tuple[object, ...]:
    spans = s.scalars(select(Span).where(Span.document_id == doc_id, Span.annotator_id == annotator_id))
    labels = s.execute(select(DocLabel.task, DocLabel.target, DocLabel.label)
                       .where(DocLabel.document_id == doc_id, DocLabel.annotator_id == annotator_id))
    status = s.scalar(select(DocStatus.status).where(DocStatus.document_id == doc_id, DocStatus.annotator_id == annotator_id))
    span_keys = frozenset((sp.layer, sp.label, sp.start, sp.end, attrs_key(sp.attrs)) for sp in spans)
    return (span_keys, frozenset(labels), status)


def _existing_documents(s: Session, ids: set[str]) -> dict[str, _Doc]:
    found: dict[str, _Doc] = {}
    for chunk in _chunks(sorted(ids)):
        query = select(Document.external_id, Document.id, Document.sha256).where(Document.external_id.in_(chunk))
        for ext, doc_id, sha in s.execute(query):
            found[ext] = _Doc(doc_id, sha, False)
    return found


def _insert_documents(s: Session, records: Iterable[DocumentRecord], known: dict[str, _Doc]) -> None:
    now = utcnow()
    rows = [{"external_id": r.external_id, "text": r.text, "sha256": known[r.external_id].sha256,
             "length": len(r.text), "language": r.language, "source": r.source[:255],
             "meta": dict(r.meta), "created": now} for r in records]
    if not rows:
        return
    result = s.execute(insert(Document).returning(Document.external_id, Document.id), rows)
    for ext, doc_id in result:
        known[ext].id = doc_id


def _insert_annotations(s: Session, records: Sequence[DocumentRecord], known: dict[str, _Doc],
                        annotators: dict[str, int]) -> None:
    now = utcnow()
    spans, labels, statuses = [], [], []
    for rec in records:
        assert rec.annotator is not None
        doc_id, ann_id = known[rec.external_id].id, annotators[rec.annotator]
        spans += [{"document_id": doc_id, "annotator_id": ann_id, "layer": sp.layer, "label": sp.label,
                   "start": sp.start, "end": sp.end, "attrs": dict(sp.attrs), "created": now, "updated": now}
                  for sp in rec.spans]
        labels += [{"document_id": doc_id, "annotator_id": ann_id, "task": d.task, "target": d.target,
                    "label": d.label, "updated": now} for d in rec.doc_labels]
        if rec.status:
            statuses.append({"document_id": doc_id, "annotator_id": ann_id, "status": rec.status,
                             "seconds": 0.0, "updated": now})
    for table, rows in ((Span.__table__, spans), (DocLabel.__table__, labels), (DocStatus.__table__, statuses)):
        if rows:  # Core executemany: the ORM's bulk path costs more than the insert itself
            s.execute(insert(table), rows)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]
