"""The Project API on suggestions and the word index behind them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from annotator.core.errors import ProjectError
from annotator.store import deleting, suggesting
from annotator.store.base import _ANNOTATOR_EXISTS, ProjectBase, _retry_when_busy
from annotator.store.values import AnnotatorId, DocumentId, NewSuggestion, SpanView, SuggestionView


class SuggestionsMixin(ProjectBase):
    # -- suggestions and the word index --------------------------------------------------------

    def count_unindexed(self) -> int:
        """Documents the word index does not hold yet (it is filled by ``index_documents``)."""
        with self._core() as conn:
            return suggesting.count_unindexed(conn)

    @_retry_when_busy
    def _renew_index(self) -> bool:
        with self._core() as conn:
            return suggesting.renew_if_stale(conn)

    @_retry_when_busy
    def _index_batch(self, size: int) -> int:
        with self._core() as conn:
            if not suggesting.may_write_index(conn):
                return 0
            docs = suggesting.unindexed(conn, size)
            suggesting.add_to_index(conn, docs)
        return len(docs)

    def index_documents(self, progress: Callable[[int], Any] | None = None) -> int:
        """Add every document the word index lacks, a batch per transaction; ``progress`` hears each
        batch's size. Returns how many were added. Cheap when there is nothing to do. On PostgreSQL
        only leads and the owner write the index; others' searches read what it lacks from the texts.

        An index built by another word rule (``core.matching.WORD_RULE_VERSION``) is cleared first and
        filled anew; one this project may not renew (built by a newer build, or this person may not
        change it) is left as it is, and searches read every document instead."""
        if not self._renew_index():
            return 0
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

    def document_sites(self, doc_ids: Sequence[int]) -> dict[DocumentId, str]:
        """The site of each document that says where it came from: the host of ``meta.url`` (or
        ``meta.source_url``), lower-cased, without a leading "www."; documents without one are left out."""
        ids = list(doc_ids)
        sites: dict[DocumentId, str] = {}
        for i in range(0, len(ids), 2000):
            with self._core() as conn:
                rows = list(suggesting.metas(conn, ids[i:i + 2000]))
            for doc_id, meta in rows:
                host = _host(meta)
                if host:
                    sites[DocumentId(doc_id)] = host
        return sites

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
            schema = self._current_schema(conn)  # one read per transaction, not one per suggestion
            for s in new:
                layer = schema.layer(s.layer)
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

    def known_names(self, layers: Sequence[str], limit: int = 20_000) -> set[str]:
        """Names the project knows, for word snapping's proclitic rule (``core.units``): the texts of the
        latest spans and suggestions in ``layers``, everyone's."""
        with self._core() as conn:
            return suggesting.known_names(conn, layers, limit)

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
        with self._core(serializable=True) as conn:
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
            deleting.suggestions(conn, [s.id for s, _ in accepted])
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
                deleting.span(conn, span.id, False)
            suggesting.restore(conn, views)


def _host(meta: Any) -> str:
    from urllib.parse import urlsplit

    if not isinstance(meta, dict):
        return ""
    for key in ("url", "source_url", "link"):
        url = meta.get(key)
        if isinstance(url, str) and url.strip():
            try:
                host = (urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname or "").lower()
            except ValueError:
                continue
            if "." not in host.strip(".") or any(c.isspace() or c in "/\\@" for c in host):
                continue  # not a host name: "not a url at all"
            return host[4:] if host.startswith("www.") else host
    return ""
