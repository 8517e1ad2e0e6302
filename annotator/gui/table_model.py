"""A flat table model whose columns are named by a COLUMNS tuple: the part every list model shares."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class ColumnsModel(QAbstractTableModel):
    """COLUMNS are marked with ``QT_TRANSLATE_NOOP("<the model's class>", ...)``: shown translated."""

    COLUMNS: tuple[str, ...] = ()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(type(self).__name__, self.COLUMNS[section])
        return None


class RowsModel(ColumnsModel, Generic[T]):
    """A table over a Python list, one item a row."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[T] = []

    def item_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def items(self) -> list[T]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)


def row_table(model: QAbstractTableModel, stretch: int) -> QTableView:
    """A read-only table over ``model`` that selects one whole row; columns fit their contents but ``stretch``."""
    table = QTableView()
    table.setModel(model)
    return rows_only(table, stretch)


def rows_only(table: QTableView, stretch: int | None = None) -> QTableView:
    """Make a table read-only, selecting one whole row at a time, its columns fitted to their contents."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def select_row(table: QTableView, row: int) -> None:
    """Make ``row`` the table's current, selected row. Not ``QTableView.selectRow``: in a right-to-left
    layout it looks for its column past the viewport's edge and selects nothing (Qt 6)."""
    table.setCurrentIndex(table.model().index(row, 0))
