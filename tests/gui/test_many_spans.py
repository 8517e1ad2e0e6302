"""Ten thousand highlighted spans in one document: the window opens, paints, scrolls and tags (DESIGN.md pitfall)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from annotator.core.records import parse_record
from annotator.gui.main_window import MainWindow
from annotator.gui.text_view import AnnotationView, Mark

SPANS = 10_000
WORDS = ("كوريا", "Kim", "روسيا", "قَالَ", "Moscow")
LABELS = ("GPE", "PER", "LOC", "ORG")


def many_spans() -> tuple[str, list[dict[str, object]]]:
    pieces: list[str] = []
    spans: list[dict[str, object]] = []
    at = 0
    for i in range(SPANS):
        word = WORDS[i % len(WORDS)]
        spans.append({"start": at, "end": at + len(word), "label": LABELS[i % len(LABELS)]})
        sep = "\n" if i % 12 == 11 else " "
        pieces += [word, sep]
        at += len(word) + 1
    pieces.append("نهاية")
    return "".join(pieces), spans


def _near(pixel: QColor, want: QColor) -> bool:
    return abs(pixel.red() - want.red()) + abs(pixel.green() - want.green()) + abs(pixel.blue() - want.blue()) < 90


def drawn(view: AnnotationView, image: QImage, mark: Mark) -> bool:
    """Whether the screen shows the mark's box: its label's colour on the left edge of each of its rectangles."""
    want = QColor(view.color_of(mark))
    rects = [r for r in view.mark_rects(mark) if image.rect().contains(r.toRect())]
    return bool(rects) and all(any(_near(image.pixelColor(x, int(r.center().y())), want)
                                   for x in range(int(r.left()) - 1, int(r.left()) + 2)) for r in rects)


def share_drawn(view: AnnotationView) -> tuple[int, float]:
    """How many marks reach the screen, and the share of them whose box is on the painted pixels."""
    image = view.viewport().grab().toImage()
    shown = [m for m in view.visible_marks() if any(image.rect().contains(r.toRect()) for r in view.mark_rects(m))]
    return len(shown), sum(drawn(view, image, m) for m in shown) / max(len(shown), 1)


def test_ten_thousand_highlights_survive(qtbot: QtBot, window: MainWindow) -> None:
    text, spans = many_spans()
    project = window.session.project
    project.add_records([parse_record({"id": "many", "text": text, "annotator": "sara", "spans": spans}, project.schema)])
    doc = project.find_document("many")
    assert doc is not None and len(project.spans(doc.id)) == SPANS
    window.open_document(doc.id)
    qtbot.waitUntil(lambda: len(window.view.marks()) == SPANS)
    assert 20 < len(window.view.visible_marks()) < 2_000
    bar = window.view.verticalScrollBar()
    for _ in range(40):  # paint page after page: each page shows its boxes in their labels' colours
        bar.setValue(bar.value() + bar.pageStep())
        shown, share = share_drawn(window.view)
        assert shown > 20 and share > 0.8, (bar.value(), shown, share)  # a tag may cover a box's edge
    bar.setValue(bar.maximum())
    window.view.select(len(text) - len("نهاية"), len(text))
    window.view.selected_mark = None
    qtbot.keyClick(window.view, Qt.Key.Key_E)
    stored = project.spans(doc.id)
    assert len(stored) == SPANS + 1
    assert text[stored[-1].start:stored[-1].end] == "نهاية" and stored[-1].label == "EVENT"
    assert all(text[s.start:s.end] in WORDS for s in stored[:-1])
    [last] = [m for m in window.view.marks() if m.id == stored[-1].id]
    qtbot.waitUntil(lambda: drawn(window.view, window.view.viewport().grab().toImage(), last))  # the new box is drawn
    qtbot.waitUntil(lambda: window.span_list.model.rowCount() == SPANS + 1)
