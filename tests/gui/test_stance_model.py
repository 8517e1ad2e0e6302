"""The stance model in the window (both back ends): trained in the background (Ctrl+Alt+S), its suggestion
shown in the document panel's row ("model suggests: AGAINST 0.93"), accepted with Alt+Y (then the label
is mine, in the project; Ctrl+Z takes it back) or rejected with ✗ (then it is not suggested there again),
none where I have a label, none in review mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from annotator.gui.main_window import MainWindow
from annotator.store.project import Project

from tests.gui.conftest import open_doc, show_window
from tests.stance_corpus import UNSEEN, stance_project

ALT = Qt.KeyboardModifier.AltModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
JOB_TIMEOUT = 120_000
US, RUSSIA, KOREA = 0, 1, 2  # the panel's rows: the default schema's stance targets


@pytest.fixture
def stance_window(qtbot: QtBot, target: str, settings: QSettings) -> Iterator[MainWindow]:
    with Project.create(target) as project:
        stance_project(project)
        yield show_window(qtbot, project, settings)


def train(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):
        qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL_ALT)
    assert window.last_message.startswith("Stance model trained on 30 documents"), window.last_message


def said(window: MainWindow) -> list[str]:
    return [window.panel.suggested(row) for row in range(len(window.panel.rows))]


def my_labels(window: MainWindow) -> dict[str, str]:
    project, doc = window.session.project, window.session.document
    assert doc is not None
    return {d.target: d.label for d in project.doc_labels(doc.id, window.session.annotator.id)}


def test_suggested_in_the_panel_accepted_with_a_key_and_undone(qtbot: QtBot, stance_window: MainWindow) -> None:
    window = stance_window
    train(qtbot, window)
    open_doc(window, UNSEEN)
    shown = said(window)
    assert shown[US].startswith("model suggests: FAVOR 0.") and shown[RUSSIA].startswith("model suggests: AGAINST 0.")
    assert shown[KOREA] == ""  # too few South Korea labels: the model abstains
    assert float(shown[US].split()[-1]) >= 0.5  # the project's minimum score
    assert my_labels(window) == {}  # a suggestion, not a label
    favor = window.panel._groups[US].buttons()[0]
    assert favor.text() == "FAVOR (1)" and "dashed" in favor.styleSheet() and not favor.isChecked()
    window.panel.set_current(US)
    qtbot.keyClick(window.view, Qt.Key.Key_Y, ALT)
    assert my_labels(window) == {"United States": "FAVOR"}
    assert window.panel.checked(US) == "FAVOR" and said(window)[US] == ""
    assert said(window)[RUSSIA].startswith("model suggests: AGAINST")
    assert window.session.project.status(window.session.document.id, window.session.annotator.id) == "in_progress"  # type: ignore[union-attr]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert my_labels(window) == {} and said(window)[US].startswith("model suggests: FAVOR")
    figures = window.show_stance_model()  # Suggestions → Stance model figures…
    assert figures is not None and "accuracy 1.00" in figures.heading.text()
    rows = [figures.table.item(r, 0).text() for r in range(figures.table.rowCount())]
    assert rows == ["AGAINST", "FAVOR", "All"]
    figures.close()


def test_a_rejected_suggestion_is_not_made_again(qtbot: QtBot, stance_window: MainWindow) -> None:
    window = stance_window
    train(qtbot, window)
    open_doc(window, UNSEEN)
    reject = window.panel.layout().itemAtPosition(RUSSIA, 2 + 4 + 2).widget()  # the row's ✗ (after 4 labels, text, ✓)
    assert reject.isVisible() and reject.text() == "✗"  # type: ignore[attr-defined]
    qtbot.mouseClick(reject, Qt.MouseButton.LeftButton)
    assert my_labels(window) == {} and said(window)[RUSSIA] == ""
    assert "Rejected AGAINST for Russia" in window.last_message
    open_doc(window, "stance-u1")
    open_doc(window, UNSEEN)  # opened again: the model's AGAINST for Russia stays away, the rest is back
    assert said(window)[RUSSIA] == "" and said(window)[US].startswith("model suggests: FAVOR")
    project = window.session.project
    decided = project.doc_suggestion_decisions(window.session.annotator.id, [window.session.document.id])  # type: ignore[union-attr]
    assert [(d.target, d.label, d.state) for d in next(iter(decided.values()))] == [("Russia", "AGAINST", "rejected")]


def test_no_suggestion_where_i_have_a_label(qtbot: QtBot, stance_window: MainWindow) -> None:
    window = stance_window
    train(qtbot, window)
    open_doc(window, UNSEEN)
    window.panel.set_current(US)
    qtbot.keyClick(window.view, Qt.Key.Key_3)  # NEUTRAL, my own reading
    assert my_labels(window) == {"United States": "NEUTRAL"} and said(window)[US] == ""
    qtbot.keyClick(window.view, Qt.Key.Key_N, ALT)  # rejects the next one there is: Russia's
    assert said(window)[RUSSIA] == "" and my_labels(window) == {"United States": "NEUTRAL"}


def test_review_mode_gets_no_stance_suggestions(qtbot: QtBot, stance_window: MainWindow) -> None:
    window = stance_window
    train(qtbot, window)
    project = window.session.project
    project.set_role("rita", "reviewer")
    project.set_role("sara", "lead")
    window.switch_annotator("rita")
    open_doc(window, UNSEEN)
    assert said(window)[US].startswith("model suggests:")  # rita annotating: suggested
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):
        window.set_review_mode(True)
    open_doc(window, UNSEEN)
    assert window.session.gold and said(window) == ["", "", ""]
    qtbot.keyClick(window.view, Qt.Key.Key_Y, ALT)  # nothing to accept: gold stays human
    doc = window.session.document
    assert doc is not None and project.doc_labels(doc.id, gold=True) == []
