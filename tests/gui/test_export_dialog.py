"""File → Export…: the dialog writes the same file as the command line, and Cancel leaves none."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog
from pytestqt.qtbot import QtBot

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
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.report is not None and "Exported" in dialog.message.text()
    found = validate(out, "spans")
    assert [(x["id"], [s["text"] for s in x["spans"]]) for x in found] == [("000_4eee2279a2a81452", ["كوريا الشمالية"])]
    cli = tmp_path / "cli.jsonl"
    db = window.session.project.url.render_as_string(hide_password=False)
    assert main(["export", "--db", db, "--format", "spans", "-o", str(cli)]) == 0
    assert cli.read_bytes() == out.read_bytes()


def test_cancel_leaves_no_file(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = window.show_export()
    qtbot.addWidget(dialog)
    out = tmp_path / "never.jsonl"
    dialog.output.setText(str(out))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    assert dialog.run_export() is None
    assert "cancelled" in dialog.message.text()
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".never")]


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
