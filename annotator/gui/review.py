"""Review mode's views: the queue of documents ranked by disagreement, and the panel of every annotator's
work on the open document (``annotator.app.review.ReviewWork``, which the panel observes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from annotator.app.review import Candidate, Comparison, ReviewWork
from annotator.core.agreement import format_score
from annotator.gui import i18n
from annotator.gui.app_texts import isolated
from annotator.gui.table_model import Index, RowsModel, row_table, select_row
from annotator.store.values import DocumentId

if TYPE_CHECKING:
    from annotator.formats.agreement import RankedDocument  # numpy: loaded when the queue is ranked

EXCERPT = 50
DISPUTED = QColor("#fde2e1")  # a candidate not every annotator made
IN_GOLD = QColor("#dff3e3")


class CandidatesModel(RowsModel[Candidate]):
    """One row per candidate; a column per annotator ticks who made it; disputed rows are tinted."""

    FIXED = (QT_TRANSLATE_NOOP("CandidatesModel", "Layer / task"), QT_TRANSLATE_NOOP("CandidatesModel", "Label"),
             QT_TRANSLATE_NOOP("CandidatesModel", "Text"), QT_TRANSLATE_NOOP("CandidatesModel", "Start"))
    GOLD = QT_TRANSLATE_NOOP("CandidatesModel", "Gold")

    def __init__(self) -> None:
        super().__init__()
        self._annotators: list[str] = []
        self._text = ""
        self.COLUMNS = self.FIXED + (self.GOLD,)

    def set_candidates(self, text: str, annotators: list[str], rows: list[Candidate]) -> None:
        self.beginResetModel()
        self._text, self._annotators, self._rows = text, list(annotators), list(rows)
        self.COLUMNS = self.FIXED + tuple(self._annotators) + (self.GOLD,)
        self.endResetModel()

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The fixed columns and Gold translated; the annotators' columns by their names."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < len(self.FIXED) or section == len(self.COLUMNS) - 1:
            return QCoreApplication.translate("CandidatesModel", self.COLUMNS[section])
        return self.COLUMNS[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return isolated(f"{c.layer}/{c.target}" if c.kind == "label" and c.target else c.layer)
            if column == 1:
                return isolated(c.label + (f" → {c.target}" if c.kind == "span" and c.target else ""))
            if column == 2:
                if c.kind == "label":
                    return QCoreApplication.translate("CandidatesModel", "(document)")
                text = self._text[c.start:c.end].replace("\n", " ⏎ ")
                return isolated(text[:EXCERPT] + "…" if len(text) > EXCERPT else text)
            if column == 3:
                return "" if c.kind == "label" else str(c.start)  # an offset: Western digits, as exported
            if column == len(self.COLUMNS) - 1:
                return "✓" if c.in_gold else ""
            return "✓" if self._annotators[column - len(self.FIXED)] in c.annotators else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == len(self.COLUMNS) - 1 and c.in_gold:
                return QBrush(IN_GOLD)
            return QBrush(DISPUTED) if c.disputed else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= len(self.FIXED):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            who = QCoreApplication.translate("CandidatesModel", ", ").join(c.annotators)
            said = (QCoreApplication.translate("CandidatesModel", "disputed: {annotators}") if c.disputed
                    else QCoreApplication.translate("CandidatesModel", "everyone agrees: {annotators}"))
            gold = QCoreApplication.translate("CandidatesModel", " — in gold") if c.in_gold else ""
            return said.format(annotators=who) + gold
        return None


class ReviewPanel(QWidget):
    """The candidates of the open document, with the reviewer's buttons (each also a key in the Review menu)."""

    candidateChosen = Signal(object)  # Candidate: show it in the text
    takeRequested = Signal()
    takeAgreedRequested = Signal()
    adjudicateRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CandidatesModel()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = row_table(self.model, stretch=2)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        take = QPushButton(self.tr("Take into gold (Ctrl+G)"))
        take.clicked.connect(self.takeRequested)
        agreed = QPushButton(self.tr("Take all agreed (Ctrl+Shift+G)"))
        agreed.clicked.connect(self.takeAgreedRequested)
        done = QPushButton(self.tr("Adjudicated, next (Ctrl+Enter)"))
        done.clicked.connect(self.adjudicateRequested)
        for button in (take, agreed, done):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QHBoxLayout()
        for button in (take, agreed, done):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def observe(self, work: ReviewWork) -> None:
        """Show what ``work`` compares, whenever it changes."""
        work.changed.connect(self.show_comparison)
        self.show_comparison(work.current)

    def show_comparison(self, comparison: Comparison | None) -> None:
        if comparison is None:
            self.model.set_candidates("", [], [])
            self.heading.clear()
            return
        current = self.current()
        rows = comparison.rows
        self.model.set_candidates(comparison.text, comparison.annotators, rows)
        state = self.tr("This document is adjudicated.") if comparison.adjudicated \
            else self.tr("This document is not adjudicated yet.")
        who = self.tr(", ").join(map(isolated, comparison.annotators)) or self.tr("nobody")
        found = comparison.disagreement
        self.heading.setText(self.tr("<b>Annotations</b> by {annotators}: {disputed} of {distinct} disputed ({score}) "
                                     "(tinted). {state}").format(
            annotators=who, disputed=i18n.number(found.disputed), distinct=i18n.number(found.distinct),
            score=i18n.number(format_score(found.score)), state=state))
        if current is not None:  # keep the reviewer's place when gold changes
            same = next((i for i, c in enumerate(rows) if c.same_as(current)), None)
            if same is not None:
                select_row(self.table, same)

    def current(self) -> Candidate | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def choose(self, row: int) -> None:
        select_row(self.table, row)
        self.table.scrollTo(self.model.index(row, 0))

    def next_disputed(self) -> bool:
        """Move to the next disputed candidate (round the end); False when there is none."""
        rows = self.model.items()
        index = self.table.currentIndex()
        start = index.row() + 1 if index.isValid() else 0
        for step in range(len(rows)):
            row = (start + step) % len(rows)
            if rows[row].disputed:
                self.choose(row)
                return True
        return False

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        candidate = self.model.item_at(current.row()) if current.isValid() else None
        if candidate is not None:
            self.candidateChosen.emit(candidate)


class ReviewQueueModel(RowsModel["RankedDocument"]):
    COLUMNS = (QT_TRANSLATE_NOOP("ReviewQueueModel", "Document"), QT_TRANSLATE_NOOP("ReviewQueueModel", "Disagreement"),
               QT_TRANSLATE_NOOP("ReviewQueueModel", "Annotators"), QT_TRANSLATE_NOOP("ReviewQueueModel", "Adjudicated"))

    def __init__(self) -> None:
        super().__init__()
        self._adjudicated: set[int] = set()

    def set_ranking(self, rows: list[RankedDocument], adjudicated: set[int]) -> None:
        self.beginResetModel()
        self._rows, self._adjudicated = list(rows), set(adjudicated)
        self.endResetModel()

    def set_adjudicated(self, doc_id: DocumentId, adjudicated: bool) -> None:
        (self._adjudicated.add if adjudicated else self._adjudicated.discard)(doc_id)
        row = self.row_of(doc_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def is_adjudicated(self, doc_id: int) -> bool:
        return doc_id in self._adjudicated

    def progress(self) -> tuple[int, int]:
        """(adjudicated, in the queue)."""
        return sum(1 for r in self._rows if r.id in self._adjudicated), len(self._rows)

    def row_of(self, doc_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == doc_id), None)

    def next_open(self, after: int | None) -> DocumentId | None:
        """The next document in the ranking not yet adjudicated (round the end), after ``after``."""
        start = 0 if after is None or self.row_of(after) is None else self.row_of(after) + 1  # type: ignore[operator]
        for step in range(len(self._rows)):
            r = self._rows[(start + step) % len(self._rows)]
            if r.id not in self._adjudicated and r.id != after:
                return r.id
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (isolated(r.external_id), i18n.number(format_score(r.score)),
                    QCoreApplication.translate("ReviewQueueModel", ", ").join(r.annotators),
                    "✓" if r.id in self._adjudicated else "")[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            found = r.disagreement
            return r.excerpt + "\n\n" + QCoreApplication.translate(
                "ReviewQueueModel", "{disputed} of {distinct} disputed ({score}): {spans} spans and {labels} document labels"
            ).format(disputed=i18n.number(found.disputed), distinct=i18n.number(found.distinct),
                     score=i18n.number(format_score(found.score)), spans=i18n.number(r.span_disagreements),
                     labels=i18n.number(r.label_disagreements))
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None


class ReviewQueue(QWidget):
    """The left column in review mode: documents two or more annotators finished, most disagreed first."""

    documentActivated = Signal(int)
    refreshRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ReviewQueueModel()
        self.heading = QLabel()
        self.heading.setWordWrap(True)  # the column is narrow, and the Arabic heading longer
        self.unfinished = QCheckBox(self.tr("Include unfinished work"))
        self.unfinished.setToolTip(self.tr("Also rank documents that two annotators worked on but did not both mark done"))
        self.unfinished.toggled.connect(lambda _=False: self.refreshRequested.emit())
        self.table = row_table(self.model, stretch=0)
        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.unfinished)
        layout.addWidget(self.table, 1)

    def observe(self, session: Any) -> None:
        """Tick documents adjudicated (or not) in the ranking as ``session`` (an
        ``annotator.app.session.Session``) in review mode changes their gold status."""
        def status_changed(doc_id: int) -> None:
            if session.gold:  # the document may not be open (yet): an undo acted on another one
                doc = session.document
                adjudicated = (session.status() == "adjudicated" if doc is not None and doc.id == doc_id
                               else session.project.is_adjudicated(doc_id))
                self.model.set_adjudicated(DocumentId(doc_id), adjudicated)
                self.update_heading()

        session.statusChanged.connect(status_changed)

    def show_document(self, doc_id: int) -> None:
        row = self.model.row_of(doc_id)
        if row is not None:
            select_row(self.table, row)
            self.table.scrollTo(self.model.index(row, 0))

    def update_heading(self) -> None:
        done, total = self.model.progress()
        self.heading.setText(self.tr("<b>Review</b>: {done} of {total} documents adjudicated, most disagreed first")
                             .format(done=i18n.number(done), total=i18n.number(total)))

    def _on_activated(self, index: QModelIndex) -> None:
        doc = self.model.item_at(index.row())
        if doc is not None:
            self.documentActivated.emit(doc.id)
