"""How the text view draws spans: fills that multiply with the text, outlines, underlines, bands and
label tags, placed with the glyph geometry Qt lays out (``QTextLine.glyphRuns``, so bidi runs are right).

Highlights are painted, not formatted: nothing is re-laid out when a span changes, and no
QTextEdit.ExtraSelection is used (it crashes PySide6 6.12, see DESIGN.md).
"""

from __future__ import annotations

import bisect
import math
from typing import NamedTuple, Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QGlyphRun, QPainter, QPaintEvent, QPen, QPixmap, QTextBlock,
                           QTextLine)

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



class MarkPainting:
    """Part of AnnotationView: where marks are on screen, and painting them."""

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



def run_extent(run: QGlyphRun) -> tuple[float, float] | None:
    """The left and right x of a glyph run's glyphs as laid out (None for a run without glyphs)."""
    indexes = run.glyphIndexes()
    if not indexes:
        return None
    advances = run.rawFont().advancesForGlyphIndexes(indexes)
    xs = [(p.x(), p.x() + a.x()) for p, a in zip(run.positions(), advances)]
    return min(x for x, _ in xs), max(x for _, x in xs)


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
        runs = sorted(extent for run in line.glyphRuns(s - base, e - s) if (extent := run_extent(run)))
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

