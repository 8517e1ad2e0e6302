"""View → Team progress (leads): each annotator's done / assigned, time spent and documents per hour."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from annotator.gui import i18n
from annotator.gui.people import ROLES
from annotator.gui.table_model import rows_only
from annotator.store.project import Project

COLUMNS = (QT_TRANSLATE_NOOP("ProgressView", "Annotator"), QT_TRANSLATE_NOOP("ProgressView", "Role"),
           QT_TRANSLATE_NOOP("ProgressView", "Done"), QT_TRANSLATE_NOOP("ProgressView", "Of"),
           QT_TRANSLATE_NOOP("ProgressView", "In progress"), QT_TRANSLATE_NOOP("ProgressView", "Skipped"),
           QT_TRANSLATE_NOOP("ProgressView", "Time"), QT_TRANSLATE_NOOP("ProgressView", "Documents/hour"))


def duration(seconds: float) -> str:
    """Time spent, in hours and minutes, in the interface's language and digits."""
    minutes = round(seconds / 60)
    if minutes >= 60:
        return QCoreApplication.translate("ProgressView", "{hours} h {minutes} min").format(
            hours=i18n.number(minutes // 60), minutes=i18n.number(f"{minutes % 60:02d}"))
    return QCoreApplication.translate("ProgressView", "{minutes} min").format(minutes=i18n.number(minutes))


def count(n: int) -> str:
    return i18n.number(f"{n:,}")


class ProgressView(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(self.tr("Team progress — {project}").format(project=project.name))
        self.summary = QLabel()
        self.table = rows_only(QTableWidget(0, len(COLUMNS)), stretch=0)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])  # type: ignore[attr-defined]
        refresh = QPushButton(self.tr("Refresh"))
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
        self.summary.setText(self.tr("{documents} documents; {done} of {total} adjudicated.").format(
            documents=count(stats.documents), done=count(done), total=count(total)))
        table: QTableWidget = self.table  # type: ignore[assignment]
        table.setRowCount(len(stats.progress))
        for row, p in enumerate(stats.progress):
            of = (self.tr("{count} assigned").format(count=count(p.assigned)) if p.assigned
                  else self.tr("{count} (no queue)").format(count=count(stats.documents)))
            rate = i18n.number(f"{p.per_hour:.1f}") if p.per_hour is not None else "—"
            role = QCoreApplication.translate("AnnotatorChooser", ROLES[p.role]) if p.role in ROLES else p.role
            cells = (p.annotator, role, count(p.counts["done"]), of, count(p.counts["in_progress"]),
                     count(p.counts["skipped"]), duration(p.seconds), rate)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
