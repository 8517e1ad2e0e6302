"""Text with boilerplate removed, and offsets moved from the full text into it."""

from __future__ import annotations

import bisect
from collections.abc import Sequence


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph, line feeds excluded; empty lines are paragraphs too."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append((start, i))
            start = i + 1
    out.append((start, len(text)))
    return out


class Cleaner:
    """Removes ranges from a text. A removed range that is a whole paragraph takes its line feed
    with it, so removing boilerplate lines leaves no blank lines behind."""

    def __init__(self, text: str, removed: Sequence[tuple[int, int]]) -> None:
        self._raw = sorted(removed)
        self._raw_starts = [s for s, _ in self._raw]
        cuts: list[tuple[int, int]] = []
        for s, e in sorted(removed):
            whole_paragraph = (s == 0 or text[s - 1] == "\n") and (e == len(text) or text[e] == "\n")
            if whole_paragraph and e < len(text):
                e += 1
            elif whole_paragraph and s > 0:  # the last paragraph: take the line feed before it
                s -= 1
            if cuts and s <= cuts[-1][1]:
                cuts[-1] = (cuts[-1][0], max(cuts[-1][1], e))
            else:
                cuts.append((s, e))
        self.cuts = cuts
        self._starts = [s for s, _ in cuts]
        removed_before = []
        total = 0
        for s, e in cuts:
            removed_before.append(total)
            total += e - s
        self._removed_before = removed_before
        self.text = "".join(text[a:b] for a, b in self._kept(len(text)))

    def _kept(self, length: int) -> list[tuple[int, int]]:
        kept, at = [], 0
        for s, e in self.cuts:
            if s > at:
                kept.append((at, s))
            at = e
        if at < length:
            kept.append((at, length))
        return kept

    def removes(self, start: int, end: int) -> bool:
        """Whether [start, end) meets a removed range (a line feed taken along with one does not count)."""
        i = bisect.bisect_right(self._raw_starts, end - 1) - 1
        return i >= 0 and self._raw[i][1] > start

    def move(self, position: int) -> int:
        """The position in the clean text of a kept position of the full text."""
        i = bisect.bisect_right(self._starts, position) - 1
        if i < 0:
            return position
        s, e = self.cuts[i]
        shift = self._removed_before[i] + (min(position, e) - s)
        return position - shift
