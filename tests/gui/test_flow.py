"""The annotator's day: stance labels, done and skip, switching annotator, settings, the cheat sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from annotator.gui.app import annotator_name
from annotator.gui.main_window import MainWindow
from annotator.store.project import Project
from annotator.store.values import DocFilter

from tests.gui.conftest import open_doc, show_window
from tests.gui.test_tagging import SEED, stored, tag

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def labels(window: MainWindow) -> dict[str, str]:
    doc = window.session.document
    assert doc is not None
    return {d.target: d.label for d in window.session.project.doc_labels(doc.id, window.session.annotator.id)}


def test_stance_keys_follow_the_current_target(qtbot: QtBot, window: MainWindow) -> None:
    open_doc(window, SEED)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert labels(window) == {"United States": "AGAINST"}
    qtbot.keyClick(window.view, Qt.Key.Key_T, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert labels(window) == {"United States": "AGAINST", "Russia": "FAVOR"}
    assert window.panel.checked(1) == "FAVOR"
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # the same key again clears it
    assert labels(window) == {"United States": "AGAINST"}
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert labels(window) == {"United States": "AGAINST", "Russia": "FAVOR"}


def test_stance_buttons_and_evidence_span_target(qtbot: QtBot, window: MainWindow) -> None:
    open_doc(window, SEED)
    button = next(b for b in window.panel._groups[2].buttons() if b.property("label") == "NEUTRAL")
    assert button.toolTip() == window.schema.task("stance").label("NEUTRAL").description  # type: ignore[union-attr]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert labels(window) == {"South Korea": "NEUTRAL"}
    window.layer_box.setCurrentIndex(window.layer_box.findData("stance"))
    span = tag(window, "الأكثر صرامة", "AGAINST")
    assert span.attrs == {"target": "South Korea"}
    assert stored(window) == [("stance", "AGAINST", "الأكثر صرامة")]


def test_done_opens_my_next_todo_and_skip_is_one_key(qtbot: QtBot, window: MainWindow) -> None:
    project = window.session.project
    me = window.session.annotator.id
    first = window.session.document
    assert first is not None and first.external_id == "000_4eee2279a2a81452"
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)
    assert project.status(first.id, me) == "done"
    second = window.session.document
    assert second is not None and second.id != first.id
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL | SHIFT)
    assert project.status(second.id, me) == "skipped"
    assert project.count_documents(DocFilter(annotator=me, status="todo")) == project.count_documents() - 2
    assert window.progress.text() == f"sara: 1 / {project.count_documents()} done"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # undo the skip: the document is back in my queue
    assert project.status(second.id, me) == "todo"


def test_first_action_marks_in_progress(window: MainWindow) -> None:
    doc = open_doc(window, "003_336e19fc3d449e98")
    tag(window, "كيم", "PER")
    assert window.session.project.status(doc.id, window.session.annotator.id) == "in_progress"
    assert window.doc_list.model.summary_at(window.doc_list.model.row_of(doc.id) or 0).status == "in_progress"  # type: ignore[union-attr]


def test_blind_annotation_and_switching_annotator(qtbot: QtBot, window: MainWindow) -> None:
    open_doc(window, SEED)
    tag(window, "كوريا الشمالية", "GPE")
    window.session.project.annotator("omar")  # a new person is added on purpose, then chosen
    window.switch_annotator("omar")
    assert window.session.annotator.name == "omar"
    assert "omar" in window.windowTitle() and window.session.project.name in window.windowTitle()
    assert window.view.marks() == [] and window.span_list.model.rowCount() == 0
    tag(window, "كوريا الشمالية", "LOC")  # no overlap with sara's: it is not his
    assert stored(window) == [("entities", "LOC", "كوريا الشمالية")]
    assert window.settings.value("annotator/name") == "omar"
    window.switch_annotator("sara")
    assert stored(window) == [("entities", "GPE", "كوريا الشمالية")]
    assert [m.label for m in window.view.marks()] == ["GPE"]


def test_zoom_geometry_and_name_are_remembered(qtbot: QtBot, gui_project: Project, settings: QSettings) -> None:
    first = show_window(qtbot, gui_project, settings)
    size = first.view.point_size()
    qtbot.keyClick(first.view, Qt.Key.Key_Equal, CTRL)
    assert first.view.point_size() == size + 1
    first.resize(771, 523)  # the offscreen screen is 800 x 800
    first.close()
    second = MainWindow(gui_project, "sara", settings)
    qtbot.addWidget(second)
    assert second.view.point_size() == size + 1
    assert (second.width(), second.height()) == (771, 523)
    assert annotator_name(settings, lambda: "never asked") == "never asked"
    assert annotator_name(settings, lambda: "ignored") == "never asked"


def test_cheat_sheet_lists_keys_and_guidelines(qtbot: QtBot, window: MainWindow) -> None:
    sheet = window.show_cheat_sheet()
    qtbot.addWidget(sheet)
    text = sheet.browser.toPlainText()
    for layer in window.schema.layers:
        for label in layer.labels:
            assert label.description in text
    for needle in ("Ctrl+Z", "Ctrl+Return", "Ctrl+B", "Mark done, open next", "Alt+Left"):
        assert needle in text


def test_time_spent_is_recorded(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time
    from types import SimpleNamespace

    import annotator.app.session as session_module
    open_doc(window, "003_336e19fc3d449e98")  # the window may have opened SEED itself, on the real clock
    clock = [float(round(time.monotonic()))]  # the session reads this clock only from now on
    monkeypatch.setattr(session_module, "time", SimpleNamespace(monotonic=lambda: clock[0]))  # the session's clock only
    doc = open_doc(window, SEED)
    clock[0] += 95
    open_doc(window, "003_336e19fc3d449e98")
    progress = {p.annotator: p for p in window.session.project.stats().progress}
    assert progress["sara"].seconds == 95
    assert window.session.project.status(doc.id, window.session.annotator.id) == "todo"


def test_span_list_passes_the_model_tester(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_doc(window, SEED)
    tag(window, "كوريا الشمالية", "GPE")
    tag(window, "كيم جونج أون", "PER")
    qtmodeltester.check(window.span_list.model)


def test_doc_list_filters_and_passes_the_model_tester(qtbot: QtBot, qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.doc_list.language.setCurrentIndex(window.doc_list.language.findData("en"))
    assert window.doc_model.rowCount() == 2
    window.doc_list.language.setCurrentIndex(0)
    window.doc_list.search.setText("Pyongyang")
    qtbot.waitUntil(lambda: window.doc_model.rowCount() < 9)
    ids = {window.doc_model.summary_at(r).external_id for r in range(window.doc_model.rowCount())}  # type: ignore[union-attr]
    assert ids and all(window.session.project.find_document(i).text.count("Pyongyang") for i in ids)  # type: ignore[union-attr]
    window.doc_list.search.clear()
    qtbot.waitUntil(lambda: window.doc_model.rowCount() == 9)
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)
    window.doc_list.status.setCurrentIndex(window.doc_list.status.findData("done"))
    assert [window.doc_model.summary_at(0).external_id] == [SEED]  # type: ignore[union-attr]
    qtmodeltester.check(window.doc_model)


def test_keyboard_in_the_document_list_opens_documents(qtbot: QtBot, window: MainWindow) -> None:
    table = window.doc_list.table
    table.setFocus()
    table.setCurrentIndex(window.doc_model.index(0, 0))
    for row in (1, 2, 3):  # the list keeps the focus, so every Down opens the next document
        qtbot.keyClick(table, Qt.Key.Key_Down)
        assert window.session.document is not None
        assert window.session.document.external_id == window.doc_model.summary_at(row).external_id  # type: ignore[union-attr]


def test_gui_command_refuses_a_bad_db_without_a_window(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from annotator.cli import main
    notes = tmp_path / "notes.txt"
    notes.write_text("not a project", encoding="utf-8")
    assert main(["gui", "--db", str(notes)]) == 2
    assert "not an annotator project" in capsys.readouterr().err


def test_span_list_keeps_its_order_through_changes(qtbot: QtBot, window: MainWindow) -> None:
    open_doc(window, SEED)
    model = window.span_list.model
    qtbot.waitUntil(lambda: model.rowCount() == 0)  # the list shows the opened document (no spans yet)
    spans = [tag(window, text, "GPE") for text in ("كوريا الشمالية", "الولايات المتحدة", "اجتماع")]
    assert [model.span_at(r).id for r in range(3)] == [s.id for s in sorted(spans, key=lambda s: s.start)]
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert [model.span_at(r).start for r in range(3)] == sorted((s.start for s in spans), reverse=True)
    extra = tag(window, "كيم جونج أون", "PER")
    assert [model.span_at(r).start for r in range(4)] == sorted((s.start for s in [*spans, extra]), reverse=True)
    window.session.delete(spans[1].id)
    assert model.row_of(spans[1].id) is None and model.rowCount() == 3
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.span_at(r).label for r in range(3)] == ["GPE", "GPE", "PER"]


def test_label_buttons_follow_the_layer_and_carry_the_guidelines(qtbot: QtBot, window: MainWindow) -> None:
    doc = open_doc(window, SEED)
    entities = window.schema.layer("entities")
    assert entities is not None
    assert [b.text() for b in window.label_buttons] == [f"{lab.name} ({lab.key})" for lab in entities.labels]
    assert [b.toolTip() for b in window.label_buttons] == [lab.description for lab in entities.labels]
    at = doc.text.index("اليابان")
    window.view.select(at, at + len("اليابان"))
    qtbot.mouseClick(window.label_buttons[2], Qt.MouseButton.LeftButton)  # GPE
    assert stored(window) == [("entities", "GPE", "اليابان")]
    window.layer_box.setCurrentIndex(window.layer_box.findData("boilerplate"))
    assert [b.text() for b in window.label_buttons] == ["BOILERPLATE (b)"]
    on_bar = [window.label_bar.widgetForAction(a) for a in window.label_bar.actions()]
    assert [w.text() for w in on_bar if isinstance(w, QToolButton)] == ["BOILERPLATE (b)"]  # the old ones are gone
    buttons = len(window.label_bar.findChildren(QToolButton))
    for _ in range(5):  # switching back and forth leaves nothing behind
        window.layer_box.setCurrentIndex(window.layer_box.findData("entities"))
        window.layer_box.setCurrentIndex(window.layer_box.findData("boilerplate"))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert len(window.label_bar.findChildren(QToolButton)) <= buttons


def test_undoing_done_on_another_document_reopens_it(qtbot: QtBot, window: MainWindow) -> None:
    first = window.session.document
    assert first is not None
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)
    assert window.session.document is not None and window.session.document.id != first.id
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.session.document.id == first.id
    assert window.session.project.status(first.id, window.session.annotator.id) == "todo"
    assert window.doc_model.summary_at(window.doc_model.row_of(first.id) or 0).status == "todo"  # type: ignore[union-attr]


def test_switching_annotator_keeps_the_list_filters(window: MainWindow) -> None:
    window.doc_list.language.setCurrentIndex(window.doc_list.language.findData("en"))
    assert window.doc_model.rowCount() == 2
    window.switch_annotator("omar")
    assert window.doc_model.rowCount() == 2
    assert window.doc_model.where.annotator == window.session.annotator.id


def test_an_annotator_with_a_queue_works_through_it(qtbot: QtBot, gui_project: Project, settings: QSettings) -> None:
    gui_project.assign(["sara"], language="en")  # sara's queue: the English documents
    window = show_window(qtbot, gui_project, settings)
    listed = [window.doc_model.summary_at(r).external_id for r in range(window.doc_model.rowCount())]  # type: ignore[union-attr]
    assert listed == ["001_6baab1ea1730d38d", "002_cb5e77503dd4e336"] and window.doc_list.scope.isVisible()
    assert window.session.document is not None and window.session.document.external_id == listed[0]
    assert window.progress.text() == "sara: 0 / 2 done (my queue)"
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)  # done: the next in the queue, not the next document
    assert window.session.document is not None and window.session.document.external_id == listed[1]
    assert window.progress.text() == "sara: 1 / 2 done (my queue)"
    window.doc_list.scope.setCurrentIndex(1)  # "All documents"
    assert window.doc_model.rowCount() == gui_project.count_documents()


def test_a_lead_sees_each_annotators_progress(qtbot: QtBot, gui_project: Project, settings: QSettings) -> None:
    gui_project.assign(["sara", "omar"], language="en")
    sara = gui_project.annotator("sara")
    queue = gui_project.documents(DocFilter(annotator=sara.id, assigned=True))
    gui_project.set_status(queue[0].id, sara.id, "done", add_seconds=1800)
    assert show_window(qtbot, gui_project, settings).show_progress() is not None  # no lead yet: everyone sees it
    gui_project.set_role("lena", "lead")
    window = show_window(qtbot, gui_project, settings)  # sara, an annotator, once there is a lead: no such view
    assert not window.progress_action.isVisible() and window.show_progress() is None
    assert window.last_message == "Team progress is for leads."
    window.switch_annotator("lena")
    assert window.progress_action.isVisible()
    view = window.show_progress()
    assert view is not None
    qtbot.addWidget(view)
    rows = {view.table.item(r, 0).text(): [view.table.item(r, c).text() for c in range(1, 8)]  # type: ignore[attr-defined]
            for r in range(view.table.rowCount())}
    assert rows["sara"] == ["annotator", "1", f"{len(queue)} assigned", "0", "0", "30 min", "2.0"]
    assert rows["omar"][:3] == ["annotator", "0", "1 assigned"]
