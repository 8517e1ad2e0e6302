"""File → Export…: the options of `annotator export`, a progress bar, and cancel."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressDialog, QPushButton,
                               QRadioButton, QSpinBox, QVBoxLayout, QWidget)

from annotator.core.errors import AnnotatorError
from annotator.formats.export import Cancelled, Exporter, ExportOptions, ExportReport, default_path
from annotator.formats.shapes import FORMATS
from annotator.formats.splits import parse_split
from annotator.store.project import Project

STATUS_CHOICES = ("done", "any", "in_progress", "skipped", "todo")


class ExportDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export — annotator")
        self.project = project
        self.report: ExportReport | None = None
        self.format = QComboBox()
        self.format.addItems(list(FORMATS))
        self.output = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse)
        self.everyone = QRadioButton("All annotators")
        self.one = QRadioButton("Only")
        self.gold = QRadioButton("Gold (adjudicated)")
        self.everyone.setChecked(True)
        self.who = QButtonGroup(self)
        for button in (self.everyone, self.one, self.gold):
            self.who.addButton(button)
        self.annotator = QComboBox()
        self.annotator.addItems([a.name for a in project.annotators()])
        self.status = QComboBox()
        self.status.addItems(list(STATUS_CHOICES))
        self.layers = {layer.name: QCheckBox(layer.name) for layer in project.schema.layers}
        self.language = QComboBox()
        self.language.addItem("All languages", None)
        for lang in project.languages():
            self.language.addItem(lang, lang)
        self.split = QLineEdit()
        self.split.setPlaceholderText("none, or e.g. train=0.8,dev=0.1,test=0.1")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.stories = QCheckBox("Keep near-duplicate stories in one split")
        self.stories.setChecked(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_layout(browse)
        self.format.currentTextChanged.connect(self._on_format_changed)
        self._on_format_changed(self.format.currentText())

    def _build_layout(self, browse: QPushButton) -> None:
        form = QFormLayout()
        form.addRow("Format", self.format)
        path_row = QHBoxLayout()
        path_row.addWidget(self.output, 1)
        path_row.addWidget(browse)
        form.addRow("File", path_row)
        who_row = QHBoxLayout()
        for widget in (self.everyone, self.one, self.annotator, self.gold):
            who_row.addWidget(widget)
        form.addRow("Whose", who_row)
        form.addRow("Status", self.status)
        layers_row = QHBoxLayout()
        for box in self.layers.values():
            layers_row.addWidget(box)
        form.addRow("Layers", layers_row)
        form.addRow("Language", self.language)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split, 1)
        split_row.addWidget(QLabel("seed"))
        split_row.addWidget(self.seed)
        form.addRow("Split", split_row)
        form.addRow("", self.stories)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.run_export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _on_format_changed(self, fmt: str) -> None:
        self.output.setText(str(default_path(self.project, fmt).resolve()))
        self.status.setCurrentText("any" if fmt == "native" else "done")
        for box in self.layers.values():
            box.setChecked(True)
            box.setEnabled(fmt in ("spans", "bio", "boilerplate"))
        if fmt in ("bio", "boilerplate"):
            for name, box in self.layers.items():
                box.setChecked(name == "entities")

    def _on_browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export to", self.output.text(), "JSON Lines (*.jsonl)")
        if name:
            self.output.setText(name)

    def options(self) -> ExportOptions:
        split = self.split.text().strip()
        return ExportOptions(
            format=self.format.currentText(),
            annotators=(self.annotator.currentText(),) if self.one.isChecked() else None,
            gold=self.gold.isChecked(), status=self.status.currentText(),
            layers=tuple(n for n, b in self.layers.items() if b.isChecked() and b.isEnabled()) or None,
            language=self.language.currentData(), split=tuple(parse_split(split)) if split else (),
            seed=self.seed.value(), keep_stories_together=self.stories.isChecked())

    def run_export(self) -> ExportReport | None:
        """Export with a progress dialog; Cancel stops it and leaves no file behind."""
        self.report = None
        progress = QProgressDialog("Exporting…", "Cancel", 0, 100, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def on_progress(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            QApplication.processEvents()
            if progress.wasCanceled():
                raise Cancelled("export cancelled; nothing was written")

        try:
            target = Path(self.output.text())
            ours = target.parent == default_path(self.project, self.format.currentText()).resolve().parent
            self.report = Exporter(self.project, self.options(), on_progress).run(target, create_folder=ours)
        except AnnotatorError as exc:
            self.message.setText(f"<span style='color:#b00020'>{html.escape(str(exc), quote=False)}</span>")
            return None
        finally:
            progress.close()
        self.message.setText("<br>".join([html.escape(f"Exported: {self.report.summary()}", quote=False),
                                          *(f"<span style='color:#b00020'>{html.escape(w, quote=False)}</span>"
                                            for w in self.report.warnings)]))
        return self.report
