"""The commands behind every undoable action: plain Python, each ``do`` and ``undo`` a few Project calls
that the undo stack runs in one transaction, reporting what changed as effects."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.app.undo import Effect
from annotator.core.errors import AnnotatorError
from annotator.store.values import DocSuggestionView, DocumentId, SpanView, SuggestionView

if TYPE_CHECKING:
    from annotator.app.session import Session


class SessionCommand:
    """A command on the session's open document (``doc_id``), as its annotator, on their own work or gold."""

    def __init__(self, session: Session, text: str) -> None:
        assert session.document is not None
        self.session = session
        self.project = session.project
        self.me = session.annotator.id
        self.doc_id: DocumentId = session.document.id
        self.gold = session.gold
        self.text = text

    def do(self) -> tuple[Any, list[Effect]]:
        raise NotImplementedError

    def undo(self) -> list[Effect]:
        raise NotImplementedError


class AddSpan(SessionCommand):
    def __init__(self, session: Session, layer: str, label: str, start: int, end: int, attrs: dict[str, Any]) -> None:
        super().__init__(session, f"tag {label}")
        self.args = (layer, label, start, end, attrs)
        self.span: SpanView | None = None

    def do(self) -> tuple[SpanView, list[Effect]]:
        if self.span is None:
            layer, label, start, end, attrs = self.args
            span = self.project.add_span(self.doc_id, self.me, layer, label, start, end, attrs, gold=self.gold)
        else:
            span = self.project.restore_span(self.span)
        self.span = span  # redo restores this very span, with its id
        return span, [("stored", span)]

    def undo(self) -> list[Effect]:
        assert self.span is not None
        self.project.delete_span(self.span.id, gold=self.span.gold)
        return [("removed", self.span)]


class DeleteSpan(SessionCommand):
    def __init__(self, session: Session, span: SpanView) -> None:
        super().__init__(session, f"delete {span.label}")
        self.span = span

    def do(self) -> tuple[None, list[Effect]]:
        self.project.delete_span(self.span.id, gold=self.span.gold)
        return None, [("removed", self.span)]

    def undo(self) -> list[Effect]:
        return [("stored", self.project.restore_span(self.span))]


class ChangeSpan(SessionCommand):
    def __init__(self, session: Session, old: SpanView, new: dict[str, Any]) -> None:
        what = f"relabel {old.label} as {new['label']}" if new["label"] != old.label else f"resize {old.label}"
        super().__init__(session, what)
        self.old, self.new = old, new

    def do(self) -> tuple[SpanView, list[Effect]]:
        span = self.project.update_span(self.old.id, **self.new, gold=self.old.gold)
        return span, [("stored", span)]

    def undo(self) -> list[Effect]:
        old = self.old
        span = self.project.update_span(old.id, label=old.label, start=old.start, end=old.end, attrs=old.attrs,
                                        gold=old.gold)
        return [("stored", span)]


class SetDocLabel(SessionCommand):
    def __init__(self, session: Session, task: str, target: str, label: str | None) -> None:
        super().__init__(session, f"{task} {target}: {label or 'clear'}".replace("  ", " "))
        self.key = (task, target)
        self.new = label
        self.old = session.doc_label(task, target)

    def _set(self, label: str | None) -> list[Effect]:
        if label is None:
            self.project.clear_doc_label(self.doc_id, self.me, *self.key, gold=self.gold)
        else:
            self.project.set_doc_label(self.doc_id, self.me, *self.key, label, gold=self.gold)
        return [("labels", self.doc_id)]

    def do(self) -> tuple[None, list[Effect]]:
        return None, self._set(self.new)

    def undo(self) -> list[Effect]:
        return self._set(self.old)


class SetStatus(SessionCommand):
    """My status on the document; in review mode, whether its gold is final ("adjudicated") or open ("todo")."""

    def __init__(self, session: Session, status: str) -> None:
        text = (("mark adjudicated" if status == "adjudicated" else "reopen adjudication") if session.gold
                else f"mark {status.replace('_', ' ')}")
        super().__init__(session, text)
        self.new = status
        self.old = session.status()

    def _set(self, status: str) -> list[Effect]:
        if self.gold:
            self.project.set_adjudicated(self.doc_id, self.me, status == "adjudicated")
        else:
            self.project.set_status(self.doc_id, self.me, status)
        return [("status", self.doc_id, status)]

    def do(self) -> tuple[None, list[Effect]]:
        return None, self._set(self.new)

    def undo(self) -> list[Effect]:
        return self._set(self.old)


class Batch(SessionCommand):
    """Several commands as one action (Ctrl+B over paragraphs, taking gold that replaces gold, taking
    everything agreed): one transaction to do, one to undo, one step on the stack."""

    def __init__(self, session: Session, text: str, parts: list[SessionCommand]) -> None:
        super().__init__(session, text)
        self.parts = parts

    def do(self) -> tuple[list[Any], list[Effect]]:
        results, effects = [], []
        for part in self.parts:
            result, done = part.do()
            results.append(result)
            effects += done
        return results, effects

    def undo(self) -> list[Effect]:
        effects: list[Effect] = []
        for part in reversed(self.parts):
            effects += part.undo()
        return effects


class AcceptSuggestions(SessionCommand):
    """Suggestions become spans; undo deletes the spans and brings the suggestions back."""

    def __init__(self, session: Session, ids: list[int], text: str) -> None:
        super().__init__(session, text)
        self.ids = ids
        self.accepted: list[tuple[SuggestionView, SpanView]] = []

    def do(self) -> tuple[int, list[Effect]]:
        accepted, refused = self.project.accept_suggestions(self.ids, self.me)
        if not accepted:
            reason = refused[0][1] if refused else "it is gone (accepted or rejected already)"
            raise AnnotatorError(f"not accepted: {reason}")
        self.accepted = accepted
        self.ids = [s.id for s, _ in accepted]  # redo: just these
        effects: list[Effect] = [("stored", span) for _, span in accepted  # others show when they are opened
                                 if span.document_id == self.doc_id]
        effects.append(("suggestions",))
        if refused:
            effects.append(("notice", f"{len(refused)} suggestion{'s' * (len(refused) != 1)} stayed: {refused[0][1]}"))
        return len(accepted), effects

    def undo(self) -> list[Effect]:
        self.project.restore_suggestions([s for s, _ in self.accepted], [span for _, span in self.accepted])
        return [("removed", span) for _, span in self.accepted if span.document_id == self.doc_id] + [("suggestions",)]


class RejectSuggestions(SessionCommand):
    def __init__(self, session: Session, suggestions: list[SuggestionView], text: str) -> None:
        super().__init__(session, text)
        self.suggestions = suggestions

    def do(self) -> tuple[None, list[Effect]]:
        self.project.reject_suggestions([s.id for s in self.suggestions], self.me)
        return None, [("suggestions",)]

    def undo(self) -> list[Effect]:
        self.project.restore_suggestions(self.suggestions)
        return [("show", self.doc_id), ("suggestions",)]  # undo shows where it happens, as for spans


class DecideDocSuggestion(SessionCommand):
    """A document label the model suggested, accepted (it becomes my label, and the decision is kept) or
    rejected (kept, so that it is not suggested again); undo puts the label back as it was and the
    suggestion back, open. The effect is the document's labels: the panel shows labels and suggestions."""

    def __init__(self, session: Session, suggestion: DocSuggestionView, accept: bool) -> None:
        verb = "accept" if accept else "reject"
        super().__init__(session, f"{verb} {suggestion.task} {suggestion.target}: {suggestion.label}".replace("  ", " "))
        self.suggestion = suggestion
        self.accept = accept
        self.old = session.doc_label(suggestion.task, suggestion.target)

    def do(self) -> tuple[bool, list[Effect]]:
        s = self.suggestion
        if self.accept:
            self.project.set_doc_label(self.doc_id, self.me, s.task, s.target, s.label)
        self.project.decide_doc_suggestion(s, "accepted" if self.accept else "rejected")
        return True, [("labels", self.doc_id)]

    def undo(self) -> list[Effect]:
        s = self.suggestion
        if self.accept:
            if self.old is None:
                self.project.clear_doc_label(self.doc_id, self.me, s.task, s.target)
            else:
                self.project.set_doc_label(self.doc_id, self.me, s.task, s.target, self.old)
        self.project.decide_doc_suggestion(s, "open")
        return [("show", self.doc_id), ("labels", self.doc_id)]
