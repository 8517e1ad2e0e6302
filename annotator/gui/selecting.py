"""How the text view turns the mouse and the keys into the characters meant (part of AnnotationView).

**The position under the mouse is the position drawn.** Qt's own hit test (``cursorForPosition``)
sits about half a letter off in right-to-left lines. Here the view asks Qt's layout where each
grapheme cluster of the line under the mouse is drawn (``QTextLine.glyphRuns``: the glyphs the view
paints, bidi runs and shaping included), finds the cluster under the mouse, and takes the edge of
that cluster nearer to the mouse: in a right-to-left run the right half of a letter is before it,
in a left-to-right run the left half. A ligature's glyph (لا) is shared out among its letters.

**Selections snap to units** (``annotator.core.units``: words, a proclitic before a name left out,
edge whitespace and punctuation left out) on a drag, a double-click and Ctrl+Shift+arrows, unless
snapping is switched off (a setting) or Alt is held while dragging (character precision).
"""

from __future__ import annotations

import bisect
import time
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTextBlock, QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.core import units
from annotator.core.offsets import cluster_boundaries, step_cluster
from annotator.gui.painting import run_extent


CLICK_SLOP = 3  # pixels the mouse may move between press and release and still be a click


class Drawn(NamedTuple):
    """A grapheme cluster as drawn on its line: code points ``[start, end)``, x from ``left`` to ``right``
    (the block's coordinates), and whether it runs right to left."""

    start: int
    end: int
    left: float
    right: float
    rtl: bool


class Selecting:
    """Part of AnnotationView: hit testing from the painted glyphs, and selections that snap to units."""

    snap_to_units = True  # the setting (Edit → Snap selections to words)
    known: Callable[[], units.Known | None] = staticmethod(lambda: None)  # names the project knows (the session's)

    def _reset_geometry(self) -> None:
        self._bounds = cluster_boundaries(self._text)
        self._lines: dict[tuple[int, int], list[Drawn]] = {}
        self._lines_width = -1.0
        self._drag: tuple[int, bool] | None = None  # (anchor, precise) while the left button drags
        self._extending = False  # the press had Shift: a click extends the selection too
        self._double_at: tuple[QPoint, float] | None = None  # where and when the last double-click was

    @property
    def dragging(self) -> bool:
        """The left button is down and the selection follows the mouse."""
        return self._drag is not None

    # -- where the mouse is -------------------------------------------------------------------

    def boundary_at(self, point: QPoint) -> int:
        """The cluster boundary (code points) nearest to a viewport point, as the text is drawn."""
        found = self._drawn_under(point)
        if found is None:
            return self._map.from_utf16(self.cursorForPosition(point).position())
        cluster, x = found
        first_half = x < (cluster.left + cluster.right) / 2  # the left half
        if cluster.rtl:
            return cluster.end if first_half else cluster.start
        return cluster.start if first_half else cluster.end

    def character_at(self, point: QPoint) -> int | None:
        """The first code point of the cluster drawn under (or nearest to) a viewport point."""
        found = self._drawn_under(point)
        return None if found is None else found[0].start

    def _drawn_under(self, point: QPoint) -> tuple[Drawn, float] | None:
        at = QPointF(point) + QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        block = self._block_at(at.y())
        if block is None:
            return None
        layout = block.layout()
        origin = layout.position()
        y = at.y() - origin.y()
        lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        if not lines:
            return None
        number = min(range(len(lines)), key=lambda i: 0 if lines[i].y() <= y < lines[i].y() + lines[i].height()
                     else min(abs(y - lines[i].y()), abs(y - lines[i].y() - lines[i].height())))
        drawn = self._line_clusters(block, number)
        if not drawn:
            return None
        x = at.x() - origin.x()
        under = [c for c in drawn if c.left <= x <= c.right]
        cluster = min(under or drawn, key=lambda c: 0.0 if under else min(abs(x - c.left), abs(x - c.right)))
        return cluster, x

    def _block_at(self, y: float) -> QTextBlock | None:
        """The paragraph at document height ``y`` (or the nearest one), found from Qt's guess."""
        layout = self.document().documentLayout()
        block = self.cursorForPosition(QPoint(0, int(y - self.verticalScrollBar().value()))).block()
        for _ in range(10_000):
            if not block.isValid():
                return None
            rect = layout.blockBoundingRect(block)
            if y < rect.top() and block.previous().isValid():
                block = block.previous()
            elif y >= rect.bottom() and block.next().isValid() and not layout.blockBoundingRect(block.next()).isEmpty():
                block = block.next()
            else:
                return block
        return block

    def _line_clusters(self, block: QTextBlock, number: int) -> list[Drawn]:
        """Where each cluster of a line is drawn, kept until the layout changes."""
        width = self.document().textWidth()
        if width != self._lines_width:
            self._lines.clear()
            self._lines_width = width
        key = (block.blockNumber(), number)
        known = self._lines.get(key)
        if known is not None:
            return known
        line = block.layout().lineAt(number)
        base = block.position()
        first = self._map.from_utf16(base + line.textStart())
        last = self._map.from_utf16(base + line.textStart() + line.textLength())
        rtl_block = block.textDirection() == Qt.LayoutDirection.RightToLeft
        drawn: list[Drawn] = []
        at = bisect.bisect_left(self._bounds, first)
        while at + 1 < len(self._bounds) and self._bounds[at] < last:
            start, end = self._bounds[at], min(self._bounds[at + 1], last)
            at += 1
            q0, q1 = self._map.to_utf16(start), self._map.to_utf16(end)
            runs = [run for run in line.glyphRuns(q0 - base, q1 - q0) if run.glyphIndexes()]
            xs = [x for run in runs for x in run_extent(run) or ()]
            if xs and self._text[start] != "\n":
                # the direction the cluster is drawn in: its glyph run's (a space inside an English name in
                # an Arabic line runs left to right), the character's own where Qt gives no run
                rtl = runs[0].isRightToLeft() if runs else _is_rtl(self._text[start], rtl_block)
                drawn.append(Drawn(start, end, min(xs), max(xs), rtl))
        drawn = _share_ligatures(drawn)
        self._lines[key] = drawn
        return drawn

    # -- the mouse ----------------------------------------------------------------------------

    def _select_range(self, anchor: int, position: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(anchor))
        cursor.setPosition(self._map.to_utf16(position), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def _drag_to(self, point: QPoint) -> None:
        """Select from the press to ``point``: whole units, or (precise) the clusters between."""
        assert self._drag is not None
        anchor, precise = self._drag
        here = self.boundary_at(point)
        lo, hi = min(anchor, here), max(anchor, here)
        if lo == hi:
            under = None if precise else self.character_at(point)
            if under is None:  # characters: nothing between the press and here
                self._select_range(anchor, anchor)
                return
            lo, hi = under, step_cluster(self._text, under, +1)  # a drag within one letter: its word
        if not precise:
            snapped = units.snap(self._text, lo, hi, self.known())
            if snapped[0] < snapped[1]:
                lo, hi = snapped
        if here >= anchor:
            self._select_range(lo, hi)
        else:
            self._select_range(hi, lo)

    def _press_selecting(self, event: QMouseEvent, extend: bool) -> None:
        """A left press starts a selection at the boundary drawn under the mouse (with Shift: extends the
        selection from its anchor to there). The press of a triple-click keeps Qt's paragraph selection."""
        if self._double_at is not None:
            at, when = self._double_at
            self._double_at = None
            if (time.monotonic() - when) * 1000 < QApplication.doubleClickInterval() and \
                    (event.position().toPoint() - at).manhattanLength() <= CLICK_SLOP:
                self._drag = None
                return
        precise = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier) or not self.snap_to_units
        self._extending = extend
        if extend:  # from the cursor (or the selection's anchor) to here
            self._drag = (self._map.from_utf16(self.textCursor().anchor()), precise)
            self._drag_to(event.position().toPoint())
            return
        self._drag = (self.boundary_at(event.position().toPoint()), precise)
        self._select_range(self._drag[0], self._drag[0])

    def _dragged(self, point: QPoint) -> bool:
        """The mouse moved far enough from the press to be a drag, not a click."""
        return self._press_pos is None or (point - self._press_pos).manhattanLength() > CLICK_SLOP

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseMoveEvent(event)  # Qt scrolls while dragging past the edge
        point = event.position().toPoint()
        if self._drag is not None and event.buttons() & Qt.MouseButton.LeftButton and self._dragged(point):
            self._drag_to(point)

    def _release_selecting(self, event: QMouseEvent) -> None:
        """The drag ends where the mouse is released; a click (no drag) leaves the cursor at the press."""
        if self._drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        if self._dragged(point) or self._extending:
            self._drag_to(point)
        else:
            self._select_range(self._drag[0], self._drag[0])
        self._drag = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """A double-click selects the unit under the mouse (a word, without a proclitic before a name)."""
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        super().mouseDoubleClickEvent(event)  # Qt times a third click from here (a paragraph)
        at = self.character_at(event.position().toPoint())
        self._drag = None
        self._double_at = (event.position().toPoint(), time.monotonic())  # a third click selects the paragraph
        if at is None:
            return
        lo, hi = units.snap(self._text, at, at, self.known())
        if lo < hi:
            self._select_range(lo, hi)

    # -- the keys -----------------------------------------------------------------------------

    def _step_units(self, event: QKeyEvent) -> bool:
        """Ctrl+Shift+Left/Right: move the selection's moving end by one unit, visually in a right-to-left
        paragraph (Left goes on through the text). False when it is not that key or snapping is off."""
        mods = event.modifiers()
        wanted = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if (not self.snap_to_units or event.key() not in (Qt.Key.Key_Left, Qt.Key.Key_Right)
                or mods & (wanted | Qt.KeyboardModifier.AltModifier) != wanted):
            return False
        cursor = self.textCursor()
        anchor, position = self._map.from_utf16(cursor.anchor()), self._map.from_utf16(cursor.position())
        rightwards = event.key() == Qt.Key.Key_Right
        forward = not rightwards if self.is_rtl_at(max(position - (0 if rightwards else 1), 0)) else rightwards
        anchor, position = units.step_selection(self._text, anchor, position, forward, self.known())
        self._select_range(anchor, position)
        self.ensureCursorVisible()
        return True


def _is_rtl(ch: str, rtl_block: bool) -> bool:
    kind = unicodedata.bidirectional(ch)
    if kind in ("R", "AL"):
        return True
    if kind in ("L", "EN", "AN"):
        return False
    return rtl_block  # a space or a punctuation mark runs with its paragraph


def _share_ligatures(drawn: list[Drawn]) -> list[Drawn]:
    """Clusters drawn by one glyph (لا: lam and alef) share its width out, in reading order."""
    out: list[Drawn] = []
    i = 0
    while i < len(drawn):
        j = i + 1
        while j < len(drawn) and (drawn[j].left, drawn[j].right) == (drawn[i].left, drawn[i].right):
            j += 1
        group = drawn[i:j]
        if len(group) == 1:
            out.append(group[0])
        else:
            width = (group[0].right - group[0].left) / len(group)
            for k, c in enumerate(group):
                slot = len(group) - 1 - k if c.rtl else k
                out.append(c._replace(left=c.left + slot * width, right=c.left + (slot + 1) * width))
        i = j
    return out
