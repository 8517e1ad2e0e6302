"""Review → Agreement…: the figures of `annotator agreement` in the app, with its charts as coloured tables.

Document labels (α, Fleiss' κ, Cohen's κ per pair and a confusion heatmap), span layers (F1 per
pair with per-label bars, character α and κ), agreement by annotator pair as heatmaps, the
disagreement ranking (a double-click opens the document for review) and Save as HTML. The figures are
computed as a background job (progress and Cancel in the window's status bar); they land only while the
view is open, and closing it cancels the job.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRectF, QStandardPaths, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QStyledItemDelegate, QStyleOptionViewItem,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from annotator.app.reports import agreement_job
from annotator.core.agreement import format_score
from annotator.core.errors import AnnotatorError
from annotator.formats import html_report, report_text
from annotator.formats.atomic import atomic_write
from annotator.gui import i18n
from annotator.gui.app_texts import isolated, shown
from annotator.gui.jobs import JobBar, RunningJob
from annotator.gui.table_model import rows_only, select_row
from annotator.store.engine import sqlite_path
from annotator.store.project import Project

VALUE = Qt.ItemDataRole.UserRole + 1  # a cell's figure (float or None), for the bar delegate
KEY = Qt.ItemDataRole.UserRole + 2  # a cell's text as the report has it (what is shown may be set apart for bidi)


def heat(value: float | None) -> QColor:
    """Red (0 or below) through yellow to green (1), as in the HTML report; grey for n/a."""
    if value is None:
        return QColor("#eeeeee")
    v = min(max(value, 0.0), 1.0)
    return QColor.fromHslF(v / 3, 0.6, (80 - 6 * v) / 100)


def number(value: float | None) -> str:
    """A figure to three places in the interface's digits; "n/a" (translated) when there is none."""
    return QCoreApplication.translate("AgreementView", "n/a") if value is None else i18n.number(f"{value:.3f}")


def count(value: int) -> str:
    return i18n.number(value)


class BarDelegate(QStyledItemDelegate):
    """Draws a cell's figure (0–1) as a bar behind its number: the per-label F1 chart."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(VALUE)
        if isinstance(value, float):
            rect = QRectF(option.rect).adjusted(2, 3, -2, -3)  # type: ignore[attr-defined]
            painter.save()
            painter.fillRect(QRectF(rect.left(), rect.top(), rect.width() * min(max(value, 0.0), 1.0), rect.height()),
                             QColor("#9fb4ee"))
            painter.restore()
        super().paint(painter, option, index)


def _table(head: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(head))
    table.setHorizontalHeaderLabels(head)
    rows_only(table)
    return table


def _cell(text: object, value: float | None = None, coloured: bool = False) -> QTableWidgetItem:
    """A cell showing ``text`` whole in either layout direction (an id like "000_4eee" is not reordered)."""
    item = QTableWidgetItem(isolated(str(text)))
    item.setData(KEY, str(text))
    if value is not None or coloured:
        item.setData(VALUE, value)
    if coloured:
        item.setBackground(QBrush(heat(value)))
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


def _fill(table: QTableWidget, rows: list[list[QTableWidgetItem]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, item in enumerate(row):
            table.setItem(r, c, item)


class AgreementView(QDialog):
    """Computes the project's agreement and shows every figure; the same numbers as the CLI and report."""

    documentChosen = Signal(str)  # external id of a document in the disagreement ranking

    def __init__(self, project: Project, parent: QWidget | None = None, jobs: JobBar | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.report: dict[str, Any] | None = None
        self.own_jobs = jobs is None  # no window's status bar: progress and Cancel in the view
        self.jobs = jobs or JobBar(self)
        self.running: RunningJob | None = None
        self.setWindowTitle(self.tr("Agreement — {project}").format(project=project.name))
        self.unfinished = QCheckBox(self.tr("Include unfinished documents"))
        compute = QPushButton(self.tr("Compute"))
        compute.clicked.connect(self.compute)
        self.save = QPushButton(self.tr("Save HTML report…"))
        self.save.setEnabled(False)
        self.save.clicked.connect(self._on_save)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tasks = _table([self.tr("Task / target"), self.tr("Krippendorff's α"), self.tr("items"), self.tr("Fleiss' κ"),
                             self.tr("items"), self.tr("observed")])
        self.task_pairs = _table([self.tr("Pair"), self.tr("Cohen's κ"), self.tr("observed"), self.tr("n")])
        self.confusion = QTableWidget()
        self.confusion.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.layers = _table([self.tr("Layer"), self.tr("Pair"), self.tr("documents"), self.tr("F1 exact"),
                              self.tr("F1 overlap"), self.tr("precision"), self.tr("recall"),
                              self.tr("character α"), self.tr("character κ")])
        self.per_label = _table([self.tr("Label"), self.tr("F1 exact"), self.tr("F1 overlap"), self.tr("exact tp / fp / fn")])
        self.per_label.setItemDelegate(BarDelegate(self.per_label))
        for column in (1, 2):  # room for the bars
            self.per_label.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.per_label.setColumnWidth(column, 200)
        self.pair_metric = QComboBox()
        self.by_pair = QTableWidget()
        self.by_pair.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ranking = _table([self.tr("Document"), self.tr("score"), self.tr("label disagreements"),
                               self.tr("span disagreements"), self.tr("annotators"), self.tr("excerpt")])
        self.ranking.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.ranking.cellDoubleClicked.connect(self._on_ranking_double_clicked)
        self.tasks.currentCellChanged.connect(lambda *_: self._show_task())
        self.task_pairs.currentCellChanged.connect(lambda *_: self._show_confusion())
        self.layers.currentCellChanged.connect(lambda *_: self._show_per_label())
        self.pair_metric.currentIndexChanged.connect(lambda *_: self._show_by_pair())
        self._build_layout(compute)
        self.resize(1000, 680)

    def _build_layout(self, compute: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(self.unfinished)
        top.addStretch(1)
        top.addWidget(compute)
        top.addWidget(self.save)
        if self.own_jobs:
            top.addWidget(self.jobs)
        tabs = QTabWidget()
        tabs.addTab(_column(self.tasks, QLabel(self.tr("Pairs of the task chosen above")), self.task_pairs,
                            QLabel(self.tr("Confusion of the pair chosen above (rows: first annotator)")), self.confusion),
                    self.tr("Document labels"))
        tabs.addTab(_column(self.layers, QLabel(self.tr("Per label, for the row chosen above")), self.per_label),
                    self.tr("Spans"))
        tabs.addTab(_column(self.pair_metric, self.by_pair), self.tr("By annotator pair"))
        tabs.addTab(_column(self.ranking), self.tr("Disagreements"))
        self.tabs = tabs
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(tabs, 1)

    # -- computing ---------------------------------------------------------------------------

    def compute(self) -> RunningJob:
        """Compute the figures in the background (a computation already running is cancelled first);
        they are shown when it ends, if this view is still open then."""
        if self.running is not None:
            self.running.cancel()
        self.summary.setText(self.tr("Computing agreement…"))
        job = agreement_job(self.project.url, include_unfinished=self.unfinished.isChecked())
        running: RunningJob | None = None

        def applies() -> bool:
            return self.isVisible() and self.running is running  # open, and not overtaken by a later Compute

        running = self.running = self.jobs.run(job, self.show_report, self._on_failed, applies)
        return running

    def _on_failed(self, message: str) -> None:
        cancelled = self.running is not None and self.running.progress.cancelled
        self.running = None
        if cancelled:
            self.summary.setText(self.tr("Cancelled; the figures shown (if any) are from before."))
        else:
            self.summary.setText(self.tr("Could not compute agreement: {reason}").format(reason=shown(message)))

    def done(self, result: int) -> None:
        """Closing the view cancels its computation (whatever it would bring is dropped)."""
        if self.running is not None:
            self.running.cancel()
            self.running = None
        super().done(result)

    def show_report(self, report: dict[str, Any]) -> None:
        self.running = None
        self.report = report
        self.save.setEnabled(True)
        scope = (self.tr("every document worked on") if report["include_unfinished"]
                 else self.tr("documents both of a pair marked done"))
        adjudicated, candidates = self.project.adjudication_progress()
        self.summary.setText(self.tr("{documents} documents compared ({scope}); annotators: {annotators}. "
                                     "Adjudicated: {adjudicated} of {candidates} documents that two or more "
                                     "annotators finished.").format(
            documents=count(report["documents"]), scope=scope,
            annotators=_names(report["annotators"]) or self.tr("nobody"),
            adjudicated=count(adjudicated), candidates=count(candidates)))
        _fill(self.tasks, [[_cell(key), _cell(number(f["krippendorff_alpha"]), f["krippendorff_alpha"], True),
                            _cell(count(f["alpha_units"])), _cell(number(f["fleiss_kappa"]), f["fleiss_kappa"], True),
                            _cell(count(f["fleiss_items"])), _cell(number(f["observed_agreement"]))]
                           for key, f in report["doc_labels"].items()])
        rows = []
        for layer, fig in report["spans"].items():
            for p in fig["pairs"]:
                rows.append([_cell(layer), _cell(" – ".join(p["annotators"])), _cell(count(p["documents"])),
                             _cell(number(p["f1_exact"]), p["f1_exact"], True),
                             _cell(number(p["f1_overlap"]), p["f1_overlap"], True),
                             _cell(number(p["exact"]["precision"])), _cell(number(p["exact"]["recall"])),
                             _cell(number(fig["character_alpha"]), fig["character_alpha"], True),
                             _cell(number(p["character_kappa"]), p["character_kappa"], True)
                             if "character_kappa" in p else _cell("")])
        _fill(self.layers, rows)
        self.pair_metric.blockSignals(True)
        self.pair_metric.clear()
        for key in report["doc_labels"]:
            self.pair_metric.addItem(self.tr("Cohen's κ, task {task}").format(task=key), ("doc_labels", key, "cohen_kappa"))
        for layer in report["spans"]:
            self.pair_metric.addItem(self.tr("F1 exact, layer {layer}").format(layer=layer), ("spans", layer, "f1_exact"))
        self.pair_metric.blockSignals(False)
        _fill(self.ranking, [[_cell(r["id"]), _cell(i18n.number(format_score(r["score"])), r["score"]),
                              _cell(count(r["doc_label_disagreements"])), _cell(count(r["span_disagreements"])),
                              _cell(", ".join(r["annotators"])), _cell(r["excerpt"].replace("\n", " "))]
                             for r in report["disagreement"]])
        for table in (self.tasks, self.layers):
            if table.rowCount():
                select_row(table, 0)
        self._show_task()
        self._show_per_label()
        self._show_by_pair()

    # -- the detail tables ---------------------------------------------------------------------

    def _task(self) -> dict[str, Any] | None:
        row = self.tasks.currentRow()
        if self.report is None or row < 0:
            return None
        key = self.tasks.item(row, 0).data(KEY)
        return self.report["doc_labels"].get(key)  # type: ignore[no-any-return]

    def _show_task(self) -> None:
        fig = self._task()
        pairs = fig["pairs"] if fig else []
        _fill(self.task_pairs, [[_cell(" – ".join(p["annotators"])), _cell(number(p["cohen_kappa"]), p["cohen_kappa"], True),
                                 _cell(number(p["observed_agreement"])), _cell(count(p["n"]))] for p in pairs])
        if pairs:
            select_row(self.task_pairs, 0)
        self._show_confusion()

    def _show_confusion(self) -> None:
        fig = self._task()
        row = self.task_pairs.currentRow()
        matrix: dict[str, dict[str, int]] = fig["pairs"][row]["confusion"] if fig and 0 <= row < len(fig["pairs"]) else {}
        labels = sorted(set(matrix) | {lab for cols in matrix.values() for lab in cols})
        top = max((n for cols in matrix.values() for n in cols.values()), default=0) or 1
        _square(self.confusion, labels)
        for r, la in enumerate(labels):
            for c, lb in enumerate(labels):
                n = matrix.get(la, {}).get(lb, 0)
                item = QTableWidgetItem(count(n))
                t = n / top
                item.setBackground(QBrush(QColor(*(round(255 + (v - 255) * t) for v in (67, 99, 216)))))
                item.setForeground(QBrush(QColor("#ffffff" if t > 0.55 else "#222222")))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.confusion.setItem(r, c, item)

    def _show_per_label(self) -> None:
        row = self.layers.currentRow()
        rows: list[list[QTableWidgetItem]] = []
        if self.report is not None and row >= 0:
            layer = self.layers.item(row, 0).data(KEY)
            pair = self.layers.item(row, 1).data(KEY).split(" – ")
            entry = next(p for p in self.report["spans"][layer]["pairs"] if p["annotators"] == pair)
            for label, fig in sorted(entry["per_label"].items()):
                exact, overlap = fig["exact"], fig["overlap"]
                rows.append([_cell(label), _cell(number(exact["f1"]), exact["f1"]), _cell(number(overlap["f1"]), overlap["f1"]),
                             _cell(i18n.number(f"{exact['tp']} / {exact['fp']} / {exact['fn']}"))])
        _fill(self.per_label, rows)

    def _show_by_pair(self) -> None:
        choice = self.pair_metric.currentData()
        if self.report is None or choice is None:
            _square(self.by_pair, [])
            return
        section, key, field = choice
        names: list[str] = self.report["annotators"]
        values = {tuple(p["annotators"]): p[field] for p in self.report[section][key]["pairs"]}
        _square(self.by_pair, names)
        for r, a in enumerate(names):
            for c, b in enumerate(names):
                value = None if a == b else values.get((a, b), values.get((b, a)))
                self.by_pair.setItem(r, c, _cell("—" if a == b else number(value), value, a != b))

    # -- actions ---------------------------------------------------------------------------------

    def _on_ranking_double_clicked(self, row: int, _column: int) -> None:
        item = self.ranking.item(row, 0)
        if item is not None:
            self.documentChosen.emit(item.data(KEY))

    def _on_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save agreement report"),
                                              str(self.default_report_path()), self.tr("HTML (*.html)"))
        if path:
            self.save_html(Path(path))

    def default_report_path(self) -> Path:
        """Where Save HTML report… starts: ``agreement-<project>.html`` in the ``exports`` folder beside
        the project's database if there is one, else in the user's Documents folder, else at home
        (never the folder the program happens to run in)."""
        name = f"agreement-{_file_name(self.project.name)}.html"
        database = sqlite_path(self.project.url)  # None on PostgreSQL: the project has no folder here
        if database is not None and (database.parent / "exports").is_dir():
            return database.parent / "exports" / name
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if documents and Path(documents).is_dir():
            return Path(documents) / name
        return Path.home() / name

    def save_html(self, path: Path) -> bool:
        if self.report is None:
            return False
        try:
            with atomic_write(path) as fh:
                fh.write(html_report.render(self.report, self.project.name, self.project.stats(), _report_language()))
        except (OSError, AnnotatorError) as exc:
            self.summary.setText(self.tr("Could not write {path}: {reason}").format(path=isolated(str(path)), reason=exc))
            return False
        self.summary.setText(self.tr("Report written to {path}.").format(path=isolated(str(path))))
        return True


def _report_language() -> str:
    """The saved report speaks the interface's language where the report has it, else English."""
    return i18n.current() if i18n.current() in report_text.LANGUAGES else report_text.LANGUAGES[0]


def _file_name(name: str) -> str:
    """A project name as part of a file name: path separators and characters Windows refuses become "-"."""
    cleaned = "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip(" .")
    return cleaned or "project"


def _names(names: list[str]) -> str:
    """Annotators' names in a sentence, each kept whole."""
    return QCoreApplication.translate("AgreementView", ", ").join(map(isolated, names))


def _square(table: QTableWidget, names: list[str]) -> None:
    """Empty the table and give it these names as rows and as columns (a matrix to fill)."""
    table.clear()
    table.setRowCount(len(names))
    table.setColumnCount(len(names))
    table.setHorizontalHeaderLabels(names)
    table.setVerticalHeaderLabels(names)


def _column(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    for w in widgets:
        layout.addWidget(w, 0 if isinstance(w, (QLabel, QComboBox)) else 1)
    return box
