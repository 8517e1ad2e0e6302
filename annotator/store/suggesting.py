"""Suggestions and the word index: the SQL behind propagation, gazetteers and boilerplate suggestions.

The index holds each document's words in their loosest matching form (``core.matching.index_terms``):
SQLite keeps them in a contentless FTS5 table, PostgreSQL in a ``text[]`` column under a GIN index.
A search asks for documents that hold every word of a name; only those texts are read and matched.

The index records the version of the word rule that built it (the setting ``word_index_rule``,
``core.matching.WORD_RULE_VERSION``). When a build splits words differently, the next catch-up
clears the index and fills it again; until then a search reads every document rather than trust
words split by another rule.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from annotator.core.matching import WORD_RULE_VERSION, index_terms, loose_key
from annotator.store.models import Document, Setting, Span, Suggestion
from annotator.store.values import AnnotatorId, DocumentId, NewSuggestion, SuggestionView

INDEX_BATCH = 2000
_CHUNK = 500  # ids in one IN (...)


def key_of(span_text: str) -> str:
    """What groups the same text across documents: its loosest form, spaces collapsed, hashed."""
    return hashlib.sha1(loose_key(span_text).encode("utf-8")).hexdigest()


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i:i + _CHUNK])


# -- the word index -------------------------------------------------------------------------

RULE_SETTING = "word_index_rule"


def recorded_rule(conn: Connection) -> str | None:
    """The version of the word rule the index was built by (None: by a build that did not record it)."""
    value = conn.execute(select(Setting.value).where(Setting.key == RULE_SETTING)).scalar_one_or_none()
    return None if value is None else str(value)


def _by_newer_build(recorded: str | None) -> bool:
    return recorded is not None and recorded.isdigit() and int(recorded) > WORD_RULE_VERSION


def index_is_current(conn: Connection) -> bool:
    """Whether the index holds words split by this build's rule (else a search cannot trust it)."""
    return recorded_rule(conn) == str(WORD_RULE_VERSION)


def renew_if_stale(conn: Connection) -> bool:
    """Clear an index built by another word rule and record this build's rule, so that catching up
    fills it again. An index of a newer build is left alone (that build keeps it), and so is one this
    connection may not change (an annotator on a team project: a lead's import renews it).
    Returns whether the index is current now."""
    recorded = recorded_rule(conn)
    if recorded == str(WORD_RULE_VERSION):
        return True
    if _by_newer_build(recorded):
        return False
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    setting: Any = Setting.__table__
    try:
        with conn.begin_nested():
            if conn.dialect.name == "sqlite":  # a contentless FTS5 table is emptied by its own command
                conn.exec_driver_sql("INSERT INTO search_index (search_index) VALUES ('delete-all')")
            else:
                conn.exec_driver_sql("DELETE FROM search_terms")
            record = dialect.insert(setting).values(key=RULE_SETTING, value=str(WORD_RULE_VERSION))
            conn.execute(record.on_conflict_do_update(index_elements=["key"], set_={"value": record.excluded.value}))
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
            return False
        raise
    return True

def _missing(conn: Connection) -> Any:
    """The condition on documents that the index lacks them."""
    if conn.dialect.name == "sqlite":  # one writer at a time: ids are committed in order
        upto = conn.exec_driver_sql("SELECT max(rowid) FROM search_index").scalar() or 0
        return Document.id > upto
    # PostgreSQL: concurrent imports may commit ids out of order, so ask for what is missing
    return ~select(text("1")).select_from(text("search_terms")).where(
        text("search_terms.document_id = documents.id")).exists()


def unindexed(conn: Connection, limit: int) -> list[tuple[int, str]]:
    """The next documents the index lacks, with their texts, oldest first."""
    query = select(Document.id, Document.text).where(_missing(conn)).order_by(Document.id).limit(limit)
    return [(int(i), str(t)) for i, t in conn.execute(query)]


def count_unindexed(conn: Connection) -> int:
    """Documents a catch-up would add: all of them when the index is due to be rebuilt."""
    recorded = recorded_rule(conn)
    if recorded != str(WORD_RULE_VERSION) and not _by_newer_build(recorded):
        return int(conn.execute(select(func.count()).select_from(Document)).scalar_one())
    return int(conn.execute(select(func.count()).select_from(Document).where(_missing(conn))).scalar_one())


def add_to_index(conn: Connection, docs: Sequence[tuple[int, str]]) -> None:
    if not docs:
        return
    if conn.dialect.name == "sqlite":
        # the words as the matcher sees them, space-separated: FTS5's own tokenizer (older Unicode
        # tables) would glue a newer symbol or a bidi isolate to a word, and a search would miss it
        conn.exec_driver_sql("INSERT INTO search_index (rowid, terms) VALUES (?, ?)",
                             [(doc_id, " ".join(index_terms(body))) for doc_id, body in docs])
    else:
        conn.execute(text("INSERT INTO search_terms (document_id, terms) VALUES (:d, :t) ON CONFLICT DO NOTHING"),
                     [{"d": doc_id, "t": sorted(index_terms(body))} for doc_id, body in docs])


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def candidates(conn: Connection, first_forms: Sequence[str], others: Sequence[str]) -> list[int]:
    """Documents whose index holds one of ``first_forms`` and every one of ``others`` (every document
    when both are empty), in id order. Every document while the index was built by another word rule."""
    if (not first_forms and not others) or not index_is_current(conn):
        return [int(i) for i in conn.execute(select(Document.id).order_by(Document.id)).scalars()]
    if conn.dialect.name == "sqlite":
        parts = [f"({' OR '.join(_phrase(w) for w in first_forms)})"] if first_forms else []
        query = " AND ".join(parts + [_phrase(w) for w in others])
        rows = conn.exec_driver_sql("SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid",
                                    (query,))
    else:
        where = (["terms && CAST(:first AS text[])"] if first_forms else []) + \
                (["terms @> CAST(:others AS text[])"] if others else [])
        rows = conn.execute(text(f"SELECT document_id FROM search_terms WHERE {' AND '.join(where)} "
                                 "ORDER BY document_id"), {"first": list(first_forms), "others": list(others)})
    found = [int(r[0]) for r in rows]
    # a document the index lacks yet may hold the name too: its text is read and matched like the others
    # (on PostgreSQL only leads and the owner write the index, so an annotator's search can meet some)
    lacking = [int(i) for i in conn.execute(select(Document.id).where(_missing(conn)).order_by(Document.id)).scalars()]
    return sorted(set(found).union(lacking)) if lacking else found


def may_write_index(conn: Connection) -> bool:
    """Whether this connection may add to the word index: on PostgreSQL, leads and the owner only (an
    annotator could otherwise store false words for a document and hide it from everyone's searches)."""
    if conn.dialect.name != "postgresql":
        return True
    return bool(conn.execute(text("SELECT has_table_privilege('search_terms', 'INSERT')")).scalar())


def texts(conn: Connection, doc_ids: Sequence[int]) -> Iterator[tuple[int, str, str, str]]:
    """(id, external id, language, text) of each document, in chunks so each read stays short."""
    for chunk in _chunks(doc_ids):
        rows = conn.execute(select(Document.id, Document.external_id, Document.language, Document.text)
                            .where(Document.id.in_(chunk)).order_by(Document.id))
        yield from ((int(i), str(e), str(lang), str(t)) for i, e, lang, t in rows)


def metas(conn: Connection, doc_ids: Sequence[int]) -> Iterator[tuple[int, Any]]:
    """(id, meta) of each document."""
    for chunk in _chunks(doc_ids):
        rows = conn.execute(select(Document.id, Document.meta).where(Document.id.in_(chunk)))
        yield from ((int(i), meta) for i, meta in rows)


# -- suggestions ----------------------------------------------------------------------------

def _places(conn: Connection, model: Any, doc_ids: Sequence[int], *where: Any) -> dict[int, set[tuple[int, int]]]:
    """(start, end) of ``model``'s rows (spans or suggestions) matching ``where`` in those documents."""
    found: dict[int, set[tuple[int, int]]] = {}
    for chunk in _chunks(doc_ids):
        rows = conn.execute(select(model.document_id, model.start, model.end)
                            .where(*where, model.document_id.in_(chunk)))
        for doc_id, start, end in rows:
            found.setdefault(int(doc_id), set()).add((int(start), int(end)))
    return found


def taken(conn: Connection, annotator_id: AnnotatorId, layer: str,
          doc_ids: Sequence[int]) -> dict[int, set[tuple[int, int]]]:
    """The annotator's spans in ``layer`` in those documents: where a suggestion would add nothing."""
    return _places(conn, Span, doc_ids, Span.annotator_id == annotator_id, Span.layer == layer)


def suggested(conn: Connection, annotator_id: AnnotatorId, layer: str, label: str,
              doc_ids: Sequence[int]) -> dict[int, set[tuple[int, int]]]:
    """Where the annotator already has a suggestion (open or rejected) of that label, per document."""
    return _places(conn, Suggestion, doc_ids, Suggestion.annotator_id == annotator_id,
                   Suggestion.layer == layer, Suggestion.label == label)


def _insert_new(conn: Connection, rows: list[dict[str, Any]]) -> int:
    """Insert rows, leaving out any whose place (or id) is taken; returns how many went in."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    table: Any = Suggestion.__table__
    return len(conn.execute(dialect.insert(table).on_conflict_do_nothing().returning(table.c.id), rows).all())


def insert(conn: Connection, annotator_id: AnnotatorId, new: Iterable[NewSuggestion]) -> int:
    """Store suggestions, leaving out places already suggested (open or rejected); returns how many are new."""
    rows: list[dict[str, Any]] = [
        {"document_id": s.document_id, "annotator_id": annotator_id, "layer": s.layer, "label": s.label,
         "start": s.start, "end": s.end, "attrs": dict(s.attrs), "source": s.source, "reason": s.reason,
         "key": key_of(s.text), "state": "open"} for s in new]
    return _insert_new(conn, rows) if rows else 0


_COLUMNS = (Suggestion.id, Suggestion.document_id, Suggestion.annotator_id, Suggestion.layer, Suggestion.label,
            Suggestion.start, Suggestion.end, Suggestion.attrs, Suggestion.source, Suggestion.reason,
            Suggestion.key, Suggestion.state)


def _view(row: Any) -> SuggestionView:
    return SuggestionView(int(row[0]), DocumentId(row[1]), AnnotatorId(row[2]), row[3], row[4], int(row[5]),
                          int(row[6]), dict(row[7] or {}), row[8], row[9], row[10], row[11])


def of_document(conn: Connection, doc_id: DocumentId, annotator_id: AnnotatorId,
                state: str = "open") -> list[SuggestionView]:
    rows = conn.execute(select(*_COLUMNS).where(Suggestion.document_id == doc_id,
                                                Suggestion.annotator_id == annotator_id,
                                                Suggestion.state == state)
                        .order_by(Suggestion.start, Suggestion.end, Suggestion.id))
    return [_view(r) for r in rows]


def by_ids(conn: Connection, ids: Sequence[int], annotator_id: AnnotatorId) -> list[SuggestionView]:
    found: list[SuggestionView] = []
    for chunk in _chunks(ids):
        rows = conn.execute(select(*_COLUMNS).where(Suggestion.id.in_(chunk),
                                                    Suggestion.annotator_id == annotator_id))
        found += [_view(r) for r in rows]
    return sorted(found, key=lambda s: (s.document_id, s.start, s.end, s.id))


def same_everywhere(conn: Connection, one: SuggestionView) -> list[int]:
    """Open suggestions of the same text, layer and label in every document (for "accept everywhere")."""
    rows = conn.execute(select(Suggestion.id).where(
        Suggestion.annotator_id == one.annotator_id, Suggestion.key == one.key, Suggestion.layer == one.layer,
        Suggestion.label == one.label, Suggestion.state == "open").order_by(Suggestion.document_id, Suggestion.start))
    return [int(i) for i in rows.scalars()]


def set_state(conn: Connection, ids: Sequence[int], annotator_id: AnnotatorId, state: str) -> None:
    for chunk in _chunks(ids):
        conn.execute(update(Suggestion).where(Suggestion.id.in_(chunk), Suggestion.annotator_id == annotator_id)
                     .values(state=state))


def restore(conn: Connection, views: Sequence[SuggestionView]) -> None:
    """Put suggestions back as they were (for undo): re-made with their ids when gone, reopened when
    rejected. A place suggested anew meanwhile keeps that suggestion."""
    if views:
        _insert_new(conn, [{**s._asdict(), "attrs": dict(s.attrs), "state": "open"} for s in views])
        set_state(conn, [s.id for s in views], views[0].annotator_id, "open")


def known_names(conn: Connection, layers: Sequence[str], limit: int) -> set[str]:
    """The texts of the latest ``limit`` spans and of the latest ``limit`` suggestions of each of ``layers``
    (everyone's), read in the database (``substr`` counts characters on both back ends)."""
    names: set[str] = set()
    for table, layer in ((t, x) for t in (Span, Suggestion) for x in layers):  # one layer at a time: read in
        latest = (select(table.document_id, table.start, table.end).where(table.layer == layer)  # index order
                  .order_by(table.id.desc()).limit(limit).subquery())
        rows = conn.execute(select(func.substr(Document.text, latest.c.start + 1, latest.c.end - latest.c.start))
                            .join(latest, latest.c.document_id == Document.id))
        names.update(name for (name,) in rows if name)
    return names
