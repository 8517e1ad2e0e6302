"""The annotator's working state, without Qt: project, who, which document. Every change is an undoable command.

Widgets name an intent here (``tag``, ``relabel``, ``set_doc_label`` …); the command calls the
Project API in one transaction, and once it is stored the session tells every view what changed
through its events (plain-Python signals the GUI connects to, as to Qt's).
"""

from __future__ import annotations

import time
from functools import partial
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.app.commands import (AcceptSuggestions, AddSpan, Batch, ChangeSpan, DecideDocSuggestion, DeleteSpan,
                                    RejectSuggestions, SessionCommand, SetDocLabel, SetStatus)
from annotator.app import suggest_jobs
from annotator.app.events import Event
from annotator.app.jobs import Job
from annotator.app.undo import Effect, UndoStack, Unshown
from annotator.core.errors import AnnotatorError
from annotator.store.access import Action
from annotator.core.matching import KnownNames, MatchOptions
from annotator.store.project import Project
from annotator.formats.suggest import (load_patterns)
from annotator.store.values import (AnnotatorInfo, DocFilter, DocLabelView, DocSuggestionView, DocumentId, DocumentView,
                                    DocumentWork, SpanId, SpanView, SuggestionView)

NO_DOCUMENT = "No document is open: import documents (annotator import FILES) or choose one in the list."
MAX_IDLE_SECONDS = 30 * 60  # a longer stretch without any action is not counted as work
RECORD_EVERY = 60  # seconds: time is added on an action at most this often, and on leaving


class Session:
    """One annotator on one project, with the document they have open."""

    def __init__(self, project: Project, annotator: AnnotatorInfo) -> None:
        self.documentOpened = Event()      # document id
        self.spansChanged = Event()        # document id: reread all my spans in it
        self.spanStored = Event()          # SpanView, added or changed
        self.spanRemoved = Event()         # SpanView
        self.docLabelsChanged = Event()    # document id
        self.statusChanged = Event()       # document id
        self.annotatorChanged = Event()    # another annotator, or review mode switched on or off
        self.suggestionsChanged = Event()  # the open document's suggestions: reread them
        self.failed = Event()              # a refused action, said in one line
        self.project = project
        self.annotator = annotator
        self.undo_stack = UndoStack(project, self._apply)
        self._macro: list[list[SessionCommand]] = []  # commands gathered by ``macro`` blocks, innermost last
        self.document: DocumentView | None = None
        self._spans: dict[SpanId, SpanView] = {}
        self._labels: dict[tuple[str, str], DocLabelView] = {}
        self._status = "todo"
        self._suggestions: list[SuggestionView] = []
        self._opened_at = time.monotonic()
        self.gold = False  # review mode: the spans, labels and status worked on are the gold ones
        self.has_queue = project.has_queue(annotator.id)  # assigned documents: work goes through the queue
        self._known: KnownNames | None = None
        self.spanStored.connect(lambda span: self._learn([span]))
        self.suggestionsChanged.connect(lambda: self._learn(self._suggestions))

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

    def known_names(self) -> KnownNames:
        """Names the project knows, for word snapping's proclitic rule (``core.units``): the texts of its
        spans and suggestions in name layers (boxes without a target) and the stance targets; read once,
        then added to as spans and suggestions come."""
        if self._known is None:
            schema = self.project.schema
            layers = schema.name_layers()
            names = {name for task in schema.tasks for target in task.targets for name in task.names_of(target)}
            try:
                names |= self.project.known_names(layers)
            except AnnotatorError as exc:  # snapping still works, on words alone
                self.failed.emit(f"the project's names could not be read for word snapping: {exc}")
            self._known = KnownNames(names)
            self._learn([*self._spans.values(), *self._suggestions])
        return self._known

    def _learn(self, marks: Iterable[SpanView | SuggestionView]) -> None:
        doc = self.document
        if self._known is None or doc is None:
            return
        layers = self.project.schema.name_layers()
        self._known.update(doc.text[m.start:m.end] for m in marks if m.layer in layers and m.document_id == doc.id)

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
            try:
                self.project.add_time(self.document.id, self.annotator.id, spent)
            except AnnotatorError as exc:  # bookkeeping: said, never in the way of the action that asked
                self.failed.emit(f"the time spent on this document was not recorded: {exc}")

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
        """My next document to do: in my queue's order when an assignment gave it one (the model's most
        uncertain first, mixed with random ones), else in import order."""
        if self.has_queue:
            ranked = self.project.next_ranked(self.annotator.id, after)
            if ranked is not None:
                return ranked
        return self.project.next_document(DocFilter(annotator=self.annotator.id, status="todo",
                                                    assigned=self.has_queue), after)

    # -- intents (each one command on the undo stack) ----------------------------------------

    def tag(self, layer: str, label: str, start: int, end: int, attrs: dict[str, Any] | None = None) -> SpanView | None:
        if not self._has_document():
            return None
        return self._push(AddSpan(self, layer, label, start, end, attrs or {}))

    def change(self, span_id: SpanId, *, label: str | None = None, start: int | None = None,
               end: int | None = None, attrs: dict[str, Any] | None = None) -> SpanView | None:
        old = self._spans[span_id]
        new = {"label": label or old.label, "start": old.start if start is None else start,
               "end": old.end if end is None else end, "attrs": old.attrs if attrs is None else attrs}
        if (new["label"], new["start"], new["end"], new["attrs"]) == (old.label, old.start, old.end, old.attrs):
            return old
        return self._push(ChangeSpan(self, old, new))

    def delete(self, span_id: SpanId) -> None:
        self._push(DeleteSpan(self, self._spans[span_id]))

    def set_doc_label(self, task: str, target: str, label: str | None) -> None:
        if self._has_document() and self.doc_label(task, target) != label:
            self._push(SetDocLabel(self, task, target, label))

    def set_status(self, status: str) -> None:
        """My status on the open document; in review mode "adjudicated" or "todo"."""
        if self.document is not None and self.status() != status:
            self.record_time()
            self._push(SetStatus(self, status))

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
        add = AddSpan(self, layer, label, start, end, attrs)
        if not clashing:
            return self._push(add)  # type: ignore[no-any-return]
        done = self._push(Batch(self, f"take {label} into gold", [*(DeleteSpan(self, old) for old in clashing), add]))
        return done[-1] if done else None

    # -- suggestions ------------------------------------------------------------------------------

    def _may_suggest(self, what: str) -> bool:
        """Suggestions are an annotator's own: none are made in review mode (said when refused)."""
        if self.gold:
            self.failed.emit(f"{what} makes an annotator's suggestions; leave review mode first")
        return not self.gold

    def propagation_job(self, span: SpanView, *, everywhere: bool, options: MatchOptions) -> Job | None:
        """A background job suggesting ``span``'s label at the other occurrences of its text (this
        document or all); it returns what it did, in words. Not on the undo stack (suggestions are not annotations)."""
        if not self._may_suggest("propagation"):
            return None

        return Job(f"Propagating {span.label}", self.project.url, partial(suggest_jobs.propagation, span, everywhere, options))

    def gazetteer_job(self, path: Path, options: MatchOptions) -> Job | None:
        """A background job: every match of a gazetteer file's patterns in the project, as my suggestions.
        The file is read (and refused with its line) before the job starts."""
        if not self._may_suggest("a gazetteer"):
            return None
        try:
            patterns = load_patterns(path, self.project.schema)
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return None
        return Job(f"Applying {path.name}", self.project.url,
                   partial(suggest_jobs.gazetteer, self.annotator.id, patterns, path, options), total=len(patterns))

    def boilerplate_job(self, documents: int | None = None) -> Job | None:
        """A background job: boilerplate suggestions for every document of the project, for me; a
        cancelled search stores nothing (the lines are stored once every document is read)."""
        if not self._may_suggest("looking for boilerplate"):
            return None
        trainer = self.annotator.name if self.may(Action.TRAIN_MODEL) else None
        return Job("Looking for boilerplate", self.project.url,
                   partial(suggest_jobs.boilerplate, self.annotator.id, trainer=trainer), total=documents)

    def suggestions_made(self) -> None:
        """A suggestion job ended: reread the open document's suggestions (whatever document is open now)."""
        self._suggestions_changed()

    def accept(self, ids: list[int], text: str) -> int:
        """Make suggestions (by id, in any document) my spans, as one undoable step; returns how many."""
        if not ids:
            return 0
        return int(self._push(AcceptSuggestions(self, ids, text)) or 0)

    def same_everywhere(self, suggestion: SuggestionView) -> list[int]:
        """Ids of my open suggestions of the same text, layer and label in every document."""
        return self.project.same_suggestions(suggestion)

    def reject(self, suggestions: list[SuggestionView], text: str) -> None:
        if suggestions:
            self._push(RejectSuggestions(self, suggestions, text))

    def decide_doc_suggestion(self, suggestion: DocSuggestionView, accept: bool) -> bool:
        """Accept (the label becomes mine) or reject a document label the model suggested: one undoable action."""
        if not self._has_document() or not self._may_suggest("a model's suggestion"):
            return False
        return bool(self._push(DecideDocSuggestion(self, suggestion, accept)))

    def _suggestions_changed(self) -> None:
        self._read_suggestions()
        self.suggestionsChanged.emit()

    @contextmanager
    def macro(self, text: str) -> Iterator[None]:
        """Every intent inside the block becomes part of one action: one transaction, one undo step
        (the block's intents return None, as nothing is stored before the block ends)."""
        self._macro.append([])
        try:
            yield
        finally:
            parts = self._macro.pop()
        if parts:
            self._push(Batch(self, text, parts))

    def _has_document(self) -> bool:
        """True when a document is open; else the user is told why nothing happens."""
        if self.document is None:
            self.failed.emit(NO_DOCUMENT)
        return self.document is not None

    def _push(self, command: SessionCommand) -> Any:
        """Do a command (with the first-action status change, in the same transaction) and put it on the
        undo stack; a refusal is said and changes nothing. Inside ``macro``, the command waits for the block."""
        if self._macro:
            self._macro[-1].append(command)
            return None
        try:
            result = self.undo_stack.push(command, also=None if _sets_status(command) else self._touch)
        except Unshown as exc:  # stored: only showing it went wrong
            self.failed.emit(str(exc))
            return None
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return None
        if time.monotonic() - self._opened_at >= RECORD_EVERY:
            self.record_time()  # long stints on one document are counted as they go
        return result

    def undo(self) -> bool:
        """Undo the last action; a failure is said and leaves the stack and the project as they were."""
        return self._step(self.undo_stack.undo, "undo", self.undo_stack.undo_text())

    def redo(self) -> bool:
        return self._step(self.undo_stack.redo, "redo", self.undo_stack.redo_text())

    def _step(self, step: Callable[[], Any], what: str, text: str) -> bool:
        try:
            step()
        except Unshown as exc:  # the step is stored and the stack moved: only showing it went wrong
            self.failed.emit(f"{what} '{text}': {exc}")
            return True
        except AnnotatorError as exc:
            self.failed.emit(f"cannot {what} '{text}': {exc}")
            return False
        return True

    def _touch(self) -> list[Effect]:
        """The first action on a document moves it from todo to in progress (my own work, not gold)."""
        assert self.document is not None
        if self.gold or self.status() != "todo":
            return []
        return [("status", self.document.id, self.project.start(self.document.id, self.annotator.id))]

    def _apply(self, effects: list[Effect]) -> None:
        """What a stored command changed, now in the open document's state and told to the views."""
        for effect in effects:
            kind = effect[0]
            if kind == "stored":
                self._stored(effect[1])
            elif kind == "removed":
                self._removed(effect[1])
            elif kind == "labels":
                self._labels_changed(effect[1])
            elif kind == "status":
                self._status_stored(effect[1], effect[2])
            elif kind == "suggestions":
                self._suggestions_changed()
            elif kind == "show":
                if self.document is not None and self.document.id != effect[1]:
                    self.open_document(effect[1])
            elif kind == "notice":
                self.failed.emit(effect[1])

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


def _sets_status(command: SessionCommand) -> bool:
    """Whether an action sets the document's status itself (then the first-action change is not made)."""
    parts = command.parts if isinstance(command, Batch) else [command]
    return any(isinstance(part, SetStatus) for part in parts)
