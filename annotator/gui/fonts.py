"""The fonts shipped in resources/fonts: Noto Naskh Arabic for Arabic, Noto Sans for the rest, Noto Color Emoji for emoji."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QTextLayout

from annotator.resources import resource_path

log = logging.getLogger(__name__)

ARABIC_FAMILY = "Noto Naskh Arabic"
LATIN_FAMILY = "Noto Sans"
EMOJI_FAMILY = "Noto Color Emoji"
_loaded = False


def load_fonts() -> None:
    """Register the shipped fonts with Qt once per process, and make Noto Color Emoji the
    font Qt takes emoji from first (where Qt can be told: 6.9 and later)."""
    global _loaded
    if _loaded:
        return
    for path in sorted(resource_path("fonts").glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("could not load font %s", path)
    if hasattr(QFontDatabase, "addApplicationEmojiFontFamily"):
        QFontDatabase.addApplicationEmojiFontFamily(EMOJI_FAMILY)
    _loaded = True
    # Seen with Qt 6.11.3: when the first text Qt lays out in a process starts with an emoji,
    # it warns 'Failed to compute left/right minimum bearings for "Noto Naskh Arabic"' (and
    # keeps failing, for every size); one line of plain text laid out first avoids it.
    layout = QTextLayout("x ق", text_font(12.0, arabic_first=True))
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()


def text_font(point_size: float, *, arabic_first: bool = False) -> QFont:
    """The font of the text view: Latin from Noto Sans, Arabic script from Noto Naskh Arabic,
    emoji (flags too) from Noto Color Emoji, so no machine draws them as empty boxes.

    ``arabic_first`` puts Noto Naskh first, for Arabic documents: digits and common punctuation
    then match the Arabic letters around them, and Qt shapes an Arabic page in about two thirds
    of the time, as it no longer looks every letter up in a font that lacks it first. The emoji
    font comes last, so the text families keep the characters they have (digits, #, *, ©).
    """
    load_fonts()
    font = QFont()
    text_families = [ARABIC_FAMILY, LATIN_FAMILY] if arabic_first else [LATIN_FAMILY, ARABIC_FAMILY]
    font.setFamilies([*text_families, EMOJI_FAMILY])
    font.setPointSizeF(point_size)
    return font
