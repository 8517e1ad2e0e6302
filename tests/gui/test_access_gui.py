"""The app and the command line give the same person the same answer; on PostgreSQL the window is the login."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from annotator.cli import main
from annotator.core.errors import ProjectError
from annotator.core.records import parse_record
from annotator.gui.app import working_name
from annotator.gui.main_window import MainWindow
from annotator.store.project import Project

from tests.conftest import fresh_database
from tests.gui.conftest import show_window


@pytest.mark.parametrize("role", ["annotator", "reviewer", "lead"])
@pytest.mark.parametrize("lead", [False, True], ids=["no-lead", "a-lead"])
def test_review_and_agreement_get_the_same_answer_in_the_app_and_the_cli(
        qtbot: QtBot, capsys: pytest.CaptureFixture[str], gui_project: Project, settings: QSettings,
        role: str, lead: bool) -> None:
    gui_project.set_role("sara", role)
    if lead:
        gui_project.set_role("lena", "lead")
    allowed = role != "annotator" or not lead  # the README's table
    cli = main(["agreement", "--as", "sara", "--db", gui_project.url.render_as_string(hide_password=False)])
    err = capsys.readouterr().err
    window = show_window(qtbot, gui_project, settings)  # sara
    assert window.review_menu.menuAction().isVisible() == allowed  # review mode and the agreement figures
    ranking = window.set_review_mode(True)
    assert (cli == 0, window.session.gold, ranking is not None) == (allowed, allowed, allowed), err
    if ranking is not None:
        with qtbot.waitSignal(window.job_bar.idle):  # the queue, ranked in the background
            pass
        assert "Review" in window.review_queue.heading.text() and "adjudicated" in window.review_queue.heading.text()
    if not allowed:
        assert "'agreement' is for a reviewer or a lead; sara is an annotator" in err
        assert "'review mode' is for a reviewer or a lead; sara is an annotator" in window.last_message


@pytest.mark.postgresql
def test_a_window_on_a_team_project_is_the_database_login(qtbot: QtBot, tmp_path: Path, settings: QSettings) -> None:
    from sqlalchemy.engine import make_url

    url = fresh_database(tmp_path, "postgresql")
    tag = tmp_path.name[-8:].lower().replace("-", "_")
    omar, sara = f"omar_{tag}", f"sara_{tag}"
    with Project.create(url) as owner:
        owner.add_records([parse_record({"id": "d1", "text": "Kim met Putin in Moscow."}, owner.schema)])
        owner.set_role(omar, "annotator")
        owner.set_role(sara, "reviewer")
    settings.setValue("annotator/name", sara)  # the app remembers someone else
    with Project.open(make_url(url).set(username=omar)) as project:
        name = working_name(project, settings, lambda: "never asked", env={})
        assert name == omar
        with pytest.raises(ProjectError, match=f"logged in to the database as {omar}.*--as {sara} is refused"):
            working_name(project, settings, lambda: "never asked", requested=sara, env={})
        window = MainWindow(project, sara, settings)  # even told sara, the window works as omar
        qtbot.addWidget(window)
        window.show()
        assert window.session.annotator.name == omar and f"— {omar}" in window.windowTitle()
        assert not window.review_menu.menuAction().isVisible()
        window.set_review_mode(True)
        assert not window.session.gold
        assert f"'review mode' is for a reviewer or a lead; {omar} is an annotator" in window.last_message
        assert "database error" not in window.last_message
        window.switch_annotator(sara)
        assert window.session.annotator.name == omar
        assert f"You are logged in to the database as {omar}" in window.last_message
        assert "database error" not in window.last_message
