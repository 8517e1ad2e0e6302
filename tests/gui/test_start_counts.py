"""The window's start on a big project: each list is counted once (a count of a million documents is the
slowest read at start, benchmarks/bench_scale.py), and the list it starts with is the one the filter bar
shows, with the right rows under every filter afterwards."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from annotator.gui.main_window import MainWindow
from annotator.store.project import Project
from annotator.store.values import DocFilter

from tests.gui.conftest import show_window


def _counting_window(qtbot: QtBot, project: Project, settings: QSettings) -> tuple[MainWindow, list[tuple[str, str]]]:
    """The window for 'sara', and every counting statement (with its parameters) the database ran meanwhile."""
    counts: list[tuple[str, str]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if "count(" in statement.lower():
            counts.append((statement, repr(parameters)))

    event.listen(project.engine, "before_cursor_execute", seen)
    try:
        window = show_window(qtbot, project, settings)
    finally:
        event.remove(project.engine, "before_cursor_execute", seen)
    return window, counts


@pytest.mark.parametrize("queue", [False, True], ids=["everything", "my queue"])
def test_the_window_starts_counting_each_list_once(qtbot: QtBot, gui_project: Project, settings: QSettings,
                                                   queue: bool) -> None:
    if queue:
        gui_project.assign(["sara"], language="en")  # two English documents
    window, counts = _counting_window(qtbot, gui_project, settings)
    assert [statement for statement, n in Counter(counts).items() if n > 1] == []
    documents = gui_project.count_documents()
    listed = [window.doc_model.summary_at(r).id for r in range(window.doc_model.rowCount())]  # type: ignore[union-attr]
    me = window.session.annotator.id
    assert listed == [d.id for d in gui_project.documents(DocFilter(annotator=me, assigned=queue), limit=1000)]
    assert len(listed) == (2 if queue else documents)
    assert window.progress.text() == ("sara: 0 / 2 done (my queue)" if queue else f"sara: 0 / {documents} done")


def test_the_list_counts_the_whole_project_once_at_start(qtbot: QtBot, gui_project: Project, settings: QSettings,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[DocFilter] = []
    count = Project.count_documents

    def counting(self: Project, where: DocFilter = DocFilter()) -> int:
        asked.append(where)
        return count(self, where)

    monkeypatch.setattr(Project, "count_documents", counting)
    window = show_window(qtbot, gui_project, settings)
    whole = [w for w in asked if w.status is None and not w.assigned and w.language is None and w.search is None]
    assert len(whole) == 1  # the window's total and the list of everything with my status are the same count
    assert window.doc_model.rowCount() == count(gui_project)


@pytest.mark.parametrize("queue", [False, True], ids=["everything", "my queue"])
def test_the_list_shows_the_right_rows_under_every_filter_after_start(qtbot: QtBot, gui_project: Project,
                                                                      settings: QSettings, queue: bool) -> None:
    if queue:
        gui_project.assign(["sara"], language="en")
    sara = gui_project.annotator("sara").id
    docs = [d.id for d in gui_project.documents(limit=1000)]
    for doc, status in zip(docs, ("done", "skipped", "in_progress", "done")):
        gui_project.set_status(doc, sara, status)
    window = show_window(qtbot, gui_project, settings)
    bar = window.doc_list
    scopes = range(bar.scope.count()) if queue else [bar.scope.currentIndex()]
    for scope in scopes:
        bar.scope.setCurrentIndex(scope)
        for status in range(bar.status.count()):
            bar.status.setCurrentIndex(status)
            for language in range(bar.language.count()):
                bar.language.setCurrentIndex(language)
                where = DocFilter(annotator=sara, status=bar.status.currentData(), language=bar.language.currentData(),
                                  assigned=queue and bool(bar.scope.currentData()))
                expected = [(d.id, d.status) for d in gui_project.documents(where, limit=1000)]
                shown = [(s.id, s.status) for s in (window.doc_model.summary_at(r)
                                                    for r in range(window.doc_model.rowCount())) if s is not None]
                assert shown == expected, where
                assert window.doc_model.where == where
