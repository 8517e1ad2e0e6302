"""Emoji in the text view are drawn from the shipped emoji font, not as empty boxes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication

from annotator.gui.fonts import EMOJI_FAMILY, text_font
from annotator.gui.text_view import AnnotationView
from annotator.resources import resource_path


def emoji_runs(text: str, start: int, length: int, font: QFont) -> list[tuple[str, list[int]]]:
    """(font family, glyph indexes) of each glyph run Qt lays ``text[start:start+length]`` (UTF-16) out in."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(2000)
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in line.glyphRuns(start, length)]


@pytest.mark.parametrize(("text", "start", "length"), [
    ("🇰🇵 قالت كوريا", 0, 4),   # a flag: two regional indicators, each two UTF-16 units, one glyph
    ("😀", 0, 2),
    ("Kim 😀 said", 4, 2),
    ("قال 🔥 كيم", 4, 2),
])
@pytest.mark.parametrize("arabic_first", [True, False], ids=["arabic-doc", "latin-doc"])
def test_emoji_come_from_the_shipped_emoji_font(qapp: QApplication, text: str, start: int, length: int,
                                                arabic_first: bool) -> None:
    """Regression: without an emoji font on the machine, a flag showed as two empty boxes (glyph 0)."""
    runs = emoji_runs(text, start, length, text_font(15.0, arabic_first=arabic_first))
    assert runs
    for family, glyphs in runs:
        assert family == EMOJI_FAMILY, runs
        assert glyphs and all(g != 0 for g in glyphs), runs
    if text.startswith("🇰🇵"):
        assert sum(len(g) for _, g in runs) == 1  # the pair of regional indicators is one flag glyph


def test_the_text_view_lists_the_emoji_font_after_the_text_families(qapp: QApplication) -> None:
    view = AnnotationView({})
    view.set_text("🇰🇵 قالت", [])
    families = view.document().defaultFont().families()
    assert families[-1] == EMOJI_FAMILY and families.index(EMOJI_FAMILY) >= 2, families
    view.deleteLater()


def test_the_emoji_font_and_its_licence_ship_in_resources() -> None:
    font = resource_path("fonts") / "NotoColorEmoji.ttf"
    assert font.is_file()
    licence = (resource_path("fonts") / "OFL.txt").read_text(encoding="utf-8")
    assert "Noto Color Emoji" in licence
