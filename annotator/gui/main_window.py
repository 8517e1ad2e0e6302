"""The main window: document list, text view, document panel and span list, wired to one Session."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.app.jobs import warm_up
from annotator.app.model_jobs import ModelAdvisor
from annotator.app.review import ReviewWork
from annotator.app.session import Session
from annotator.app.stance_advice import StanceAdvisor
from annotator.core.schema import Layer
from annotator.gui import i18n
from annotator.gui.cheatsheet import CheatSheet
from annotator.gui.doc_list import DocumentList, DocumentListModel
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.interface_menus import InterfaceMenus
from annotator.gui.jobs import JobBar, RunningJob
from annotator.gui.outside import OutsideChanges
from annotator.gui.people import AnnotatorChooser
from annotator.gui.review import ReviewPanel, ReviewQueue
from annotator.gui.span_list import SpanList
from annotator.gui.stance_panel import DocumentPanel
from annotator.gui.text_view import AnnotationView
from annotator.store.access import Action
from annotator.store.project import Project
from annotator.store.values import DocFilter, DocumentId

if TYPE_CHECKING:
    pass

DEFAULT_POINT_SIZE = 15.0
from annotator.gui.refresh import RefreshActions
from annotator.gui.review_mode import ReviewActions
from annotator.gui.stance_actions import StanceActions
from annotator.gui.suggest_actions import SuggestionActions
from annotator.gui.tagging import TaggingActions


class MainWindow(TaggingActions, SuggestionActions, StanceActions, ReviewActions, RefreshActions, QMainWindow):
    """The window; its parts (tagging, suggestions, review mode, refresh) live in a module each."""

    def __init__(self, project: Project, annotator: str, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.schema = project.schema
        self.session = Session(project, project.annotator(project.identify(remembered=annotator).name or annotator))
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
        shown = DocFilter(annotator=self.session.annotator.id, assigned=self.session.has_queue)  # as the bar starts
        self.doc_model = DocumentListModel(project, shown, None if shown.assigned else self._total)  # counted once
        self.doc_list = DocumentList(self.doc_model, project.languages())
        self.doc_list.observe(self.session)  # its person's statuses and list follow the session
        self.panel = DocumentPanel(self.schema)
        self.span_list = SpanList(self.schema)
        self.span_list.observe(self.session)
        self.view.observe(self.session)  # before the window's own handlers: they act on what the view shows
        self.review_queue = ReviewQueue()
        self.review_queue.observe(self.session)
        self.review_panel = ReviewPanel()
        self.model_advisor = ModelAdvisor(self.session)  # the model's suggestions as documents open
        self.model_advisor.enabled = str(settings.value("model/suggest", "true")).lower() == "true"
        self.stance_advisor = StanceAdvisor(self.session)  # the stance model's suggestions in the panel
        self.stance_advisor.enabled = self.model_advisor.enabled
        self.review_work = ReviewWork(self.session)  # what review mode compares: the panel and the view observe it
        self.review_panel.observe(self.review_work)
        self.view.observe_review(self.review_work)
        self._ranking: RunningJob | None = None  # the review queue's ranking job, while it runs
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
            self.say(self.tr("This project has no documents yet: import some (annotator import FILES); they show up here."))
        self.view.current_layer = self.layer.name
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)  # keys reach the open document wherever the focus is (eventFilter)
        warm_up()  # the server background jobs are forked from, started now rather than at the first job
        self.outside = OutsideChanges(project, lambda: self.session.annotator.id, self)
        self.outside.changed.connect(self._on_outside_change)

    # -- construction -------------------------------------------------------------------------

    def _build_layout(self) -> None:
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.panel_heading = QLabel("<b>{}</b>".format(self.tr("Document")))
        self.spans_heading = QLabel("<b>{}</b>".format(self.tr("My spans")))
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
        if i18n.mirrored():
            # mirrored, QSplitter places its panes one pixel to the right: the outer pane's right border
            # would fall outside the window (Qt 6.8-6.11); a pixel of margin brings it back
            self.splitter.setContentsMargins(0, 0, 1, 0)
        self.setCentralWidget(self.splitter)
        toolbar = QToolBar(self.tr("Layer"))
        toolbar.setObjectName("layer-toolbar")
        toolbar.addWidget(QLabel(self.tr(" Layer: ")))
        toolbar.addWidget(self.layer_box)
        toolbar.addSeparator()
        self.label_bar = toolbar
        self.label_buttons: list[QToolButton] = []
        self._label_actions: list[QAction] = []
        self._show_label_buttons()
        self.addToolBar(toolbar)
        self.job_bar = JobBar()
        self.selection_label = QLabel()  # what a selection holds, whitespace made visible
        self.selection_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.selection_label)
        self.statusBar().addPermanentWidget(self.job_bar)
        self.statusBar().addPermanentWidget(self.progress)
        self.resize(1400, 860)

    def _action(self, menu: Any, text: str, keys: str | list[str], handler: Callable[[], Any]) -> QAction:
        action = QAction(text, self)
        sequences = [QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)]
        action.setShortcuts(sequences)
        if sequences and i18n.mirrored():
            # a menu in a right-to-left layout would show "Ctrl++" as "++Ctrl": the keys isolated, left to right
            action.setText(f"{text}\t\u2066{sequences[0].toString(QKeySequence.SequenceFormat.NativeText)}\u2069")
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda *_: handler())
        menu.addAction(action)
        self.shortcuts.append((menu.title().replace("&", ""), text.replace("&", ""),
                               ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences)))
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self.export_action = self._action(file, self.tr("&Export… (leads)"), "Ctrl+E", self.show_export)
        self._action(file, self.tr("Switch &annotator…"), "Ctrl+Shift+A", self._ask_annotator)
        self._action(file, self.tr("&Quit"), "Ctrl+Q", self.close)
        edit = bar.addMenu(self.tr("&Edit"))
        self._action(edit, self.tr("&Undo"), "Ctrl+Z", lambda: self.undo_redo(undo=True))
        self._action(edit, self.tr("&Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"], lambda: self.undo_redo(undo=False))
        delete = self._action(edit, self.tr("&Delete span"), ["Del", "Backspace"], self.delete_selected)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # Delete in the search box edits the box
        self.view.addAction(delete)
        self._action(edit, self.tr("Mark &paragraphs as boilerplate"), "Ctrl+B", self.mark_paragraphs_boilerplate)
        self.snap_action = QAction(self.tr("S&nap selections to words"), self)
        self.snap_action.setCheckable(True)
        self.snap_action.setToolTip(self.tr("Drags, double-clicks and Ctrl+Shift+arrows select whole words; Alt "
                                            "while dragging selects characters"))
        self.snap_action.toggled.connect(self._set_snapping)
        self.snap_action.setChecked(str(self.settings.value("select/snap", "true")).lower() == "true")
        self.view.snap_to_units = self.snap_action.isChecked()
        edit.addAction(self.snap_action)
        editing = edit.title().replace("&", "")
        self.shortcuts += [
            (editing, self.tr("Select whole words (a proclitic before a name left out)"),
             self.tr("drag, double-click, Ctrl+Shift+arrows")),
            (editing, self.tr("Select characters"), self.tr("Alt+drag, Shift+arrows")),
            (editing, self.tr("Move the selection's start one character (visually: in Arabic, Right is earlier)"),
             "Alt+Left, Alt+Right"),
            (editing, self.tr("Move the selection's end one character (visually)"), "Alt+Shift+Left, Alt+Shift+Right"),
            (editing, self.tr("Select a span"), self.tr("click it")),
        ]
        layers = bar.addMenu(self.tr("&Layer"))
        for i, layer in enumerate(self.schema.layers[:9]):
            self._action(layers, f"{layer.name}", f"Ctrl+{i + 1}", lambda n=i: self.layer_box.setCurrentIndex(n))
        self._action(layers, self.tr("Next stance &target"), "Ctrl+T", self.panel.next_row)
        doc = bar.addMenu(self.tr("&Document"))
        self._action(doc, self.tr("Mark &done, open next"), ["Ctrl+Return", "Ctrl+Enter"], lambda: self.finish("done"))
        self._action(doc, self.tr("&Skip, open next"), ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"], lambda: self.finish("skipped"))
        self._action(doc, self.tr("&Next document"), "Ctrl+PgDown", lambda: self._step_document(+1))
        self._action(doc, self.tr("&Previous document"), "Ctrl+PgUp", lambda: self._step_document(-1))
        review = bar.addMenu(self.tr("&Review"))
        self.review_menu = review
        self.review_action = self._action(review, self.tr("&Review mode"), "Ctrl+R", lambda: self.set_review_mode(not self.session.gold))
        self.review_action.setCheckable(True)
        self.review_actions = [
            self.review_action,
            self._action(review, self.tr("&Take into gold"), "Ctrl+G", self.take_candidate),
            self._action(review, self.tr("Take all &agreed into gold"), "Ctrl+Shift+G", self.take_agreed),
            self._action(review, self.tr("&Next disagreement"), "F8", self.next_disagreement),
            self._action(review, self.tr("Agreement &figures…"), "Ctrl+Shift+R", self.show_agreement),
        ]
        self.shortcuts.append((review.title().replace("&", ""),
                               self.tr("Mark adjudicated, open the next in the queue (review mode)"), "Ctrl+Return"))
        suggest = bar.addMenu(self.tr("&Suggestions"))
        self.suggest_menu = suggest
        self.suggest_actions = [
            self._action(suggest, self.tr("&Propagate the span in this document"), "Ctrl+P", lambda: self.propagate(False)),
            self._action(suggest, self.tr("Propagate the span to &every document"), "Ctrl+Alt+P", lambda: self.propagate(True)),
            self._action(suggest, self.tr("Suggest &boilerplate in every document"), "Ctrl+Alt+B", self.suggest_boilerplate),
            self._action(suggest, self.tr("Apply a &gazetteer file…"), "Ctrl+Alt+G", self.ask_gazetteer),
        ]
        suggest.addSeparator()
        self.suggest_actions += [
            self._action(suggest, self.tr("&Accept the suggestion at the cursor"), "Alt+A", self.accept_current),
            self._action(suggest, self.tr("&Reject the suggestion at the cursor"), "Alt+X", self.reject_current),
            self._action(suggest, self.tr("Accept it in every &document where it occurs"), "Ctrl+Alt+A", self.accept_everywhere),
            self._action(suggest, self.tr("Accept a&ll in this document"), "Alt+Shift+A", self.accept_all),
            self._action(suggest, self.tr("Re&ject all in this document"), "Alt+Shift+X", self.reject_all),
            self._action(suggest, self.tr("&Next suggestion"), "F7", lambda: self.step_suggestion(+1)),
            self._action(suggest, self.tr("Pre&vious suggestion"), "Shift+F7", lambda: self.step_suggestion(-1)),
        ]
        suggest.addSeparator()
        self.model_actions = [
            self._action(suggest, self.tr("Train the &model now"), "Ctrl+Alt+M", self.train_model),
            self._action(suggest, self.tr("Model &figures…"), "Ctrl+Alt+F", self.show_model),
        ]
        stance_model, stance_deciding = self._build_stance_actions(suggest)
        self.model_actions += stance_model
        self.suggest_actions += stance_deciding
        self.model_action = QAction(self.tr("Suggest from the model when a document opens"), self)
        self.model_action.setCheckable(True)
        self.model_action.setChecked(self.model_advisor.enabled)
        self.model_action.toggled.connect(self._set_model_suggestions)
        suggest.addAction(self.model_action)
        suggest.addSeparator()
        self.match_actions: dict[str, QAction] = {}
        # Each Arabic letter stands between Latin words: two of them side by side would form one
        # right-to-left run, and "ى = ي" would read "ي = ى" in a left-to-right menu.
        for key, text in (("ya", self.tr("Matching: ى matches ي (alef maksura as ya)")),
                          ("ta_marbuta", self.tr("Matching: ة matches ه (ta marbuta as ha)")),
                          ("ignore_case", self.tr("Matching: ignore case"))):
            action = QAction(text, self)
            action.setCheckable(True)
            action.setChecked(str(self.settings.value(f"match/{key}", "false")).lower() == "true")
            action.toggled.connect(lambda on, k=key: self.settings.setValue(f"match/{k}", on))
            suggest.addAction(action)
            self.match_actions[key] = action
        view = bar.addMenu(self.tr("&View"))
        self.progress_action = self._action(view, self.tr("Team &progress… (leads)"), "Ctrl+Shift+P", self.show_progress)
        self._action(view, self.tr("Zoom &in"), ["Ctrl++", "Ctrl+="], lambda: self.zoom(+1))
        self._action(view, self.tr("Zoom &out"), "Ctrl+-", lambda: self.zoom(-1))
        self._action(view, self.tr("&Reset zoom"), "Ctrl+0", lambda: self.zoom(0))
        view.addSeparator()
        self.interface_menus = InterfaceMenus(view, self)
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Cheat sheet"), "F1", self.show_cheat_sheet)

    def _connect(self) -> None:
        self.model_advisor.trainingDue.connect(self._train_when_due)
        self.model_advisor.suggestJob.connect(self._suggest_in_background)
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
        self._show_doc_labels()
        self._update_title()
        if not self.doc_list.table.hasFocus():  # arrow keys in the list keep moving through the list
            self.view.setFocus()
        self._side_pending = True
        QTimer.singleShot(0, self._fill_side_panels)  # after the text is on screen

    def _fill_side_panels(self) -> None:
        """The document list's selection, shown once the text is painted (the span list fills itself)."""
        if not self._side_pending or self.session.document is None:
            return
        self._side_pending = False
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
                self.say(self.tr("Every document in the review queue is adjudicated."))
            else:
                self.open_document(following)
            return
        self.session.set_status(status)
        following = self.session.next_document(current.id)
        if following is None:
            self.say(self.tr("All your documents are done or skipped."))
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


    # -- annotator, zoom, help, geometry ------------------------------------------------------------

    def _ask_annotator(self) -> AnnotatorChooser:
        chooser = AnnotatorChooser(self.session.project, self.session.annotator.name, self)
        chooser.chosen.connect(self.switch_annotator)
        chooser.open()
        return chooser

    def switch_annotator(self, name: str) -> None:
        """Work as someone else of the project (File → Switch annotator); an unknown name is refused."""
        if self._unsaid(lambda: self.session.switch_annotator(name)):
            self.say(self.tr("Annotating as {name}: you see {name}'s annotations only.").format(name=f"\u2068{name}\u2069"))

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
            self.say(self.tr("Exporting is for the project's leads."))
            return None
        dialog = ExportDialog(self.session.project, self, self.job_bar, self.say)
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
        self.job_bar.cancel_all()  # a job stops at its next step, storing nothing more
        deadline = time.monotonic() + 10
        for running in list(self.job_bar.jobs):
            running.wait(max(0.0, deadline - time.monotonic()))
            running.stop()  # still running 10 s after Cancel: ended, so that the window closes
        try:
            self.session.record_time()
        except Exception as exc:  # the window must close even if the project went away
            QMessageBox.warning(self, "annotator", self.tr("Could not record the time spent: {reason}").format(reason=exc))
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)
