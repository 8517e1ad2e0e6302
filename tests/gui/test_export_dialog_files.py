"""File → Export…: a read-only folder, a full disk and an empty split each give one clear line in the dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.app import jobs
from annotator.gui.main_window import MainWindow
from tests.test_written_files import _disk_full_from, _read_only


def test_read_only_folder_and_full_disk_are_named_in_the_dialog(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = window.show_export()
    qtbot.addWidget(dialog)
    dialog.format.setCurrentText("native")
    out = tmp_path / "out"
    out.mkdir()
    dialog.output.setText(str(out / "x.jsonl"))
    with _read_only(out):
        with qtbot.waitSignal(dialog.finished_export) as outcome:
            dialog.run_export()
    assert outcome.args == [None]
    assert f"{out}: cannot write in this folder: read-only" in dialog.message.text()
    monkeypatch.setattr(jobs, "IN_PROCESS", False)  # on a thread: a job process would not see the full disk
    _disk_full_from(monkeypatch, 1)
    with qtbot.waitSignal(dialog.finished_export) as outcome:
        dialog.run_export()
    assert outcome.args == [None]
    assert f"{out / 'x.jsonl'}: cannot write: no space left on the disk" in dialog.message.text()
    assert list(out.iterdir()) == []


def test_an_empty_split_is_reported_in_the_dialog(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = window.show_export()
    qtbot.addWidget(dialog)
    dialog.format.setCurrentText("native")
    dialog.output.setText(str(tmp_path / "x.jsonl"))
    names = [f"part{i}" for i in range(10)]  # more splits than the project has documents
    dialog.split.setText(",".join(f"{name}=0.1" for name in names))
    dialog.stories.setChecked(False)
    with qtbot.waitSignal(dialog.finished_export) as outcome:
        dialog.run_export()
    report = outcome.args[0]
    assert report is not None
    empty = [name for name in names if not (tmp_path / f"x-{name}.jsonl").read_bytes()]
    assert empty and len(report.warnings) == len(empty)
    for name in empty:
        assert f"split '{name}' is empty (too few documents:" in dialog.message.text()
