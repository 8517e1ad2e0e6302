"""A paragraph's direction, taken from its first letter rather than its first strong character.

The Unicode Bidi Algorithm (UAX #9, rule P2) gives a paragraph the direction of its first
strongly directional character. Regional indicators (the two halves of a flag emoji) are
strong left-to-right, so "🇰🇵 قالت كوريا الشمالية…" would read left-to-right, left-aligned,
although every word in it is Arabic. Digits, punctuation and other emoji are weak or neutral
and already do not decide, but a symbol that happens to be strong should not either.

The rule here, used by the text view for every paragraph:

- Skip everything that is not a letter (Unicode general category L*): digits, symbols
  (flags and other emoji), punctuation, spaces, combining marks (tashkeel) and format
  characters, including bidi controls (LRM, RLM, ALM, LRI, RLI, FSI, PDI, LRE, RLE, LRO,
  RLO, PDF). Marks and controls are only skipped: an explicit RLM/LRM does not decide.
- Letters between an isolate initiator (LRI, RLI, FSI) and its matching PDI are skipped too,
  as P2 skips them: "⁧KCNA⁩ قالت" is an Arabic paragraph quoting a Latin name.
- The first letter left decides: a right-to-left letter (bidi class R or AL: Arabic, Hebrew,
  Syriac, Thaana, N'Ko, ...) makes the paragraph right-to-left, any other letter (class L)
  left-to-right. The 26 "letters" that the UBA holds neutral (class ON: modifier letters such
  as the prime ʹ and the caron ˇ, accents in all but name) are skipped like punctuation.
- A paragraph without such a letter has no direction of its own here (``None``): the caller
  keeps its default (Qt's own choice, which is P2's). A paragraph break (``\n``, U+2029)
  ends the paragraph, should a caller pass more text than one.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

Direction = Literal["ltr", "rtl"]

_ISOLATE_OPEN = frozenset({"LRI", "RLI", "FSI"})  # bidi classes
_STRONG = {"L": "ltr", "R": "rtl", "AL": "rtl"}


def paragraph_direction(paragraph: str) -> Direction | None:
    """The direction of one paragraph by its first letter (see the module's docstring).

    Reads only up to that letter, so it costs next to nothing on a long paragraph.
    """
    depth = 0  # how many isolates are open
    for ch in paragraph:
        kind = unicodedata.bidirectional(ch)
        if kind in _ISOLATE_OPEN:
            depth += 1
        elif kind == "PDI":
            depth = max(depth - 1, 0)
        elif kind == "B":  # a paragraph break: the paragraph has ended
            return None
        elif depth == 0 and kind in _STRONG and unicodedata.category(ch)[0] == "L":
            return "rtl" if kind != "L" else "ltr"
    return None
