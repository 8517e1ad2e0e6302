"""The Project API on annotators' decisions about the document labels the model suggests (the stance model).

The suggestions are made from the model in use as a document opens (``formats.stance``); what is stored
is what the annotator did with one: rejected (never suggested to them again for that document, target
and label), accepted (the label is theirs: ``set_doc_label`` in the same action), or open again (the
decision undone). A row is never a label: export and agreement read ``doc_labels`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from annotator.core.errors import ProjectError
from annotator.store.annotations import _dialect_insert
from annotator.store.base import _ANNOTATOR_EXISTS, ProjectBase, _retry_when_busy
from annotator.store.models import DocSuggestion, utcnow
from annotator.store.values import AnnotatorId, DocSuggestionView, DocumentId

STATES = ("open", "rejected", "accepted")
CHUNK = 500


class DocSuggestionsMixin(ProjectBase):
    @_retry_when_busy
    def decide_doc_suggestion(self, suggestion: DocSuggestionView, state: str) -> DocSuggestionView:
        """Store what the annotator decided about a suggested document label (see the module); the same
        document, target and label decided again keeps the latest decision."""
        if state not in STATES:
            raise ProjectError(f"unknown decision {state!r}; one of {', '.join(STATES)}")
        with self._core() as conn:
            if self._current_schema(conn).task(suggestion.task) is None:
                raise ProjectError(f"unknown task {suggestion.task!r} (not in the project's schema)")
            self._require_document(conn, suggestion.document_id)
            if conn.execute(_ANNOTATOR_EXISTS, {"id": suggestion.annotator_id}).first() is None:
                raise ProjectError(f"no annotator {suggestion.annotator_id}")
            table: Any = DocSuggestion.__table__
            upsert = _dialect_insert(conn)(table).values(
                document_id=suggestion.document_id, annotator_id=suggestion.annotator_id, task=suggestion.task,
                target=suggestion.target, label=suggestion.label, score=float(suggestion.score),
                model_id=suggestion.model_id, state=state, updated=utcnow())
            conn.execute(upsert.on_conflict_do_update(
                index_elements=["annotator_id", "document_id", "task", "target", "label"],
                set_={c: upsert.excluded[c] for c in ("score", "model_id", "state", "updated")}))
        return suggestion._replace(state=state)

    def doc_suggestion_decisions(self, annotator_id: AnnotatorId, doc_ids: Sequence[int],
                                 ) -> dict[DocumentId, list[DocSuggestionView]]:
        """The annotator's decisions in these documents (open rows too: a decision undone)."""
        found: dict[DocumentId, list[DocSuggestionView]] = {}
        ids = sorted(set(doc_ids))
        t = DocSuggestion
        with self._core() as conn:
            for at in range(0, len(ids), CHUNK):
                rows = conn.execute(select(t.document_id, t.task, t.target, t.label, t.score, t.model_id, t.state)
                                    .where(t.annotator_id == annotator_id, t.document_id.in_(ids[at:at + CHUNK]))
                                    .order_by(t.document_id, t.task, t.target, t.label))
                for doc, task, target, label, score, model_id, state in rows:
                    found.setdefault(DocumentId(doc), []).append(
                        DocSuggestionView(DocumentId(doc), annotator_id, task, target, label, score, model_id, state))
        return found
