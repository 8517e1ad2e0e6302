"""The agreement figures and the review queue's ranking are background jobs: their results land only if the
view or mode they concern is still there, else they are dropped without a word."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from annotator.store.project import Project
from annotator.store.values import DocumentId

from tests.gui.conftest import show_window
from tests.gui.test_review import OTHER, SEED, _reviewer, reviewed  # noqa: F401 - the fixture

CTRL = Qt.KeyboardModifier.ControlModifier


def test_agreement_figures_are_dropped_when_their_view_was_closed(qtbot: QtBot, reviewed: Project,  # noqa: F811
                                                                  settings: QSettings) -> None:
    window = _reviewer(qtbot, reviewed, settings)
    window.say("before")
    with qtbot.waitSignal(window.job_bar.idle):
        view = window.show_agreement()
        qtbot.addWidget(view)
        assert window.job_bar.isVisible() and view.summary.text() == "Computing agreement…"
        view.close()  # before the job's result could land (it lands on the event loop, which has not run)
    assert view.report is None and view.ranking.rowCount() == 0 and view.tasks.rowCount() == 0
    assert view.summary.text() == "Computing agreement…" and not view.save.isEnabled()
    assert window.last_message == "before"  # nothing said either, not even "cancelled"
    with qtbot.waitSignal(window.job_bar.idle):  # an open view does get its figures
        again = window.show_agreement()
        qtbot.addWidget(again)
    assert again.report is not None and again.ranking.item(0, 0).text() == SEED


def test_a_ranking_is_dropped_after_leaving_review_mode(qtbot: QtBot, reviewed: Project,  # noqa: F811
                                                        settings: QSettings) -> None:
    window = show_window(qtbot, reviewed, settings)
    window.switch_annotator("rita")
    before = window.session.document
    window.say("before")
    with qtbot.waitSignal(window.job_bar.idle):
        assert window.set_review_mode(True) is not None
        window.set_review_mode(False)  # left before the ranking could land
    assert not window.session.gold and window.review_queue.model.rowCount() == 0
    assert window.session.document == before and window.last_message == "before"
    with qtbot.waitSignal(window.job_bar.idle):
        qtbot.keyClick(window.view, Qt.Key.Key_R, CTRL)
    queue = window.review_queue.model
    assert [queue.item_at(r).external_id for r in range(queue.rowCount())] == [SEED, OTHER]  # type: ignore[union-attr]


def test_a_ranking_for_the_other_unfinished_choice_is_dropped(qtbot: QtBot, reviewed: Project,  # noqa: F811
                                                              settings: QSettings) -> None:
    window = _reviewer(qtbot, reviewed, settings)
    other = next(d for d in map(reviewed.document, map(DocumentId, range(1, 20)))  # worked on by both, unfinished
                 if d.external_id not in (SEED, OTHER))
    reviewed.add_span(other.id, reviewed.annotator("sara").id, "entities", "PER", 0, 3)
    reviewed.add_span(other.id, reviewed.annotator("omar").id, "entities", "ORG", 0, 3)
    with qtbot.waitSignal(window.job_bar.idle):
        stale = window.refresh_review_queue()  # ranked with unfinished work left out …
        window.review_queue.unfinished.setChecked(True)  # … overtaken by a ranking that includes it
    assert stale is not None
    queue = window.review_queue.model
    ranked = {queue.item_at(r).external_id for r in range(queue.rowCount())}  # type: ignore[union-attr]
    assert ranked == {SEED, OTHER, other.external_id}
