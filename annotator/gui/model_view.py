"""The model's figures: how good the project's entity model (or stance model) is, per label, and how it grew (the learning
curve: the held-out F1 of each training against the documents it learned from)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from annotator.gui import i18n
from annotator.gui.app_texts import isolated
from annotator.store.learned import ModelInfo

COLUMNS = (QT_TRANSLATE_NOOP("ModelView", "Label"), QT_TRANSLATE_NOOP("ModelView", "Precision"),
           QT_TRANSLATE_NOOP("ModelView", "Recall"), QT_TRANSLATE_NOOP("ModelView", "F1"),
           QT_TRANSLATE_NOOP("ModelView", "In held-out documents"))


class LearningCurve(QWidget):
    """F1 (0 to 1, upwards) against documents trained on (rightwards), one point per training."""

    def __init__(self, points: list[tuple[int, float]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points = sorted(points)
        self.setMinimumSize(360, 180)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(44, 12, -16, -30)
        painter.setPen(QPen(self.palette().text().color(), 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        for f1 in (0.0, 0.5, 1.0):
            y = area.bottom() - f1 * area.height()
            painter.drawText(QRectF(0, y - 8, 38, 16), Qt.AlignmentFlag.AlignRight, i18n.number(f"{f1:.1f}"))
        if not self.points:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("no training yet"))
            return
        most = max(n for n, _ in self.points) or 1
        painter.drawText(QRectF(area.left(), area.bottom() + 6, area.width(), 18), Qt.AlignmentFlag.AlignCenter,
                         self.tr("documents trained on (up to {count})").format(count=i18n.number(most)))
        at = [QPointF(area.left() + area.width() * n / most, area.bottom() - f1 * area.height()) for n, f1 in self.points]
        painter.setPen(QPen(self.palette().highlight().color(), 2))
        for a, b in zip(at, at[1:]):
            painter.drawLine(a, b)
        for point in at:
            painter.drawEllipse(point, 3, 3)


class ModelView(QDialog):
    """The model in use: who trained it on what, its held-out figures per label, the learning curve."""

    def __init__(self, history: list[ModelInfo], parent: QWidget | None = None, *,
                 empty: str | None = None) -> None:
        """``empty``: what to say when there is no model yet (translated by the caller)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("The model's figures"))
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("ModelView", c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        # the trainings of the model in use's kind (an ONNX model chosen is scored, not trained: no curve)
        kind = history[0].kind if history else ""
        self.curve = LearningCurve([(m.documents, m.f1) for m in history if m.f1 is not None and m.kind == kind
                                    and kind != "onnx"])
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addWidget(QLabel(self.tr("<b>Learning curve</b>: the held-out F1 of each training")))
        layout.addWidget(self.curve)
        self.table.resizeColumnsToContents()  # the headers whole, before any figure (the Arabic ones are longer)
        self.resize(640, 520)
        if not history:
            self.heading.setText(empty if empty is not None else
                                 self.tr("No model yet: it is trained on the documents marked done "
                                         "(Suggestions → Train the model now)."))
            return
        model = history[0]
        clitic = model.report.get("after_proclitic", {})
        who, held_out = isolated(model.trained_by), i18n.number(model.held_out)
        what = (self.tr("the ONNX model in {folder}, chosen by {who} and scored on {held_out} done documents").format(
                    folder=isolated(str(model.report.get("folder", "?"))), who=who, held_out=held_out)
                if model.kind == "onnx" else
                self.tr("trained by {who} on {documents} documents and scored on {held_out} it did not learn from")
                .format(who=who, documents=i18n.number(model.documents), held_out=held_out))
        text = self.tr("Model {id} ({layer}), {what}").format(id=model.id, layer=isolated(model.layer), what=what)
        if clitic.get("gold"):
            text += self.tr("; names after a proclitic: F1 {f1}").format(f1=i18n.number(f"{clitic['f1']:.2f}"))
        if "accuracy" in model.report.get("overall", {}):
            text += self.tr("; accuracy {accuracy}, F1 the mean of the labels'").format(
                accuracy=i18n.number(f"{model.report['overall']['accuracy']:.2f}"))
        self.heading.setText(text + self.tr("."))
        rows = list(model.report.get("labels", {}).items()) + [(self.tr("All"), model.report.get("overall", {}))]
        self.table.setRowCount(len(rows))
        for r, (label, figures) in enumerate(rows):
            values = [label] + [i18n.number(f"{figures.get(k, 0):.2f}") for k in ("precision", "recall", "f1")] + \
                     [i18n.number(figures.get("gold", 0))]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
