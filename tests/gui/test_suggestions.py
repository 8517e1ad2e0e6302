"""Suggestions in the app: propagate with one key, accept and reject with keys, and what is stored."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.app import jobs
from annotator.core.errors import ProjectError
from annotator.gui.main_window import MainWindow
from annotator.store.values import DocumentView

from tests.gui.conftest import open_doc, press

KIM = "كيم جونج أون"
JOB_TIMEOUT = 30_000  # ms: a background job on the test corpus
CTRL, ALT, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier


def seed(window: MainWindow, prefix: str) -> DocumentView:
    doc = next(d for d in window.session.project.documents(limit=50) if d.external_id.startswith(prefix))
    return open_doc(window, doc.external_id)


def tag_first_kim(qtbot: QtBot, window: MainWindow, doc: DocumentView) -> int:
    start = doc.text.index(KIM)
    window.view.select(start, start + len(KIM))
    qtbot.keyClick(window.view, Qt.Key.Key_P)  # PER
    return start


def mine(window: MainWindow, doc: DocumentView) -> list[tuple[str, str]]:
    project, me = window.session.project, window.session.annotator.id
    return [(s.label, doc.text[s.start:s.end]) for s in project.spans(doc.id, me)]


def suggested(window: MainWindow, doc: DocumentView) -> list[tuple[int, str]]:
    project, me = window.session.project, window.session.annotator.id
    return [(s.start, doc.text[s.start:s.end]) for s in project.suggestions(doc.id, me)]


def test_ctrl_p_suggests_the_other_occurrence_and_alt_a_accepts_it(qtbot: QtBot, window: MainWindow) -> None:
    doc = seed(window, "000")
    first = tag_first_kim(qtbot, window, doc)
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):  # it runs in the background
        press(qtbot, window, Qt.Key.Key_P, modifiers=CTRL)
    second = doc.text.index(KIM, first + 1)
    assert suggested(window, doc) == [(second, KIM)]
    assert [s.start for s in window.view.suggestions()] == [second]  # drawn
    assert "1 new suggestion" in window.last_message

    press(qtbot, window, Qt.Key.Key_F7)  # to the suggestion
    assert window.view.current_suggestion is not None and "propagated" in window.last_message
    press(qtbot, window, Qt.Key.Key_A, modifiers=ALT)
    assert mine(window, doc) == [("PER", KIM), ("PER", KIM)]
    assert suggested(window, doc) == [] and window.view.suggestions() == []
    assert sorted(s.start for s in window.view.marks()) == [first, second]

    press(qtbot, window, Qt.Key.Key_Z, modifiers=CTRL)  # undo: the span goes, the suggestion is back
    assert mine(window, doc) == [("PER", KIM)]
    assert suggested(window, doc) == [(second, KIM)]


def test_alt_x_rejects_and_the_same_propagation_does_not_bring_it_back(qtbot: QtBot, window: MainWindow) -> None:
    doc = seed(window, "000")
    tag_first_kim(qtbot, window, doc)
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):  # it runs in the background
        press(qtbot, window, Qt.Key.Key_P, modifiers=CTRL)
    press(qtbot, window, Qt.Key.Key_F7)
    press(qtbot, window, Qt.Key.Key_X, modifiers=ALT)
    assert suggested(window, doc) == []
    assert mine(window, doc) == [("PER", KIM)]
    window.view.selected_mark = window.session.spans()[0].id
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):  # it runs in the background
        press(qtbot, window, Qt.Key.Key_P, modifiers=CTRL)
    assert suggested(window, doc) == []  # rejected stays rejected
    press(qtbot, window, Qt.Key.Key_Z, modifiers=CTRL)  # undo the reject
    assert len(suggested(window, doc)) == 1


def test_project_wide_propagation_then_accept_everywhere(qtbot: QtBot, window: MainWindow) -> None:
    doc0 = seed(window, "000")
    tag_first_kim(qtbot, window, doc0)
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):  # it runs in the background
        press(qtbot, window, Qt.Key.Key_P, modifiers=CTRL | ALT)
    project, me = window.session.project, window.session.annotator.id
    doc4 = next(d for d in project.documents(limit=50) if d.external_id.startswith("004"))
    assert [t for _, t in suggested(window, project.document(doc4.id))] == [KIM] * 4
    press(qtbot, window, Qt.Key.Key_F7)
    press(qtbot, window, Qt.Key.Key_A, modifiers=CTRL | ALT)  # every document where it occurs
    assert len(project.spans(doc4.id, me)) == 4
    assert project.suggestions(doc4.id, me) == []
    assert window.session.document is not None and window.session.document.id == doc0.id  # stayed here
    press(qtbot, window, Qt.Key.Key_Z, modifiers=CTRL)
    assert project.spans(doc4.id, me) == [] and len(project.suggestions(doc4.id, me)) == 4


def test_boilerplate_suggestions_accept_and_reject_all_in_a_document(qtbot: QtBot, window: MainWindow,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    slow_boilerplate(monkeypatch, 0.15)  # long enough for the job bar to show
    doc = seed(window, "002")
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):  # it runs in the background
        press(qtbot, window, Qt.Key.Key_B, modifiers=CTRL | ALT)
    qtbot.waitUntil(lambda: window.isActiveWindow() and window.view.hasFocus())  # the keys reach the text again
    chrome = ["Source link", "اترك تعليقاً", "DMCA.com Protection Status"]
    texts = [t for _, t in suggested(window, doc)]
    assert all(c in texts for c in chrome) and len(texts) == 4
    assert not any("Kim" in t for t in texts)  # article sentences are not suggested
    assert [s.layer for s in window.view.suggestions()] == ["boilerplate"] * 4
    press(qtbot, window, Qt.Key.Key_A, modifiers=ALT | SHIFT)
    project, me = window.session.project, window.session.annotator.id
    assert sorted(doc.text[s.start:s.end] for s in project.spans(doc.id, me, "boilerplate")) == sorted(texts)
    assert suggested(window, doc) == []

    doc3 = seed(window, "003")
    assert len(suggested(window, doc3)) == 3
    press(qtbot, window, Qt.Key.Key_X, modifiers=ALT | SHIFT)
    assert suggested(window, doc3) == [] and project.spans(doc3.id, me) == []
    assert window.view.suggestions() == []


def test_suggestions_are_the_annotators_own(qtbot: QtBot, window: MainWindow) -> None:
    doc = seed(window, "000")
    tag_first_kim(qtbot, window, doc)
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):  # it runs in the background
        press(qtbot, window, Qt.Key.Key_P, modifiers=CTRL)
    assert len(window.view.suggestions()) == 1
    window.session.project.annotator("omar")  # a new person is added on purpose, then chosen
    window.session.switch_annotator("omar")
    assert window.view.suggestions() == []
    window.session.switch_annotator("sara")
    assert len(window.view.suggestions()) == 1


def test_a_gazetteer_file_from_the_menu_and_a_bad_one(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    doc = seed(window, "003")
    good = tmp_path / "places.jsonl"
    good.write_text('{"label": "GPE", "pattern": "روسيا"}\n', encoding="utf-8")
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):  # it runs in the background
        window.apply_gazetteer(good)
    found = suggested(window, doc)
    assert found and all(t == "روسيا" for _, t in found)
    assert len(window.view.suggestions()) == len(found)  # drawn at once
    assert "places.jsonl" in window.last_message
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "GPE", "pattern": "روسيا"}\n{"label": "NOPE", "pattern": "x"}\n', encoding="utf-8")
    window.apply_gazetteer(bad)
    assert "bad.jsonl:2" in window.last_message and "NOPE" in window.last_message
    assert len(suggested(window, doc)) == len(found)  # nothing more, nothing lost


def test_f7_reaches_both_suggestions_that_start_at_one_place(qtbot: QtBot, window: MainWindow,
                                                             tmp_path: Path) -> None:
    doc = seed(window, "000")
    patterns = tmp_path / "korea.jsonl"
    patterns.write_text('{"label": "GPE", "pattern": "كوريا"}\n{"label": "GPE", "pattern": "كوريا الشمالية"}\n',
                        encoding="utf-8")
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):  # it runs in the background
        window.apply_gazetteer(patterns)
    first = doc.text.index("كوريا الشمالية")
    visited = []
    for _ in range(len(window.view.suggestions())):
        press(qtbot, window, Qt.Key.Key_F7)
        current = window.current_suggestion()
        assert current is not None
        visited.append((current.start, doc.text[current.start:current.end]))
    assert (first, "كوريا") in visited and (first, "كوريا الشمالية") in visited
    for _ in range(visited.index((first, "كوريا الشمالية")) + 1):  # F7 on round to the longer one
        press(qtbot, window, Qt.Key.Key_F7)
    current = window.current_suggestion()
    assert current is not None and (current.start, current.end) == (first, first + len("كوريا الشمالية"))
    press(qtbot, window, Qt.Key.Key_A, modifiers=ALT)  # accepts the one F7 chose, the longer
    assert ("GPE", "كوريا الشمالية") in mine(window, doc)


def test_a_refused_read_of_suggestions_leaves_the_open_document_as_it_was(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    doc0 = seed(window, "000")
    project = window.session.project
    doc1 = next(d for d in project.documents(limit=50) if d.external_id.startswith("001"))

    def refuse(*_args: object, **_kwargs: object) -> list[object]:
        raise ProjectError("database error: permission denied for table suggestions")

    monkeypatch.setattr(project, "suggestions", refuse)
    with pytest.raises(ProjectError):
        window.session.open_document(doc1.id)
    assert window.session.document is not None and window.session.document.id == doc0.id
    monkeypatch.undo()
    start = tag_first_kim(qtbot, window, doc0)  # the tag goes on the text on screen
    assert mine(window, doc0) == [("PER", KIM)] and project.spans(doc1.id) == []
    assert doc0.text[start:start + len(KIM)] == KIM


def test_hovering_over_a_suggestion_tells_its_reason(qtbot: QtBot, window: MainWindow) -> None:
    doc = seed(window, "000")
    first = tag_first_kim(qtbot, window, doc)
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):  # it runs in the background
        press(qtbot, window, Qt.Key.Key_P, modifiers=CTRL)
    second = doc.text.index(KIM, first + 1)
    window.view.select(second, second)
    window.view.ensureCursorVisible()
    [suggestion] = window.view.suggestions()
    rect = window.view.mark_rects(suggestion)[0]
    tip = window.view.suggestion_tip(rect.center().toPoint())
    assert tip is not None and tip.startswith("Suggested PER: propagated") and KIM in tip
    first_rect = window.view.mark_rects(window.view.marks()[0])[0]  # the tagged span is no suggestion
    assert window.view.suggestion_tip(first_rect.center().toPoint()) is None


def slow_boilerplate(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Each document's boilerplate analysis takes ``seconds`` longer: the search is surely under way when a test acts.
    The job runs on a thread here (``app.jobs.IN_PROCESS``): a job process would not see the slower analysis."""
    import annotator.core.boilerplate as boilerplate

    monkeypatch.setattr(jobs, "IN_PROCESS", False)
    slow = boilerplate.analyse

    def slowly(*args: object, **kwargs: object) -> object:
        time.sleep(seconds)
        return slow(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(boilerplate, "analyse", slowly)


def test_the_boilerplate_search_can_be_cancelled_and_stores_nothing(qtbot: QtBot, window: MainWindow,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    slow_boilerplate(monkeypatch, 0.2)
    doc = seed(window, "002")
    running = window.suggest_boilerplate()
    assert running is not None and window.job_bar.isVisible()
    qtbot.waitUntil(lambda: running.progress.done >= 1)  # it is under way
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):
        qtbot.mouseClick(window.job_bar.cancel_button, Qt.MouseButton.LeftButton)
    assert "cancelled" in window.last_message and not window.job_bar.isVisible()
    project, me = window.session.project, window.session.annotator.id
    assert all(project.suggestions(d.id, me) == [] for d in project.documents(limit=50))
    assert suggested(window, doc) == [] and window.view.suggestions() == []


def test_the_window_answers_keys_while_a_job_runs(qtbot: QtBot, window: MainWindow,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    slow_boilerplate(monkeypatch, 0.1)
    doc = seed(window, "000")
    running = window.suggest_boilerplate()
    assert running is not None
    tag_first_kim(qtbot, window, doc)  # keys and the store answer while the job reads documents
    assert running.running and mine(window, doc) == [("PER", KIM)]
    with qtbot.waitSignal(window.job_bar.idle, timeout=JOB_TIMEOUT):
        pass
    assert "boilerplate suggestions" in window.last_message