"""Qt lays every line out in the Unicode Bidi Algorithm's visual order (python-bidi as the oracle)."""

from __future__ import annotations

import itertools
import re
import unicodedata

import bidi  # type: ignore[import-untyped]
import pytest
import regex
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlock, QTextLine

from annotator.core.direction import paragraph_direction
from annotator.gui.main_window import MainWindow

from tests.gui.conftest import open_doc

# external id -> (least right-to-left lines, least left-to-right lines, text on some mixed-direction line)
CASES: dict[str, tuple[int, int, str | None]] = {
    "000_4eee2279a2a81452": (20, 0, "2024"),
    "003_336e19fc3d449e98": (20, 0, "2019"),
    "004_e78b2ed2daa97c33": (20, 0, "2025"),
    "bidi_controls": (1, 0, "US-ROK"),
    "mixed_digits": (1, 0, "10,000"),
    "tashkeel": (1, 0, None),
    "emoji_before_entity": (1, 0, "كيم"),  # flag first: UBA P2 says LTR, its first letter says RTL
    "001_6baab1ea1730d38d": (0, 20, None),
    "002_cb5e77503dd4e336": (2, 20, None),
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
    at_end = True
    for i in range(end - 1, start - 1, -1):  # L1: separators, and whitespace/isolates before them, to base
        if classes[i] in ("S", "B") or (at_end and classes[i] in TRAILING):
            line[i - start], at_end = base, True
        else:
            at_end = False
    order = list(range(start, end))
    for level in range(max(line), (min(line) | 1) - 1, -1):  # L2: down to the lowest odd level
        runs = itertools.groupby(order, key=lambda i: line[i - start] >= level)  # noqa: B023
        order = [i for high, run in runs for i in (list(run)[::-1] if high else run)]
    return order


def qt_order(line: QTextLine, clusters: list[tuple[int, int, int]]) -> list[tuple[frozenset[int], float, float]]:
    """Qt's visual order of clusters (index, UTF-16 start, length), left to right, by glyph extent.

    Each unit comes with its x extent. A cluster joins the logically previous one when they share
    a glyph, or when it has no advance and sits inside the previous one's extent (Noto Naskh draws
    lam-alef as lam plus an alef of no width): a unit shows as one, neither side can order its parts.
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
    return [(frozenset(m), lo, hi) for m, _, lo, hi in sorted(units, key=lambda u: u[2] + u[3])]


@pytest.mark.parametrize("external_id", list(CASES))
def test_lines_follow_the_bidi_algorithm_and_rtl_paragraphs_align_right(window: MainWindow, external_id: str) -> None:
    """For every line Qt lays out, the clusters left to right equal the UBA's visual order.

    Levels come from python-bidi for the whole paragraph at Qt's block direction, which must be
    the paragraph's first letter's (``paragraph_direction``) or, without a letter, the UBA's
    P2/P3 direction; L1/L2 then run per line, as the UBA says. Feeding get_display one line's text
    instead would resolve weak and neutral types without the context across the line break.
    ``reorder`` is checked against python-bidi's own reordering of each whole paragraph. Both
    sides are compared as sequences of grapheme-cluster indices (a mark stays with its letter;
    mirrored brackets compare by index), leaving out glyph-less controls (RLM, RLI, PDI...) and
    the whitespace that ends a line. RTL lines must end at the right edge, LTR ones start left.
    """
    min_rtl, min_ltr, mixed_sample = CASES[external_id]
    open_doc(window, external_id)
    doc = window.view.document()
    doc.documentLayout().blockBoundingRect(doc.lastBlock())  # QTextEdit lays out lazily: finish it
    right_edge = doc.textWidth() - doc.documentMargin()
    counts = {True: 0, False: 0}  # lines compared, by direction
    clusters_compared, mixed_lines = 0, []
    block: QTextBlock = doc.begin()
    while block.isValid():
        text, layout = block.text(), block.layout()
        if text.strip():
            assert layout.lineCount() > 0, f"paragraph {block.blockNumber()} not laid out"
            rtl = block.textDirection() == Qt.LayoutDirection.RightToLeft
            wanted = paragraph_direction(text)  # its first letter's, else the UBA's (P2/P3)
            assert rtl == (wanted == "rtl" if wanted else bidi.get_base_level(text) == 1), \
                f"paragraph {block.blockNumber()}: {text[:40]!r}"
            base, direction = (1, "R") if rtl else (0, "L")
            levels, classes = uba(text, direction)
            whole = "".join(text[i] for i in reorder(levels, classes, 0, len(text), base))
            assert whole == bidi.get_display(text, base_dir=direction)  # our L1/L2 == python-bidi's
            spans = [m.span() for m in regex.finditer(r"\X", text)]
            cluster_of = [n for n, (s, e) in enumerate(spans) for _ in range(s, e)]
            utf16 = [0, *itertools.accumulate(2 if ord(ch) > 0xFFFF else 1 for ch in text)]
            for li in range(layout.lineCount()):
                line = layout.lineAt(li)
                start, end = utf16.index(line.textStart()), utf16.index(line.textStart() + line.textLength())
                while end > start and (text[end - 1].isspace() or classes[end - 1] in TRAILING):
                    end -= 1
                kept = [n for n, (s, e) in enumerate(spans) if start <= s < end
                        and not all(unicodedata.category(ch) == "Cf" for ch in text[s:e])]
                if not kept:
                    continue
                clusters = [(n, utf16[spans[n][0]], utf16[spans[n][1]] - utf16[spans[n][0]]) for n in kept]
                placed = qt_order(line, clusters)
                units = [u for u, _, _ in placed]
                unit_of = {n: u for u in units for n in u}
                expected = [unit_of[cluster_of[i]] for i in reorder(levels, classes, start, end, base)
                            if cluster_of[i] in unit_of]
                expected = [u for k, u in enumerate(expected) if k == 0 or u != expected[k - 1]]
                qt, oracle = (" ".join(text[spans[min(u)][0]:spans[max(u)][1]] for u in us) for us in (units, expected))
                assert units == expected, f"{external_id} ¶{block.blockNumber()} line {li}\nQt:  {qt}\nUBA: {oracle}"
                x = layout.position().x()
                left, right = x + min(lo for _, lo, _ in placed), x + max(hi for _, _, hi in placed)
                if rtl:
                    assert abs(right - right_edge) <= 2, (block.blockNumber(), li, right, right_edge)
                else:
                    assert abs(left - doc.documentMargin()) <= 2, (block.blockNumber(), li, left)
                counts[rtl] += 1
                clusters_compared += len(kept)
                if len({levels[i] % 2 for i in range(start, end) if classes[i] not in TRAILING}) == 2:
                    mixed_lines.append(text[start:end])
        block = block.next()
    assert counts[True] >= min_rtl and counts[False] >= min_ltr, counts
    assert clusters_compared >= 10 * sum(counts.values())
    assert mixed_sample is None or any(mixed_sample in line for line in mixed_lines), mixed_lines
