"""The document list: a lazy Qt model over the Project API (pages fetched as rows are shown) and its filter bar."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from annotator.gui import i18n
from annotator.gui.app_texts import isolated, language_name, status_text
from annotator.gui.table_model import ColumnsModel, Index, select_row
from annotator.store.project import Project
from annotator.store.values import AnnotatorId, DocFilter, DocumentId, DocumentSummary

PAGE = 200
MAX_PAGES = 50  # rows kept in memory: 10,000, whatever the size of the project
STATUSES = ("todo", "in_progress", "done", "skipped")  # as the list names them: app_texts.status_text


class DocumentListModel(ColumnsModel):
    """Rows are documents in import order; only the pages on screen are in memory."""

    COLUMNS = (QT_TRANSLATE_NOOP("DocumentListModel", "Document"), QT_TRANSLATE_NOOP("DocumentListModel", "Lang"),
               QT_TRANSLATE_NOOP("DocumentListModel", "Length"), QT_TRANSLATE_NOOP("DocumentListModel", "My status"))

    def __init__(self, project: Project, where: DocFilter, count: int | None = None) -> None:
        """List ``where`` from the start (the filter the bar will show, so that it is counted once);
        ``count``: its size if the caller knows it already."""
        super().__init__()
        self.project = project
        self.where = where
        self._count = project.count_documents(where) if count is None else count
        self._pages: dict[int, list[DocumentSummary]] = {}

    def set_filter(self, where: DocFilter) -> None:
        """List the documents ``where`` selects; the same filter again costs nothing (``refresh`` rereads)."""
        if where != self.where:
            self._read(where)

    def _read(self, where: DocFilter) -> None:
        self.beginResetModel()
        self.where = where
        self._count = self.project.count_documents(where)  # slow on a million documents: only when needed
        self._pages.clear()
        self.endResetModel()

    def update_status(self, doc_id: DocumentId, status: str) -> None:
        """Show a new status in the cached row of ``doc_id``, if it is cached (the list is not refetched)."""
        for page, rows in self._pages.items():
            for i, row in enumerate(rows):
                if row.id == doc_id:
                    rows[i] = dataclasses.replace(row, status=status)
                    index = self.index(page * PAGE + i, 3)
                    self.dataChanged.emit(index, index)
                    return

    def refresh(self) -> None:
        """Forget cached rows (a status changed); rows that no longer match the filter go."""
        self._read(self.where)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._count

    def summary_at(self, row: int) -> DocumentSummary | None:
        if not 0 <= row < self._count:
            return None
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            if len(self._pages) >= MAX_PAGES:
                self._pages.pop(next(iter(self._pages)))
            rows = self._pages[page] = self.project.documents(self.where, offset=page * PAGE, limit=PAGE)
        i = row - page * PAGE
        return rows[i] if i < len(rows) else None

    def row_of(self, doc_id: DocumentId) -> int | None:
        row = self.project.document_row(self.where, doc_id)
        found = self.summary_at(row)
        return row if found is not None and found.id == doc_id else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        doc = self.summary_at(index.row())
        if doc is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (isolated(doc.external_id), doc.language, i18n.number(f"{doc.length:,}"), status_text(doc.status))[column]
        if role == Qt.ItemDataRole.UserRole:
            return doc.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return doc.source or doc.external_id
        return None



class DocumentList(QWidget):
    """Filter bar (status, language, text search) over the document table."""

    documentActivated = Signal(int)

    def __init__(self, model: DocumentListModel, languages: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.status = QComboBox()
        self.status.addItem(self.tr("All statuses"), None)
        for key in STATUSES:
            self.status.addItem(status_text(key), key)
        self.scope = QComboBox()  # shown to annotators with a queue (``annotator assign``)
        self.scope.addItem(self.tr("My queue"), True)
        self.scope.addItem(self.tr("All documents"), False)
        self.scope.setVisible(False)
        self._has_queue = False
        self.language = QComboBox()
        self.language.addItem(self.tr("All languages"), None)
        for lang in languages:
            self.language.addItem(language_name(lang), lang)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search text or id…"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self._on_filter_changed)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(PAGE // 4)  # columns fit the rows on screen, not the first 1,000 rows fetched
        self.table.setWordWrap(False)
        filters = QHBoxLayout()
        filters.addWidget(self.status)
        filters.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scope)
        layout.addLayout(filters)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.status.currentIndexChanged.connect(self._on_filter_changed)
        self.scope.currentIndexChanged.connect(self._on_filter_changed)
        self.language.currentIndexChanged.connect(self._on_filter_changed)
        self.search.textChanged.connect(self._debounce.start)
        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_activated)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

    def observe(self, session: Any) -> None:
        """Follow ``session`` (an ``annotator.app.session.Session``) by itself: its person's statuses, as they
        change (one cached row, or the list read again when the filter is by status and the row may leave or
        join it), and another person's list when it switches."""
        def status_changed(doc_id: int) -> None:
            if session.gold:  # gold statuses are the review queue's, not the list's
                return
            doc = session.document
            status = (session.status() if doc is not None and doc.id == doc_id
                      else session.project.statuses(doc_id).get(session.annotator.id, "todo"))
            if self.model.where.status is None:
                self.model.update_status(DocumentId(doc_id), status)  # one row, no recount
            else:
                self.model.refresh()
                self.show_document(DocumentId(doc_id))

        session.statusChanged.connect(status_changed)
        session.annotatorChanged.connect(lambda: self.set_annotator(session.annotator.id, session.has_queue))
        self.set_annotator(session.annotator.id, session.has_queue)

    def _on_filter_changed(self) -> None:
        self.set_annotator(self.model.where.annotator)

    def set_annotator(self, annotator: AnnotatorId | None, has_queue: bool | None = None) -> None:
        """List ``annotator``'s statuses under the filters the bar shows; with a queue, their queue first."""
        if has_queue is not None and has_queue != self._has_queue:
            self._has_queue = has_queue
            self.scope.blockSignals(True)
            self.scope.setCurrentIndex(0)
            self.scope.blockSignals(False)
            self.scope.setVisible(has_queue)
        self.model.set_filter(DocFilter(annotator=annotator, status=self.status.currentData(),
                                        language=self.language.currentData(), search=self.search.text() or None,
                                        assigned=self._has_queue and bool(self.scope.currentData())))

    def _on_activated(self, index: QModelIndex) -> None:
        doc_id = self.model.data(index, Qt.ItemDataRole.UserRole)
        if doc_id is not None:
            self.documentActivated.emit(doc_id)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.table.hasFocus():  # keyboard navigation in the list opens the document
            self._on_activated(current)

    def show_document(self, doc_id: DocumentId, *, scroll: bool = True) -> None:
        """Select the row of ``doc_id`` (if the filter lists it) without activating it."""
        row = self.model.row_of(doc_id)
        if row is None:
            self.table.clearSelection()
            return
        select_row(self.table, row)
        if scroll:
            self.table.scrollTo(self.model.index(row, 0))

    def add_languages(self, languages: list[str]) -> None:
        """Offer languages that documents imported meanwhile are in."""
        for lang in languages:
            if self.language.findData(lang) < 0:
                self.language.addItem(language_name(lang), lang)
