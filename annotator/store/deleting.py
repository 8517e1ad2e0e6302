"""Every delete of the Project API: plain SQL on SQLite, the functions of migration 0006 on PostgreSQL.

On PostgreSQL team members hold no DELETE right (it would let them ``LOCK TABLE`` a table others write,
see ``store.teams``); they delete by calling ``SECURITY DEFINER`` functions that delete only the rows
the row-level policies give them. Everyone on PostgreSQL (the owner and leads too) goes through the
same functions, so there is one code path to test. Each function runs inside the caller's transaction
(``Project.atomic`` included) and returns how many rows it deleted: 0 for a row that is not there or
that the caller may not delete."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, delete, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import BigInteger

from annotator.store.models import Adjudication, DocLabel, GoldDocLabel, GoldSpan, Span, Suggestion

_PG_SPAN = {False: text("SELECT annotator_delete_span(:id)"), True: text("SELECT annotator_delete_gold_span(:id)")}
_PG_LABEL = text("SELECT annotator_clear_doc_label(:doc, :annotator, :task, :target)")
_PG_GOLD_LABEL = text("SELECT annotator_clear_gold_doc_label(:doc, :task, :target)")
_PG_SUGGESTIONS = text("SELECT annotator_remove_suggestions(:ids)").bindparams(
    bindparam("ids", type_=ARRAY(BigInteger())))
_PG_UNADJUDICATE = text("SELECT annotator_unadjudicate(:doc)")
_CHUNK = 500  # ids in one IN (...) on SQLite


def _on_pg(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def span(conn: Connection, span_id: int, gold: bool) -> int:
    """Delete one span (an annotator's, or gold); how many went (0 or 1)."""
    if _on_pg(conn):
        return int(conn.execute(_PG_SPAN[gold], {"id": span_id}).scalar_one())
    model = GoldSpan if gold else Span
    return conn.execute(delete(model).where(model.id == span_id)).rowcount


def doc_label(conn: Connection, doc_id: int, annotator_id: int, task: str, target: str, gold: bool) -> int:
    """Clear a document label: the annotator's, or the gold one (whoever set it)."""
    if _on_pg(conn):
        if gold:
            return int(conn.execute(_PG_GOLD_LABEL, {"doc": doc_id, "task": task, "target": target}).scalar_one())
        return int(conn.execute(_PG_LABEL, {"doc": doc_id, "annotator": annotator_id, "task": task,
                                            "target": target}).scalar_one())
    model = GoldDocLabel if gold else DocLabel
    query = delete(model).where(model.document_id == doc_id, model.task == task, model.target == target)
    return conn.execute(query if gold else query.where(model.annotator_id == annotator_id)).rowcount


def suggestions(conn: Connection, ids: Sequence[int]) -> int:
    """Delete suggestions (accepted ones: they became spans)."""
    gone = 0
    for i in range(0, len(ids), _CHUNK):
        chunk = [int(x) for x in ids[i:i + _CHUNK]]
        if _on_pg(conn):
            gone += int(conn.execute(_PG_SUGGESTIONS, {"ids": chunk}).scalar_one())
        else:
            gone += conn.execute(delete(Suggestion).where(Suggestion.id.in_(chunk))).rowcount
    return gone


def adjudication(conn: Connection, doc_id: int) -> int:
    """Mark a document not adjudicated (its gold stays)."""
    if _on_pg(conn):
        return int(conn.execute(_PG_UNADJUDICATE, {"doc": doc_id}).scalar_one())
    return conn.execute(delete(Adjudication).where(Adjudication.document_id == doc_id)).rowcount
