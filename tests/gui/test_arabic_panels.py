"""The panels in Arabic: the document list names its columns, statuses and filters in Arabic; team
progress and the agreement figures show their numbers in the digits chosen (View → Digits), while
document ids stay as stored."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.formats import agreement
from annotator.formats.importer import Importer, collect_files
from annotator.gui import i18n
from annotator.gui.agreement_view import AgreementView
from annotator.gui.app_texts import shown
from annotator.gui.doc_list import DocumentList, DocumentListModel
from annotator.gui.progress_view import ProgressView
from annotator.store.project import Project
from annotator.store.values import DocFilter

from tests.conftest import SEEDS
from tests.gui.arabic_ui import ARABIC

SEED = "000_4eee2279a2a81452"
OTHER = "003_336e19fc3d449e98"
WESTERN = re.compile(r"[0-9]")
EASTERN = re.compile(r"[٠-٩]")
ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")
DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def two_annotators(tmp_path: Path) -> Iterator[Project]:
    """The seeds; sara and omar both finished two documents and labelled them, sara skipped a third."""
    with Project.create(f"sqlite:///{tmp_path / 'p.db'}") as project:
        files, _ = collect_files([SEEDS])
        Importer(project).run(files)
        seed, other = project.find_document(SEED), project.find_document(OTHER)
        assert seed is not None and other is not None
        for who, label in (("sara", "AGAINST"), ("omar", "NEUTRAL")):
            person = project.annotator(who).id
            project.set_doc_label(seed.id, person, "stance", "United States", label)
            project.set_doc_label(other.id, person, "stance", "Russia", "UNRELATED")
            for doc in (seed, other):
                project.set_status(doc.id, person, "done")
        third = next(s for s in project.documents() if s.external_id not in (SEED, OTHER))
        project.set_status(third.id, project.annotator("sara").id, "skipped")
        yield project


@pytest.fixture(params=["western", "arabic-indic"])
def arabic(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The app in Arabic with the digits of the parameter, English again after the test."""
    assert i18n.install(qapp, "ar", request.param) == "ar"
    yield request.param
    i18n.install(qapp, "en")


def numbers_in(text: str, digits: str) -> None:
    """Every digit of ``text`` is of the chosen style, and it has some."""
    wanted, other = (EASTERN, WESTERN) if digits == "arabic-indic" else (WESTERN, EASTERN)
    assert wanted.search(text) and not other.search(text), text


def test_the_document_list_names_columns_statuses_and_filters_in_arabic(
        qtbot: QtBot, two_annotators: Project, arabic: str) -> None:
    sara = two_annotators.annotator("sara").id
    model = DocumentListModel(two_annotators, DocFilter(annotator=sara))
    panel = DocumentList(model, two_annotators.languages())
    qtbot.addWidget(panel)
    headers = [model.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in range(model.columnCount())]
    assert all(ARABIC.search(h) for h in headers), headers
    rows = {model.data(model.index(r, 0), DISPLAY).translate(ISOLATES): model.data(model.index(r, 3), DISPLAY)
            for r in range(model.rowCount())}
    assert rows[SEED] == rows[OTHER] == "منجز"
    assert set(rows.values()) == {"منجز", "متخطّى", "لم يُبدأ"}
    lengths = [model.data(model.index(r, 2), DISPLAY) for r in range(model.rowCount())]
    for length in lengths:
        numbers_in(length, arabic)
    for combo in (panel.status, panel.language, panel.scope):
        items = [combo.itemText(i) for i in range(combo.count())]
        assert all(ARABIC.search(t) for t in items), items
    assert panel.status.itemData(panel.status.findText("متخطّى")) == "skipped"  # the filter still works by key
    assert ARABIC.search(panel.search.placeholderText())


def test_team_progress_counts_in_the_chosen_digits(qtbot: QtBot, two_annotators: Project, arabic: str) -> None:
    view = ProgressView(two_annotators)
    qtbot.addWidget(view)
    summary = view.summary.text()
    assert ARABIC.search(summary)
    numbers_in(summary, arabic)
    table = view.table
    sara = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "sara")
    assert table.item(sara, 1).text() == "مُوسِّم"
    for column in (2, 3, 5, 6):  # done, of, skipped, time
        numbers_in(table.item(sara, column).text(), arabic)
    assert ARABIC.search(table.horizontalHeaderItem(0).text())


def test_agreement_figures_in_the_chosen_digits_ids_as_stored(
        qtbot: QtBot, two_annotators: Project, arabic: str) -> None:
    view = AgreementView(two_annotators)
    qtbot.addWidget(view)
    with qtbot.waitExposed(view):
        view.show()
    view.show_report(agreement.compute(two_annotators))
    numbers_in(view.summary.text(), arabic)
    row = next(r for r in range(view.tasks.rowCount())
               if view.tasks.item(r, 0).text().translate(ISOLATES) == "stance/United States")
    for column in (1, 2, 5):  # α, its items, observed agreement
        numbers_in(view.tasks.item(row, column).text(), arabic)
    ranked = {view.ranking.item(r, 0).text().translate(ISOLATES): r for r in range(view.ranking.rowCount())}
    assert SEED in ranked  # the id as stored, Western whatever the digits
    numbers_in(view.ranking.item(ranked[SEED], 1).text(), arabic)
    # a row chosen: its details are found behind the shown text, and chosen in a right-to-left table too
    assert view.tasks.currentRow() == 0 and view.task_pairs.currentRow() == 0
    view.tasks.setCurrentCell(row, 1)
    assert view.task_pairs.rowCount() == 1
    assert view.task_pairs.item(0, 0).text().translate(ISOLATES) == "omar – sara"
    with qtbot.waitSignal(view.documentChosen) as chosen:
        view._on_ranking_double_clicked(ranked[SEED], 0)
    assert chosen.args == [SEED]


def test_the_report_saved_from_the_arabic_window_is_in_arabic(
        qtbot: QtBot, two_annotators: Project, arabic: str, tmp_path: Path) -> None:
    view = AgreementView(two_annotators)
    qtbot.addWidget(view)
    view.show_report(agreement.compute(two_annotators))
    assert view.save_html(tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page and "الموسِّمون" in page
    i18n.install(QApplication.instance(), "en")  # the English window saves the English report
    assert view.save_html(tmp_path / "en.html")
    assert '<html lang="en"' in (tmp_path / "en.html").read_text(encoding="utf-8")


def test_what_the_app_layer_says_is_shown_in_arabic(arabic: str) -> None:
    """Job names, undo steps and statuses come from annotator.app in English; the window shows them translated,
    names from the project as they are and counts in the chosen digits."""
    assert shown("Training the entities model") == "تدريب نموذج entities"
    assert shown("Computing agreement: cancelled; nothing more was stored") == "حساب الاتفاق: أُلغي؛ لم يُحفظ شيء آخر"
    step = shown("take 12 agreed annotation(s) into gold")
    assert ARABIC.search(step) and ("١٢" if arabic == "arabic-indic" else "12") in step
    assert shown("tag done") == "وسم done"  # a label called "done" is a name, not a status
    assert shown("something nobody translated") == "something nobody translated"


def test_in_english_the_app_layer_texts_are_as_they_came(qapp: QApplication) -> None:
    assert i18n.install(qapp, "en") == "en"
    for text in ("Training the entities model", "take 12 agreed annotation(s) into gold",
                 "Computing agreement: cancelled; nothing more was stored"):
        assert shown(text) == text
