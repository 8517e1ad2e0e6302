"""The hidden option --quit-after-start (the desktop build's smoke test and start-time benchmark): the
window opens, one background job runs in a process of its own, and the app quits by itself."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from annotator import cli
from annotator.app import jobs
from annotator.formats.importer import Importer, collect_files
from annotator.gui import app
from annotator.store.project import Project

from tests.conftest import SEEDS
from tests.gui.conftest import show_window

ROOT = Path(__file__).resolve().parents[2]


class _App:
    """Stands for the QApplication: the exit status it was told (the test's own event loop goes on)."""

    code: int | None = None

    def exit(self, code: int) -> None:
        self.code = code


@pytest.fixture
def seeded(db_path: Path) -> Iterator[Project]:
    with Project.create(db_path) as project:
        Importer(project).run(collect_files([SEEDS])[0])
        yield project


def test_once_shown_a_job_runs_in_a_process_and_the_app_quits(qtbot: QtBot, seeded: Project, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    window = show_window(qtbot, seeded, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    stub = _App()
    app.quit_when_started(stub, window, seeded)  # type: ignore[arg-type]
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("annotator: window shown: ") and "sara" in out[0]
    assert out[1] == "annotator: a background job ran in its own process: 5 documents"
    assert stub.code == 0 and not window.isVisible()


def test_a_failed_job_fails_the_start(qtbot: QtBot, seeded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    def broken(project: Project, progress: jobs.Progress) -> int:
        raise RuntimeError("no process")

    monkeypatch.setattr(jobs, "IN_PROCESS", False)  # on a thread, so that the replaced job is the one that runs
    monkeypatch.setattr(app, "count_documents", broken)
    window = show_window(qtbot, seeded, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    stub = _App()
    app.quit_when_started(stub, window, seeded)  # type: ignore[arg-type]
    assert stub.code == 2
    assert "the background job failed: Counting documents: unexpected RuntimeError: no process" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--quit-after-start"], ["gui", "--quit-after-start"]], ids=["no command", "gui"])
def test_the_command_opens_the_window_and_quits(seeded: Project, argv: list[str]) -> None:
    """The whole start, in a process of its own (its event loop runs and ends): as the smoke test runs it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "annotator", *argv, "--db", str(seeded.url.database), "--as", "sara"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "annotator: a background job ran in its own process: 5 documents"


def test_the_option_is_not_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["gui", "--help"]):
        with pytest.raises(SystemExit):
            cli.main(argv)
        assert "quit-after-start" not in capsys.readouterr().out
