"""The main window in Arabic with Arabic-Indic digits: counts the interface shows take those digits, the
span list's offsets stay Western (as stored and exported)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.gui import i18n
from annotator.store.project import Project

from tests.gui.conftest import open_doc, show_window

SEED = "000_4eee2279a2a81452"
ENTITY = "الولايات المتحدة"


@pytest.fixture
def arabic_indic(qapp: QApplication) -> Iterator[str]:
    lang = i18n.install(qapp, "ar", "arabic-indic")
    yield lang
    i18n.install(qapp, "en")


def test_span_offsets_stay_western_while_counts_take_the_chosen_digits(
        qtbot: QtBot, seeded: Project, tmp_path: Path, arabic_indic: str) -> None:
    assert arabic_indic == "ar"
    window = show_window(qtbot, seeded, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    doc = open_doc(window, SEED)
    start = doc.text.index(ENTITY)
    assert start >= 10  # two digits at least: a digit style shows
    window.view.select(start, start + len(ENTITY))
    assert window.selection_label.text().startswith("الحروف المحددة (١٦):")  # a count: Arabic-Indic
    window.apply_label("GPE")
    qtbot.waitUntil(lambda: window.span_list.model.rowCount() == 1)
    model = window.span_list.model
    delegate = window.span_list.table.itemDelegate()  # what the table draws: Qt formats numbers by the locale
    shown = [delegate.displayText(model.data(model.index(0, column), Qt.ItemDataRole.DisplayRole), QLocale())
             for column in (3, 4)]
    assert shown == [str(start), str(start + len(ENTITY))]  # as in the exports, not ١١٥
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["الطبقة", "الوسم", "النص", "البداية", "النهاية"]


def test_the_document_panel_names_targets_by_their_arabic_names_in_arabic(qapp: QApplication) -> None:
    from annotator.core.schema import load_schema_file
    from annotator.gui.stance_panel import DocumentPanel
    from annotator.resources import resource_path

    schema = load_schema_file(resource_path("schema.toml"))
    assert i18n.install(qapp, "ar") == "ar"
    try:
        arabic = DocumentPanel(schema)
        shown = [label.text() for label in arabic._names]
        assert "الولايات المتحدة" in shown and "روسيا" in shown and "United States" not in shown
        assert "United States" in arabic._names[shown.index("الولايات المتحدة")].toolTip()
    finally:
        i18n.install(qapp, "en")
    english = DocumentPanel(schema)
    assert "United States" in [label.text() for label in english._names]
