"""The read-only text view: per-paragraph direction, span highlights, keyboard and mouse selection.

Every position this widget hands out or takes is a code-point index (DESIGN.md); Qt's UTF-16
positions are converted by ``Utf16Map`` and nowhere else.

Highlights are painted, not formatted: for the marks on screen, the view asks Qt's layout where
their glyphs are (``QTextLine.glyphRuns``, so bidi runs are right) and paints fills that
multiply with the text (the paper takes the colour, letters and their marks stay black), then
outlines, underlines and label tags. Nothing is re-laid out when a span
changes, and no QTextEdit.ExtraSelection is used (it crashes PySide6 6.12, see DESIGN.md).
"""

from __future__ import annotations

import bisect
import math
import unicodedata
from collections.abc import Callable
from typing import NamedTuple, Protocol

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen,
                           QPixmap, QTextBlock, QTextBlockFormat, QTextCursor, QTextDocument, QTextLine)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from annotator.core.direction import Direction, paragraph_direction
from annotator.core.language import guess_language
from annotator.core.offsets import Utf16Map, snap_to_clusters, step_cluster
from annotator.gui.fonts import text_font

LINE_HEIGHT_PERCENT = 150  # room above each line for label tags and Arabic marks
PARAGRAPH_GAP = 0.6  # space after a paragraph, in lines
TAG_SCALE = 0.62


class Mark(Protocol):
    """What the view draws: a span (SpanView fits). ``start``/``end`` are code points."""

    @property
    def id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def layer(self) -> str: ...
    @property
    def label(self) -> str: ...


class _Range(NamedTuple):
    """A candidate span in review mode: drawn, never selected."""

    id: int
    start: int
    end: int
    disputed: bool


Looks = dict[tuple[str, str], tuple[str, str]]  # (layer, label) -> (colour, style: "box", "band" or "underline")


class AnnotationView(QTextEdit):
    """Shows one document; emits what the annotator asks for, never touches the project itself."""

    keyTyped = Signal(str)          # a printable key without Ctrl/Alt: a label key, perhaps
    markClicked = Signal(int)       # the id of the span chosen by a click (see ``mouseReleaseEvent``)
    otherMarkOffered = Signal(int)  # a click found only another layer's span: its id (a second click takes it)
    emptyClicked = Signal()
    selectionMoved = Signal()
    selectedMarkChanged = Signal(object)  # the selected span's id, or None when no span is selected

    def __init__(self, looks: Looks, parent: QWidget | None = None, point_size: float = 15.0) -> None:
        super().__init__(parent)
        self.looks = looks
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(18)
        self._text = ""
        self._arabic = False  # an Arabic document: Noto Naskh Arabic comes first in its font
        self._map = Utf16Map("")
        self._marks: dict[int, Mark] = {}
        self._starts: list[tuple[int, int]] = []  # (start, id) of every mark, sorted
        self._longest = 0  # the longest mark's length, to find marks that start before the screen
        self._first_block = 0  # the first paragraph on screen at the last paint
        self._rects: dict[tuple[int, int], list[QRectF]] = {}  # (UTF-16 start, end) -> rects, document coordinates
        self._rects_width = -1.0  # the text width they were laid out at
        self._tags: dict[tuple[str, str, float, float], QPixmap] = {}
        self._candidates: list[_Range] = []  # review mode: annotators' spans, underlined under the gold
        self._suggestions: list[Mark] = []  # suggested spans: a dashed outline, never a fill
        self.current_suggestion: int | None = None  # the one the keys accept or reject (drawn thicker)
        self._selected_mark: int | None = None
        self.current_layer: str | None = None  # the layer the keys act on: a plain click selects its spans
        self._offered: int | None = None  # another layer's span a click found: clicked again, it is selected
        self._press_pos: QPoint | None = None
        self.set_point_size(point_size)
        self.selectionChanged.connect(self.selectionMoved)

    # -- content -----------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    @property
    def selected_mark(self) -> int | None:
        """The id of the selected span (drawn with a dashed outline), or None."""
        return self._selected_mark

    @selected_mark.setter
    def selected_mark(self, mark_id: int | None) -> None:
        if mark_id != self._selected_mark:
            self._selected_mark = mark_id
            self.selectedMarkChanged.emit(mark_id)

    def set_text(self, text: str, marks: list[Mark]) -> None:
        """Show a new document. A fresh QTextDocument gets the text with its paragraph format in one
        insert (merging a format afterwards would lay everything out twice)."""
        self._text = text
        self._map = Utf16Map(text)
        self._arabic = guess_language(text) == "ar"
        self._candidates = []
        self._suggestions = []
        self.current_suggestion = None
        self.selected_mark = None
        self._offered = None
        self._first_block = 0
        self._set_marks(marks)
        self._fill_document()

    def _fill_document(self) -> None:
        doc = QTextDocument(self)
        doc.setDefaultFont(text_font(self.point_size(), arabic_first=self._arabic))
        doc.setDocumentMargin(18)
        doc.setUndoRedoEnabled(False)
        fmt = QTextBlockFormat()
        fmt.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setBottomMargin(QFontMetricsF(self.font()).height() * PARAGRAPH_GAP)
        cursor = QTextCursor(doc)
        cursor.setBlockFormat(fmt)
        cursor.insertText(self._text)
        _set_directions(doc, self._text, fmt)
        self.setDocument(doc)  # the old document, a child of this view, is deleted by Qt
        self._rects.clear()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_marks(self, marks: list[Mark]) -> None:
        """Replace every mark; only the screen is repainted, nothing is laid out again."""
        self._set_marks(marks)
        if self.selected_mark not in self._marks:
            self.selected_mark = None
        self.viewport().update()

    def put_mark(self, mark: Mark) -> None:
        """Add or replace one mark."""
        old = self._marks.get(mark.id)
        if old is not None:
            self._starts.remove((old.start, old.id))
        self._marks[mark.id] = mark
        bisect.insort(self._starts, (mark.start, mark.id))
        self._longest = max(self._longest, mark.end - mark.start)
        self.viewport().update()

    def remove_mark(self, mark_id: int) -> None:
        old = self._marks.pop(mark_id, None)
        if old is not None:
            self._starts.remove((old.start, old.id))
        if self.selected_mark == mark_id:
            self.selected_mark = None
        self.viewport().update()

    def _set_marks(self, marks: list[Mark]) -> None:
        self._marks = {m.id: m for m in marks}
        self._starts = sorted((m.start, m.id) for m in marks)
        self._longest = max((m.end - m.start for m in marks), default=0)  # may overstate after removals: safe

    def set_candidates(self, ranges: list[tuple[int, int, bool]]) -> None:
        """Review mode: every annotator's spans as (start, end, disputed), drawn as lines under the text
        (red and dashed where the annotators differ); an empty list takes them away."""
        self._candidates = [_Range(-1 - i, start, end, disputed) for i, (start, end, disputed) in enumerate(ranges)]
        self.viewport().update()

    def marks(self) -> list[Mark]:
        return list(self._marks.values())

    def set_suggestions(self, suggestions: list[Mark]) -> None:
        """Suggested spans (in text order), drawn as dashed outlines in their label's colour."""
        self._suggestions = list(suggestions)
        if self.current_suggestion not in {s.id for s in self._suggestions}:
            self.current_suggestion = None
        self.viewport().update()

    def suggestions(self) -> list[Mark]:
        return self._suggestions

    def suggestion_at(self, position: int) -> Mark | None:
        """The shortest suggestion covering ``position`` (or ending just there: the cursor after a word)."""
        hits = [s for s in self._suggestions if s.start <= position < s.end] or \
               [s for s in self._suggestions if s.end == position]
        return min(hits, key=lambda s: s.end - s.start) if hits else None

    def style_of(self, mark: Mark) -> str:
        return self.looks.get((mark.layer, mark.label), ("#888888", "box"))[1]

    def color_of(self, mark: Mark) -> str:
        return self.looks.get((mark.layer, mark.label), ("#888888", "box"))[0]

    # -- positions and selection ------------------------------------------------------------

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """Widen a range to whole grapheme clusters (Qt's cursor already stops only there)."""
        return snap_to_clusters(self._text, start, end)

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

    def mark_at(self, position: int, styles: tuple[str, ...] = ("box", "underline", "band"),
                layer: str | None = None) -> Mark | None:
        """The shortest mark covering the character at ``position`` (boxes before underlines before bands),
        of ``layer`` only when one is named."""
        hits = [m for m in self._marks.values() if m.start <= position < m.end and self.style_of(m) in styles
                and (layer is None or m.layer == layer)]
        hits.sort(key=lambda m: (styles.index(self.style_of(m)), m.end - m.start))
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
        new = step_cluster(self._text, pos, logical)
        if new == pos:
            return False
        start, end = (new, end) if edge == "start" else (start, new)
        if start >= end:
            return False
        self.select(start, end, reverse=edge == "start")
        return True

    # -- look -----------------------------------------------------------------------------

    def set_point_size(self, size: float) -> None:
        self.setFont(text_font(size))
        if self._text:
            self._fill_document()  # paragraph spacing follows the font size
        else:
            self.document().setDefaultFont(self.font())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Qt gives the document the widget's font on a font change (another screen, a new system
        font): put back this document's own (Noto Naskh first for Arabic) and forget the old layout."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange) and self._text:
            self.document().setDefaultFont(text_font(self.point_size(), arabic_first=self._arabic))
            self._rects.clear()

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

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        """Hovering over a suggestion shows what it suggests and why."""
        if event.type() == QEvent.Type.ToolTip and self._suggestions:
            point = event.pos()  # type: ignore[attr-defined]
            suggestion = self.suggestion_tip(point)
            if suggestion:
                QToolTip.showText(event.globalPos(), suggestion, self.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def suggestion_tip(self, point: QPoint) -> str | None:
        """The tooltip for a viewport point: the suggestion drawn there, its label and its reason."""
        suggestion = self._drawn_at(point, self.suggestion_at)
        if suggestion is None:
            return None
        reason = getattr(suggestion, "reason", "")
        return f"Suggested {suggestion.label}: {reason}\nAlt+A accept · Alt+X reject · Ctrl+Alt+A everywhere"

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press_pos = event.position().toPoint()
        self.selected_mark = None  # a new press starts a new selection; a click on a span selects it again
        plain_left = (event.button() == Qt.MouseButton.LeftButton
                      and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if plain_left and self.textCursor().hasSelection():
            cursor = self.textCursor()  # a press inside the selection would start dragging the text away
            cursor.clearSelection()
            self.setTextCursor(cursor)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        if (event.position().toPoint() - press).manhattanLength() > 3 or self.textCursor().hasSelection():
            self._offered = None
            return
        self._clicked(press, bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))
        self.viewport().update()

    def _clicked(self, point: QPoint, on_purpose: bool) -> None:
        """A click selects the current layer's span under the point. Another layer's span (a boilerplate
        band under an entity-less word) is only offered; a second click on it, or Ctrl+click, selects it."""
        mine = self._drawn_at(point, lambda p: self.mark_at(p, layer=self.current_layer))
        other = None if mine is not None else self._mark_under(point)
        if mine is not None:
            self._offered = None
            self.markClicked.emit(mine.id)
        elif other is not None and (on_purpose or other.id == self._offered):
            self._offered = None
            self.markClicked.emit(other.id)
        else:
            self._offered = other.id if other is not None else None
            self.selected_mark = None
            self.emptyClicked.emit()
            if other is not None:
                self.otherMarkOffered.emit(other.id)

    def _mark_under(self, point: QPoint) -> Mark | None:
        """The mark drawn under a point, of any layer: the character hit, if the point is really on it."""
        return self._drawn_at(point, self.mark_at)

    def _drawn_at(self, point: QPoint, find: Callable[[int], Mark | None]) -> Mark | None:
        """What ``find`` gives for the character under a point (or the one before: the hit test
        rounds to the nearer edge), if it is really drawn under the point."""
        pos = self.position_at(point)
        for candidate in (pos, pos - 1):
            if 0 <= candidate < len(self._text):
                mark = find(candidate)
                if mark and any(r.contains(QPointF(point)) for r in self._drawn_rects(mark)):
                    return mark
        return None

    def _drawn_rects(self, mark: Mark) -> list[QRectF]:
        """Where a mark is drawn, in viewport coordinates: a band across the whole line width."""
        if self.style_of(mark) != "band":
            return self.mark_rects(mark)
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        return [self._line_band(r).translated(-dx, -dy) for r in self._document_rects(mark)]

    # -- painting boxes and tags ----------------------------------------------------------

    def mark_rects(self, mark: Mark) -> list[QRectF]:
        """Viewport rectangles covering a mark, one per visual run per line (bidi splits runs)."""
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        return [r.translated(-dx, -dy) for r in self._document_rects(mark)]

    def _document_rects(self, mark: Mark) -> list[QRectF]:
        """A mark's rectangles in document coordinates, kept until the layout changes.

        Asking Qt for glyph runs costs more than painting them, and a repaint asks for every mark
        on screen; paragraphs Qt has not laid out yet are not kept (they have no lines).
        """
        doc = self.document()
        if doc.textWidth() != self._rects_width:  # lines wrap and align anew at another width
            self._rects.clear()
            self._rects_width = doc.textWidth()
        qs, qe = self._map.to_utf16(mark.start), self._map.to_utf16(mark.end)
        known = self._rects.get((qs, qe))
        if known is not None:
            return known
        rects: list[QRectF] = []
        complete = True
        block = doc.findBlock(qs)
        while block.isValid() and block.position() < qe:
            if block.layout().lineCount() == 0:
                complete = False
            rects += _block_rects(block, qs, qe)
            block = block.next()
        if complete:
            self._rects[(qs, qe)] = rects
        return rects

    def visible_range(self) -> tuple[int, int]:
        """Code points from the start of the first paragraph on screen to the end of the last.

        Walks paragraph rectangles from where the last paint started: asking Qt about a
        paragraph far away would make it lay out everything up to there (``hitTest`` is no
        help either: between paragraphs it answers wildly). A paragraph not laid out yet has an
        empty rectangle and is below the screen.
        """
        doc = self.document()
        layout = doc.documentLayout()
        top = float(self.verticalScrollBar().value())
        bottom = top + self.viewport().height()
        first = doc.findBlockByNumber(min(self._first_block, doc.blockCount() - 1))
        while first.previous().isValid() and layout.blockBoundingRect(first).top() > top:
            first = first.previous()
        while first.next().isValid():
            rect = layout.blockBoundingRect(first)
            if rect.isEmpty() or rect.bottom() >= top:
                break
            first = first.next()
        self._first_block = first.blockNumber()
        last = first
        while last.next().isValid():
            rect = layout.blockBoundingRect(last.next())
            if rect.isEmpty() or rect.top() > bottom:
                break
            last = last.next()
        end = last.position() + max(last.length() - 1, 0)
        return self._map.from_utf16(first.position()), self._map.from_utf16(min(end, self._map.utf16_length))

    def visible_marks(self, shown: tuple[int, int] | None = None) -> list[Mark]:
        """The marks that reach the screen (``shown``: the visible range, when already worked out)."""
        first, last = shown or self.visible_range()
        upto = bisect.bisect_left(self._starts, (last + 1, -1))
        since = bisect.bisect_left(self._starts, (first - self._longest, -1))  # none before can reach the screen
        return [m for m in (self._marks[i] for _, i in self._starts[since:upto]) if m.end > first]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)  # the text first: Qt lays out what is on screen as it paints
        if not (self._marks or self._candidates or self._suggestions):
            return
        shown = self.visible_range()  # once for every kind of mark
        marks = self.visible_marks(shown) if self._marks else []
        if self._candidates:
            self._paint_candidates(*shown)
        if self._suggestions:
            self._paint_suggestions(*shown)
        if not marks and self.selected_mark is None:
            return
        rects = {m.id: self._document_rects(m) for m in marks}
        order = ("band", "box", "underline")
        marks.sort(key=lambda m: (order.index(self.style_of(m)), m.start))
        painter = QPainter(self.viewport())
        painter.translate(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        # Fills multiply with what is painted: white paper takes the colour, black letters and
        # their dots and marks stay black, as under a highlighter pen.
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        for mark in marks:
            style = self.style_of(mark)
            if style != "underline":
                color = QColor(self.color_of(mark))
                color.setAlpha(70 if style == "band" else 48)
                for rect in (self._line_band(r) if style == "band" else r for r in rects[mark.id]):
                    painter.fillRect(rect, color)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        tag_font = QFont(self.font())
        tag_font.setPointSizeF(max(6.0, self.font().pointSizeF() * TAG_SCALE))
        tag_metrics = QFontMetricsF(tag_font)
        for mark in marks:
            style = self.style_of(mark)
            if style == "box":
                self._paint_box(painter, mark, rects[mark.id], tag_font, tag_metrics)
            elif style == "underline":
                painter.setPen(QPen(QColor(self.color_of(mark)), 2.0, Qt.PenStyle.DashLine))
                for rect in rects[mark.id]:
                    painter.drawLine(rect.bottomLeft() + QPointF(0, 1), rect.bottomRight() + QPointF(0, 1))
        if self.selected_mark is not None and self.selected_mark in self._marks:
            selected = self._marks[self.selected_mark]
            painter.setPen(QPen(QColor("#000000"), 2.0, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in rects.get(selected.id) or self._document_rects(selected):
                painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 4, 4)
        painter.end()

    def _paint_candidates(self, first: int, last: int) -> None:
        painter = QPainter(self.viewport())
        painter.translate(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        agreed = QPen(QColor("#8a8a8a"), 1.0)
        disputed = QPen(QColor("#d62728"), 2.0, Qt.PenStyle.DashLine)
        for candidate in self._candidates:
            if candidate.end <= first or candidate.start > last:
                continue
            painter.setPen(disputed if candidate.disputed else agreed)
            for rect in self._document_rects(candidate):
                y = rect.bottom() + (4 if candidate.disputed else 2)
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.end()

    def _paint_suggestions(self, first: int, last: int) -> None:
        """Each suggestion on screen: a dashed outline (around the whole line for band layers);
        the current one thicker and faintly filled."""
        painter = QPainter(self.viewport())
        painter.translate(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for suggestion in self._suggestions:
            if suggestion.end <= first or suggestion.start > last:
                continue
            color = QColor(self.color_of(suggestion))
            current = suggestion.id == self.current_suggestion
            band = self.style_of(suggestion) == "band"
            rects = self._document_rects(suggestion)
            if band and rects:  # a line of boilerplate: one outline round all its wrapped lines
                whole = rects[0]
                for rect in rects[1:]:
                    whole = whole.united(rect)
                rects = [self._line_band(whole).adjusted(2, -1, -2, 1)]
            for rect in rects:
                area = rect if band else rect.adjusted(-1, -1, 1, 1)
                if current:
                    fill = QColor(color)
                    fill.setAlpha(40)
                    painter.fillRect(area, fill)
                painter.setPen(QPen(color, 2.5 if current else 1.5, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(area, 3, 3)
        painter.end()

    def _line_band(self, rect: QRectF) -> QRectF:
        """A boilerplate band (document coordinates): the glyphs' rectangle stretched to the whole text width."""
        margin = self.document().documentMargin()
        left = margin - 4 + self.horizontalScrollBar().value()
        return QRectF(left, rect.top(), self.viewport().width() - 2 * margin + 8, rect.height())

    def _paint_box(self, painter: QPainter, mark: Mark, rects: list[QRectF], tag_font: QFont,
                   metrics: QFontMetricsF) -> None:
        if not rects:
            return
        color = QColor(self.color_of(mark))
        painter.setPen(QPen(color, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in rects:
            painter.drawRoundedRect(rect, 3, 3)
        first = rects[0]
        tag = self._tag(mark.label, color, tag_font, metrics)
        width = tag.width() / tag.devicePixelRatio()
        x = first.right() - width if self.is_rtl_at(mark.start) else first.left()
        painter.drawPixmap(QPointF(x, first.top() - tag.height() / tag.devicePixelRatio() + 1), tag)

    def _tag(self, label: str, color: QColor, font: QFont, metrics: QFontMetricsF) -> QPixmap:
        """A label's tag, drawn once per label, colour and size (shaping its text on every paint is slow)."""
        ratio = self.devicePixelRatioF()
        key = (label, color.name(), font.pointSizeF(), ratio)
        tag = self._tags.get(key)
        if tag is None:
            width, height = metrics.horizontalAdvance(label) + 6, metrics.height()
            tag = QPixmap(int(math.ceil(width * ratio)), int(math.ceil(height * ratio)))
            tag.setDevicePixelRatio(ratio)
            tag.fill(Qt.GlobalColor.transparent)
            painter = QPainter(tag)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            box = QRectF(0, 0, width, height)
            painter.drawRoundedRect(box, 2, 2)
            painter.setPen(QColor("#ffffff") if color.lightnessF() < 0.6 else QColor("#000000"))
            painter.setFont(font)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
            painter.end()
            self._tags[key] = tag
        return tag


def _set_directions(doc: QTextDocument, text: str, fmt: QTextBlockFormat) -> None:
    """Give each paragraph the direction of its first letter (``paragraph_direction``).

    Qt takes a paragraph's direction from its first strong character, so a flag's regional
    indicators (strong left-to-right) would make "🇰🇵 قالت …" a left-to-right line. Only the
    paragraphs where the two disagree get a direction of their own, before the document has a
    layout; both are worked out on the Python text (asking Qt for each paragraph's text costs
    ten times more), and on most texts no paragraph needs one. Right-to-left paragraphs align
    right by themselves (Qt's default alignment is leading, not absolute left).
    """
    paragraphs = text.split("\n")
    if len(paragraphs) != doc.blockCount():  # Qt also breaks at U+2029 (and \r): ask it for each paragraph
        paragraphs = [doc.findBlockByNumber(i).text() for i in range(doc.blockCount())]
    for number, paragraph in enumerate(paragraphs):
        wanted = paragraph_direction(paragraph)
        if wanted is not None and wanted != _qt_direction(paragraph):
            own = QTextBlockFormat(fmt)
            own.setLayoutDirection(_QT_DIRECTION[wanted])
            QTextCursor(doc.findBlockByNumber(number)).setBlockFormat(own)


_QT_DIRECTION = {"ltr": Qt.LayoutDirection.LeftToRight, "rtl": Qt.LayoutDirection.RightToLeft}


def _qt_direction(paragraph: str) -> Direction:
    """The direction Qt gives a paragraph by itself (QTextBlock.textDirection): its first
    character of bidi class L, R or AL, left-to-right if none."""
    for ch in paragraph:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def _block_rects(block: QTextBlock, qs: int, qe: int) -> list[QRectF]:
    """The rectangles of ``[qs, qe)`` (UTF-16) within one laid-out paragraph, in document coordinates."""
    layout = block.layout()
    base = block.position()
    origin = layout.position()
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
