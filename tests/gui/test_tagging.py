"""Driving the real window: select by keyboard and mouse, tag, relabel, delete, undo, redo — then ask the store."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from pytestqt.qtbot import QtBot

from annotator.gui.main_window import MainWindow
from annotator.store.values import SpanView

from tests.gui.conftest import open_doc, point_of, press, put_cursor

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SEED = "000_4eee2279a2a81452"


def stored(window: MainWindow) -> list[tuple[str, str, str]]:
    """(layer, label, text[start:end]) of every span of mine in the open document, from the store."""
    doc = window.session.document
    assert doc is not None
    text = window.session.project.document(doc.id).text
    return [(s.layer, s.label, text[s.start:s.end])
            for s in window.session.project.spans(doc.id, window.session.annotator.id)]


def test_keyboard_selection_in_arabic_tags_exactly_those_characters(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    name = "كيم جونج أون"
    put_cursor(window, doc.text.index(name))
    press(qtbot, window, Qt.Key.Key_Left, len(name), SHIFT)  # in a right-to-left line, Left reads on
    assert window.view.selection() == (doc.text.index(name), doc.text.index(name) + len(name))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    assert stored(window) == [("entities", "PER", name)]


def test_ctrl_shift_left_selects_whole_words_in_arabic_then_alt_moves_an_edge(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    name = "الولايات المتحدة"
    start = doc.text.index(name + "،")
    put_cursor(window, start)
    press(qtbot, window, Qt.Key.Key_Left, 2, CTRL | SHIFT)  # Left reads on in a right-to-left line: two words
    assert doc.text[slice(*window.view.selection())] == name  # type: ignore[misc]  # no comma, no space
    assert window.selection_label.text() == "Selected 16 characters: “\u2068الولايات·المتحدة\u2069”"
    press(qtbot, window, Qt.Key.Key_Right, 1, CTRL | SHIFT)  # and back one word
    assert doc.text[slice(*window.view.selection())] == "الولايات"  # type: ignore[misc]
    press(qtbot, window, Qt.Key.Key_Left, 1, CTRL | SHIFT)
    press(qtbot, window, Qt.Key.Key_Left, 1, ALT | SHIFT)  # the end one character on (visually left)
    assert window.selection_label.text().endswith("⚠ ends with an invisible character (whitespace or a control)") \
        or doc.text[slice(*window.view.selection())] == name + "،"  # type: ignore[misc]
    press(qtbot, window, Qt.Key.Key_Right, 1, ALT | SHIFT)  # and back
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert stored(window) == [("entities", "GPE", name)]


def test_start_edge_moves_logically_earlier_with_alt_right_in_arabic(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    name = "الولايات المتحدة"
    at = doc.text.index("و" + name) + 1  # the proclitic و sits logically before the name
    window.view.select(at, at + len(name))
    press(qtbot, window, Qt.Key.Key_Right, 1, ALT)  # visually right, logically earlier: takes in the و
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert stored(window) == [("entities", "GPE", "و" + name)]
    press(qtbot, window, Qt.Key.Key_Z, 1, CTRL)
    assert stored(window) == []
    window.view.select(at, at + len(name))
    press(qtbot, window, Qt.Key.Key_Right, 1, ALT)
    press(qtbot, window, Qt.Key.Key_Left, 1, ALT)   # visually left, logically later: the name alone again
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert stored(window) == [("entities", "GPE", name)]


def test_english_edges_move_the_other_way(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, "001_6baab1ea1730d38d")
    at = doc.text.index("North Korea")
    window.view.select(at, at + 5)
    press(qtbot, window, Qt.Key.Key_Right, 6, ALT | SHIFT)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert stored(window) == [("entities", "GPE", "North Korea")]


def test_mouse_drag_after_emoji_stores_code_point_offsets(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, "emoji_before_entity")
    name = "كيم جونغ أون"
    start = doc.text.index(name)
    qtbot.mousePress(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(window, start))
    qtbot.mouseMove(window.view.viewport(), point_of(window, start + len(name)))
    qtbot.mouseRelease(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(window, start + len(name)))
    assert window.view.selection() == (start, start + len(name))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    spans = window.session.project.spans(doc.id)
    assert [(s.start, s.end) for s in spans] == [(start, start + len(name))]
    assert doc.text[spans[0].start:spans[0].end] == name


def test_tashkeel_word_keeps_its_marks(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, "tashkeel")
    word = "كِيمُ"
    put_cursor(window, doc.text.index(word))
    press(qtbot, window, Qt.Key.Key_Left, 3, SHIFT)  # three letters, each with or without its mark
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    assert stored(window) == [("entities", "PER", word)]
    window.view.select(doc.text.index(word), doc.text.index(word) + len(word))
    press(qtbot, window, Qt.Key.Key_Right, 1, ALT | SHIFT)  # end one character earlier: drops "مُ" whole
    assert doc.text[slice(*window.view.selection())] == "كِي"  # type: ignore[misc]


def tag(window: MainWindow, text: str, label: str, occurrence: int = 0) -> SpanView:
    doc = window.session.document
    assert doc is not None
    at = -1
    for _ in range(occurrence + 1):
        at = doc.text.index(text, at + 1)
    window.view.select(at, at + len(text))
    span = window.apply_label(label)
    assert span is not None
    return span


def click_span(qtbot: QtBot, window: MainWindow, span: SpanView) -> None:
    mark = next(m for m in window.view.marks() if m.id == span.id)
    centre = window.view.mark_rects(mark)[0].center().toPoint()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def test_click_relabel_delete_undo_redo(qtbot: QtBot, window: MainWindow) -> None:
    open_doc(window, SEED)
    span = tag(window, "كوريا الشمالية", "GPE")
    put_cursor(window, 0)
    window.view.selected_mark = None
    click_span(qtbot, window, span)
    assert window.view.selected_mark == span.id
    qtbot.keyClick(window.view, Qt.Key.Key_L)  # another label's key relabels
    assert stored(window) == [("entities", "LOC", "كوريا الشمالية")]
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert stored(window) == []
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window) == [("entities", "LOC", "كوريا الشمالية")]
    assert window.session.project.spans(window.session.document.id)[0].id == span.id  # type: ignore[union-attr]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window) == [("entities", "GPE", "كوريا الشمالية")]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window) == []
    for expected in ("GPE", "LOC", None):
        qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
        assert stored(window) == ([("entities", expected, "كوريا الشمالية")] if expected else [])


def test_refused_span_says_why_and_stores_nothing(qtbot: QtBot, window: MainWindow) -> None:
    open_doc(window, SEED)
    tag(window, "كوريا الشمالية", "GPE")
    doc = window.session.document
    assert doc is not None
    at = doc.text.index("كوريا الشمالية")
    window.view.selected_mark = None
    window.view.select(at + 6, at + 14)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert "overlaps" in window.last_message
    assert stored(window) == [("entities", "GPE", "كوريا الشمالية")]
    assert window.session.undo_stack.count() == 1


def test_layers_overlap_and_boilerplate_paragraph_key(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, "003_336e19fc3d449e98")
    first_line = doc.text.split("\n")[0]
    assert first_line == "عربي و دولي"
    put_cursor(window, 2)
    qtbot.keyClick(window.view, Qt.Key.Key_B, CTRL)
    tag(window, "دولي", "NORP")
    assert sorted(stored(window)) == [("boilerplate", "BOILERPLATE", "عربي و دولي"), ("entities", "NORP", "دولي")]
    styles = {window.view.style_of(m) for m in window.view.marks()}
    assert styles == {"band", "box"}
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window) == []


def test_span_list_click_selects_the_span(qtbot: QtBot, window: MainWindow) -> None:
    open_doc(window, SEED)
    first = tag(window, "كوريا الشمالية", "GPE")
    tag(window, "كيم جونج أون", "PER")
    window.view.select(0, 0)
    table = window.span_list.table
    assert window.span_list.model.rowCount() == 2
    row = next(r for r in range(2) if window.span_list.model.index(r, 1).data() == "GPE")
    rect = table.visualRect(window.span_list.model.index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.selected_mark == first.id
    assert window.view.selection() == (first.start, first.end)


def select_by_mouse(qtbot: QtBot, window: MainWindow, start: int, end: int) -> None:
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_of(window, start))
    qtbot.mouseMove(viewport, point_of(window, end))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_of(window, end))


def select_by_keyboard(qtbot: QtBot, window: MainWindow, start: int, end: int) -> None:
    """Shift+arrow until the selection reaches ``end``; the arrow that reads on depends on the paragraph."""
    put_cursor(window, start)
    key = Qt.Key.Key_Left if window.view.is_rtl_at(start) else Qt.Key.Key_Right
    for _ in range(end - start):
        if window.view.selection() and window.view.selection()[1] >= end:  # type: ignore[index]
            break
        qtbot.keyClick(window.view, key, SHIFT)


@pytest.mark.parametrize("how", [select_by_keyboard, select_by_mouse])
@pytest.mark.parametrize("doc_id, name", [
    (SEED, "كيم جونج أون"),
    (SEED, "الولايات المتحدة"),
    ("emoji_before_entity", "كيم جونغ أون"),
    ("emoji_before_entity", "الولايات المتحدة"),
    ("tashkeel", "كِيمُ جُونْغ أُون"),
    ("tashkeel", "كُورِيَا الشَّمَالِيَّةَ"),
])
def test_selection_tags_exactly_the_selected_characters(qtbot: QtBot, window: MainWindow, how, doc_id: str,  # type: ignore[no-untyped-def]
                                                         name: str) -> None:
    doc = open_doc(window, doc_id)
    start = doc.text.index(name)
    how(qtbot, window, start, start + len(name))
    assert window.view.selection() == (start, start + len(name))
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    spans = window.session.project.spans(doc.id, window.session.annotator.id)
    assert [(s.start, s.end, s.label) for s in spans] == [(start, start + len(name), "GPE")]
    assert doc.text[spans[0].start:spans[0].end] == name


def test_undo_of_a_resize_then_a_label_key_keeps_the_undone_extent(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    span = tag(window, "كوريا الشمالية", "GPE")
    press(qtbot, window, Qt.Key.Key_Right, 1, ALT | SHIFT)  # end one letter earlier
    qtbot.keyClick(window.view, Qt.Key.Key_G)  # resize
    assert stored(window) == [("entities", "GPE", "كوريا الشمالي")]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.view.selection() == (span.start, span.end)
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert stored(window) == [("entities", "LOC", "كوريا الشمالية")]
    assert doc.text[span.start:span.end] == "كوريا الشمالية"


def test_a_new_drag_over_a_selected_span_adds_a_stance_span(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    window.layer_box.setCurrentIndex(window.layer_box.findData("stance"))
    first = tag(window, "الأكثر صرامة", "AGAINST")
    start, end = first.start + 2, doc.text.index("على الإطلاق") + 3
    select_by_mouse(qtbot, window, start, end)  # overlaps the selected span: a new span, not a resize
    qtbot.keyClick(window.view, Qt.Key.Key_F)  # the drag from inside one word to inside another took both whole
    assert sorted(stored(window)) == [("stance", "AGAINST", "الأكثر صرامة"),
                                      ("stance", "FAVOR", 'الأكثر صرامة" على')]


def test_boilerplate_key_with_a_selection_ending_after_a_line_feed(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, "003_336e19fc3d449e98")
    first_end = doc.text.index("\n")
    window.view.select(0, first_end + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_B, CTRL)
    assert stored(window) == [("boilerplate", "BOILERPLATE", "عربي و دولي")]


def test_highlight_follows_its_letters_when_the_window_is_resized(qtbot: QtBot, window: MainWindow) -> None:
    """Highlight rectangles are kept between paints; a new width re-wraps and re-aligns the lines."""
    open_doc(window, SEED)
    span = tag(window, "كوريا الجنوبية", "GPE")
    mark = next(m for m in window.view.marks() if m.id == span.id)

    def on_its_letters() -> bool:
        inside = point_of(window, span.start + 2)  # a point Qt maps into the span's third letter
        return any(r.contains(inside.toPointF()) for r in window.view.mark_rects(mark))

    window.view.viewport().repaint()
    assert on_its_letters()
    window.resize(window.width() - 420, window.height())
    qtbot.waitUntil(lambda: window.view.document().textWidth() < window.view.width())
    window.view.select(span.start + 2, span.start + 2)  # scroll it into view at the new width
    window.view.viewport().repaint()
    assert on_its_letters()
    # a font change from outside (another screen, a new system font): Qt resets the document's font
    QCoreApplication.sendEvent(window.view, QEvent(QEvent.Type.FontChange))
    assert window.view.document().defaultFont().families()[0] == "Noto Naskh Arabic"
    window.view.viewport().repaint()
    assert on_its_letters()


@pytest.mark.parametrize("external_id, first_family", [(SEED, "Noto Naskh Arabic"),
                                                       ("001_6baab1ea1730d38d", "Noto Sans")])
def test_each_document_takes_the_font_of_its_script(window: MainWindow, external_id: str, first_family: str) -> None:
    open_doc(window, external_id)
    assert window.view.document().defaultFont().families()[:2] in (["Noto Naskh Arabic", "Noto Sans"],
                                                                   ["Noto Sans", "Noto Naskh Arabic"])
    assert window.view.document().defaultFont().families()[0] == first_family


def test_a_span_with_a_space_at_its_edge_is_flagged_in_the_list_and_the_status_bar(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    at = doc.text.index("كوريا الشمالية ")
    window.view.select(at, at + len("كوريا الشمالية "))  # exactly these characters (a program, not a drag)
    assert window.selection_label.text() == ("Selected 15 characters: “\u2068كوريا·الشمالية·\u2069” "
                                             "⚠ ends with an invisible character (whitespace or a control)")
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    model = window.span_list.model
    assert model.index(0, 2).data() == "⚠ كوريا·الشمالية·"
    assert "ends with an invisible character" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    window.view.select(at, at + len("كوريا الشمالية"))
    qtbot.keyClick(window.view, Qt.Key.Key_G)  # the selected span resized to the name: no flag
    assert model.index(0, 2).data() == "كوريا الشمالية"
    assert window.selection_label.text() == "Selected 14 characters: “\u2068كوريا·الشمالية\u2069”"
    window.view.select(at, at)
    assert window.selection_label.text() == ""
