"""What a new user meets in the first hour: keys from anywhere, a click on a band, another process's
import, switching annotator without making people by typo, and the status bar saying what happened."""

from __future__ import annotations

from pathlib import Path

import pytest
from bidi import get_display
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.cli import main as cli
from annotator.gui.main_window import MainWindow
from annotator.app.session import NO_DOCUMENT
from annotator.store.project import Project

from tests.conftest import TRICKY
from tests.gui.conftest import open_doc, show_window
from tests.gui.test_tagging import SEED, stored, tag

CTRL = Qt.KeyboardModifier.ControlModifier


def click_row(qtbot: QtBot, window: MainWindow, row: int) -> None:
    """A real click on a row of the document list: the list takes the focus."""
    table = window.doc_list.table
    rect = table.visualRect(window.doc_model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.hasFocus()


def labels(window: MainWindow) -> dict[str, str]:
    doc = window.session.document
    assert doc is not None
    return {d.target: d.label for d in window.session.project.doc_labels(doc.id, window.session.annotator.id)}


# -- keys act on the open document wherever the focus is -----------------------------------------

def test_label_stance_and_boilerplate_keys_work_after_clicking_the_document_list(qtbot: QtBot,
                                                                                 window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    click_row(qtbot, window, window.doc_model.row_of(doc.id) or 0)
    table = window.doc_list.table
    qtbot.keyClick(table, Qt.Key.Key_G)  # nothing selected yet: said, not silently dropped
    assert "Select text first" in window.last_message and stored(window) == []
    at = doc.text.index("كوريا الشمالية")
    window.view.select(at, at + len("كوريا الشمالية"))
    qtbot.keyClick(table, Qt.Key.Key_G)
    assert stored(window) == [("entities", "GPE", "كوريا الشمالية")]
    assert window.session.document.id == doc.id and table.hasFocus()  # type: ignore[union-attr]
    qtbot.keyClick(table, Qt.Key.Key_2)
    assert labels(window) == {"United States": "AGAINST"}
    window.view.select(0, 3)
    qtbot.keyClick(table, Qt.Key.Key_B, CTRL)
    first_line = doc.text[:doc.text.index("\n")]
    assert ("boilerplate", "BOILERPLATE", first_line) in stored(window)
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert ("boilerplate", "BOILERPLATE", first_line) not in stored(window)
    assert window.last_message.startswith("Undone: mark 1 paragraph")
    window.select_span(window.session.spans()[0].id)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # Delete from the list removes the selected span
    assert stored(window) == [] and "Deleted the GPE span" in window.last_message


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform opening a menu
def test_a_letter_after_alt_goes_to_the_menu_bar_not_to_the_labels(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    at = doc.text.index("كوريا الشمالية")
    window.view.select(at, at + len("كوريا الشمالية"))
    qtbot.keyClick(window.view, Qt.Key.Key_Alt)  # Alt tapped: the menu bar takes the next letter
    qtbot.keyClick(window.menuBar(), Qt.Key.Key_D)  # D for the Document menu, not the DATE label
    assert stored(window) == []
    popup = QApplication.activePopupWidget()
    assert popup is not None and popup.title() == "&Document"  # type: ignore[attr-defined]
    popup.close()


def test_typing_in_the_search_box_stays_typing(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    at = doc.text.index("كوريا الشمالية")
    window.view.select(at, at + len("كوريا الشمالية"))
    window.doc_list.search.setFocus()
    qtbot.keyClicks(window.doc_list.search, "gp")
    assert window.doc_list.search.text() == "gp" and stored(window) == []


def test_a_stance_key_in_a_project_without_documents_says_why(qtbot: QtBot, tmp_path: Path,
                                                              settings: QSettings) -> None:
    with Project.create(tmp_path / "empty.db") as project:
        window = show_window(qtbot, project, settings)
        assert "no documents" in window.last_message
        window.doc_list.table.setFocus()
        for press in (lambda: qtbot.keyClick(window.doc_list.table, Qt.Key.Key_1),
                      lambda: qtbot.keyClick(window.doc_list.table, Qt.Key.Key_P),
                      lambda: window.panel.labelChosen.emit("stance", "United States", "FAVOR"),  # a stance button
                      lambda: qtbot.keyClick(window.view, Qt.Key.Key_B, CTRL)):
            window.say("")
            press()
            assert window.last_message == NO_DOCUMENT


# -- a click selects what the current layer holds ------------------------------------------------

def _band(window: MainWindow) -> tuple[int, QPoint]:
    """A boilerplate band over the first paragraph of the seed, and a point on it with no entity."""
    doc = window.session.document
    assert doc is not None
    end = doc.text.index("\n")
    band = window.session.tag("boilerplate", "BOILERPLATE", 0, end)
    assert band is not None
    window.view.selected_mark = None
    mark = next(m for m in window.view.marks() if m.id == band.id)
    return band.id, window.view.mark_rects(mark)[0].center().toPoint()


def test_a_click_on_a_band_keeps_the_entity_layer_and_a_second_click_takes_the_band(qtbot: QtBot,
                                                                                     window: MainWindow) -> None:
    open_doc(window, SEED)
    band, point = _band(window)
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert window.layer.name == "entities" and window.view.selected_mark is None
    assert "click it again" in window.last_message
    qtbot.wait(qtbot_double_click_gap())  # a second click, not a double-click
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert window.view.selected_mark == band and window.layer.name == "boilerplate"
    assert window.layer_box.currentData() == "boilerplate" and "go back to entities" in window.last_message
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(point.x(), viewport.height() - 5))
    assert window.view.selected_mark is None and window.layer.name == "entities"
    assert window.layer_box.currentData() == "entities"


def test_ctrl_click_takes_the_band_at_once_and_an_entity_key_works_after_deselecting(qtbot: QtBot,
                                                                                      window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    band, point = _band(window)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, CTRL, pos=point)
    assert window.view.selected_mark == band and window.layer.name == "boilerplate"
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.layer.name == "entities" and "Deleted the BOILERPLATE span" in window.last_message
    tag(window, "كوريا الشمالية", "GPE")
    assert stored(window) == [("entities", "GPE", "كوريا الشمالية")]
    assert doc.text  # the band is gone, the entity stored


def test_a_click_on_the_empty_part_of_a_band_line_finds_the_band(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    start = doc.text.index("عقدت الدولة")  # the second paragraph: its last line is short
    tagged = window.session.tag("boilerplate", "BOILERPLATE", start, doc.text.index("\n", start))
    assert tagged is not None
    band = tagged.id
    window.view.selected_mark = None
    mark = next(m for m in window.view.marks() if m.id == band)
    last = max(window.view.mark_rects(mark), key=lambda r: r.left())  # right-aligned, empty on the left
    margin = int(window.view.document().documentMargin())
    assert last.left() > margin + 40
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, CTRL,
                     pos=QPoint(margin + 10, int(last.center().y())))
    assert window.view.selected_mark == band and doc.text


def test_choosing_a_layer_by_hand_is_not_undone(qtbot: QtBot, window: MainWindow) -> None:
    open_doc(window, SEED)
    band, point = _band(window)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, CTRL, pos=point)
    qtbot.keyClick(window.view, Qt.Key.Key_3, CTRL)  # the third layer, on purpose
    chosen = window.layer.name
    window.view.selected_mark = None
    assert window.layer.name == chosen


def qtbot_double_click_gap() -> int:
    from PySide6.QtWidgets import QApplication

    return QApplication.styleHints().mouseDoubleClickInterval() + 50


# -- another process's changes show up ------------------------------------------------------------

def test_an_import_in_a_terminal_shows_up_without_losing_the_place(qtbot: QtBot, window: MainWindow,
                                                                  target: str) -> None:
    doc = open_doc(window, SEED)
    at = doc.text.index("كوريا الشمالية")
    window.view.select(at, at + 5)
    before = window.doc_model.rowCount()
    assert cli(["import", "--db", target, str(TRICKY / "cp1256_arabic.txt"), str(TRICKY / "crlf_english.txt")]) == 0
    with qtbot.waitSignal(window.outside.changed, timeout=10_000):
        pass
    assert window.doc_model.rowCount() == before + 2
    assert f"/ {before + 2:,} done" in window.progress.text()
    assert window.session.document.id == doc.id and window.view.selection() == (at, at + 5)  # type: ignore[union-attr]
    assert window.doc_list.table.selectionModel().selectedRows()[0].row() == window.doc_model.row_of(doc.id)


def test_a_status_set_elsewhere_shows_in_the_list(qtbot: QtBot, window: MainWindow, target: str) -> None:
    doc = open_doc(window, SEED)
    other = window.session.project.find_document("001_6baab1ea1730d38d")
    assert other is not None
    with Project.open(target) as elsewhere:  # the same annotator in a second window
        elsewhere.set_status(other.id, window.session.annotator.id, "done")
    assert window.outside.check()
    row = window.doc_model.row_of(other.id)
    assert row is not None and window.doc_model.summary_at(row).status == "done"  # type: ignore[union-attr]
    assert window.session.document.id == doc.id  # type: ignore[union-attr]
    assert window.progress.text().startswith("sara: 1 /")
    assert not window.outside.check()  # nothing new: nothing redone
    third = window.session.project.find_document("002_cb5e77503dd4e336")
    assert third is not None
    with Project.open(target) as elsewhere:  # two documents trade statuses: the counts stay, the list does not
        elsewhere.set_status(other.id, window.session.annotator.id, "todo")
        elsewhere.set_status(third.id, window.session.annotator.id, "done")
    assert window.outside.check()
    assert window.doc_model.summary_at(window.doc_model.row_of(third.id) or 0).status == "done"  # type: ignore[union-attr]
    tag(window, "كوريا الشمالية", "GPE")  # my own first action makes it "in progress", shown at once
    assert not window.outside.check()  # and not reread again


# -- switching annotator cannot make a person by a typo -------------------------------------------

def test_switch_annotator_offers_the_projects_people(qtbot: QtBot, window: MainWindow,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    window.session.project.annotator("omar")
    chooser = window._ask_annotator()
    qtbot.addWidget(chooser)
    assert chooser.names() == ["omar", "sara"]
    chooser.choose("omar")
    chooser.accept()
    assert window.session.annotator.name == "omar"

    window.session.switch_annotator("sarah")  # a typo
    assert window.session.annotator.name == "omar" and "No one is called 'sarah'" in window.last_message
    assert window.session.project.find_annotator("sarah") is None

    chooser = window._ask_annotator()
    qtbot.addWidget(chooser)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("lena", True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    chooser.new_person()
    assert window.session.project.find_annotator("lena") is None and window.session.annotator.name == "omar"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    chooser.new_person()
    assert window.session.project.find_annotator("lena") is not None
    assert window.session.annotator.name == "lena"


# -- the status bar says what happened ------------------------------------------------------------

def test_undo_redo_and_delete_say_what_they_did_and_another_document_clears_the_message(
        qtbot: QtBot, window: MainWindow) -> None:
    open_doc(window, SEED)
    tag(window, "كوريا الشمالية", "GPE")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.last_message == "Undone: tag GPE." and window.statusBar().currentMessage() == "Undone: tag GPE."
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.last_message == "Redone: tag GPE."
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.last_message == "Nothing to redo."
    open_doc(window, "001_6baab1ea1730d38d")
    assert window.statusBar().currentMessage() == ""
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # an action on another document: it opens, and is named
    assert window.last_message == f"Undone in {SEED}: tag GPE."
    assert window.session.document.external_id == SEED  # type: ignore[union-attr]


def test_the_matching_menu_reads_in_the_order_it_is_written(window: MainWindow) -> None:
    """Two Arabic letters with only neutrals between form one right-to-left run: "ى = ي" shows as "ي = ى"."""
    for key, first, second in (("ya", "ى", "ي"), ("ta_marbuta", "ة", "ه")):
        shown = get_display(window.match_actions[key].text())  # the visual order, left to right
        assert shown.index(first) < shown.index(second), shown


def test_my_spans_short_columns_show_all_they_hold_after_tagging(qtbot: QtBot, window: MainWindow) -> None:
    """The list starts empty, so its columns fit the headers; a tagged boilerplate span must not be "BO…"."""
    doc = open_doc(window, "001_6baab1ea1730d38d")
    window.view.select(0, 30)
    window.mark_paragraphs_boilerplate()
    assert window.span_list.model.rowCount() >= 1 and doc.text
    table = window.span_list.table
    header = table.horizontalHeader()
    for column in (0, 1, 3, 4):  # layer, label, start, end: never elided
        assert header.sectionSize(column) >= table.sizeHintForColumn(column)


def test_the_span_list_and_the_text_follow_the_session_by_themselves(qtbot: QtBot, window: MainWindow) -> None:
    """One source: an action done through the session (no window code in between) shows in the list,
    and so do its undo and a reload."""
    doc = open_doc(window, SEED)
    qtbot.waitUntil(lambda: window.span_list.model.rowCount() == 0)
    at = doc.text.index("كوريا الشمالية")
    window.session.tag("entities", "GPE", at, at + len("كوريا الشمالية"))
    assert [window.span_list.model.span_at(r).label for r in range(window.span_list.model.rowCount())] == ["GPE"]
    assert [m.label for m in window.view.marks()] == ["GPE"]  # the text view observes the session too
    window.session.undo()
    assert window.span_list.model.rowCount() == 0 and window.view.marks() == []
    window.session.redo()
    window.session.spansChanged.emit(doc.id)
    assert window.span_list.model.rowCount() == 1
