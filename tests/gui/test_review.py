"""Review mode and adjudication, driven through the real window; the gold is then read from the Project API."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from annotator.formats import agreement
from annotator.gui.main_window import MainWindow
from annotator.store.project import Project
from annotator.store.values import DocumentId

from tests.gui.conftest import show_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SEED = "000_4eee2279a2a81452"   # sara and omar disagree here (more)
OTHER = "003_336e19fc3d449e98"  # and agree more here


def _find(project: Project, external_id: str) -> tuple[DocumentId, str]:
    doc = project.find_document(external_id)
    assert doc is not None
    return doc.id, doc.text


def _span(project: Project, who: str, external_id: str, word: str, label: str, occurrence: int = 0) -> None:
    doc_id, text = _find(project, external_id)
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(word, at + 1)
    project.add_span(doc_id, project.annotator(who).id, "entities", label, at, at + len(word))


@pytest.fixture
def reviewed(gui_project: Project) -> Project:
    """sara and omar annotated two Arabic seeds and marked them done; rita reviews."""
    p = gui_project
    for who in ("sara", "omar"):
        _span(p, who, SEED, "كوريا الشمالية", "GPE")            # both: agreed
        _span(p, who, OTHER, "كوريا", "GPE")                     # both: agreed
    _span(p, "sara", SEED, "كيم جونج أون", "PER")                # sara only
    _span(p, "omar", SEED, "كيم جونج", "PER")                    # omar: a shorter span
    _span(p, "sara", SEED, "الولايات المتحدة", "GPE")            # sara: GPE …
    _span(p, "omar", SEED, "الولايات المتحدة", "ORG")            # … omar: ORG
    for who, label in (("sara", "AGAINST"), ("omar", "NEUTRAL")):
        p.set_doc_label(_find(p, SEED)[0], p.annotator(who).id, "stance", "United States", label)
        p.set_doc_label(_find(p, OTHER)[0], p.annotator(who).id, "stance", "Russia", "UNRELATED")
    for who in ("sara", "omar"):
        for ext in (SEED, OTHER):
            p.set_status(_find(p, ext)[0], p.annotator(who).id, "done")
    p.set_role("rita", "reviewer")
    p.set_role("lena", "lead")  # roles apply: the project has a lead
    return p


def _annotators_data(project: Project) -> object:
    doc_ids = [_find(project, e)[0] for e in (SEED, OTHER)]
    return [(project.spans(d), project.doc_labels(d)) for d in doc_ids]


def _gold(project: Project, external_id: str) -> list[tuple[str, str, str]]:
    doc_id, text = _find(project, external_id)
    return [(s.layer, s.label, text[s.start:s.end]) for s in project.spans(doc_id, gold=True)]


def _reviewer(qtbot: QtBot, project: Project, settings: QSettings) -> MainWindow:
    window = show_window(qtbot, project, settings)
    window.session.project.annotator("rita")  # a new person is added on purpose, then chosen
    window.switch_annotator("rita")
    with qtbot.waitSignal(window.job_bar.idle):  # the queue is ranked in the background
        qtbot.keyClick(window.view, Qt.Key.Key_R, CTRL)
    assert window.session.gold
    return window


def _choose(window: MainWindow, kind: str, label: str, text: str | None = None) -> None:
    doc = window.session.document
    assert doc is not None
    model = window.review_panel.model
    row = next(i for i, c in enumerate(model.items())
               if c.kind == kind and c.label == label and (text is None or doc.text[c.start:c.end] == text))
    window.review_panel.choose(row)


def test_an_annotator_never_sees_review_mode(qtbot: QtBot, reviewed: Project, settings: QSettings) -> None:
    window = show_window(qtbot, reviewed, settings)  # sara, an annotator
    assert not window.review_menu.menuAction().isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_R, CTRL)
    window.set_review_mode(True)
    assert not window.session.gold
    assert "'review mode' is for a reviewer or a lead; sara is an annotator" in window.last_message
    assert window.left.currentWidget() is window.doc_list
    assert not window.review_panel.isVisible()
    window.switch_annotator("rita")
    assert window.review_menu.menuAction().isVisible()


def test_queue_is_ranked_by_disagreement_and_shows_every_annotator(qtbot: QtBot, reviewed: Project,
                                                                   settings: QSettings) -> None:
    window = _reviewer(qtbot, reviewed, settings)
    queue = window.review_queue.model
    assert [queue.item_at(r).external_id for r in range(queue.rowCount())] == [SEED, OTHER]  # type: ignore[union-attr]
    assert window.left.currentWidget() is window.review_queue and window.review_panel.isVisible()
    assert window.session.document is not None and window.session.document.external_id == SEED
    rows = window.review_panel.model.items()
    doc_text = window.session.document.text
    shown = {(c.label, doc_text[c.start:c.end] if c.kind == "span" else c.target, c.annotators, c.disputed) for c in rows}
    assert ("GPE", "كوريا الشمالية", ("omar", "sara"), False) in shown
    assert ("GPE", "الولايات المتحدة", ("sara",), True) in shown
    assert ("ORG", "الولايات المتحدة", ("omar",), True) in shown
    assert ("AGAINST", "United States", ("sara",), True) in shown
    assert window.review_panel.model.COLUMNS[4:6] == ("omar", "sara")
    assert window.view.marks() == []  # nothing is gold yet; the annotators' spans are underlined
    assert len(window.view._candidates) == sum(c.kind == "span" for c in rows)


def test_reviewer_takes_into_gold_with_keys_and_annotators_keep_their_work(qtbot: QtBot, reviewed: Project,
                                                                          settings: QSettings) -> None:
    before = _annotators_data(reviewed)
    window = _reviewer(qtbot, reviewed, settings)
    qtbot.keyClick(window.view, Qt.Key.Key_G, CTRL | SHIFT)  # everything both agree on
    assert _gold(reviewed, SEED) == [("entities", "GPE", "كوريا الشمالية")]
    _choose(window, "span", "ORG", "الولايات المتحدة")  # omar's reading
    qtbot.keyClick(window.view, Qt.Key.Key_G, CTRL)
    _choose(window, "span", "GPE", "الولايات المتحدة")  # no: sara's; it replaces omar's in gold
    qtbot.keyClick(window.view, Qt.Key.Key_G, CTRL)
    _choose(window, "label", "NEUTRAL")
    qtbot.keyClick(window.view, Qt.Key.Key_G, CTRL)
    assert sorted(_gold(reviewed, SEED)) == [("entities", "GPE", "الولايات المتحدة"), ("entities", "GPE", "كوريا الشمالية")]
    doc_id = _find(reviewed, SEED)[0]
    assert [(d.target, d.label) for d in reviewed.doc_labels(doc_id, gold=True)] == [("United States", "NEUTRAL")]
    assert _annotators_data(reviewed) == before  # gold never touches an annotator's data
    ticks = {(c.label, c.in_gold) for c in window.review_panel.model.items() if c.kind == "span"}
    assert ("GPE", True) in ticks and ("ORG", False) in ticks
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # undo the label
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # undo sara's GPE: omar's ORG is back
    assert sorted(_gold(reviewed, SEED)) == [("entities", "GPE", "كوريا الشمالية"), ("entities", "ORG", "الولايات المتحدة")]
    assert reviewed.doc_labels(doc_id, gold=True) == []


def test_reviewer_edits_gold_directly_then_marks_adjudicated(qtbot: QtBot, reviewed: Project,
                                                             settings: QSettings) -> None:
    window = _reviewer(qtbot, reviewed, settings)
    doc = window.session.document
    assert doc is not None
    word = "كيم جونج أون"
    at = doc.text.index(word)
    window.view.select(at, at + len(word))
    qtbot.keyClick(window.view, Qt.Key.Key_P)  # the label key tags gold in review mode
    assert _gold(reviewed, SEED) == [("entities", "PER", word)]
    assert window.spans_heading.text() == "<b>Gold spans</b>"
    assert [s.label for s in reviewed.spans(doc.id, reviewed.annotator("rita").id)] == []  # not rita's own work
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)  # adjudicated; the next in the queue opens
    assert reviewed.is_adjudicated(doc.id)
    assert window.session.document is not None and window.session.document.external_id == OTHER
    assert window.progress.text() == "rita: 1 / 2 adjudicated"
    assert window.review_queue.model.is_adjudicated(doc.id)
    assert reviewed.adjudication_progress() == (1, 2)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # undo: back on the first document, open again
    assert not reviewed.is_adjudicated(doc.id)
    assert window.session.document is not None and window.session.document.external_id == SEED
    assert window.progress.text() == "rita: 0 / 2 adjudicated"


def test_next_disagreement_walks_the_disputed_rows(qtbot: QtBot, reviewed: Project, settings: QSettings) -> None:
    window = _reviewer(qtbot, reviewed, settings)
    seen = []
    for _ in range(7):
        qtbot.keyClick(window.view, Qt.Key.Key_F8)
        current = window.review_panel.current()
        assert current is not None and current.disputed
        seen.append(current)
    # six disputed rows (GPE/ORG, two PER extents, AGAINST/NEUTRAL), each once, then round again
    assert len(set(seen[:6])) == 6 and seen[6] == seen[0]
    span = next(c for c in seen if c.kind == "span")
    window.review_panel.choose(window.review_panel.model.items().index(span))
    assert window.view.selection() == (span.start, span.end)  # choosing a row shows its words


def test_gold_export_after_review(qtbot: QtBot, reviewed: Project, settings: QSettings, tmp_path: Path) -> None:
    window = _reviewer(qtbot, reviewed, settings)
    qtbot.keyClick(window.view, Qt.Key.Key_G, CTRL | SHIFT)
    from annotator.formats.export import Exporter, ExportOptions
    out = tmp_path / "gold.jsonl"
    Exporter(reviewed, ExportOptions(format="spans", gold=True, status="any")).run(out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and '"annotator": "gold"' in lines[0] and "GPE" in lines[0]


def test_agreement_view_shows_the_cli_figures_and_saves_the_report(qtbot: QtBot, reviewed: Project,
                                                                   settings: QSettings, tmp_path: Path) -> None:
    window = _reviewer(qtbot, reviewed, settings)
    with qtbot.waitSignal(window.job_bar.idle):  # the figures are computed in the background
        view = window.show_agreement()
    qtbot.addWidget(view)
    expected = agreement.compute(reviewed)
    assert view.report == expected
    tasks = {view.tasks.item(r, 0).text(): view.tasks.item(r, 1).text() for r in range(view.tasks.rowCount())}
    us = expected["doc_labels"]["stance/United States"]["krippendorff_alpha"]
    assert tasks["stance/United States"] == ("n/a" if us is None else f"{us:.3f}")
    entities = next(r for r in range(view.layers.rowCount())
                    if (view.layers.item(r, 0).text(), view.layers.item(r, 1).text()) == ("entities", "omar – sara"))
    f1 = next(p for p in expected["spans"]["entities"]["pairs"] if p["annotators"] == ["omar", "sara"])["f1_exact"]
    assert f1 == pytest.approx(2 / 4)  # per document set: 2 shared of 4 each side (GPE ×2 agreed; PER, GPE/ORG not)
    assert view.layers.item(entities, 3).text() == f"{f1:.3f}"
    view.layers.selectRow(entities)
    labels = {view.per_label.item(r, 0).text() for r in range(view.per_label.rowCount())}
    assert {"GPE", "ORG", "PER"} <= labels
    assert view.ranking.item(0, 0).text() == SEED
    view.tasks.selectRow(next(r for r in range(view.tasks.rowCount()) if view.tasks.item(r, 0).text() == "stance/United States"))
    view.task_pairs.selectRow(next(r for r in range(view.task_pairs.rowCount())
                                   if view.task_pairs.item(r, 0).text() == "omar – sara"))
    cells = {(view.confusion.verticalHeaderItem(r).text(), view.confusion.horizontalHeaderItem(c).text()):
             view.confusion.item(r, c).text() for r in range(view.confusion.rowCount()) for c in range(view.confusion.columnCount())}
    assert cells[("NEUTRAL", "AGAINST")] == "1"  # rows: omar (first of the pair), columns: sara
    report = tmp_path / "out" / "agreement.html"
    assert not view.save_html(report)  # a missing folder: said, not raised
    assert "Could not write" in view.summary.text()
    report.parent.mkdir()
    assert view.save_html(report)
    assert "Agreement report" in report.read_text(encoding="utf-8")
    window.session.set_review(False)
    view.ranking.cellDoubleClicked.emit(1, 0)  # from the ranking straight into review of that document
    assert window.session.gold
    assert window.session.document is not None and window.session.document.external_id == OTHER


def test_with_one_annotator_nothing_counts_as_agreed(qtbot: QtBot, reviewed: Project, settings: QSettings) -> None:
    from annotator.app.review import candidates
    from annotator.store.values import AnnotatorId, DocumentId, SpanView
    span = SpanView(1, DocumentId(1), AnnotatorId(7), "entities", "PER", 0, 3, {})  # type: ignore[arg-type]
    [only] = candidates({7: "sara"}, ["sara"], [span], [], [], [])
    assert only.disputed  # Ctrl+Shift+G must not take a lone annotator's work as agreed
    [both] = candidates({7: "sara", 8: "omar"}, ["omar", "sara"], [span, span._replace(annotator_id=8)], [], [], [])
    assert not both.disputed


def test_queue_panel_and_cli_give_a_document_one_disagreement(qtbot: QtBot, reviewed: Project, settings: QSettings,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: the panel said 6 of 7 disputed (0.86) where the queue said 0.83 (pairwise items,
    one per document label both gave) for the same document."""
    from annotator.cli import main
    from annotator.app.review import disagreement

    window = _reviewer(qtbot, reviewed, settings)
    assert window.session.document is not None and window.session.document.external_id == SEED
    panel = disagreement(window.review_panel.model.items())
    assert (panel.disputed, panel.distinct) == (6, 7) and str(panel) == "6 of 7 disputed (0.86)"
    queue = window.review_queue.model
    row = queue.row_of(window.session.document.id)
    assert row is not None and queue.item_at(row).score == panel.score  # type: ignore[union-attr]
    assert queue.data(queue.index(row, 1)) == "0.86"
    assert main(["agreement", "--as", "rita", "--db", reviewed.url.render_as_string(hide_password=False)]) == 0
    assert f"  {SEED}: 6 of 7 disputed (0.86)" in capsys.readouterr().out.splitlines()  # the panel's words
