"""Offsets: Python code-point indices, UTF-16 positions (Qt's), and grapheme-cluster boundaries.

Every offset outside the Qt widgets is a ``str`` index (code points, end-exclusive).
Qt counts UTF-16 code units; these two functions are the only conversion.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable

import regex

_CLUSTER = regex.compile(r"\X")
_ASTRAL = regex.compile("[\U00010000-\U0010FFFF]")


class Utf16Map:
    """Converts between code-point indices and UTF-16 positions of one text, in O(log n) a call.

    Only characters outside the BMP (emoji, flags) differ: each is one code point but two
    UTF-16 units. A UTF-16 position inside such a pair (Qt never puts a cursor there) rounds down.
    """

    def __init__(self, text: str) -> None:
        self.length = len(text)
        astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral = astral
        # UTF-16 position of the second unit of the k-th astral character
        self._second_unit = [a + k + 1 for k, a in enumerate(astral)]
        self.utf16_length = self.length + len(astral)

    def to_utf16(self, index: int) -> int:
        if not 0 <= index <= self.length:
            raise ValueError(f"index {index} outside text of length {self.length}")
        return index + bisect.bisect_left(self._astral, index)

    def from_utf16(self, position: int) -> int:
        if not 0 <= position <= self.utf16_length:
            raise ValueError(f"UTF-16 position {position} outside text of {self.utf16_length} units")
        return position - bisect.bisect_right(self._second_unit, position)


def to_utf16(text: str, index: int) -> int:
    """The UTF-16 position of code-point ``index`` in ``text``."""
    return Utf16Map(text).to_utf16(index)


def from_utf16(text: str, position: int) -> int:
    """The code-point index of UTF-16 ``position`` in ``text``."""
    return Utf16Map(text).from_utf16(position)


def cluster_boundaries(text: str) -> list[int]:
    """Sorted positions where a span may start or end: 0, every grapheme-cluster start, len(text)."""
    bounds = [m.start() for m in _CLUSTER.finditer(text)]
    bounds.append(len(text))
    return bounds


def splits_cluster(text: str, start: int, end: int) -> bool:
    """True when ``[start, end)`` cuts a grapheme cluster (a letter from its marks, a flag in two)."""
    return not (is_cluster_boundary(text, start) and is_cluster_boundary(text, end))


# Characters outside these that are not marks or format characters never join a neighbour
# in a grapheme cluster: Hangul jamo and syllables, Thai/Lao AM, regional indicators, skin tones.
_JOINING_RANGES = ((0x0D4E, 0x0D4E), (0x0E33, 0x0E33), (0x0EB3, 0x0EB3), (0x1100, 0x11FF), (0xA960, 0xA97F),
                   (0xAC00, 0xD7FF), (0xFF9E, 0xFF9F), (0x1F1E6, 0x1F1FF), (0x1F3FB, 0x1F3FF))


_JOINING_CATEGORIES = frozenset(("Mn", "Mc", "Me", "Cf", "Co", "Cn", "Cs"))


# Characters known to be plain (True) or not (False); one missing has not been asked about yet. A text's
# alphabet is small, and every cursor move and span edge asks: a dict look-up instead of Unicode's tables.
_KNOWN_PLAIN: dict[str, bool] = {}
_KNOWN_PLAIN_MAX = 65_536  # hostile input of every code point must not grow it (or PLAIN_PAIRS) for ever


def _plain(ch: str) -> bool:
    """A character that never joins a grapheme cluster with its neighbour (the common case)."""
    found = _KNOWN_PLAIN.get(ch)
    if found is None:
        found = _plain_uncached(ch)
        if len(_KNOWN_PLAIN) < _KNOWN_PLAIN_MAX:
            _KNOWN_PLAIN[ch] = found
    return found


def _plain_uncached(ch: str) -> bool:
    cp = ord(ch)
    if cp < 0x300:
        return ch != "\r"  # CR LF is one cluster; every other control breaks on both sides
    if cp >= 0x0D4E and (cp >= 0x11000 or any(lo <= cp <= hi for lo, hi in _JOINING_RANGES)):
        return False
    return unicodedata.category(ch) not in _JOINING_CATEGORIES


def snap_to_clusters(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole grapheme clusters."""
    while start > 0 and not is_cluster_boundary(text, start):
        start -= 1
    while end < len(text) and not is_cluster_boundary(text, end):
        end += 1
    return start, end


def step_cluster(text: str, pos: int, step: int) -> int:
    """The cluster boundary after (``step`` = +1) or before (-1) ``pos``, clamped to the text."""
    pos += step
    while 0 < pos < len(text) and not is_cluster_boundary(text, pos):
        pos += step
    return max(0, min(len(text), pos))


# Pairs of neighbouring characters known to be both plain (True) or not (False): a span edge between
# them is a boundary without segmenting. One look-up of ``text[pos - 1:pos + 1]`` an edge (the import's
# tight loop reads it directly: ``PLAIN_PAIRS.get``); filled by ``cluster_cut``, bounded like _KNOWN_PLAIN.
PLAIN_PAIRS: dict[str, bool] = {}


def cluster_cut(text: str, start: int, end: int) -> int | None:
    """Where ``[start, end)`` (``0 <= start < end <= len(text)``) cuts a grapheme cluster: ``start`` or
    ``end``, whichever falls inside one first, or None. Between two plain characters nothing is
    segmented; elsewhere ``is_cluster_boundary`` decides."""
    if start and not _plain_pair(text[start - 1:start + 1]) and not is_cluster_boundary(text, start):
        return start
    if end < len(text) and not _plain_pair(text[end - 1:end + 1]) and not is_cluster_boundary(text, end):
        return end
    return None


def _plain_pair(pair: str) -> bool:
    found = PLAIN_PAIRS.get(pair)
    if found is None:
        found = _plain(pair[0]) and _plain(pair[1])
        if len(PLAIN_PAIRS) < _KNOWN_PLAIN_MAX:
            PLAIN_PAIRS[pair] = found
    return found


def is_cluster_boundary(text: str, pos: int) -> bool:
    """True when a span may start or end at ``pos``: it does not fall inside a grapheme cluster.

    Looks only at the neighbours when they are plain characters; otherwise segments the
    paragraph around ``pos`` (a line feed always ends a cluster).
    """
    if not 0 <= pos <= len(text):
        return False
    if pos in (0, len(text)):
        return True
    if _plain(text[pos - 1]) and _plain(text[pos]):
        return True
    # Segment a window around pos that starts and ends where two plain characters meet (a
    # certain boundary), or at a line feed, or at the ends of the text.
    start = pos - 1
    while start > 0 and text[start - 1] != "\n" and not (_plain(text[start - 1]) and _plain(text[start])):
        start -= 1
    end = pos + 1
    while end < len(text) and text[end - 1] != "\n" and not (_plain(text[end - 1]) and _plain(text[end])):
        end += 1
    return any(m.start() == pos for m in _CLUSTER.finditer(text, start, end))  # absolute indices


# -- offsets other tools count in ----------------------------------------------------------

UNITS = ("codepoints", "utf16", "graphemes")  # what a foreign file's offsets may count


def offset_converter(text: str, unit: str) -> Callable[[int], int]:
    """A function from an offset counted in ``unit`` to the code-point index of ``text``, exact or
    not at all: a UTF-16 offset inside a surrogate pair, or any offset beyond the text, raises
    ValueError saying so (the caller adds where)."""
    if unit == "codepoints":
        return lambda pos: _within(pos, len(text), "code point")
    if unit == "utf16":
        units = Utf16Map(text)

        def from_utf16(pos: int) -> int:
            index = units.from_utf16(_within(pos, units.utf16_length, "UTF-16 unit"))
            if units.to_utf16(index) != pos:
                raise ValueError(f"UTF-16 offset {pos} falls inside the surrogate pair of "
                                 f"U+{ord(text[index]):04X} {unicodedata.name(text[index], '')}".rstrip())
            return index
        return from_utf16
    if unit == "graphemes":
        starts = cluster_boundaries(text)  # cluster k starts at starts[k]; starts[-1] is the end
        return lambda pos: starts[_within(pos, len(starts) - 1, "grapheme cluster")]
    raise ValueError(f"unknown offset unit {unit!r} (one of {', '.join(UNITS)})")


def _within(pos: int, length: int, what: str) -> int:
    if not 0 <= pos <= length:
        raise ValueError(f"offset {pos} is beyond the text ({length} {what}s)")
    return pos


def count_units(text: str, unit: str) -> int:
    """The length of ``text`` counted in ``unit``."""
    if unit == "utf16":
        return Utf16Map(text).utf16_length
    if unit == "graphemes":
        return len(cluster_boundaries(text)) - 1
    return len(text)
