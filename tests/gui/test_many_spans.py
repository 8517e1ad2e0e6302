"""Ten thousand highlighted spans in one document: the window opens, paints, scrolls and tags (DESIGN.md pitfall)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.core.records import parse_record
from annotator.gui.main_window import MainWindow

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


def test_ten_thousand_highlights_survive(qtbot: QtBot, window: MainWindow) -> None:
    text, spans = many_spans()
    project = window.session.project
    project.add_records([parse_record({"id": "many", "text": text, "annotator": "sara", "spans": spans}, project.schema)])
    doc = project.find_document("many")
    assert doc is not None and len(project.spans(doc.id)) == SPANS
    window.open_document(doc.id)
    qtbot.wait(50)
    assert len(window.view.marks()) == SPANS
    assert 20 < len(window.view.visible_marks()) < 2_000
    bar = window.view.verticalScrollBar()
    for _ in range(40):  # paint page after page
        bar.setValue(bar.value() + bar.pageStep())
        window.view.viewport().repaint()
    bar.setValue(bar.maximum())
    window.view.grab()
    window.view.select(len(text) - len("نهاية"), len(text))
    window.view.selected_mark = None
    qtbot.keyClick(window.view, Qt.Key.Key_E)
    stored = project.spans(doc.id)
    assert len(stored) == SPANS + 1
    assert text[stored[-1].start:stored[-1].end] == "نهاية" and stored[-1].label == "EVENT"
    assert all(text[s.start:s.end] in WORDS for s in stored[:-1])
    qtbot.wait(10)
    assert window.span_list.model.rowCount() == SPANS + 1
