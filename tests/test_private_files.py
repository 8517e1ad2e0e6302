"""Files the tool makes are readable by their owner only: projects, backups, exports, reports and logs."""

from __future__ import annotations

import logging
import logging.handlers
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.records import parse_record
from annotator.formats.atomic import atomic_write
from annotator.logs import log_path
from annotator.store.project import Project

from tests.conftest import DATA


@pytest.fixture(autouse=True)
def _ordinary_umask() -> Iterator[None]:
    """Where others may read new files (022), as on most desktops."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_project_and_its_wal_are_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    with Project.create(db) as project:
        project.add_records([parse_record({"id": "d1", "text": "Kim met Putin."}, project.schema)])
        made = [p for p in tmp_path.iterdir() if p.name.startswith("p.db")]
        assert {p.name for p in made} >= {"p.db", "p.db-wal", "p.db-shm"}
        assert {p.name: mode(p) for p in made} == {p.name: 0o600 for p in made}


def test_the_upgrade_backup_is_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copyfile(DATA / "projects" / "v0001.db", db)
    with Project.open(db) as project:
        assert project.backup is not None and project.backup.exists()
        assert mode(project.backup) == 0o600


def test_exports_and_reports_are_owner_only(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the default exports/ folder is relative
    db = tmp_path / "p.db"
    assert main(["init", "--db", str(db)]) == 0
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(db), "--format", "native", "-o", str(out)]) == 0
    assert mode(out) == 0o600
    report = tmp_path / "report.html"
    assert main(["agreement", "--db", str(db), "--html", str(report)]) == 0
    assert mode(report) == 0o600
    assert main(["export", "--db", str(db), "--format", "native"]) == 0  # the default exports/ folder, made by us
    made = list((tmp_path / "exports").iterdir())
    assert len(made) == 1 and mode(made[0]) == 0o600 and mode(tmp_path / "exports") == 0o700


def test_a_file_written_over_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared.jsonl"
    shared.write_text("old\n", encoding="utf-8")
    shared.chmod(0o644)  # the owner chose to share it
    with atomic_write(shared) as fh:
        fh.write("new\n")
    assert shared.read_text(encoding="utf-8") == "new\n" and mode(shared) == 0o644


def test_the_log_is_owner_only_also_after_rotation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = log_path()
    path.parent.mkdir(parents=True)
    path.write_text("an older version's log\n", encoding="utf-8")
    path.chmod(0o644)
    path.parent.chmod(0o755)
    assert main(["init", "--db", str(tmp_path / "p.db")]) == 0
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    handler = next(h for h in logging.getLogger("annotator").handlers
                   if isinstance(h, logging.handlers.RotatingFileHandler) and h.baseFilename == str(path))
    handler.doRollover()
    logging.getLogger("annotator").info("after the rollover")
    handler.flush()
    assert "after the rollover" in path.read_text(encoding="utf-8")
    assert mode(path) == 0o600 and mode(path.with_name(path.name + ".1")) == 0o600


def test_a_new_log_folder_is_owner_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert not log_path().exists()
    assert main(["init", "--db", str(tmp_path / "p.db")]) == 0
    assert mode(log_path()) == 0o600 and mode(log_path().parent) == 0o700


def test_the_demo_projects_folder_is_owner_only() -> None:
    from annotator.formats.demo import default_project_path

    assert main(["stats"]) == 0  # makes the demo project in the user data folder
    assert default_project_path().parent.stat().st_mode & 0o777 == 0o700
    assert default_project_path().stat().st_mode & 0o777 == 0o600
