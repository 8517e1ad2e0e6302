"""The project's entity model through the app: trained in the background, stored with the project (both
back ends), its suggestions ("model 0.83") accepted and rejected with the usual keys, never made again
once rejected, never in review mode, the same model for a second annotator and after a restart, and a
cancelled or killed training leaves the model before it in use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from annotator.core.records import parse_record
from annotator.formats.importer import Importer, collect_files
from annotator.gui.main_window import MainWindow
from annotator.store.learned import ModelSettings
from annotator.store.project import Project

from tests.conftest import SEEDS
from tests.gui.conftest import open_doc, show_window
from tests.gui.drag_plan import line_documents, line_entities, seed_entities

ALT = Qt.KeyboardModifier.AltModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
JOB_TIMEOUT = 120_000
UNSEEN = "001_6baab1ea1730d38d"  # an English seed nobody tagged: the model suggests there


def learned_project(project: Project) -> None:
    """sara finished 22 documents (seeds 000, 003, 004 and the drag lines, every entity tagged)."""
    Importer(project).run(collect_files([SEEDS])[0])
    project.add_records([parse_record({"id": r["id"], "text": r["text"]}, project.schema) for r in line_documents()])
    sara = project.annotator("sara").id
    project.annotator("omar")
    for e in seed_entities() + line_entities():
        doc = project.find_document(e.doc)
        assert doc is not None
        project.add_span(doc.id, sara, "entities", e.label, e.start, e.end)
    for ext in {e.doc for e in seed_entities() + line_entities()}:
        doc = project.find_document(ext)
        assert doc is not None
        project.set_status(doc.id, sara, "done")
    project.set_model_settings(ModelSettings(min_score=0.3, min_f1=0.0, retrain_every=0))


@pytest.fixture
def model_window(qtbot: QtBot, target: str, settings: QSettings) -> Iterator[MainWindow]:
    with Project.create(target) as project:
        learned_project(project)
        yield show_window(qtbot, project, settings)


def train(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):
        qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL_ALT)
    assert window.last_message.startswith("Model trained on 22 documents"), window.last_message


def model_suggestions(window: MainWindow) -> list[tuple[str, str, str]]:
    text = window.view.text
    return [(s.label, text[s.start:s.end], s.reason) for s in window.session.suggestions() if s.source == "model"]


def test_trained_in_the_background_then_suggested_accepted_rejected_and_not_made_again(
        qtbot: QtBot, model_window: MainWindow) -> None:
    window = model_window
    project = window.session.project
    assert project.latest_model("entities") is None
    train(qtbot, window)
    info, data = project.latest_model("entities")  # type: ignore[misc]
    assert info.documents == 22 and info.held_out >= 1 and data and info.trained_by == "sara"
    assert set(info.report["labels"]) <= {"GPE", "ORG", "PER", "LOC"}
    open_doc(window, UNSEEN)
    made = model_suggestions(window)
    assert made, "the model suggested nothing in an English news article"
    assert all(reason.startswith("model 0.") or reason == "model 1.00" for _l, _t, reason in made)
    assert all(float(reason.split()[1]) >= 0.3 for _l, _t, reason in made)  # the project's minimum score
    assert project.spans(window.session.document.id) == []  # type: ignore[union-attr]  # suggestions, not spans
    first = window.session.suggestions()[0]
    window.view.select(first.start, first.start)
    qtbot.keyClick(window.view, Qt.Key.Key_A, ALT)  # accept: my span now
    assert [(s.label, s.start, s.end) for s in window.session.spans()] == [(first.label, first.start, first.end)]
    rest = [s for s in window.session.suggestions() if s.source == "model"]
    if rest:
        window.view.select(rest[0].start, rest[0].start)
        qtbot.keyClick(window.view, Qt.Key.Key_X, ALT)  # reject
        rejected = (rest[0].start, rest[0].end)
        open_doc(window, seed_entities()[0].doc)
        open_doc(window, UNSEEN)  # opened again: the model suggests again, but not what was rejected
        assert rejected not in {(s.start, s.end) for s in window.session.suggestions()}


def test_review_mode_gets_no_model_suggestions(qtbot: QtBot, model_window: MainWindow) -> None:
    window = model_window
    train(qtbot, window)
    project = window.session.project
    project.set_role("rita", "reviewer")
    project.set_role("sara", "lead")
    window.switch_annotator("rita")
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):
        window.set_review_mode(True)
    open_doc(window, UNSEEN)
    assert window.session.gold and window.session.suggestions() == []
    assert project.spans(window.session.document.id, gold=True) == []  # type: ignore[union-attr]


def test_the_model_is_shared_and_survives_a_restart(qtbot: QtBot, model_window: MainWindow, settings: QSettings,
                                                   tmp_path: Path) -> None:
    window = model_window
    train(qtbot, window)
    url = window.session.project.url
    window.close()
    with Project.open(url) as again:  # another connection: omar's app, or the app started again
        other = MainWindow(again, "omar", QSettings(str(tmp_path / "omar.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(other)
        doc = again.find_document(UNSEEN)
        assert doc is not None
        other.open_document(doc.id)
        assert model_suggestions(other), "omar's window made no suggestions from the shared model"
        assert all(s.annotator_id == again.find_annotator("omar").id for s in other.session.suggestions())  # type: ignore[union-attr]
        other.close()


@pytest.mark.parametrize("how", ["cancel", "kill"])
def test_a_cancelled_or_killed_training_leaves_the_model_before_in_use(qtbot: QtBot, model_window: MainWindow,
                                                                     how: str) -> None:
    window = model_window
    project = window.session.project
    train(qtbot, window)
    before = project.latest_model("entities")
    assert before is not None
    running = window.train_model()
    assert running is not None
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):
        if how == "cancel":
            qtbot.mouseClick(window.job_bar.cancel_button, Qt.MouseButton.LeftButton)
        else:
            running.stop()  # the process ended at once, whatever it was doing
    assert "cancelled" in window.last_message or "stopped unexpectedly" in window.last_message, window.last_message
    after = project.latest_model("entities")
    assert after is not None and after[0].id == before[0].id and after[1] == before[1]


def test_no_model_suggestions_in_a_document_the_model_learned_from(qtbot: QtBot, model_window: MainWindow) -> None:
    """The model learned sara's finished documents: suggesting there would hand omar her work."""
    window = model_window
    train(qtbot, window)
    window.switch_annotator("omar")
    open_doc(window, seed_entities()[0].doc)
    assert model_suggestions(window) == []
    open_doc(window, UNSEEN)
    assert model_suggestions(window)
