"""View → Team progress (leads): each annotator's done / assigned, time spent and documents per hour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from annotator.gui.table_model import rows_only
from annotator.store.project import Project

COLUMNS = ("Annotator", "Role", "Done", "Of", "In progress", "Skipped", "Time", "Documents/hour")


def duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


class ProgressView(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(f"Team progress — {project.name}")
        self.summary = QLabel()
        self.table = rows_only(QTableWidget(0, len(COLUMNS)), stretch=0)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))  # type: ignore[attr-defined]
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(refresh, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(820, 420)
        self.refresh()

    def refresh(self) -> None:
        stats = self.project.stats()
        done, total = self.project.adjudication_progress()
        self.summary.setText(f"{stats.documents:,} documents; {done} of {total} adjudicated.")
        table: QTableWidget = self.table  # type: ignore[assignment]
        table.setRowCount(len(stats.progress))
        for row, p in enumerate(stats.progress):
            of = f"{p.assigned:,} assigned" if p.assigned else f"{stats.documents:,} (no queue)"
            rate = f"{p.per_hour:.1f}" if p.per_hour is not None else "—"
            cells = (p.annotator, p.role, f"{p.counts['done']:,}", of, f"{p.counts['in_progress']:,}",
                     f"{p.counts['skipped']:,}", duration(p.seconds), rate)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
