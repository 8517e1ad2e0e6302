"""The main window's tagging: keys from anywhere, labels and stance, selecting spans, layers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QKeySequenceEdit,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

from annotator.app.session import NO_DOCUMENT
from annotator.core.units import edge_problem, visible
from annotator.gui import i18n
from annotator.store.values import SpanId, SpanView

# the session's own messages this part shows (NO_DOCUMENT), for lupdate: translated when shown
SESSION_MESSAGES = (QT_TRANSLATE_NOOP("Session", "No document is open: import documents (annotator import FILES) or "
                                                 "choose one in the list."),)
SHOWN = 80  # characters of a selection the status bar shows (the middle of a longer one is elided)


class TaggingActions:
    """Part of MainWindow: what the keys and clicks on the text do."""

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
            self.say(self._no_document())
            return
        self.statusBar().clearMessage()  # an earlier refusal no longer applies; a new one is said again
        for task in self.schema.tasks:
            label = next((lab for lab in task.labels if lab.key == key), None)
            if label is not None:
                self._choose_doc_label(task.name, label.name)
                return
        label = next((lab for lab in self.layer.labels if lab.key == key), None)
        if label is None:
            self.say(self.tr("No label on key '{key}' in layer {layer} (F1 lists the keys).").format(
                key=key, layer=self.layer.name))
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
            self.say(self.tr("Select text first (mouse, or Shift+arrows; Ctrl+Shift+arrows by word)."))
            return None
        start, end = self._snap(selection)
        attrs: dict[str, Any] = {}
        if self.layer.target_task:
            row = next((r for r in [self.panel.current_row()] if r and r[0] == self.layer.target_task), None)
            row = row or next((r for r in self.panel.rows if r[0] == self.layer.target_task), None)
            if row is None:
                self.say(self.tr("Layer {layer} needs a target, and the schema has none.").format(layer=self.layer.name))
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
            self.say(self.tr("Click a span first to select it, then Delete."))
            return
        span = self.session.span(SpanId(self.view.selected_mark))
        self.view.selected_mark = None
        if span is not None and self._unsaid(lambda: self.session.delete(span.id)):
            self.say(self.tr("Deleted the {label} span. Ctrl+Z brings it back.").format(label=span.label))

    def mark_paragraphs_boilerplate(self) -> None:
        layer = self.schema.boilerplate_layer()
        doc = self.session.document
        if doc is None:
            self.say(self._no_document())
            return
        if layer is None:
            self.say(self.tr("The schema has no boilerplate layer."))
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
            self.say(self.tr("These paragraphs are boilerplate already (or empty)."))
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
            self.say(self.tr("Keys tag layer {layer} while this {label} span is selected; they go back to {back} "
                             "when it is deselected.").format(layer=span.layer, label=span.label, back=back))
        self.view.viewport().update()
        self.view.setFocus()

    def _on_mark_clicked(self, span_id: int) -> None:
        self.select_span(span_id)

    def _on_empty_clicked(self) -> None:
        self.view.selected_mark = None

    def _on_other_mark_offered(self, span_id: int) -> None:
        span = self.session.span(SpanId(span_id))
        if span is not None:
            self.say(self.tr("A {label} span of layer {layer} is here: click it again (or Ctrl+click) to select it. "
                             "The keys stay on layer {current}.").format(label=span.label, layer=span.layer,
                                                                         current=self.layer.name))

    def _on_selected_mark_changed(self, mark_id: int | None) -> None:
        """When the span that switched the layer is no longer selected, the keys go back to the layer before."""
        if self._layer_before is None:
            return
        span = self.session.span(SpanId(mark_id)) if mark_id is not None else None
        if span is not None and span.layer == self.layer.name:
            return
        back, self._layer_before = self._layer_before, None
        self._switch_layer(back)
        self.say(self.tr("Keys tag layer {layer} again.").format(layer=back))


    def _no_document(self) -> str:
        """The session's NO_DOCUMENT, in the interface's language."""
        return QCoreApplication.translate("Session", NO_DOCUMENT)

    def _set_snapping(self, on: bool) -> None:
        self.view.snap_to_units = on
        self.settings.setValue("select/snap", on)

    def _show_selection(self) -> None:
        """The status bar shows exactly what a label key would store: the characters, whitespace made
        visible, how many, and a warning when an edge is whitespace."""
        selection = self.view.selection()
        if selection is None:
            self.selection_label.clear()
            return
        start, end = selection
        text = self.view.text[start:end]
        shown = visible(text if len(text) <= SHOWN else text[:SHOWN // 2] + "…" + text[-SHOWN // 2:])
        problem = edge_problem(text)
        # isolated (FSI … PDI) so that an Arabic selection reads right to left inside the left-to-right bar
        said = (self.tr("Selected 1 character: {text}") if end - start == 1
                else self.tr("Selected {count} characters: {text}"))
        self.selection_label.setText(said.format(count=i18n.number(end - start), text=f"“\u2068{shown}\u2069”")
                                     + (f" ⚠ {problem}" if problem else ""))

    def _on_selection_moved(self) -> None:
        self._show_selection()
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
            self.say(self.tr("Keys now tag layer {layer}.").format(layer=self.layer.name))

    def _switch_layer(self, name: str) -> None:
        self._switching_layer = True
        try:
            self.layer_box.setCurrentIndex(self.layer_box.findData(name))
        finally:
            self._switching_layer = False




def _takes_text(widget: QWidget) -> bool:
    """A widget that keys type into: they are its own, not label keys."""
    if isinstance(widget, (QLineEdit, QAbstractSpinBox, QKeySequenceEdit)):
        return True
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    return isinstance(widget, QComboBox) and widget.isEditable()


