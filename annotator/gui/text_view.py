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
import unicodedata
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QKeyEvent, QMouseEvent, QPixmap, QTextBlockFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from annotator.core.direction import Direction, paragraph_direction
from annotator.core.language import guess_language
from annotator.core.offsets import Utf16Map, snap_to_clusters, step_cluster
from annotator.gui.fonts import text_font
from annotator.gui.painting import Looks, Mark, MarkPainting, _Range
from annotator.gui.selecting import Selecting

LINE_HEIGHT_PERCENT = 150  # room above each line for label tags and Arabic marks
PARAGRAPH_GAP = 0.6  # space after a paragraph, in lines


class AnnotationView(Selecting, MarkPainting, QTextEdit):
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
        self._reset_geometry()
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
        self._reset_geometry()

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
        self._lines.clear()  # laid out anew (another font size): the mouse's letter positions too
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def observe(self, session: Any) -> None:
        """Show ``session``'s open document (an ``annotator.app.session.Session``) and follow it by itself:
        its text, my spans and my suggestions, as they change. Spans of another document are left to the
        window, which opens that document (an undo there)."""
        self.known = session.known_names  # names before which a proclitic is its own unit

        def here(doc_id: int) -> bool:
            return session.document is not None and session.document.id == doc_id

        def show_document(*_: object) -> None:
            if session.document is not None:
                self.set_text(session.document.text, session.spans())
                self.set_suggestions(session.suggestions())

        session.documentOpened.connect(show_document)
        session.annotatorChanged.connect(show_document)
        session.spansChanged.connect(lambda doc_id: here(doc_id) and self.set_marks(session.spans()))
        session.spanStored.connect(lambda span: here(span.document_id) and self.put_mark(span))
        session.spanRemoved.connect(lambda span: here(span.document_id) and self.remove_mark(span.id))
        session.suggestionsChanged.connect(lambda: self.set_suggestions(session.suggestions()))

    def observe_review(self, work: Any) -> None:
        """Review mode: tint what ``work`` (an ``annotator.app.review.ReviewWork``) compares, as it changes."""
        def show(comparison: Any) -> None:
            rows = comparison.rows if comparison is not None else []
            self.set_candidates([(c.start, c.end, c.disputed) for c in rows if c.kind == "span"])

        work.changed.connect(show)
        show(work.current)

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
            self._lines.clear()  # where each letter is drawn, for the mouse

    def point_size(self) -> float:
        return self.font().pointSizeF()

    # -- events ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self._step_units(event):
            return
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
        return self.tr("Suggested {label}: {reason}\nAlt+A accept · Alt+X reject · Ctrl+Alt+A everywhere").format(
            label=suggestion.label, reason=reason)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press_pos = event.position().toPoint()
        self.selected_mark = None  # a new press starts a new selection; a click on a span selects it again
        plain_left = (event.button() == Qt.MouseButton.LeftButton
                      and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        extend = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if plain_left and self.textCursor().hasSelection():
            cursor = self.textCursor()  # a press inside the selection would start dragging the text away
            cursor.clearSelection()
            self.setTextCursor(cursor)
        anchor = self.textCursor().anchor()
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            if extend:  # Qt moved the anchor to where it thought the mouse was: put it back
                cursor = self.textCursor()
                cursor.setPosition(anchor)
                cursor.setPosition(self.textCursor().position(), QTextCursor.MoveMode.KeepAnchor)
                self.setTextCursor(cursor)
            self._press_selecting(event, extend)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        self._release_selecting(event)
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


