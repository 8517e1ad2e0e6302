"""The read-only text view: per-paragraph direction, span highlights, keyboard and mouse selection.

Every position this widget hands out or takes is a code-point index (DESIGN.md); Qt's UTF-16
positions are converted by ``Utf16Map`` and nowhere else.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen,
                           QSyntaxHighlighter, QTextBlock, QTextBlockFormat, QTextCharFormat, QTextCursor,
                           QTextDocument, QTextLine)
from PySide6.QtWidgets import QTextEdit, QWidget

from annotator.core.offsets import Utf16Map, cluster_boundaries
from annotator.gui.fonts import text_font

LINE_HEIGHT_PERCENT = 150  # room above each line for label tags and Arabic marks
PARAGRAPH_GAP = 0.6  # space after a paragraph, in lines
TAG_SCALE = 0.62


@dataclass(frozen=True)
class Mark:
    """One span as the view draws it. ``start``/``end`` are code points."""

    id: int
    start: int
    end: int
    label: str
    color: str
    style: str  # "box", "band" or "underline"


class SpanHighlighter(QSyntaxHighlighter):
    """Backgrounds and underlines through QSyntaxHighlighter (not ExtraSelections: see DESIGN.md)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._by_block: dict[int, list[tuple[int, int, Mark]]] = {}

    def set_marks(self, by_block: dict[int, list[tuple[int, int, Mark]]]) -> None:
        self._by_block = by_block

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        items = self._by_block.get(self.currentBlock().blockNumber())
        if not items:
            return
        cuts = sorted({0, len(text), *(p for s, e, _ in items for p in (s, e))})
        for a, b in zip(cuts, cuts[1:]):
            covering = [m for s, e, m in items if s <= a and e >= b]
            if covering:
                self.setFormat(a, b - a, _merged_format(covering))


def _merged_format(marks: list[Mark]) -> QTextCharFormat:
    fmt = QTextCharFormat()
    for mark in sorted(marks, key=lambda m: ("band", "box", "underline").index(m.style)):
        color = QColor(mark.color)
        if mark.style == "band":
            fmt.setBackground(QColor(color.red(), color.green(), color.blue(), 70))
        elif mark.style == "box":
            fmt.setBackground(QColor(color.red(), color.green(), color.blue(), 48))
        else:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(color)
    return fmt


class AnnotationView(QTextEdit):
    """Shows one document; emits what the annotator asks for, never touches the project itself."""

    keyTyped = Signal(str)          # a printable key without Ctrl/Alt: a label key, perhaps
    markClicked = Signal(int)       # the id of the span under a plain click
    emptyClicked = Signal()
    selectionMoved = Signal()

    def __init__(self, parent: QWidget | None = None, point_size: float = 15.0) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(18)
        self._text = ""
        self._map = Utf16Map("")
        self._bounds: list[int] | None = None
        self._marks: dict[int, Mark] = {}
        self._box_starts: list[tuple[int, int]] = []  # (start, id) of box marks, sorted
        self.selected_mark: int | None = None
        self._press_pos: QPoint | None = None
        self.highlighter = SpanHighlighter(self.document())
        self.set_point_size(point_size)
        self.selectionChanged.connect(self.selectionMoved)

    # -- content -----------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str, marks: list[Mark]) -> None:
        self._text = text
        self._map = Utf16Map(text)
        self._bounds = None
        self.selected_mark = None
        self._marks = {m.id: m for m in marks}
        self.highlighter.set_marks(self._by_block())
        self._rebuild_boxes()
        self.setPlainText(text)  # the highlighter formats blocks as they are laid out
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        fmt = QTextBlockFormat()
        fmt.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setBottomMargin(QFontMetricsF(self.font()).height() * PARAGRAPH_GAP)
        cursor.mergeBlockFormat(fmt)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_marks(self, marks: list[Mark]) -> None:
        """Replace every mark, repainting only the paragraphs whose marks changed."""
        old = self._marks
        self._marks = {m.id: m for m in marks}
        if self.selected_mark not in self._marks:
            self.selected_mark = None
        changed = [m for m in marks if old.get(m.id) != m] + [m for i, m in old.items() if i not in self._marks]
        self.highlighter.set_marks(self._by_block())
        self._rebuild_boxes()
        doc = self.document()
        blocks: set[int] = set()
        for mark in changed:
            first = doc.findBlock(self._map.to_utf16(mark.start)).blockNumber()
            last = doc.findBlock(max(self._map.to_utf16(mark.end) - 1, 0)).blockNumber()
            blocks.update(range(first, last + 1))
        for number in sorted(blocks):
            self.highlighter.rehighlightBlock(doc.findBlockByNumber(number))
        self.viewport().update()

    def marks(self) -> list[Mark]:
        return list(self._marks.values())

    def _by_block(self) -> dict[int, list[tuple[int, int, Mark]]]:
        """Each mark cut into per-paragraph pieces, in UTF-16 positions relative to the paragraph."""
        starts = [0] + [i + 1 for i, ch in enumerate(self._text) if ch == "\n"]
        by_block: dict[int, list[tuple[int, int, Mark]]] = {}
        for mark in self._marks.values():
            first = bisect.bisect_right(starts, mark.start) - 1
            last = bisect.bisect_right(starts, max(mark.end - 1, mark.start)) - 1
            for number in range(first, last + 1):
                block_start = starts[number]
                block_end = starts[number + 1] - 1 if number + 1 < len(starts) else len(self._text)
                s, e = max(mark.start, block_start), min(mark.end, block_end)
                if s < e:
                    base = self._map.to_utf16(block_start)
                    by_block.setdefault(number, []).append(
                        (self._map.to_utf16(s) - base, self._map.to_utf16(e) - base, mark))
        return by_block

    def _rebuild_boxes(self) -> None:
        self._box_starts = sorted((m.start, m.id) for m in self._marks.values() if m.style == "box")

    # -- positions and selection ------------------------------------------------------------

    def boundaries(self) -> list[int]:
        if self._bounds is None:
            self._bounds = cluster_boundaries(self._text)
        return self._bounds

    def selection(self) -> tuple[int, int] | None:
        """The selected characters as code points, end-exclusive; None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._map.from_utf16(cursor.selectionStart()), self._map.from_utf16(cursor.selectionEnd())

    def cursor_position(self) -> int:
        return self._map.from_utf16(self.textCursor().position())

    def select(self, start: int, end: int, *, reverse: bool = False) -> None:
        """Select ``[start, end)`` (code points) and scroll it into view."""
        cursor = QTextCursor(self.document())
        anchor, position = (end, start) if reverse else (start, end)
        cursor.setPosition(self._map.to_utf16(anchor))
        cursor.setPosition(self._map.to_utf16(position), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def position_at(self, point: QPoint) -> int:
        return self._map.from_utf16(self.cursorForPosition(point).position())

    def mark_at(self, position: int, styles: tuple[str, ...] = ("box", "underline", "band")) -> Mark | None:
        """The shortest mark covering the character at ``position`` (boxes before underlines before bands)."""
        hits = [m for m in self._marks.values() if m.start <= position < m.end and m.style in styles]
        hits.sort(key=lambda m: (styles.index(m.style), m.end - m.start))
        return hits[0] if hits else None

    def is_rtl_at(self, position: int) -> bool:
        block = self.document().findBlock(self._map.to_utf16(min(position, len(self._text))))
        return block.textDirection() == Qt.LayoutDirection.RightToLeft

    def move_edge(self, edge: str, visual_step: int) -> bool:
        """Move the selection's ``"start"`` or ``"end"`` by one character *visually* (+1 = rightwards).

        In a right-to-left paragraph rightwards is logically earlier, so the step is negated
        there; the move goes by grapheme clusters so a letter never loses its marks.
        """
        sel = self.selection()
        if sel is None:
            return False
        start, end = sel
        pos = start if edge == "start" else end
        logical = -visual_step if self.is_rtl_at(start if edge == "start" else max(end - 1, 0)) else visual_step
        bounds = self.boundaries()
        i = bisect.bisect_left(bounds, pos)
        j = i + logical if i < len(bounds) and bounds[i] == pos else (i - 1 if logical < 0 else i)
        if not 0 <= j < len(bounds):
            return False
        new = bounds[j]
        start, end = (new, end) if edge == "start" else (start, new)
        if start >= end:
            return False
        self.select(start, end, reverse=edge == "start")
        return True

    # -- look -----------------------------------------------------------------------------

    def set_point_size(self, size: float) -> None:
        self.setFont(text_font(size))
        self.document().setDefaultFont(self.font())
        self.viewport().update()

    def point_size(self) -> float:
        return self.font().pointSizeF()

    # -- events ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        mods = event.modifiers()
        key = event.key()
        if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            edge = "end" if mods & Qt.KeyboardModifier.ShiftModifier else "start"
            self.move_edge(edge, 1 if key == Qt.Key.Key_Right else -1)
            return
        text = event.text()
        plain = not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                            | Qt.KeyboardModifier.MetaModifier)
        if plain and len(text) == 1 and text.isprintable() and not text.isspace():
            self.keyTyped.emit(text)
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        if (event.position().toPoint() - press).manhattanLength() > 3 or self.textCursor().hasSelection():
            return
        mark = self._mark_under(press)
        if mark is None:
            self.selected_mark = None
            self.emptyClicked.emit()
        else:
            self.markClicked.emit(mark.id)
        self.viewport().update()

    def _mark_under(self, point: QPoint) -> Mark | None:
        """The mark drawn under a point: the character hit, if the point is really on it."""
        cursor = self.cursorForPosition(point)
        pos = self._map.from_utf16(cursor.position())
        for candidate in (pos, pos - 1):
            if 0 <= candidate < len(self._text):
                mark = self.mark_at(candidate)
                if mark and any(r.contains(QPointF(point)) for r in self.mark_rects(mark)):
                    return mark
        return None

    # -- painting boxes and tags ----------------------------------------------------------

    def mark_rects(self, mark: Mark) -> list[QRectF]:
        """Viewport rectangles covering a mark, one per visual run per line (bidi splits runs)."""
        doc = self.document()
        qs, qe = self._map.to_utf16(mark.start), self._map.to_utf16(mark.end)
        offset = QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        rects: list[QRectF] = []
        block = doc.findBlock(qs)
        while block.isValid() and block.position() < qe:
            rects += _block_rects(block, qs, qe, offset)
            block = block.next()
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._marks:
            return
        top = self._map.from_utf16(self.cursorForPosition(QPoint(0, 0)).position())
        bottom = self._map.from_utf16(self.cursorForPosition(QPoint(self.viewport().width(),
                                                                  self.viewport().height())).position())
        first_line = self._text.rfind("\n", 0, top) + 1
        last_line = self._text.find("\n", bottom)
        last_line = len(self._text) if last_line < 0 else last_line
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        tag_font = QFont(self.font())
        tag_font.setPointSizeF(max(6.0, self.font().pointSizeF() * TAG_SCALE))
        tag_metrics = QFontMetricsF(tag_font)
        visible = self._box_starts[:bisect.bisect_left(self._box_starts, (last_line + 1, -1))]
        for _, mark_id in visible:
            mark = self._marks[mark_id]
            if mark.end <= first_line:
                continue
            self._paint_box(painter, mark, tag_font, tag_metrics)
        if self.selected_mark is not None and self.selected_mark in self._marks:
            selected = self._marks[self.selected_mark]
            pen = QPen(QColor("#000000"), 2.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in self.mark_rects(selected):
                painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 4, 4)
        painter.end()

    def _paint_box(self, painter: QPainter, mark: Mark, tag_font: QFont, metrics: QFontMetricsF) -> None:
        color = QColor(mark.color)
        rects = self.mark_rects(mark)
        if not rects:
            return
        painter.setPen(QPen(color, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in rects:
            painter.drawRoundedRect(rect, 3, 3)
        first = rects[0]
        rtl = self.is_rtl_at(mark.start)
        width = metrics.horizontalAdvance(mark.label) + 6
        height = metrics.height()
        x = first.right() - width if rtl else first.left()
        tag = QRectF(x, first.top() - height + 1, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(tag, 2, 2)
        painter.setPen(QColor("#ffffff") if color.lightnessF() < 0.6 else QColor("#000000"))
        painter.setFont(tag_font)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, mark.label)


def _block_rects(block: QTextBlock, qs: int, qe: int, offset: QPointF) -> list[QRectF]:
    layout = block.layout()
    base = block.position()
    origin = layout.position() + offset
    rects: list[QRectF] = []
    for i in range(layout.lineCount()):
        line: QTextLine = layout.lineAt(i)
        ls = base + line.textStart()
        s, e = max(qs, ls), min(qe, ls + line.textLength())
        if s >= e:
            continue
        runs: list[tuple[float, float]] = []
        for run in line.glyphRuns(s - base, e - s):
            indexes = run.glyphIndexes()
            if not indexes:
                continue
            advances = run.rawFont().advancesForGlyphIndexes(indexes)
            xs = [(p.x(), p.x() + a.x()) for p, a in zip(run.positions(), advances)]
            runs.append((min(x for x, _ in xs), max(x for _, x in xs)))
        runs.sort()
        merged: list[list[float]] = []
        for x0, x1 in runs:
            if merged and x0 <= merged[-1][1] + 0.5:
                merged[-1][1] = max(merged[-1][1], x1)
            else:
                merged.append([x0, x1])
        ascent = line.ascent() + line.descent()
        for x0, x1 in merged:
            rects.append(QRectF(origin.x() + x0 - 1, origin.y() + line.y() - 1, x1 - x0 + 2, ascent + 2))
    return rects
