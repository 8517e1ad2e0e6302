"""The annotator's working state: project, who, which document. Every change is an undoable command.

Widgets name an intent here (``tag``, ``relabel``, ``set_doc_label`` …); the command calls the
Project API, which commits at once, and the session tells every view what changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.errors import AnnotatorError
from annotator.store.access import Action
from annotator.store.project import Project
from annotator.core.matching import MatchOptions
from annotator.formats.suggest import (apply_patterns, boilerplate_layer, find_boilerplate, load_patterns, propagate,
                                      store_boilerplate)
from annotator.store.values import (AnnotatorInfo, DocFilter, DocLabelView, DocumentId, DocumentView, DocumentWork,
                                    SpanId, SpanView, SuggestionView)

NO_DOCUMENT = "No document is open: import documents (annotator import FILES) or choose one in the list."
MAX_IDLE_SECONDS = 30 * 60  # a longer stretch without any action is not counted as work
RECORD_EVERY = 60  # seconds: time is added on an action at most this often, and on leaving


class Session(QObject):
    """One annotator on one project, with the document they have open."""

    documentOpened = Signal(int)     # document id
    spansChanged = Signal(int)       # document id: reread all my spans in it
    spanStored = Signal(object)      # SpanView, added or changed
    spanRemoved = Signal(object)     # SpanView
    docLabelsChanged = Signal(int)
    statusChanged = Signal(int)
    annotatorChanged = Signal()      # another annotator, or review mode switched on or off
    suggestionsChanged = Signal()    # the open document's suggestions: reread them
    failed = Signal(str)             # a refused action, said in one line

    def __init__(self, project: Project, annotator: AnnotatorInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        self.undo_stack = QUndoStack(self)
        self.document: DocumentView | None = None
        self._spans: dict[SpanId, SpanView] = {}
        self._labels: dict[tuple[str, str], DocLabelView] = {}
        self._status = "todo"
        self._suggestions: list[SuggestionView] = []
        self._opened_at = time.monotonic()
        self.gold = False  # review mode: the spans, labels and status worked on are the gold ones
        self.has_queue = project.has_queue(annotator.id)  # assigned documents: work goes through the queue

    # -- reading ----------------------------------------------------------------------------

    def spans(self) -> list[SpanView]:
        """My spans in the open document, in text order."""
        return sorted(self._spans.values(), key=lambda s: (s.start, s.end, s.id))

    def span(self, span_id: SpanId) -> SpanView | None:
        return self._spans.get(span_id)

    def suggestions(self) -> list[SuggestionView]:
        """My open suggestions in the open document, in text order."""
        return list(self._suggestions)

    def labels(self) -> list[DocLabelView]:
        """My document labels on the open document (in review mode: the gold ones)."""
        return list(self._labels.values())

    def doc_label(self, task: str, target: str) -> str | None:
        found = self._labels.get((task, target))
        return found.label if found else None

    def status(self) -> str:
        """My status on the open document (kept here: it is asked on every action).

        In review mode: "adjudicated" or "todo"."""
        return self._status if self.document else "todo"

    # -- documents and annotators ------------------------------------------------------------

    def open_document(self, doc_id: DocumentId) -> None:
        if self.document is not None and self.document.id == doc_id:
            return
        self.record_time()
        self._load(doc_id)
        self.documentOpened.emit(doc_id)

    def _reload(self) -> None:
        assert self.document is not None
        self._load(self.document.id)

    def _load(self, doc_id: DocumentId) -> None:
        self._take(self.project.work(doc_id, self.annotator.id, gold=self.gold))

    def _take(self, work: DocumentWork) -> None:
        suggestions = self._suggestions_of(work.document.id)  # read first: a refused read changes nothing
        self.document = work.document
        self._spans = {s.id: s for s in work.spans}
        self._labels = {(d.task, d.target): d for d in work.labels}
        self._status = work.status
        self._suggestions = suggestions

    def _suggestions_of(self, doc_id: DocumentId) -> list[SuggestionView]:
        """My open suggestions in a document; none in review mode (they are an annotator's own)."""
        return [] if self.gold else self.project.suggestions(doc_id, self.annotator.id)

    def _read_suggestions(self) -> None:
        self._suggestions = self._suggestions_of(self.document.id) if self.document is not None else []

    def record_time(self) -> None:
        """Add the time since the document was opened (or last recorded) to my time on it."""
        now = time.monotonic()
        spent, self._opened_at = min(now - self._opened_at, MAX_IDLE_SECONDS), now
        if self.document is not None and spent >= 1 and not self.gold:  # a reviewer's time is not annotation
            self.project.set_status(self.document.id, self.annotator.id, self.status(), add_seconds=spent)

    def may(self, action: Action) -> bool:
        """Whether the person I work as may do ``action`` (the rule is annotator.store.access's, as in the CLI)."""
        return self.project.may(self.annotator, action)

    @property
    def may_review(self) -> bool:
        return self.may(Action.REVIEW)

    def set_review(self, on: bool) -> None:
        """Review mode on or off: the open document shows (and edits) gold instead of my own work."""
        if on:
            try:
                self.project.require(self.annotator, Action.REVIEW)
            except AnnotatorError as exc:
                self.failed.emit(f"{exc}.")
                return
        if on == self.gold:
            return
        self.record_time()
        if self.document is not None:  # read the other side first: if that fails, nothing has changed
            try:
                work = self.project.work(self.document.id, self.annotator.id, gold=on)
            except AnnotatorError as exc:
                self.failed.emit(str(exc))
                return
        self.gold = on
        self.undo_stack.clear()  # its commands were on the other side
        if self.document is not None:
            self._take(work)
        self.annotatorChanged.emit()

    def switch_annotator(self, name: str) -> None:
        """Work as another of the project's people; a name the project does not know is refused (adding a
        person is a step of its own, so that a typo makes no one)."""
        person = self.project.find_annotator(name)
        bound = self.project.identify(remembered=self.annotator.name)
        if bound.bound and name != bound.name:  # a PostgreSQL team member works as their database login only
            self.failed.emit(f"You are logged in to the database as {bound.name}: on PostgreSQL you work as "
                             f"{bound.name} only (log in as {name} to work as {name}).")
            return
        if person is None:
            self.failed.emit(f"No one is called {name!r} in this project (File → Switch annotator → New person… adds someone).")
            return
        self.record_time()
        self.annotator = person
        self.has_queue = self.project.has_queue(self.annotator.id)
        self.gold = self.gold and self.may_review
        self.undo_stack.clear()  # the commands on it were someone else's
        if self.document is not None:
            self._reload()
        self.annotatorChanged.emit()
        if self.document is not None:
            self.spansChanged.emit(self.document.id)
            self.docLabelsChanged.emit(self.document.id)
            self.statusChanged.emit(self.document.id)

    def reread_status(self) -> None:
        """My status on the open document as the project has it now (another window may have changed it)."""
        if self.document is not None and not self.gold:
            self._status = self.project.statuses(self.document.id).get(self.annotator.id, "todo")

    def next_document(self, after: DocumentId | None) -> DocumentId | None:
        return self.project.next_document(DocFilter(annotator=self.annotator.id, status="todo",
                                                    assigned=self.has_queue), after)

    # -- intents (each one command on the undo stack) ----------------------------------------

    def tag(self, layer: str, label: str, start: int, end: int, attrs: dict[str, Any] | None = None) -> SpanView | None:
        if not self._has_document():
            return None
        return self._push(_AddSpan(self, layer, label, start, end, attrs or {}))

    def change(self, span_id: SpanId, *, label: str | None = None, start: int | None = None,
               end: int | None = None, attrs: dict[str, Any] | None = None) -> SpanView | None:
        old = self._spans[span_id]
        new = {"label": label or old.label, "start": old.start if start is None else start,
               "end": old.end if end is None else end, "attrs": old.attrs if attrs is None else attrs}
        if (new["label"], new["start"], new["end"], new["attrs"]) == (old.label, old.start, old.end, old.attrs):
            return old
        return self._push(_ChangeSpan(self, old, new))

    def delete(self, span_id: SpanId) -> None:
        self._push(_DeleteSpan(self, self._spans[span_id]))

    def set_doc_label(self, task: str, target: str, label: str | None) -> None:
        if self._has_document() and self.doc_label(task, target) != label:
            self._push(_SetDocLabel(self, task, target, label))

    def set_status(self, status: str) -> None:
        """My status on the open document; in review mode "adjudicated" or "todo"."""
        if self.document is not None and self.status() != status:
            self.record_time()
            self._push(_SetAdjudicated(self, status) if self.gold else _SetStatus(self, status))

    def take(self, layer: str, label: str, start: int, end: int, attrs: dict[str, Any]) -> SpanView | None:
        """Review mode: make an annotator's span gold, replacing gold spans it overlaps in a layer without overlaps."""
        if not self.gold:
            self.failed.emit("taking into gold is for review mode")
            return None
        wanted = (layer, label, start, end, attrs)
        same = next((s for s in self._spans.values() if (s.layer, s.label, s.start, s.end, s.attrs) == wanted), None)
        if same is not None:
            return same
        spec = self.project.schema.layer(layer)
        clashing = [] if spec is None or spec.allow_overlap else [
            s for s in self._spans.values() if s.layer == layer and s.start < end and s.end > start]
        with self.macro(f"take {label} into gold"):
            for old in clashing:
                self.delete(old.id)
            return self.tag(layer, label, start, end, attrs)

    # -- suggestions ------------------------------------------------------------------------------

    def _make_suggestions(self, what: str, make: Callable[[], str]) -> str | None:
        """Run ``make`` (which stores suggestions and says what it did) for me, not in review mode;
        a refusal is reported and gives None. Suggestions are not annotations: not on the undo stack."""
        if self.gold:
            self.failed.emit(f"{what} makes an annotator's suggestions; leave review mode first")
            return None
        try:
            done = make()
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return None
        self._suggestions_changed()
        return done

    def propagate(self, span: SpanView, *, everywhere: bool, options: MatchOptions) -> str | None:
        """Suggest ``span``'s label at the other occurrences of its text (this document or all)."""
        def make() -> str:
            done = propagate(self.project, span, everywhere=everywhere, options=options)
            where = f"{done.documents} document{'s' * (done.documents != 1)}" if everywhere else "this document"
            return (f"{done.added} new suggestion{'s' * (done.added != 1)} in {where}"
                    + (f" ({done.skipped} places already tagged or suggested)" if done.skipped else ""))

        return self._make_suggestions("propagation", make)

    def apply_gazetteer(self, path: Path, options: MatchOptions) -> str | None:
        """Every match of a gazetteer file's patterns in the project, as my suggestions."""
        def make() -> str:
            patterns = load_patterns(path, self.project.schema)
            done = apply_patterns(self.project, self.annotator.id, patterns, source_name=path.name, options=options)
            return (f"{done.added} new suggestions in {done.documents} documents from {len(patterns)} "
                    f"pattern{'s' * (len(patterns) != 1)} in {path.name}")

        return self._make_suggestions("a gazetteer", make)

    def suggest_boilerplate(self, progress: Any = None) -> str | None:
        """Boilerplate suggestions for every document of the project, for me."""
        def make() -> str:
            found = find_boilerplate(self.project, self.annotator.id, progress=progress)
            added = store_boilerplate(self.project, self.annotator.id, found)
            label = boilerplate_layer(self.project.schema).name
            documents = len({f.document_id for f in found})
            return f"{added} new {label} suggestions ({len(found)} lines in {documents} documents look like boilerplate)"

        return self._make_suggestions("looking for boilerplate", make)

    def accept(self, ids: list[int], text: str) -> int:
        """Make suggestions (by id, in any document) my spans, as one undoable step; returns how many."""
        if not ids:
            return 0
        command = _AcceptSuggestions(self, ids, text)
        self._push(command)
        return len(command.accepted)

    def same_everywhere(self, suggestion: SuggestionView) -> list[int]:
        """Ids of my open suggestions of the same text, layer and label in every document."""
        return self.project.same_suggestions(suggestion)

    def reject(self, suggestions: list[SuggestionView], text: str) -> None:
        if suggestions:
            self._push(_RejectSuggestions(self, suggestions, text))

    def _suggestions_changed(self) -> None:
        self._read_suggestions()
        self.suggestionsChanged.emit()

    def macro(self, text: str) -> _Macro:
        return _Macro(self.undo_stack, text)

    def _has_document(self) -> bool:
        """True when a document is open; else the user is told why nothing happens."""
        if self.document is None:
            self.failed.emit(NO_DOCUMENT)
        return self.document is not None

    def _push(self, command: _Command) -> Any:
        self.undo_stack.push(command)
        if command.error:
            self.failed.emit(command.error)
            return None
        self._touch()
        if time.monotonic() - self._opened_at >= RECORD_EVERY:
            self.record_time()  # long stints on one document are counted as they go
        return command.result

    def _touch(self) -> None:
        """The first action on a document moves it from todo to in progress (my own work, not gold)."""
        assert self.document is not None
        if not self.gold and self.status() == "todo":
            self.project.set_status(self.document.id, self.annotator.id, "in_progress")
            self._status = "in_progress"
            self.statusChanged.emit(self.document.id)

    # -- what commands report back -------------------------------------------------------------

    def _stored(self, span: SpanView) -> None:
        if self.document is not None and span.document_id == self.document.id:
            self._spans[span.id] = span
        self.spanStored.emit(span)

    def _removed(self, span: SpanView) -> None:
        self._spans.pop(span.id, None)
        self.spanRemoved.emit(span)

    def _status_stored(self, doc_id: DocumentId, status: str) -> None:
        if self.document is not None and self.document.id == doc_id:
            self._status = status
        self.statusChanged.emit(doc_id)

    def _labels_changed(self, doc_id: DocumentId) -> None:
        if self.document is not None and self.document.id == doc_id:
            self._reload()
        self.docLabelsChanged.emit(doc_id)


class _Macro:
    def __init__(self, stack: QUndoStack, text: str) -> None:
        self.stack, self.text = stack, text

    def __enter__(self) -> None:
        self.stack.beginMacro(self.text)

    def __exit__(self, *exc: object) -> None:
        self.stack.endMacro()


class _Command(QUndoCommand):
    """Runs against the Project API; a refused first run leaves nothing on the stack (setObsolete)."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session
        assert session.document is not None
        self.doc_id = session.document.id
        self.gold = session.gold
        self.error: str | None = None
        self.result: Any = None
        self._done_once = False

    def redo(self) -> None:
        try:
            self.result = self.apply()
        except AnnotatorError as exc:
            if not self._done_once:
                self.error = str(exc)
                self.setObsolete(True)
            else:
                self.session.failed.emit(f"cannot redo '{self.text()}': {exc}")
            return
        self._done_once = True

    def undo(self) -> None:
        try:
            self.revert()
        except AnnotatorError as exc:
            self.session.failed.emit(f"cannot undo '{self.text()}': {exc}")

    def apply(self) -> Any:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class _AddSpan(_Command):
    def __init__(self, session: Session, layer: str, label: str, start: int, end: int, attrs: dict[str, Any]) -> None:
        super().__init__(session, f"tag {label}")
        self.args = (layer, label, start, end, attrs)
        self.span: SpanView | None = None

    def apply(self) -> SpanView:
        project = self.session.project
        if self.span is None:
            layer, label, start, end, attrs = self.args
            self.span = project.add_span(self.doc_id, self.session.annotator.id, layer, label, start, end, attrs,
                                         gold=self.gold)
        else:
            project.restore_span(self.span)
        self.session._stored(self.span)
        return self.span

    def revert(self) -> None:
        assert self.span is not None
        self.session.project.delete_span(self.span.id, gold=self.span.gold)
        self.session._removed(self.span)


class _DeleteSpan(_Command):
    def __init__(self, session: Session, span: SpanView) -> None:
        super().__init__(session, f"delete {span.label}")
        self.span = span

    def apply(self) -> None:
        self.session.project.delete_span(self.span.id, gold=self.span.gold)
        self.session._removed(self.span)

    def revert(self) -> None:
        self.session._stored(self.session.project.restore_span(self.span))


class _ChangeSpan(_Command):
    def __init__(self, session: Session, old: SpanView, new: dict[str, Any]) -> None:
        what = f"relabel {old.label} as {new['label']}" if new["label"] != old.label else f"resize {old.label}"
        super().__init__(session, what)
        self.old, self.new = old, new

    def apply(self) -> SpanView:
        span = self.session.project.update_span(self.old.id, **self.new, gold=self.old.gold)
        self.session._stored(span)
        return span

    def revert(self) -> None:
        old = self.old
        span = self.session.project.update_span(old.id, label=old.label, start=old.start, end=old.end, attrs=old.attrs,
                                                gold=old.gold)
        self.session._stored(span)


class _Setting(_Command):
    """A command that sets one value: ``_set(new)`` to do it, ``_set(old)`` to undo it."""

    new: Any
    old: Any

    def _set(self, value: Any) -> None:
        raise NotImplementedError

    def apply(self) -> None:
        self._set(self.new)

    def revert(self) -> None:
        self._set(self.old)


class _SetDocLabel(_Setting):
    def __init__(self, session: Session, task: str, target: str, label: str | None) -> None:
        super().__init__(session, f"{task} {target}: {label or 'clear'}".replace("  ", " "))
        self.key = (task, target)
        self.new = label
        self.old = session.doc_label(task, target)

    def _set(self, label: str | None) -> None:
        project, me = self.session.project, self.session.annotator.id
        if label is None:
            project.clear_doc_label(self.doc_id, me, *self.key, gold=self.gold)
        else:
            project.set_doc_label(self.doc_id, me, *self.key, label, gold=self.gold)
        self.session._labels_changed(self.doc_id)


class _SetStatus(_Setting):
    def __init__(self, session: Session, status: str) -> None:
        super().__init__(session, f"mark {status.replace('_', ' ')}")
        self.new = status
        self.old = session.status()

    def _set(self, status: str) -> None:
        self.session.project.set_status(self.doc_id, self.session.annotator.id, status)
        self.session._status_stored(self.doc_id, status)


class _SetAdjudicated(_Setting):
    """Review mode's "done": the document's gold is final ("adjudicated"), or open again ("todo")."""

    def __init__(self, session: Session, status: str) -> None:
        super().__init__(session, "mark adjudicated" if status == "adjudicated" else "reopen adjudication")
        self.new = status
        self.old = session.status()

    def _set(self, status: str) -> None:
        self.session.project.set_adjudicated(self.doc_id, self.session.annotator.id, status == "adjudicated")
        self.session._status_stored(self.doc_id, status)


class _AcceptSuggestions(_Command):
    """Suggestions become spans, in one transaction; undo deletes the spans and brings the suggestions back."""

    def __init__(self, session: Session, ids: list[int], text: str) -> None:
        super().__init__(session, text)
        self.ids = ids
        self.accepted: list[tuple[SuggestionView, SpanView]] = []

    def apply(self) -> None:
        session = self.session
        self.accepted, refused = session.project.accept_suggestions(self.ids, session.annotator.id)
        if not self.accepted:
            reason = refused[0][1] if refused else "it is gone (accepted or rejected already)"
            raise AnnotatorError(f"not accepted: {reason}")
        self.ids = [s.id for s, _ in self.accepted]  # redo: just these
        for _, span in self.accepted:  # other documents' spans show when those are opened
            if span.document_id == self.doc_id:
                session._stored(span)
        session._suggestions_changed()
        if refused:
            session.failed.emit(f"{len(refused)} suggestion{'s' * (len(refused) != 1)} stayed: {refused[0][1]}")

    def revert(self) -> None:
        session = self.session
        session.project.restore_suggestions([s for s, _ in self.accepted], [span for _, span in self.accepted])
        for _, span in self.accepted:
            if span.document_id == self.doc_id:
                session._removed(span)
        session._suggestions_changed()


class _RejectSuggestions(_Command):
    def __init__(self, session: Session, suggestions: list[SuggestionView], text: str) -> None:
        super().__init__(session, text)
        self.suggestions = suggestions

    def apply(self) -> None:
        self.session.project.reject_suggestions([s.id for s in self.suggestions], self.session.annotator.id)
        self.session._suggestions_changed()

    def revert(self) -> None:
        self.session.project.restore_suggestions(self.suggestions)
        if self.session.document is not None and self.session.document.id != self.doc_id:
            self.session.open_document(self.doc_id)  # undo shows where it happens, as for spans
        self.session._suggestions_changed()
