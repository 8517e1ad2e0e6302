"""Qt lays every line out in the Unicode Bidi Algorithm's visual order (python-bidi as the oracle)."""

from __future__ import annotations

import re
import unicodedata

import bidi
import pytest
import regex
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlock, QTextLine
from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow

from tests.gui.conftest import open_doc

# external id -> (right-to-left paragraphs expected, minimum lines compared, a mixed-direction line expected)
CASES = {
    "000_4eee2279a2a81452": (True, 20, True),
    "003_336e19fc3d449e98": (True, 20, False),
    "004_e78b2ed2daa97c33": (True, 20, True),
    "bidi_controls": (True, 1, True),
    "mixed_digits": (True, 1, True),
    "tashkeel": (True, 1, False),
    "001_6baab1ea1730d38d": (False, 20, False),
    "002_cb5e77503dd4e336": (False, 20, False),
}
TRAILING = {"WS", "S", "B", "BN", "LRI", "RLI", "FSI", "PDI", "LRE", "RLE", "LRO", "RLO", "PDF"}


def uba(paragraph: str, base: str) -> tuple[list[int], list[str]]:
    """python-bidi's resolved levels (UBA P2-I2) and bidi classes, one per code point.

    Its debug dump (the unicode-bidi crate's BidiInfo) lists them per UTF-8 byte; we read each
    code point's first byte.
    """
    dump = bidi.get_display(paragraph, base_dir=base, debug=True)
    levels = [int(n) for n in re.findall(r"Level\(\s*(\d+),", dump.split("levels:")[1].split("paragraphs:")[0])]
    classes = re.findall(r"^\s+(\w+),$", dump.split("original_classes:")[1].split("levels:")[0], re.M)
    firsts, byte = [], 0
    for ch in paragraph:
        firsts.append(byte)
        byte += len(ch.encode())
    assert len(levels) == len(classes) == byte
    return [levels[b] for b in firsts], [classes[b] for b in firsts]


def reorder(levels: list[int], classes: list[str], start: int, end: int, base: int) -> list[int]:
    """UBA L1 and L2 on one line ``[start, end)``: the logical indices in visual order, left to right."""
    line = levels[start:end]
    i = end
    while i > start and classes[i - 1] in TRAILING:  # L1: trailing whitespace/isolates go to the base level
        i -= 1
        line[i - start] = base
    order = list(range(start, end))
    for level in range(max(line), min(lv for lv in line if lv % 2) - 1 if any(lv % 2 for lv in line) else max(line) + 1, -1):
        k = 0
        while k < len(order):  # L2: reverse every maximal run at this level or higher
            if line[order[k] - start] >= level:
                j = k
                while j < len(order) and line[order[j] - start] >= level:
                    j += 1
                order[k:j] = order[k:j][::-1]
                k = j
            k += 1
    return order


def qt_order(line: QTextLine, clusters: list[tuple[int, int, int]]) -> list[frozenset[int]]:
    """Qt's visual order of clusters (index, UTF-16 start, length), left to right, by glyph extent.

    A cluster joins the logically previous one when they share a glyph, or when it has no advance
    and sits inside the previous one's extent (Noto Naskh draws lam-alef as lam plus an alef of no
    width): such units show as one, so neither side can order their parts.
    """
    units: list[tuple[set[int], set[tuple[int, float, float]], float, float]] = []
    for index, start, length in clusters:
        glyphs, xs = set(), []
        for run in line.glyphRuns(start, length):
            advances = run.rawFont().advancesForGlyphIndexes(run.glyphIndexes())
            for g, p, a in zip(run.glyphIndexes(), run.positions(), advances):
                glyphs.add((g, round(p.x(), 2), round(p.y(), 2)))
                xs += [p.x(), p.x() + a.x()]
        assert xs, f"no glyph for cluster {index}"
        lo, hi = min(xs), max(xs)
        if units and (glyphs & units[-1][1] or (hi - lo < 0.01 and units[-1][2] <= lo <= units[-1][3])):
            members, seen, ulo, uhi = units.pop()
            units.append((members | {index}, seen | glyphs, min(ulo, lo), max(uhi, hi)))
        else:
            units.append(({index}, glyphs, lo, hi))
    return [frozenset(u[0]) for u in sorted(units, key=lambda u: u[2] + u[3])]


@pytest.mark.parametrize("external_id", list(CASES))
def test_lines_follow_the_bidi_algorithm_and_rtl_paragraphs_align_right(window: MainWindow, external_id: str) -> None:
    """For every line Qt lays out, the clusters left to right equal the UBA's visual order.

    Levels come from python-bidi for the whole paragraph (P2/P3 checked against Qt's block
    direction), and L1/L2 run per line, since UBA reorders lines, not paragraphs;
    ``reorder`` is checked against python-bidi's own reordering of each whole paragraph. Both
    sides are compared as sequences of grapheme-cluster indices (a mark stays with its letter;
    mirrored brackets compare by index), leaving out glyph-less controls (RLM, RLI, PDI...) and
    the whitespace that ends a line.
    """
    rtl_expected, min_lines, mixed_expected = CASES[external_id]
    open_doc(window, external_id)
    QApplication.processEvents()
    doc = window.view.document()
    right_edge = doc.textWidth() - doc.documentMargin()
    lines = clusters_compared = mixed = 0
    block: QTextBlock = doc.begin()
    while block.isValid():
        text, layout = block.text(), block.layout()
        if text.strip():
            rtl = block.textDirection() == Qt.LayoutDirection.RightToLeft
            assert rtl == (bidi.get_base_level(text) == 1), f"paragraph {block.blockNumber()}: {text[:40]!r}"
            assert rtl == rtl_expected or not any(c.isalpha() for c in text)
            base = 1 if rtl else 0
            levels, classes = uba(text, "R" if rtl else "L")
            whole = reorder(levels, classes, 0, len(text), base)
            assert "".join(text[i] for i in whole) == bidi.get_display(text, base_dir="R" if rtl else "L")
            spans = [m.span() for m in regex.finditer(r"\X", text)]
            cluster_of = [n for n, (s, e) in enumerate(spans) for _ in range(s, e)]
            utf16 = [0]
            for ch in text:
                utf16.append(utf16[-1] + (2 if ord(ch) > 0xFFFF else 1))
            for li in range(layout.lineCount()):
                line = layout.lineAt(li)
                start = next(i for i, u in enumerate(utf16) if u >= line.textStart())
                end = next(i for i, u in enumerate(utf16) if u >= line.textStart() + line.textLength())
                while end > start and (text[end - 1].isspace() or classes[end - 1] in TRAILING):
                    end -= 1
                kept = [n for n, (s, e) in enumerate(spans) if start <= s < end
                        and not all(unicodedata.category(ch) == "Cf" for ch in text[s:e])]
                if not kept:
                    continue
                clusters = [(n, utf16[spans[n][0]], utf16[spans[n][1]] - utf16[spans[n][0]]) for n in kept]
                units = qt_order(line, clusters)
                unit_of = {n: u for u in units for n in u}
                expected = [unit_of[cluster_of[i]] for i in reorder(levels, classes, start, end, base)
                            if cluster_of[i] in unit_of]
                expected = [u for k, u in enumerate(expected) if k == 0 or u != expected[k - 1]]
                shown = lambda us: " ".join(text[spans[min(u)][0]:spans[max(u)][1]] for u in us)  # noqa: E731
                assert [sorted(u) for u in units] == [sorted(u) for u in expected], (
                    f"{external_id} paragraph {block.blockNumber()} line {li}:\n"
                    f"  Qt:  {shown(units)}\n  UBA: {shown(expected)}")
                rect = line.naturalTextRect()
                x = layout.position().x()
                if rtl:
                    assert abs(x + rect.right() - right_edge) <= 2, (block.blockNumber(), li, rect, right_edge)
                else:
                    assert abs(x + rect.left() - doc.documentMargin()) <= 2, (block.blockNumber(), li, rect)
                lines += 1
                clusters_compared += len(kept)
                line_levels = {levels[i] % 2 for i in range(start, end) if classes[i] not in TRAILING}
                mixed += len(line_levels) == 2
        block = block.next()
    assert lines >= min_lines and clusters_compared >= 10 * lines
    assert mixed > 0 if mixed_expected else True
