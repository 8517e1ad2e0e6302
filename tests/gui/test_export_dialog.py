"""File → Export…: the dialog writes the same file as the command line, and Cancel leaves none."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from annotator.app import jobs
from annotator.cli import main
from annotator.gui.main_window import MainWindow
from annotator.store.project import Project

from tests.gui.conftest import open_doc
from tests.gui.test_tagging import tag
from tests.test_export import validate


def test_dialog_exports_what_the_cli_exports(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    open_doc(window, "000_4eee2279a2a81452")
    tag(window, "كوريا الشمالية", "GPE")
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # done
    dialog = window.show_export()
    qtbot.addWidget(dialog)
    dialog.format.setCurrentText("spans")
    assert dialog.status.currentText() == "done"
    out = tmp_path / "gui.jsonl"
    dialog.output.setText(str(out))
    with qtbot.waitSignal(dialog.finished_export):  # the export runs in the background
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.report is not None and "Exported" in dialog.message.text()
    shown = QTextDocument()
    shown.setHtml(dialog.message.text())  # what the label draws: its text is escaped HTML, read as such
    assert dialog.message.textFormat() == Qt.TextFormat.RichText and f"-> {out}" in shown.toPlainText()
    found = validate(out, "spans")
    assert [(x["id"], [s["text"] for s in x["spans"]]) for x in found] == [("000_4eee2279a2a81452", ["كوريا الشمالية"])]
    cli = tmp_path / "cli.jsonl"
    db = window.session.project.url.render_as_string(hide_password=False)
    assert main(["export", "--db", db, "--format", "spans", "-o", str(cli)]) == 0
    assert cli.read_bytes() == out.read_bytes()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The export job waits before each batch of documents until the test opens the gate: it is
    surely still running while the test acts. The job runs on a thread here (``app.jobs.IN_PROCESS``):
    a job process would not see the replaced method."""
    monkeypatch.setattr(jobs, "IN_PROCESS", False)
    opened = threading.Event()
    batches = Project.export_batches

    def held(self: Project, query: Any) -> Iterator[Any]:
        for batch in batches(self, query):
            assert opened.wait(10), "the test never opened the gate"
            yield batch

    monkeypatch.setattr(Project, "export_batches", held)
    yield opened
    opened.set()


def test_cancel_in_the_status_bar_leaves_no_file_and_says_so(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                             gate: threading.Event) -> None:
    dialog = window.show_export()
    qtbot.addWidget(dialog)
    out = tmp_path / "never.jsonl"
    dialog.output.setText(str(out))
    with qtbot.waitSignal(dialog.finished_export) as outcome:
        running = dialog.run_export()
        assert running is not None and window.job_bar.isVisible() and not dialog.export_button.isEnabled()
        qtbot.mouseClick(window.job_bar.cancel_button, Qt.MouseButton.LeftButton)
        gate.set()
    assert outcome.args == [None] and dialog.report is None
    assert "cancelled; nothing was written" in dialog.message.text()
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".never")]
    assert dialog.export_button.isEnabled() and not window.job_bar.isVisible()


def test_the_window_answers_keys_while_an_export_runs(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                      gate: threading.Event) -> None:
    open_doc(window, "000_4eee2279a2a81452")
    dialog = window.show_export()
    qtbot.addWidget(dialog)
    out = tmp_path / "all.jsonl"
    dialog.output.setText(str(out))
    with qtbot.waitSignal(dialog.finished_export) as outcome:
        running = dialog.run_export()
        assert running is not None
        window.activateWindow()
        window.view.setFocus()
        doc = window.session.document
        assert doc is not None
        at = doc.text.index("كوريا الشمالية")
        window.view.select(at, at + len("كوريا الشمالية"))
        qtbot.keyClick(window.view, Qt.Key.Key_G)  # GPE's key, answered and stored at once
        assert running.running  # the export is still waiting at its gate meanwhile
        stored = window.session.project.spans(doc.id)
        assert [(s.label, s.end - s.start) for s in stored] == [("GPE", len("كوريا الشمالية"))]
        gate.set()
    assert outcome.args[0] is not None and out.exists()
    assert "Exported: " in dialog.message.text()


def test_export_is_for_leads_once_the_project_has_one(qtbot: QtBot, window: MainWindow, gui_project: Project) -> None:
    assert window.export_action.isVisible()  # nobody is a lead: one person's project
    gui_project.set_role("lena", "lead")
    window.switch_annotator("sara")  # sara, an annotator, in a project that now has a lead
    assert not window.export_action.isVisible() and window.show_export() is None
    assert "for the project's leads" in window.last_message
    window.switch_annotator("lena")
    dialog = window.show_export()
    assert dialog is not None
    qtbot.addWidget(dialog)


def test_the_dialog_offers_the_hand_offs_with_the_entity_layer_checked(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.show_export()
    qtbot.addWidget(dialog)
    for fmt, suffix in (("spans", ".jsonl"), ("bio", ".jsonl"), ("prodigy", ".jsonl"), ("conll", ".conll"),
                        ("spacy", ".spacy")):
        dialog.format.setCurrentText(fmt)
        assert [name for name, box in dialog.layers.items() if box.isChecked()] == ["entities"]  # no stance evidence
        assert dialog.output.text().endswith(suffix) and dialog.options().layers == ("entities",)
    dialog.format.setCurrentText("native")
    assert not any(box.isEnabled() for box in dialog.layers.values()) and dialog.options().layers is None
