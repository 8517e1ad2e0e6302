"""GUI fixtures: a real MainWindow on a fresh project holding the seeds and the tricky inputs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.formats.importer import Importer, collect_files
from annotator.gui import i18n
from annotator.gui.main_window import MainWindow
from annotator.store.project import Project
from annotator.store.values import DocumentView

from tests.conftest import SEEDS, TRICKY


@pytest.fixture
def gui_project(target: str) -> Iterator[Project]:
    """The project behind the window: each GUI test runs on SQLite and on PostgreSQL."""
    with Project.create(target) as project:
        files, _ = collect_files([SEEDS, TRICKY / "emoji_before_entity.txt", TRICKY / "tashkeel.txt",
                                  TRICKY / "bidi_controls.txt", TRICKY / "mixed_digits.txt"])
        Importer(project).run(files)
        yield project


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Project]:
    """A SQLite project holding the seed articles only (the tests of the interface's language)."""
    with Project.create(f"sqlite:///{tmp_path / 'p.db'}") as project:
        Importer(project).run(collect_files([SEEDS])[0])
        yield project


@pytest.fixture
def arabic(qapp: QApplication) -> Iterator[str]:
    """The app in Arabic for one test (the language installed is yielded), English again after it."""
    yield i18n.install(qapp, "ar")
    i18n.install(qapp, "en")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def show_window(qtbot: QtBot, project: Project, settings: QSettings) -> MainWindow:
    """A real MainWindow for 'sara', shown and active so that shortcuts reach it."""
    win = MainWindow(project, "sara", settings)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    win.activateWindow()
    return win


@pytest.fixture
def window(qtbot: QtBot, gui_project: Project, settings: QSettings) -> MainWindow:
    return show_window(qtbot, gui_project, settings)


def open_doc(window: MainWindow, external_id: str) -> DocumentView:
    doc = window.session.project.find_document(external_id)
    assert doc is not None
    window.open_document(doc.id)
    window.view.setFocus()
    return doc


def put_cursor(window: MainWindow, position: int) -> None:
    window.view.select(position, position)


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key, times: int = 1,
          modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    for _ in range(times):
        qtbot.keyClick(window.view, key, modifiers)


def point_of(window: MainWindow, position: int) -> QPoint:
    """A viewport point that Qt's own hit test maps to ``position``: the middle of the pixels
    around the caret that land there, as a hand would press a little off the exact boundary."""
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._map.to_utf16(position))
    rect = view.cursorRect(cursor)
    y = rect.center().y()
    xs = [x for x in range(rect.x() - 12, rect.x() + 13) if view.position_at(QPoint(x, y)) == position]
    assert xs, f"no point on screen lands on position {position}"
    return QPoint(xs[len(xs) // 2], y)
