"""The text view gives every paragraph the direction of its first letter (core.direction)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlock
from pytestqt.qtbot import QtBot

from annotator.core.direction import paragraph_direction
from annotator.core.textio import DecodeError, decode_bytes
from annotator.gui.text_view import AnnotationView

from tests.conftest import SEEDS, TRICKY

QT_DIRECTION = {"ltr": Qt.LayoutDirection.LeftToRight, "rtl": Qt.LayoutDirection.RightToLeft}
FILES = sorted(SEEDS.glob("*.txt")) + sorted(TRICKY.glob("*.txt"))


def shown_view(qtbot: QtBot, text: str) -> AnnotationView:
    view = AnnotationView({})
    qtbot.addWidget(view)
    view.resize(900, 500)
    with qtbot.waitExposed(view):
        view.show()
    view.set_text(text, [])
    doc = view.document()
    doc.documentLayout().blockBoundingRect(doc.lastBlock())  # QTextEdit lays out lazily: finish it
    return view


def line_extent(view: AnnotationView, block: QTextBlock) -> tuple[float, float]:
    """Document x of the left and right ends of a paragraph's first line, as Qt lays it out."""
    layout = block.layout()
    rect = layout.lineAt(0).naturalTextRect()
    x = layout.position().x()
    return x + rect.left(), x + rect.right()


def test_a_flag_first_arabic_line_reads_right_to_left_and_aligns_right(qtbot: QtBot) -> None:
    """Regression: regional indicators are strong L, so Qt alone lays "🇰🇵 قالت…" out LTR, left-aligned."""
    view = shown_view(qtbot, "🇰🇵 قالت كوريا الشمالية إنها سترد.\n😀 Kim spoke.\n2024 قال")
    doc = view.document()
    left_edge, right_edge = doc.documentMargin(), doc.textWidth() - doc.documentMargin()
    flag, english, digits = doc.begin(), doc.begin().next(), doc.begin().next().next()
    assert flag.textDirection() == Qt.LayoutDirection.RightToLeft
    left, right = line_extent(view, flag)
    assert abs(right - right_edge) <= 2, (right, right_edge)
    assert left > left_edge + 100  # a short line: right-aligned, not stretched
    assert english.textDirection() == Qt.LayoutDirection.LeftToRight
    assert abs(line_extent(view, english)[0] - left_edge) <= 2
    assert digits.textDirection() == Qt.LayoutDirection.RightToLeft
    assert abs(line_extent(view, digits)[1] - right_edge) <= 2
    assert view.is_rtl_at(0)  # the view's own helpers see the paragraph's new direction


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_paragraph_takes_the_direction_of_its_first_letter(qtbot: QtBot, path: Path) -> None:
    """Each paragraph of the seeds and the tricky inputs: the rule's direction, or Qt's own where it has none."""
    try:
        text = decode_bytes(path.read_bytes()).text
    except DecodeError:
        pytest.skip(f"{path.name} is not text (rejected on import)")
    view = shown_view(qtbot, text)
    block = view.document().begin()
    checked = 0
    while block.isValid():
        wanted = paragraph_direction(block.text())
        if wanted is None:
            assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.LayoutDirectionAuto
        else:
            assert block.textDirection() == QT_DIRECTION[wanted], (block.blockNumber(), block.text()[:40])
            checked += 1
        block = block.next()
    assert checked >= 1


def test_paragraphs_split_at_u2029_still_take_their_first_letters_direction(qtbot: QtBot) -> None:
    """QTextDocument also starts a paragraph at U+2029, so the view's "\\n" split does not line up."""
    view = shown_view(qtbot, "Kim\u2029🇰🇵 قالت\n2024 Kim")
    directions = []
    block = view.document().begin()
    while block.isValid():
        directions.append(block.textDirection())
        block = block.next()
    assert directions == [Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft,
                          Qt.LayoutDirection.LeftToRight]
