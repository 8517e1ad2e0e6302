"""The main window: document list, text view, document panel and span list, wired to one Session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QFileDialog, QKeySequenceEdit, QLabel,
                               QLineEdit, QMainWindow, QMenu, QMenuBar, QMessageBox, QPlainTextEdit, QProgressDialog, QSplitter, QStackedWidget, QTextEdit, QToolBar,
                               QToolButton, QVBoxLayout, QWidget)

from annotator.core.errors import AnnotatorError
from annotator.core.matching import MatchOptions
from annotator.core.schema import Layer
from annotator.gui.cheatsheet import CheatSheet
from annotator.gui.doc_list import DocumentList, DocumentListModel
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.outside import OutsideChanges
from annotator.gui.people import AnnotatorChooser
from annotator.gui.progress_view import ProgressView
from annotator.gui.review import Candidate, ReviewPanel, ReviewQueue, candidates, disagreement
from annotator.gui.session import NO_DOCUMENT, Session
from annotator.gui.span_list import SpanList
from annotator.gui.stance_panel import DocumentPanel
from annotator.gui.text_view import AnnotationView
from annotator.store.access import Action
from annotator.store.project import Project
from annotator.store.values import DocFilter, DocLabelView, DocumentId, SpanId, SpanView, SuggestionView

if TYPE_CHECKING:
    from annotator.gui.agreement_view import AgreementView

DEFAULT_POINT_SIZE = 15.0


class MainWindow(QMainWindow):
    def __init__(self, project: Project, annotator: str, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.schema = project.schema
        self.session = Session(project, project.annotator(project.identify(remembered=annotator).name or annotator), self)
        self.layer: Layer = self.schema.layers[0]
        self.last_message = ""
        self.shortcuts: list[tuple[str, str, str]] = []  # (menu, action, keys) for the cheat sheet
        self._side_pending = False
        self._total = project.count_documents()  # counted again only when another process changes the project
        self._layer_before: str | None = None  # the layer to go back to when another layer's span is deselected
        self._switching_layer = False
        self._failures = 0  # refusals the session reported (see _unsaid)

        looks = {(layer.name, label.name): (label.color, layer.style)
                 for layer in self.schema.layers for label in layer.labels}
        self.view = AnnotationView(looks, point_size=float(settings.value("view/point_size", DEFAULT_POINT_SIZE)))
        self.doc_model = DocumentListModel(project, self.session.annotator.id)
        self.doc_list = DocumentList(self.doc_model, project.languages())
        self.doc_list.set_annotator(self.session.annotator.id, self.session.has_queue)
        self.panel = DocumentPanel(self.schema)
        self.span_list = SpanList(self.schema)
        self.review_queue = ReviewQueue()
        self.review_panel = ReviewPanel()
        self._review_work: tuple[int, dict[int, str], list[str], list[SpanView], list[DocLabelView]] | None = None
        self.layer_box = QComboBox()
        for layer in self.schema.layers:
            self.layer_box.addItem(layer.name, layer.name)
        self.progress = QLabel()
        self._build_layout()
        self._build_actions()
        self._connect()
        self._show_mode()
        self._restore_geometry()
        self._update_title()
        self._update_progress()
        first = self.session.next_document(None) or project.next_document(DocFilter())
        if first is not None:
            self.open_document(first)
        else:
            self.say("This project has no documents yet: import some (annotator import FILES); they show up here.")
        self.view.current_layer = self.layer.name
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)  # keys reach the open document wherever the focus is (eventFilter)
        self.outside = OutsideChanges(project, lambda: self.session.annotator.id, self)
        self.outside.changed.connect(self._on_outside_change)

    # -- construction -------------------------------------------------------------------------

    def _build_layout(self) -> None:
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.panel_heading = QLabel("<b>Document</b>")
        self.spans_heading = QLabel("<b>My spans</b>")
        column.addWidget(self.panel_heading)
        column.addWidget(self.panel)
        column.addWidget(self.review_panel, 2)
        column.addWidget(self.spans_heading)
        column.addWidget(self.span_list, 1)
        self.review_panel.hide()
        self.left = QStackedWidget()
        self.left.addWidget(self.doc_list)
        self.left.addWidget(self.review_queue)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 690, 380])
        self.setCentralWidget(self.splitter)
        toolbar = QToolBar("Layer")
        toolbar.setObjectName("layer-toolbar")
        toolbar.addWidget(QLabel(" Layer: "))
        toolbar.addWidget(self.layer_box)
        toolbar.addSeparator()
        self.label_bar = toolbar
        self.label_buttons: list[QToolButton] = []
        self._label_actions: list[QAction] = []
        self._show_label_buttons()
        self.addToolBar(toolbar)
        self.statusBar().addPermanentWidget(self.progress)
        self.resize(1400, 860)

    def _action(self, menu: Any, text: str, keys: str | list[str], handler: Callable[[], Any]) -> QAction:
        action = QAction(text, self)
        sequences = [QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)]
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda *_: handler())
        menu.addAction(action)
        self.shortcuts.append((menu.title().replace("&", ""), text.replace("&", ""),
                               ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences)))
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.export_action = self._action(file, "&Export… (leads)", "Ctrl+E", self.show_export)
        self._action(file, "Switch &annotator…", "Ctrl+Shift+A", self._ask_annotator)
        self._action(file, "&Quit", "Ctrl+Q", self.close)
        edit = bar.addMenu("&Edit")
        self._action(edit, "&Undo", "Ctrl+Z", lambda: self.undo_redo(undo=True))
        self._action(edit, "&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], lambda: self.undo_redo(undo=False))
        delete = self._action(edit, "&Delete span", ["Del", "Backspace"], self.delete_selected)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # Delete in the search box edits the box
        self.view.addAction(delete)
        self._action(edit, "Mark &paragraphs as boilerplate", "Ctrl+B", self.mark_paragraphs_boilerplate)
        self.shortcuts += [
            ("Edit", "Select characters / words", "Shift+arrows / Ctrl+Shift+arrows"),
            ("Edit", "Move the selection's start one character (visually: in Arabic, Right is earlier)",
             "Alt+Left, Alt+Right"),
            ("Edit", "Move the selection's end one character (visually)", "Alt+Shift+Left, Alt+Shift+Right"),
            ("Edit", "Select a span", "click it"),
        ]
        layers = bar.addMenu("&Layer")
        for i, layer in enumerate(self.schema.layers[:9]):
            self._action(layers, f"{layer.name}", f"Ctrl+{i + 1}", lambda n=i: self.layer_box.setCurrentIndex(n))
        self._action(layers, "Next stance &target", "Ctrl+T", self.panel.next_row)
        doc = bar.addMenu("&Document")
        self._action(doc, "Mark &done, open next", ["Ctrl+Return", "Ctrl+Enter"], lambda: self.finish("done"))
        self._action(doc, "&Skip, open next", ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"], lambda: self.finish("skipped"))
        self._action(doc, "&Next document", "Ctrl+PgDown", lambda: self._step_document(+1))
        self._action(doc, "&Previous document", "Ctrl+PgUp", lambda: self._step_document(-1))
        review = bar.addMenu("&Review")
        self.review_menu = review
        self.review_action = self._action(review, "&Review mode", "Ctrl+R", lambda: self.set_review_mode(not self.session.gold))
        self.review_action.setCheckable(True)
        self.review_actions = [
            self.review_action,
            self._action(review, "&Take into gold", "Ctrl+G", self.take_candidate),
            self._action(review, "Take all &agreed into gold", "Ctrl+Shift+G", self.take_agreed),
            self._action(review, "&Next disagreement", "F8", self.next_disagreement),
            self._action(review, "Agreement &figures…", "Ctrl+Shift+R", self.show_agreement),
        ]
        self.shortcuts.append(("Review", "Mark adjudicated, open the next in the queue (review mode)", "Ctrl+Return"))
        suggest = bar.addMenu("&Suggestions")
        self.suggest_menu = suggest
        self.suggest_actions = [
            self._action(suggest, "&Propagate the span in this document", "Ctrl+P", lambda: self.propagate(False)),
            self._action(suggest, "Propagate the span to &every document", "Ctrl+Alt+P", lambda: self.propagate(True)),
            self._action(suggest, "Suggest &boilerplate in every document", "Ctrl+Alt+B", self.suggest_boilerplate),
            self._action(suggest, "Apply a &gazetteer file…", "Ctrl+Alt+G", self.ask_gazetteer),
        ]
        suggest.addSeparator()
        self.suggest_actions += [
            self._action(suggest, "&Accept the suggestion at the cursor", "Alt+A", self.accept_current),
            self._action(suggest, "&Reject the suggestion at the cursor", "Alt+X", self.reject_current),
            self._action(suggest, "Accept it in every &document where it occurs", "Ctrl+Alt+A", self.accept_everywhere),
            self._action(suggest, "Accept a&ll in this document", "Alt+Shift+A", self.accept_all),
            self._action(suggest, "Reject all in this docu&ment", "Alt+Shift+X", self.reject_all),
            self._action(suggest, "&Next suggestion", "F7", lambda: self.step_suggestion(+1)),
            self._action(suggest, "Pre&vious suggestion", "Shift+F7", lambda: self.step_suggestion(-1)),
        ]
        suggest.addSeparator()
        self.match_actions: dict[str, QAction] = {}
        # Each Arabic letter stands between Latin words: two of them side by side would form one
        # right-to-left run, and "ى = ي" would read "ي = ى" in a left-to-right menu.
        for key, text in (("ya", "Matching: ى matches ي (alef maksura as ya)"),
                          ("ta_marbuta", "Matching: ة matches ه (ta marbuta as ha)"),
                          ("ignore_case", "Matching: ignore case")):
            action = QAction(text, self)
            action.setCheckable(True)
            action.setChecked(str(self.settings.value(f"match/{key}", "false")).lower() == "true")
            action.toggled.connect(lambda on, k=key: self.settings.setValue(f"match/{k}", on))
            suggest.addAction(action)
            self.match_actions[key] = action
        view = bar.addMenu("&View")
        self.progress_action = self._action(view, "Team &progress… (leads)", "Ctrl+Shift+P", self.show_progress)
        self._action(view, "Zoom &in", ["Ctrl++", "Ctrl+="], lambda: self.zoom(+1))
        self._action(view, "Zoom &out", "Ctrl+-", lambda: self.zoom(-1))
        self._action(view, "&Reset zoom", "Ctrl+0", lambda: self.zoom(0))
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Cheat sheet", "F1", self.show_cheat_sheet)

    def _connect(self) -> None:
        s = self.session
        s.spansChanged.connect(self._on_spans_changed)
        s.spanStored.connect(self._on_span_stored)
        s.spanRemoved.connect(self._on_span_removed)
        s.docLabelsChanged.connect(self._on_doc_labels_changed)
        s.statusChanged.connect(self._on_status_changed)
        s.documentOpened.connect(self._on_document_opened)
        s.annotatorChanged.connect(self._on_annotator_changed)
        s.failed.connect(self._on_failed)
        s.suggestionsChanged.connect(self._show_suggestions)
        self.view.cursorPositionChanged.connect(self._on_cursor_moved)
        self.view.keyTyped.connect(self._on_key_typed)
        self.view.markClicked.connect(self._on_mark_clicked)
        self.view.emptyClicked.connect(self._on_empty_clicked)
        self.view.otherMarkOffered.connect(self._on_other_mark_offered)
        self.view.selectedMarkChanged.connect(self._on_selected_mark_changed)
        self.view.selectionMoved.connect(self._on_selection_moved)
        self.doc_list.documentActivated.connect(self.open_document)
        self.span_list.spanActivated.connect(self.select_span)
        self.panel.labelChosen.connect(self.session.set_doc_label)
        self.layer_box.currentIndexChanged.connect(self._on_layer_changed)
        self.review_queue.documentActivated.connect(lambda d: self.open_document(DocumentId(d)))
        self.review_queue.refreshRequested.connect(self.refresh_review_queue)
        self.review_panel.candidateChosen.connect(self._on_candidate_chosen)
        self.review_panel.takeRequested.connect(self.take_candidate)
        self.review_panel.takeAgreedRequested.connect(self.take_agreed)
        self.review_panel.adjudicateRequested.connect(lambda: self.finish("done"))

    # -- documents -----------------------------------------------------------------------------

    def open_document(self, doc_id: DocumentId) -> None:
        self.session.open_document(doc_id)

    def _on_document_opened(self, doc_id: int) -> None:
        doc = self.session.document
        assert doc is not None
        self.statusBar().clearMessage()  # what was said concerned the document before
        self.last_message = ""
        self.view.set_text(doc.text, self.session.spans())
        self.view.set_suggestions(self.session.suggestions())  # type: ignore[arg-type]
        self._show_doc_labels()
        self._update_title()
        if self.session.gold:
            self._load_review_work()
        if not self.doc_list.table.hasFocus():  # arrow keys in the list keep moving through the list
            self.view.setFocus()
        self._side_pending = True
        QTimer.singleShot(0, self._fill_side_panels)  # after the text is on screen

    def _fill_side_panels(self) -> None:
        """The span list and the document list's selection, filled once the text is painted."""
        if not self._side_pending or self.session.document is None:
            return
        self._side_pending = False
        self.span_list.model.set_spans(self.session.document.text, self.session.spans())
        if self.session.gold:
            self.review_queue.show_document(self.session.document.id)
        else:
            self.doc_list.show_document(self.session.document.id)

    def finish(self, status: str) -> None:
        """Mark the open document (done or skipped) and open my next todo document."""
        current = self.session.document
        if current is None:
            return
        if self.session.gold:  # review mode: done is "adjudicated", skip leaves it open; next in the queue
            if status == "done":
                self.session.set_status("adjudicated")
            following = self.review_queue.model.next_open(current.id)
            if following is None:
                self.say("Every document in the review queue is adjudicated.")
            else:
                self.open_document(following)
            return
        self.session.set_status(status)
        following = self.session.next_document(current.id)
        if following is None:
            self.say("All your documents are done or skipped.")
        else:
            self.open_document(following)

    def _step_document(self, step: int) -> None:
        current = self.session.document
        if self.session.gold:
            row = self.review_queue.model.row_of(current.id) if current else None
            ranked = self.review_queue.model.item_at(0 if row is None else row + step)
            if ranked is not None:
                self.open_document(ranked.id)
            return
        row = self.doc_model.row_of(current.id) if current else None
        target = self.doc_model.summary_at(0 if row is None else row + step)
        if target is not None:
            self.open_document(target.id)

    # -- tagging --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Keys pressed anywhere in this window (the document list, a panel, the layer box) act on the open
        document as in the text, except in a widget that takes typed text (the search box)."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self or watched is self.view or self.view.isAncestorOf(watched) \
                or _takes_text(watched) or isinstance(watched, (QMenuBar, QMenu)) \
                or QApplication.activePopupWidget() is not None or QWidget.keyboardGrabber() is not None:
            return False  # Alt then a letter opens a menu; keys in a menu choose its entries
        assert isinstance(event, QKeyEvent)
        return self._key_from_elsewhere(event)

    def _key_from_elsewhere(self, event: QKeyEvent) -> bool:
        """A label or stance key, Delete, or Alt(+Shift)+arrows pressed outside the text: True if handled."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key, text = event.key(), event.text()
        command = mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                          | Qt.KeyboardModifier.MetaModifier)
        if not command and len(text) == 1 and text.isprintable() and not text.isspace():
            self._on_key_typed(text)
            return True
        if not mods and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
            return True
        if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.view.keyPressEvent(event)  # moves an edge of the selection
            return True
        return False

    def _on_key_typed(self, key: str) -> None:
        if self.session.document is None:
            self.say(NO_DOCUMENT)
            return
        self.statusBar().clearMessage()  # an earlier refusal no longer applies; a new one is said again
        for task in self.schema.tasks:
            label = next((lab for lab in task.labels if lab.key == key), None)
            if label is not None:
                self._choose_doc_label(task.name, label.name)
                return
        label = next((lab for lab in self.layer.labels if lab.key == key), None)
        if label is None:
            self.say(f"No label on key '{key}' in layer {self.layer.name} (F1 lists the keys).")
            return
        self.apply_label(label.name)

    def _choose_doc_label(self, task: str, label: str) -> None:
        row = self.panel.current_row()
        if row is None or row[0] != task:
            rows = [r for r in self.panel.rows if r[0] == task]
            if not rows:
                return
            row = rows[0]
        current = self.session.doc_label(*row)
        self.session.set_doc_label(row[0], row[1], None if current == label else label)

    def apply_label(self, label: str) -> SpanView | None:
        """A label key: relabel (and resize) the selected span, or tag the selection."""
        selection = self.view.selection()
        selected = self.session.span(SpanId(self.view.selected_mark)) if self.view.selected_mark is not None else None
        if selected is not None and selected.layer == self.layer.name:
            start, end = self._snap(selection) if selection else (selected.start, selected.end)
            return self.session.change(selected.id, label=label, start=start, end=end)
        if selection is None:
            self.say("Select text first (mouse, or Shift+arrows; Ctrl+Shift+arrows by word).")
            return None
        start, end = self._snap(selection)
        attrs: dict[str, Any] = {}
        if self.layer.target_task:
            row = next((r for r in [self.panel.current_row()] if r and r[0] == self.layer.target_task), None)
            row = row or next((r for r in self.panel.rows if r[0] == self.layer.target_task), None)
            if row is None:
                self.say(f"Layer {self.layer.name} needs a target, and the schema has none.")
                return None
            attrs["target"] = row[1]
        span = self.session.tag(self.layer.name, label, start, end, attrs)
        if span is not None:
            self.view.selected_mark = span.id
            self.view.viewport().update()
        return span

    def _snap(self, selection: tuple[int, int]) -> tuple[int, int]:
        return self.view.snap(*selection)

    def delete_selected(self) -> None:
        if self.view.selected_mark is None:
            self.say("Click a span first to select it, then Delete.")
            return
        span = self.session.span(SpanId(self.view.selected_mark))
        self.view.selected_mark = None
        if span is not None and self._unsaid(lambda: self.session.delete(span.id)):
            self.say(f"Deleted the {span.label} span. Ctrl+Z brings it back.")

    def mark_paragraphs_boilerplate(self) -> None:
        layer = self.schema.boilerplate_layer()
        doc = self.session.document
        if doc is None:
            self.say(NO_DOCUMENT)
            return
        if layer is None:
            self.say("The schema has no boilerplate layer.")
            return
        text = doc.text
        selection = self.view.selection()
        start, end = selection or (self.view.cursor_position(),) * 2
        last = end - 1 if selection else end  # a selection ending just after a line feed stops there
        taken = [(s.start, s.end) for s in self.session.spans() if s.layer == layer.name]
        para_start = text.rfind("\n", 0, start) + 1
        pieces = []
        while para_start <= last and para_start < len(text):
            para_end = text.find("\n", para_start)
            para_end = len(text) if para_end < 0 else para_end
            if text[para_start:para_end].strip() and not any(s < para_end and e > para_start for s, e in taken):
                pieces.append((para_start, para_end))
            para_start = para_end + 1
        if not pieces:
            self.say("These paragraphs are boilerplate already (or empty).")
            return
        with self.session.macro(f"mark {len(pieces)} paragraph(s) as boilerplate"):
            for s, e in pieces:
                self.session.tag(layer.name, layer.labels[0].name, s, e)

    def select_span(self, span_id: int) -> None:
        """Select one of my spans. One of another layer (chosen on purpose: a second click, Ctrl+click,
        the span list) switches the keys to its layer until the selection ends, and says so."""
        span = self.session.span(SpanId(span_id))
        if span is None:
            return
        back, self._layer_before = self._layer_before or self.layer.name, None
        self.view.selected_mark = None
        if span.layer != self.layer.name:
            self._switch_layer(span.layer)
        self.view.select(span.start, span.end)
        self.view.selected_mark = span.id
        if back != span.layer:
            self._layer_before = back
            self.say(f"Keys tag layer {span.layer} while this {span.label} span is selected; "
                     f"they go back to {back} when it is deselected.")
        self.view.viewport().update()
        self.view.setFocus()

    def _on_mark_clicked(self, span_id: int) -> None:
        self.select_span(span_id)

    def _on_empty_clicked(self) -> None:
        self.view.selected_mark = None

    def _on_other_mark_offered(self, span_id: int) -> None:
        span = self.session.span(SpanId(span_id))
        if span is not None:
            self.say(f"A {span.label} span of layer {span.layer} is here: click it again (or Ctrl+click) to "
                     f"select it. The keys stay on layer {self.layer.name}.")

    def _on_selected_mark_changed(self, mark_id: int | None) -> None:
        """When the span that switched the layer is no longer selected, the keys go back to the layer before."""
        if self._layer_before is None:
            return
        span = self.session.span(SpanId(mark_id)) if mark_id is not None else None
        if span is not None and span.layer == self.layer.name:
            return
        back, self._layer_before = self._layer_before, None
        self._switch_layer(back)
        self.say(f"Keys tag layer {back} again.")

    # -- suggestions ----------------------------------------------------------------------------

    def match_options(self) -> MatchOptions:
        return MatchOptions(**{k: a.isChecked() for k, a in self.match_actions.items()})

    def propagate(self, everywhere: bool) -> None:
        """Suggest the selected (or just tagged) span's label at the other occurrences of its text."""
        span = self.session.span(SpanId(self.view.selected_mark)) if self.view.selected_mark is not None else None
        if span is None:
            self.say("Tag or click a span first; Ctrl+P then suggests it wherever its text occurs.")
            return
        with _busy():  # a name in many documents takes seconds
            done = self.session.propagate(span, everywhere=everywhere, options=self.match_options())
        if done is not None:
            self.say(f"Propagated {span.label}: {done}. Alt+A accepts, Alt+X rejects, F7 goes to the next.")

    def suggest_boilerplate(self) -> None:
        progress = QProgressDialog("Looking for boilerplate…", "Cancel", 0, self._total, self)
        progress.setMinimumDuration(500)
        progress.setWindowModality(Qt.WindowModality.WindowModal)

        def step(documents: int) -> None:
            progress.setValue(progress.value() + documents)  # a window-modal dialog also takes clicks here
            if progress.wasCanceled():  # before anything is stored
                raise AnnotatorError("boilerplate search cancelled; no suggestion was stored")

        try:
            done = self.session.suggest_boilerplate(step)
        finally:
            progress.close()
            self.activateWindow()  # the keys go back to the text, as before the dialog
            self.view.setFocus()
        if done is not None:
            self.say(f"{done}. F7 goes through them; Ctrl+Alt+A accepts one in every document.")

    def ask_gazetteer(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Gazetteer (JSON lines: label, pattern)", "",
                                              "JSON lines (*.jsonl *.json);;All files (*)")
        if name:
            self.apply_gazetteer(Path(name))

    def apply_gazetteer(self, path: Path) -> None:
        with _busy():
            done = self.session.apply_gazetteer(path, self.match_options())
        if done is not None:
            self.say(f"{done}. F7 goes through them.")

    def _show_suggestions(self) -> None:
        self.view.set_suggestions(self.session.suggestions())  # type: ignore[arg-type]
        self._on_cursor_moved()

    def current_suggestion(self) -> SuggestionView | None:
        """The suggestion the keys act on: the one F7 went to, else the one at the cursor (the view
        holds the session's SuggestionViews)."""
        chosen = next((s for s in self.view.suggestions() if s.id == self.view.current_suggestion), None)
        return chosen or self.view.suggestion_at(self.view.cursor_position())  # type: ignore[return-value]

    def _on_cursor_moved(self) -> None:
        if not self.view.suggestions():
            return  # the common case, on every cursor move: nothing to follow
        here = self.view.cursor_position()
        kept = next((s for s in self.view.suggestions() if s.id == self.view.current_suggestion
                     and s.start <= here <= s.end), None)  # F7's choice stays while the cursor is on it
        at = kept or self.view.suggestion_at(here)
        chosen = at.id if at is not None else None
        if chosen != self.view.current_suggestion:
            self.view.current_suggestion = chosen
            self.view.viewport().update()
        suggestion = self.current_suggestion()
        if suggestion is not None:
            self.say(f"Suggested {suggestion.label}: {suggestion.reason}. "
                     "Alt+A accept, Alt+X reject, Ctrl+Alt+A accept everywhere.")

    def _after_decision(self, decided: SuggestionView) -> None:
        """Go on to the next suggestion after the one just decided, as a reviewer reads on."""
        following = next((s for s in self.session.suggestions() if s.start >= decided.start), None)
        if following is not None:
            self._go_to_suggestion(following)

    def _go_to_suggestion(self, suggestion: SuggestionView) -> None:
        self.view.select(suggestion.start, suggestion.start)
        self.view.current_suggestion = suggestion.id
        self.view.viewport().update()
        self._on_cursor_moved()

    def _current_or_say(self) -> SuggestionView | None:
        suggestion = self.current_suggestion()
        if suggestion is None:
            self.say("No suggestion at the cursor (F7 goes to the next one).")
        return suggestion

    def accept_current(self) -> None:
        suggestion = self._current_or_say()
        if suggestion is None:
            return
        if self.session.accept([suggestion.id], f"accept {suggestion.label}"):
            self._after_decision(suggestion)

    def reject_current(self) -> None:
        suggestion = self._current_or_say()
        if suggestion is None:
            return
        self.session.reject([suggestion], f"reject {suggestion.label}")
        self._after_decision(suggestion)

    def accept_everywhere(self) -> None:
        suggestion = self._current_or_say()
        if suggestion is None:
            return
        ids = self.session.same_everywhere(suggestion)
        accepted = self.session.accept(ids, f"accept {suggestion.label} everywhere")
        if accepted:
            self.say(f"Accepted {suggestion.label} in {accepted} place{'s' * (accepted != 1)} "
                     f"({len(ids)} suggested). Ctrl+Z takes them all back.")

    def accept_all(self) -> None:
        suggestions = self.session.suggestions()
        if not suggestions:
            self.say("No suggestions in this document.")
            return
        accepted = self.session.accept([s.id for s in suggestions], "accept all suggestions")
        if accepted:
            self.say(f"Accepted {accepted} of {len(suggestions)} suggestions.")

    def reject_all(self) -> None:
        suggestions = self.session.suggestions()
        if not suggestions:
            self.say("No suggestions in this document.")
            return
        self.session.reject(suggestions, "reject all suggestions")
        self.say(f"Rejected {len(suggestions)} suggestions.")

    def step_suggestion(self, step: int) -> None:
        suggestions = self.session.suggestions()
        if not suggestions:
            self.say("No suggestions in this document (Ctrl+P propagates a span, Ctrl+Alt+B finds boilerplate).")
            return
        current = self.current_suggestion()
        ids = [s.id for s in suggestions]  # in text order; two at one place follow each other
        if current is not None and current.id in ids:
            target = suggestions[(ids.index(current.id) + step) % len(suggestions)]
        else:
            here = self.view.cursor_position()
            after = [s for s in suggestions if s.start >= here]
            before = [s for s in suggestions if s.start < here]
            target = (after or suggestions)[0] if step > 0 else (before or suggestions)[-1]
        self._go_to_suggestion(target)

    def _on_selection_moved(self) -> None:
        if self.view.selected_mark is None:
            return
        span = self.session.span(SpanId(self.view.selected_mark))
        selection = self.view.selection()
        if span is None or (selection is not None and (selection[1] <= span.start or selection[0] >= span.end)):
            self.view.selected_mark = None
            self.view.viewport().update()

    def _show_label_buttons(self) -> None:
        """One button per label of the current layer: its key, its colour, its guideline as tooltip."""
        for action in self._label_actions:  # off the bar now, not when Qt gets round to deleting them
            self.label_bar.removeAction(action)
            action.deleteLater()
        for button in self.label_buttons:
            button.deleteLater()
        self.label_buttons, self._label_actions = [], []
        for label in self.layer.labels:
            button = QToolButton()
            button.setText(f"{label.name} ({label.key})")
            button.setToolTip(label.description)
            button.setStyleSheet(f"QToolButton {{ border-bottom: 3px solid {label.color}; padding: 2px 6px; }}")
            button.clicked.connect(lambda _=False, name=label.name: self.apply_label(name))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the text view keeps the selection and the keys
            self._label_actions.append(self.label_bar.addWidget(button))
            self.label_buttons.append(button)

    def _on_layer_changed(self, index: int) -> None:
        self.layer = self.schema.layers[index]
        self.view.current_layer = self.layer.name
        self._show_label_buttons()
        if not self._switching_layer:  # chosen by hand: no going back when the selection ends
            self._layer_before = None
            self.say(f"Keys now tag layer {self.layer.name}.")

    def _switch_layer(self, name: str) -> None:
        self._switching_layer = True
        try:
            self.layer_box.setCurrentIndex(self.layer_box.findData(name))
        finally:
            self._switching_layer = False

    # -- refresh --------------------------------------------------------------------------------


    def _on_span_stored(self, span: SpanView) -> None:
        current = self.session.document
        if current is None or current.id != span.document_id:
            self.open_document(span.document_id)  # undo or redo of an action on another document
            return
        self.view.put_mark(span)
        self.span_list.model.put(span)
        if self.session.gold:
            self._show_candidates()
        if self.view.selected_mark == span.id:  # undo/redo of a resize: the selection follows the span
            self.view.select(span.start, span.end)
            self.view.selected_mark = span.id

    def _on_span_removed(self, span: SpanView) -> None:
        current = self.session.document
        if current is None or current.id != span.document_id:
            self.open_document(span.document_id)
            return
        self.view.remove_mark(span.id)
        self.span_list.model.remove(span.id)
        if self.session.gold:
            self._show_candidates()

    def _on_spans_changed(self, doc_id: int) -> None:
        current = self.session.document
        if current is None or current.id != doc_id:
            self.open_document(DocumentId(doc_id))  # undo or redo of an action on another document
            return
        self.view.set_marks(self.session.spans())
        self.span_list.model.set_spans(current.text, self.session.spans())

    def _on_doc_labels_changed(self, doc_id: int) -> None:
        current = self.session.document
        if current is None or current.id != doc_id:
            self.open_document(DocumentId(doc_id))
            return
        self._show_doc_labels()
        if self.session.gold:
            self._show_candidates()

    def _on_status_changed(self, doc_id: int) -> None:
        current = self.session.document
        if current is None or current.id != doc_id:
            self.open_document(DocumentId(doc_id))  # undo or redo of done/skip on another document
        status = self.session.status()  # the document is open now
        if self.session.gold:
            self.review_queue.model.set_adjudicated(DocumentId(doc_id), status == "adjudicated")
            self.review_queue.update_heading()
            self._update_progress()
            if self._review_work is not None:
                self._show_candidates()
            return
        if self.doc_model.where.status is None:
            self.doc_model.update_status(DocumentId(doc_id), status)  # one row, no recount
        else:
            self.doc_model.refresh()  # the document may leave or join the filtered list
            self.doc_list.show_document(DocumentId(doc_id))
        self._update_progress()
        self.outside.settle()  # my own change: no need to reread the list for it again

    def _refresh_side_panels(self) -> None:
        doc = self.session.document
        if doc is not None:
            self.span_list.model.set_spans(doc.text, self.session.spans())
        self._show_doc_labels()

    def _show_doc_labels(self) -> None:
        self.panel.show_labels({row: self.session.doc_label(*row) for row in self.panel.rows})

    def _on_annotator_changed(self) -> None:
        self.settings.setValue("annotator/name", self.session.annotator.name)
        self.doc_list.set_annotator(self.session.annotator.id, self.session.has_queue)  # the filters shown stay
        self._show_mode()
        doc = self.session.document
        if doc is not None:
            self.view.set_text(doc.text, self.session.spans())
            self.view.set_suggestions(self.session.suggestions())  # type: ignore[arg-type]
            if self.session.gold:
                self._load_review_work()
        self._refresh_side_panels()
        self._update_title()
        self._update_progress()

    def _update_title(self) -> None:
        doc = self.session.document
        where = f" — {doc.external_id}" if doc else ""
        mode = " (reviewing gold)" if self.session.gold else ""
        self.setWindowTitle(f"{self.session.project.name} — {self.session.annotator.name}{mode}{where} — annotator")

    def _update_progress(self) -> None:
        if self.session.gold:
            done, total = self.review_queue.model.progress()
            self.progress.setText(f"{self.session.annotator.name}: {done} / {total} adjudicated")
            return
        me = self.session.annotator.id
        queue = self.session.has_queue
        done = self.session.project.count_documents(DocFilter(annotator=me, status="done", assigned=queue))  # by index
        total = self.session.project.count_documents(DocFilter(annotator=me, assigned=True)) if queue else self._total
        self.progress.setText(f"{self.session.annotator.name}: {done} / {total:,} done" + (" (my queue)" if queue else ""))

    def say(self, message: str) -> None:
        self.last_message = message
        self.statusBar().showMessage(message, 10000)

    def _on_failed(self, message: str) -> None:
        self._failures += 1
        self.say(message)

    def _unsaid(self, act: Callable[[], object]) -> bool:
        """Run ``act``; True when the session reported no failure meanwhile."""
        before = self._failures
        act()
        return self._failures == before

    def undo_redo(self, *, undo: bool) -> None:
        """Ctrl+Z / Ctrl+Shift+Z, saying what was undone or redone (or why not)."""
        stack = self.session.undo_stack
        if not (stack.canUndo() if undo else stack.canRedo()):
            self.say("Nothing to undo." if undo else "Nothing to redo.")
            return
        text = stack.undoText() if undo else stack.redoText()
        doc_id = _document_of(stack.command(stack.index() - 1 if undo else stack.index()))
        here = self.session.document.id if self.session.document is not None else None
        if self._unsaid(stack.undo if undo else stack.redo):
            where = "" if doc_id is None or doc_id == here else f" in {self.session.project.document(doc_id).external_id}"
            self.say(f"{'Undone' if undo else 'Redone'}{where}: {text}.")

    # -- review mode ------------------------------------------------------------------------------

    def set_review_mode(self, on: bool) -> None:
        """Reviewers and leads: the queue ranked by disagreement, every annotator's work, gold to edit."""
        if on and self.session.may_review:  # else the session says why not, before anything is read
            self.refresh_review_queue()
        self.session.set_review(on)
        self.review_action.setChecked(self.session.gold)
        if self.session.gold and self.review_queue.model.rowCount():
            current = self.session.document
            if current is None or self.review_queue.model.row_of(current.id) is None:
                first = self.review_queue.model.next_open(None) or self.review_queue.model.item_at(0).id  # type: ignore[union-attr]
                self.open_document(first)

    def refresh_review_queue(self) -> None:
        project = self.session.project
        from annotator.formats.agreement import rank_documents  # numpy: loaded when review mode needs it

        ranking = rank_documents(project, include_unfinished=self.review_queue.unfinished.isChecked())
        done = project.adjudicated_documents()
        adjudicated = {r.id for r in ranking if r.id in done}
        self.review_queue.model.set_ranking(ranking, adjudicated)
        self.review_queue.update_heading()
        if self.session.document is not None:
            self.review_queue.show_document(self.session.document.id)
        self._update_progress()

    def _show_mode(self) -> None:
        gold, may = self.session.gold, self.session.may_review
        self.review_menu.menuAction().setVisible(may)
        for action in self.review_actions:
            action.setEnabled(may)
        lead = self.session.may(Action.SEE_PROGRESS)
        self.progress_action.setVisible(lead)
        self.progress_action.setEnabled(lead)
        exports = self._may_export()  # a project without leads is one person's: they export
        self.export_action.setVisible(exports)
        self.export_action.setEnabled(exports)
        self.review_action.setChecked(gold)
        for action in self.suggest_actions:  # suggestions are an annotator's own, not gold's
            action.setEnabled(not gold)
        self.left.setCurrentWidget(self.review_queue if gold else self.doc_list)
        self.review_panel.setVisible(gold)
        self.panel_heading.setText("<b>Gold document labels</b>" if gold else "<b>Document</b>")
        self.spans_heading.setText("<b>Gold spans</b>" if gold else "<b>My spans</b>")
        if not gold:
            self._review_work = None
            self.view.set_candidates([])

    def _load_review_work(self) -> None:
        """Every annotator's spans and labels on the open document, read once per document."""
        doc = self.session.document
        if doc is None:
            return
        project = self.session.project
        names = {a.id: a.name for a in project.annotators()}
        statuses = project.statuses(doc.id)
        spans, labels = project.spans(doc.id), project.doc_labels(doc.id)
        workers = {s.annotator_id for s in spans} | {d.annotator_id for d in labels}
        done = {a for a, st in statuses.items() if st == "done"}
        # the work compared is as in the agreement figures: what was marked done, unless asked otherwise
        compared = workers | done if self.review_queue.unfinished.isChecked() or not done else done
        present = sorted(names[a] for a in compared)
        self._review_work = (doc.id, names, present, [s for s in spans if s.annotator_id in compared],
                             [d for d in labels if d.annotator_id in compared])
        self._show_candidates()

    def _show_candidates(self) -> None:
        doc = self.session.document
        if self._review_work is None or doc is None or self._review_work[0] != doc.id:
            return
        _, names, present, spans, labels = self._review_work
        rows = candidates(names, present, spans, labels, self.session.spans(), self.session.labels())
        state = "adjudicated" if self.session.status() == "adjudicated" else "not adjudicated yet"
        who = ", ".join(present) or "nobody"
        heading = (f"<b>Annotations</b> by {who}: {disagreement(rows)} (tinted). "
                   f"This document is {state}.")
        self.review_panel.show_candidates(doc.text, present, rows, heading)
        self.view.set_candidates([(c.start, c.end, c.disputed) for c in rows if c.kind == "span"])

    def _on_candidate_chosen(self, candidate: Candidate) -> None:
        if candidate.kind == "span":
            if candidate.layer != self.layer.name:
                self.layer_box.setCurrentIndex(self.layer_box.findData(candidate.layer))
            self.view.select(candidate.start, candidate.end)
            self.view.selected_mark = None
            self.view.viewport().update()

    def take_candidate(self) -> None:
        """Ctrl+G: the chosen annotation (a row of the review table) becomes gold."""
        if not self.session.gold:
            self.say("Taking into gold is for review mode (Ctrl+R).")
            return
        chosen = self.review_panel.current()
        if chosen is None:
            self.say("Choose a row in the review table first (click it, or F8 for the next disagreement).")
            return
        self._take(chosen)

    def take_agreed(self) -> None:
        """Ctrl+Shift+G: every annotation all annotators agree on becomes gold, as one undoable step."""
        if not self.session.gold:
            self.say("Taking into gold is for review mode (Ctrl+R).")
            return
        agreed = [c for c in self.review_panel.model.items() if not c.disputed and not c.in_gold]
        if not agreed:
            self.say("Nothing agreed is left to take.")
            return
        with self.session.macro(f"take {len(agreed)} agreed annotation(s) into gold"):
            for c in agreed:
                self._take(c)

    def _take(self, c: Candidate) -> None:
        if c.kind == "span":
            self.session.take(c.layer, c.label, c.start, c.end, c.attrs)
        else:
            self.session.set_doc_label(c.layer, c.target, c.label)

    def next_disagreement(self) -> None:
        if not self.session.gold:
            self.say("Disagreements are shown in review mode (Ctrl+R).")
        elif not self.review_panel.next_disputed():
            self.say("No disagreements on this document.")

    def show_progress(self) -> ProgressView | None:
        if not self.session.may(Action.SEE_PROGRESS):
            self.say("Team progress is for leads.")
            return None
        view = ProgressView(self.session.project, self)
        view.show()
        return view

    def show_agreement(self) -> AgreementView:
        from annotator.gui.agreement_view import AgreementView

        view = AgreementView(self.session.project, self)
        view.documentChosen.connect(self._open_for_review)
        view.show()
        view.compute()
        return view

    def _open_for_review(self, external_id: str) -> None:
        doc = self.session.project.find_document(external_id)
        if doc is None:
            return
        if self.session.may_review and not self.session.gold:
            self.set_review_mode(True)
        self.open_document(doc.id)
        self.activateWindow()

    # -- annotator, zoom, help, geometry ------------------------------------------------------------

    def _ask_annotator(self) -> AnnotatorChooser:
        chooser = AnnotatorChooser(self.session.project, self.session.annotator.name, self)
        chooser.chosen.connect(self.switch_annotator)
        chooser.open()
        return chooser

    def switch_annotator(self, name: str) -> None:
        """Work as someone else of the project (File → Switch annotator); an unknown name is refused."""
        if self._unsaid(lambda: self.session.switch_annotator(name)):
            self.say(f"Annotating as {name}: you see {name}'s annotations only.")

    def _on_outside_change(self) -> None:
        """Another process imported, marked or assigned: the list, its filters and the totals catch up;
        the open document, its selection and the list's scroll position stay."""
        project = self.session.project
        self._total = project.count_documents()
        self.doc_list.add_languages(project.languages())
        self.session.reread_status()
        table = self.doc_list.table
        scrolled = table.verticalScrollBar().value()
        queue = project.has_queue(self.session.annotator.id)
        if queue != self.session.has_queue:  # a lead assigned my first documents (or took them back)
            self.session.has_queue = queue
            self.doc_list.set_annotator(self.session.annotator.id, queue)
        else:
            self.doc_model.refresh()
        if self.session.document is not None:
            self.doc_list.show_document(self.session.document.id, scroll=False)
        table.verticalScrollBar().setValue(scrolled)
        self._update_progress()

    def zoom(self, step: int) -> None:
        size = DEFAULT_POINT_SIZE if step == 0 else min(48.0, max(8.0, self.view.point_size() + step))
        self.view.set_point_size(size)
        self.settings.setValue("view/point_size", size)

    def _may_export(self) -> bool:
        return self.session.may(Action.EXPORT)

    def show_export(self) -> ExportDialog | None:
        if not self._may_export():
            self.say("Exporting is for the project's leads.")
            return None
        dialog = ExportDialog(self.session.project, self)
        dialog.show()
        return dialog

    def show_cheat_sheet(self) -> CheatSheet:
        sheet = CheatSheet(self.schema, self.shortcuts, self)
        sheet.show()
        return sheet

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        try:
            self.session.record_time()
        except Exception as exc:  # the window must close even if the project went away
            QMessageBox.warning(self, "annotator", f"Could not record the time spent: {exc}")
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)


@contextmanager
def _busy() -> Iterator[None]:
    """The wait cursor while a long search runs on the GUI thread."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _takes_text(widget: QWidget) -> bool:
    """A widget that keys type into: they are its own, not label keys."""
    if isinstance(widget, (QLineEdit, QAbstractSpinBox, QKeySequenceEdit)):
        return True
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    return isinstance(widget, QComboBox) and widget.isEditable()


def _document_of(command: Any) -> DocumentId | None:
    """The document an undo command (or the first step of a macro) acted on."""
    if command is None:
        return None
    doc_id = getattr(command, "doc_id", None)
    if doc_id is None and command.childCount():
        return _document_of(command.child(0))
    return DocumentId(doc_id) if doc_id is not None else None
