"""File → Export…: the options of `annotator export`; the export runs as a background job (progress and
Cancel in the window's status bar, or in the dialog when it has no window), its outcome said in the dialog."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout,
                               QWidget)

from annotator.app.reports import export_job
from annotator.core.errors import AnnotatorError
from annotator.formats.export import ExportOptions, ExportReport, default_path
from annotator.formats.shapes import FORMATS, default_layers
from annotator.formats.splits import parse_split
from annotator.gui import i18n
from annotator.gui.app_texts import isolated, language_name, shown, status_text
from annotator.gui.jobs import JobBar, RunningJob
from annotator.store.project import Project

STATUS_CHOICES = ("done", "any", "in_progress", "skipped", "todo")
FORMAT_NAMES = {  # each format as the dialog offers it; the name `annotator export --format` takes stays in it
    "native": QT_TRANSLATE_NOOP("ExportDialog", "native"),
    "spans": QT_TRANSLATE_NOOP("ExportDialog", "spans"),
    "stance": QT_TRANSLATE_NOOP("ExportDialog", "stance"),
    "boilerplate": QT_TRANSLATE_NOOP("ExportDialog", "boilerplate"),
}


class ExportDialog(QDialog):
    finished_export = Signal(object)  # the ExportReport, or None when it failed or was cancelled (said in the dialog)

    def __init__(self, project: Project, parent: QWidget | None = None, jobs: JobBar | None = None,
                 say: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export — annotator"))
        self.project = project
        self.report: ExportReport | None = None
        self.own_jobs = jobs is None  # no window's status bar: progress and Cancel in the dialog
        self.jobs = jobs or JobBar(self)
        self.say = say
        self.running: RunningJob | None = None
        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(QCoreApplication.translate("ExportDialog", FORMAT_NAMES.get(fmt, fmt)), fmt)
        self.output = QLineEdit()
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse)
        self.everyone = QRadioButton(self.tr("All annotators"))
        self.one = QRadioButton(self.tr("Only"))
        self.gold = QRadioButton(self.tr("Gold (adjudicated)"))
        self.everyone.setChecked(True)
        self.who = QButtonGroup(self)
        for button in (self.everyone, self.one, self.gold):
            self.who.addButton(button)
        self.annotator = QComboBox()
        self.annotator.addItems([a.name for a in project.annotators()])
        self.status = QComboBox()
        for status in STATUS_CHOICES:
            self.status.addItem(status_text(status), status)
        self.layers = {layer.name: QCheckBox(layer.name) for layer in project.schema.layers}
        self.language = QComboBox()
        self.language.addItem(self.tr("All languages"), None)
        for lang in project.languages():
            self.language.addItem(language_name(lang), lang)
        self.split = QLineEdit()
        self.split.setPlaceholderText(self.tr("none, or e.g. train=0.8,dev=0.1,test=0.1"))
        self.split.setToolTip(self.split.placeholderText())
        self.split.setMinimumWidth(self.split.fontMetrics().horizontalAdvance(self.split.placeholderText()) + 24)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.stories = QCheckBox(self.tr("Keep near-duplicate stories in one split"))
        self.stories.setChecked(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)  # the messages are escaped HTML: "->" shows as such
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_layout(browse)
        self.format.currentIndexChanged.connect(lambda _=0: self._on_format_changed(self.chosen_format()))
        self._on_format_changed(self.chosen_format())

    def _build_layout(self, browse: QPushButton) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        path_row = QHBoxLayout()
        path_row.addWidget(self.output, 1)
        path_row.addWidget(browse)
        form.addRow(self.tr("File"), path_row)
        who_row = QHBoxLayout()
        for widget in (self.everyone, self.one, self.annotator, self.gold):
            who_row.addWidget(widget)
        form.addRow(self.tr("Whose"), who_row)
        form.addRow(self.tr("Status"), self.status)
        layers_row = QHBoxLayout()
        for box in self.layers.values():
            layers_row.addWidget(box)
        form.addRow(self.tr("Layers"), layers_row)
        form.addRow(self.tr("Language"), self.language)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split, 1)
        split_row.addWidget(QLabel(self.tr("seed")))
        split_row.addWidget(self.seed)
        form.addRow(self.tr("Split"), split_row)
        form.addRow("", self.stories)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.run_export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        if self.own_jobs:
            layout.addWidget(self.jobs)
        layout.addWidget(buttons)

    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def _on_format_changed(self, fmt: str) -> None:
        self.output.setText(str(default_path(self.project, fmt).resolve()))
        self.status.setCurrentIndex(self.status.findData("any" if fmt == "native" else "done"))
        try:
            chosen = default_layers(self.project.schema, fmt)
        except AnnotatorError:
            chosen = ()  # a boilerplate export without a boilerplate layer: the export says so
        for name, box in self.layers.items():  # native and stance export what they hold
            box.setChecked(name in chosen)
            box.setEnabled(fmt not in ("native", "stance"))

    def _on_browse(self) -> None:
        kinds = {"conll": "CoNLL (*.conll)", "spacy": "spaCy DocBin (*.spacy)"}
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.output.text(),
                                              kinds.get(self.chosen_format(), "JSON Lines (*.jsonl)"))
        if name:
            self.output.setText(name)

    def options(self) -> ExportOptions:
        split = self.split.text().strip()
        return ExportOptions(
            format=self.chosen_format(),
            annotators=(self.annotator.currentText(),) if self.one.isChecked() else None,
            gold=self.gold.isChecked(), status=str(self.status.currentData()),
            layers=tuple(n for n, b in self.layers.items() if b.isChecked() and b.isEnabled()) or None,
            language=self.language.currentData(), split=tuple(parse_split(split)) if split else (),
            seed=self.seed.value(), keep_stories_together=self.stories.isChecked())

    def run_export(self) -> RunningJob | None:
        """Start the export in the background (None when its options are refused, said in the dialog);
        ``finished_export`` tells the outcome. Cancel stops it and leaves no file behind."""
        self.report = None
        if self.running is not None and self.running.running:
            self._said(self.tr("An export is already running; wait for it or cancel it."), error=True)
            return None
        try:
            target = Path(self.output.text())
            ours = target.parent == default_path(self.project, self.chosen_format()).resolve().parent
            job = export_job(self.project.url, self.options(), target, create_folder=ours)
        except AnnotatorError as exc:
            # the reason is the formats layer's (English); the sentence says nothing was exported
            self._said(self.tr("Not exported: {reason}").format(reason=isolated(str(exc))), error=True)
            return None
        self.export_button.setEnabled(False)
        self.message.setText(html.escape(self.tr("Exporting to {path}… (Cancel stops it and writes nothing)")
                                         .format(path=isolated(str(target))), quote=False))
        self.running = self.jobs.run(job, self._on_exported, self._on_failed)
        return self.running

    def _on_exported(self, report: ExportReport) -> None:
        self.report = report
        self.export_button.setEnabled(True)
        exported = self.tr("Exported: {summary}").format(summary=self.summary(report))
        # the export's warnings are written in English (they also go to the CLI's standard error); in another
        # language each is framed by a sentence of its own, the English kept whole inside it
        warnings = [self.tr("Warning: {warning}").format(warning=isolated(w.removeprefix("warning: ")))
                    for w in report.warnings]
        self.message.setText("<br>".join([html.escape(exported, quote=False),
                                          *(f"<span style='color:#b00020'>{html.escape(w, quote=False)}</span>"
                                            for w in warnings)]))
        if not self.isVisible() and self.say is not None:  # the dialog was closed meanwhile: the window says it
            self.say(exported + "".join(f"; {w}" for w in warnings))
        self.finished_export.emit(report)

    def summary(self, report: ExportReport) -> str:
        """``report.summary()`` in the interface's language and digits (file names as they are)."""
        unit = self.tr("{count} documents") if report.unit == "documents" else self.tr("{count} lines")
        files = self.tr(", ").join(self.tr("{path} ({count})").format(path=isolated(path),
                                                                       count=unit.format(count=i18n.number(n)))
                                   for path, n in report.lines.items())
        text = self.tr("{documents} documents, {spans} spans -> {files}").format(
            documents=i18n.number(report.documents), spans=i18n.number(report.spans), files=files)
        if report.story_groups:
            text += self.tr("; {documents} near-duplicate documents in {groups} groups kept within one split each"
                            ).format(documents=i18n.number(report.grouped_documents),
                                     groups=i18n.number(report.story_groups))
        return text

    def _on_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self._said(shown(message), error=True)
        self.finished_export.emit(None)

    def _said(self, text: str, *, error: bool) -> None:
        shown = html.escape(text, quote=False)
        self.message.setText(f"<span style='color:#b00020'>{shown}</span>" if error else shown)
        if not self.isVisible() and self.say is not None:
            self.say(text)
