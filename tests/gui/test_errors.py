"""In the app: an unexpected exception is logged and shown, and the app keeps working; a locked project
is retried, then the annotator is told the action was not saved."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from PySide6.QtCore import QTimer, Qt
from pytestqt.qtbot import QtBot

from annotator import __version__
from annotator.gui import crash
from annotator.gui.main_window import MainWindow
from annotator.logs import setup_logging
from annotator.store import engine
from annotator.store.project import Project

from tests.gui.conftest import open_doc
from tests.gui.test_tagging import SEED, stored


def test_an_exception_in_a_slot_is_logged_shown_and_survived(qtbot: QtBot, window: MainWindow,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    log_file = setup_logging("annotator gui")
    shown: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put the test runner's hook back afterwards
    crash.install(log_file, lambda: window, shown.append)

    def broken() -> None:
        raise RuntimeError("a bug in a slot")

    QTimer.singleShot(0, broken)
    qtbot.waitUntil(lambda: bool(shown))
    assert "RuntimeError: a bug in a slot" in shown[0] and str(log_file) in shown[0]
    assert "everything you did before this is saved" in shown[0]
    text = log_file.read_text(encoding="utf-8")
    assert f"annotator {__version__}" in text and "Traceback" in text and "a bug in a slot" in text
    doc = open_doc(window, SEED)  # and the window still works
    at = doc.text.index("اليابان")
    window.view.select(at, at + len("اليابان"))
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert stored(window) == [("entities", "GPE", "اليابان")]


def test_a_locked_project_says_the_label_was_not_saved(qtbot: QtBot, window: MainWindow, gui_project: Project,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    if gui_project.url.get_backend_name() != "sqlite":
        pytest.skip("SQLite's file lock; PostgreSQL locks rows (tests/test_crash_and_writers.py)")
    doc = open_doc(window, SEED)
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)
    gui_project.engine.dispose()  # new connections, with the short timeout
    path = gui_project.url.database
    assert path is not None
    blocker = sqlite3.connect(path, isolation_level=None, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        at = doc.text.index("اليابان")
        window.view.select(at, at + len("اليابان"))
        qtbot.keyClick(window.view, Qt.Key.Key_G)
        assert "not saved: the project is busy" in window.last_message
        assert window.session.undo_stack.count() == 0  # nothing pretends to be done
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert stored(window) == []
    qtbot.keyClick(window.view, Qt.Key.Key_G)  # free again: the same key works
    assert stored(window) == [("entities", "GPE", "اليابان")]
