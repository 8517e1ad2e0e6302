"""What the README promises in the window and no other test checked: the time cap, Ctrl+PgDown/PgUp, Shift+F7."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import annotator.app.session as session_module
from annotator.gui.main_window import MainWindow

from tests.gui.conftest import open_doc, press
from tests.gui.test_suggestions import KIM, seed
from tests.gui.test_tagging import SEED

CTRL, ALT, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier


def seconds_of(window: MainWindow, name: str) -> float:
    return {p.annotator: p.seconds for p in window.session.project.stats().progress}[name]


def test_a_stretch_of_over_30_minutes_counts_as_30(qtbot: QtBot, window: MainWindow,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """README: time with a document open is added to your time on it (stretches over 30 minutes are cut)."""
    open_doc(window, "003_336e19fc3d449e98")  # the window may have opened SEED itself, on the real clock
    clock = [float(round(time.monotonic()))]  # the session reads this clock only from now on
    monkeypatch.setattr(session_module, "time", SimpleNamespace(monotonic=lambda: clock[0]))  # the session's clock only
    doc = open_doc(window, SEED)
    clock[0] += 20 * 60  # reading, before the first action: counted whole
    at = doc.text.index("كوريا الشمالية")
    window.view.select(at, at + len("كوريا الشمالية"))
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert seconds_of(window, "sara") == 20 * 60
    clock[0] += 3 * 3600  # the annotator went to lunch with the document open
    at = doc.text.index("اليابان")
    window.view.select(at, at + len("اليابان"))
    qtbot.keyClick(window.view, Qt.Key.Key_G)  # back: the first action counts the time so far
    assert seconds_of(window, "sara") == 20 * 60 + 30 * 60
    clock[0] += 100  # a hundred seconds of work, then the next document
    press(qtbot, window, Qt.Key.Key_PageDown, modifiers=CTRL)
    assert seconds_of(window, "sara") == 50 * 60 + 100
    clock[0] += 29 * 60  # under the cap: counted whole
    press(qtbot, window, Qt.Key.Key_PageUp, modifiers=CTRL)
    assert seconds_of(window, "sara") == 50 * 60 + 100 + 29 * 60


def test_ctrl_pgdown_and_ctrl_pgup_open_the_next_and_previous_document_of_the_list(qtbot: QtBot,
                                                                                     window: MainWindow) -> None:
    model = window.doc_model
    rows = [model.summary_at(r) for r in range(3)]
    assert all(rows)
    first, second, third = (r.id for r in rows)  # type: ignore[union-attr]
    window.open_document(first)
    window.view.setFocus()
    project = window.session.project
    press(qtbot, window, Qt.Key.Key_PageDown, modifiers=CTRL)
    assert window.view.text == project.document(second).text  # the text shown is the next document's
    press(qtbot, window, Qt.Key.Key_PageDown, modifiers=CTRL)
    assert window.view.text == project.document(third).text
    press(qtbot, window, Qt.Key.Key_PageUp, modifiers=CTRL)
    press(qtbot, window, Qt.Key.Key_PageUp, modifiers=CTRL)
    assert window.view.text == project.document(first).text
    press(qtbot, window, Qt.Key.Key_PageUp, modifiers=CTRL)  # nothing before the first: it stays open
    assert window.session.document is not None and window.session.document.id == first


def test_shift_f7_goes_to_the_previous_suggestion_and_alt_a_accepts_that_one(qtbot: QtBot, window: MainWindow) -> None:
    doc = seed(window, "004")
    places = [i for i in range(len(doc.text)) if doc.text.startswith(KIM, i)]
    assert len(places) == 4
    window.view.select(places[0], places[0] + len(KIM))
    qtbot.keyClick(window.view, Qt.Key.Key_P)  # PER on the first, then propagate to the other three
    with qtbot.waitSignal(window.job_bar.idle, timeout=30_000):  # propagation runs in the background
        press(qtbot, window, Qt.Key.Key_P, modifiers=CTRL)
    assert [s.start for s in window.view.suggestions()] == places[1:]
    window.view.select(len(doc.text), len(doc.text))  # the cursor at the end of the text
    press(qtbot, window, Qt.Key.Key_F7, modifiers=SHIFT)
    assert window.view.cursor_position() == places[3] and "Suggested PER" in window.last_message
    press(qtbot, window, Qt.Key.Key_F7, modifiers=SHIFT)
    assert window.view.cursor_position() == places[2]
    press(qtbot, window, Qt.Key.Key_A, modifiers=ALT)  # accepts the one Shift+F7 went to
    project, me = window.session.project, window.session.annotator.id
    assert sorted(s.start for s in project.spans(doc.id, me)) == [places[0], places[2]]
    press(qtbot, window, Qt.Key.Key_F7, modifiers=SHIFT)  # the one before is suggestion 1 ...
    press(qtbot, window, Qt.Key.Key_F7, modifiers=SHIFT)  # ... and before the first, round to the last
    assert window.view.cursor_position() == places[3]
