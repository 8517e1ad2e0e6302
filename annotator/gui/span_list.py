"""The span list: my spans in the open document (layer, label, text, position), sortable; a click jumps to one."""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from annotator.app.session import Session
from annotator.core.schema import Schema
from annotator.core.units import edge_problem, visible
from annotator.gui.table_model import ColumnsModel, Index
from annotator.store.values import SpanView

EXCERPT = 60
FLAGGED = "#fde2e1"  # a span whose text begins or ends with whitespace


class SpanListModel(ColumnsModel):
    """Sorts itself (a proxy would read every row on each change; this reads only what is shown)."""

    COLUMNS = (QT_TRANSLATE_NOOP("SpanListModel", "Layer"), QT_TRANSLATE_NOOP("SpanListModel", "Label"),
               QT_TRANSLATE_NOOP("SpanListModel", "Text"), QT_TRANSLATE_NOOP("SpanListModel", "Start"),
               QT_TRANSLATE_NOOP("SpanListModel", "End"))

    def __init__(self, schema: Schema) -> None:
        super().__init__()
        self.schema = schema
        self._spans: list[SpanView] = []
        self._keys: list[tuple[Any, ...]] = []  # sort keys of _spans, ascending (negated order is reversed below)
        self._text = ""
        self._column = 3
        self._order = Qt.SortOrder.AscendingOrder

    def _key(self, span: SpanView) -> tuple[Any, ...]:
        value = (span.layer, span.label, self._text[span.start:span.end], span.start, span.end)[self._column]
        return (value, span.start, span.end, span.id)

    def _row_for(self, key: tuple[Any, ...]) -> int:
        """Where a key goes: ``_keys`` is kept ascending, rows are shown reversed when descending."""
        i = bisect.bisect_left(self._keys, key)
        return len(self._keys) - i if self._order == Qt.SortOrder.DescendingOrder else i

    def _resort(self) -> None:
        pairs = sorted(((self._key(s), s) for s in self._spans), key=lambda p: p[0])
        self._keys = [k for k, _ in pairs]
        self._spans = [s for _, s in pairs]
        if self._order == Qt.SortOrder.DescendingOrder:
            self._spans.reverse()

    def set_spans(self, text: str, spans: list[SpanView]) -> None:
        self.beginResetModel()
        self._text = text
        self._spans = list(spans)
        self._resort()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._column, self._order = column, order
        self._resort()
        self.layoutChanged.emit()

    def put(self, span: SpanView) -> None:
        """Add or replace one span, keeping the order; the rows around it stay as they are."""
        self.remove(span.id)
        key = self._key(span)
        row = self._row_for(key)
        self.beginInsertRows(QModelIndex(), row, row)
        bisect.insort(self._keys, key)
        self._spans.insert(row, span)
        self.endInsertRows()

    def remove(self, span_id: int) -> None:
        row = self.row_of(span_id)
        if row is not None:
            key = self._key(self._spans[row])
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._spans[row]
            del self._keys[bisect.bisect_left(self._keys, key)]
            self.endRemoveRows()

    def row_of(self, span_id: int) -> int | None:
        return next((i for i, s in enumerate(self._spans) if s.id == span_id), None)

    def span_at(self, row: int) -> SpanView:
        return self._spans[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._spans)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("SpanListModel", self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        span = self._spans[index.row()]
        column = index.column()
        stored = self._text[span.start:span.end]
        problem = edge_problem(stored)
        if role == Qt.ItemDataRole.DisplayRole:
            text = visible(stored) if problem else stored.replace("\n", " ⏎ ")
            if len(text) > EXCERPT:
                text = text[:EXCERPT] + "…"
            if problem:  # a trailing space is easy to miss in a narrow column: say it first
                text = "⚠ " + text
            label = span.label + (f" → {span.attrs['target']}" if "target" in span.attrs else "")
            # offsets as stored and exported: Western digits whatever the interface's digits (an int would be
            # formatted by Qt with the default locale)
            return (span.layer, label, text, str(span.start), str(span.end))[column]
        if role == Qt.ItemDataRole.BackgroundRole and column == 2 and problem:
            return QColor(FLAGGED)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and problem:
            return QCoreApplication.translate("SpanListModel", "{text} {problem}: Alt+arrows move an edge by one "
                                              "character").format(text=f"“\u2068{visible(stored)}\u2069”",
                                                                  problem=problem)
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            layer = self.schema.layer(span.layer)
            label = layer.label(span.label) if layer else None
            return QColor(label.color) if label else None
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 2):  # what a narrow column elides
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None



class SpanList(QWidget):
    spanActivated = Signal(int)  # span id

    def __init__(self, schema: Schema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SpanListModel(schema)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        for column in range(len(self.model.COLUMNS)):  # short columns fit what they hold; the text takes the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == 2
                                        else QHeaderView.ResizeMode.ResizeToContents)
        # a header fits its columns to their contents on a reset, not when one row comes or goes: ask it
        self.model.rowsInserted.connect(lambda *_: header.resizeSections())
        self.model.rowsRemoved.connect(lambda *_: header.resizeSections())
        self.table.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)

    def observe(self, session: Session) -> None:
        """Show ``session``'s spans in its open document and follow every change by itself (the window
        does not copy them over). A newly opened document's list is filled once its text is painted."""
        self._session = session
        self._refill_soon = QTimer(self, singleShot=True, interval=0)
        self._refill_soon.timeout.connect(self._refill)
        session.documentOpened.connect(lambda _doc: self._refill_soon.start())
        session.spansChanged.connect(lambda _doc: self._refill())
        session.annotatorChanged.connect(self._refill)
        session.spanStored.connect(self._on_span_stored)
        session.spanRemoved.connect(self._on_span_removed)

    def _refill(self) -> None:
        doc = self._session.document
        self.model.set_spans(doc.text if doc else "", self._session.spans() if doc else [])

    def _on_span_stored(self, span: SpanView) -> None:
        doc = self._session.document
        if doc is not None and span.document_id == doc.id:  # another document's: shown when it is opened
            self.model.put(span)

    def _on_span_removed(self, span: SpanView) -> None:
        self.model.remove(span.id)

    def _on_clicked(self, index: QModelIndex) -> None:
        span_id = self.model.data(index, Qt.ItemDataRole.UserRole)
        if span_id is not None:
            self.spanActivated.emit(span_id)
