"""Offsets: Python code-point indices, UTF-16 positions (Qt's), and grapheme-cluster boundaries.

Every offset outside the Qt widgets is a ``str`` index (code points, end-exclusive).
Qt counts UTF-16 code units; these two functions are the only conversion.
"""

from __future__ import annotations

import bisect

import regex

_CLUSTER = regex.compile(r"\X")


def _astral_positions(text: str) -> list[int]:
    """Code-point indices of characters outside the BMP (two UTF-16 units each)."""
    return [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]


def to_utf16(text: str, index: int) -> int:
    """The UTF-16 position of code-point ``index`` in ``text``."""
    if not 0 <= index <= len(text):
        raise ValueError(f"index {index} outside text of length {len(text)}")
    return index + bisect.bisect_left(_astral_positions(text), index)


def from_utf16(text: str, position: int) -> int:
    """The code-point index of UTF-16 ``position`` in ``text``.

    A position inside a surrogate pair (Qt never makes one for a cursor) rounds down.
    """
    if position < 0:
        raise ValueError(f"negative UTF-16 position {position}")
    index = 0
    units = 0
    for ch in text:
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > position:
            break
        units += width
        index += 1
    if units < position and index == len(text):
        raise ValueError(f"UTF-16 position {position} outside text of {units} units")
    return index


def cluster_boundaries(text: str) -> list[int]:
    """Sorted positions where a span may start or end: 0, every grapheme-cluster start, len(text)."""
    bounds = [m.start() for m in _CLUSTER.finditer(text)]
    bounds.append(len(text))
    return bounds


def splits_cluster(text: str, start: int, end: int) -> bool:
    """True when ``[start, end)`` cuts a grapheme cluster (a letter from its marks, a flag in two)."""
    bounds = cluster_boundaries(text)
    return not (_on_boundary(bounds, start) and _on_boundary(bounds, end))


def _on_boundary(bounds: list[int], pos: int) -> bool:
    i = bisect.bisect_left(bounds, pos)
    return i < len(bounds) and bounds[i] == pos
