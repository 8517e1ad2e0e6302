"""`annotator backup` and `annotator restore` go through SQLite's backup API: a copy made while someone
writes is whole, a restore over a project with a stale -wal beside it is the backup exactly; a project
file replaced under a running program is refused, never written."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import ProjectError
from annotator.core.records import parse_record
from annotator.store.project import Project

ROOT = Path(__file__).parents[1]
TRIALS = 6

# Adds spans as fast as it can and prints each id once add_span returned; with --no-checkpoint
# the -wal is never folded into the file, so a kill leaves committed pages only in the -wal.
WRITER = textwrap.dedent("""
    import sys
    from sqlalchemy import event
    from annotator.store.project import Project
    project = Project.open(sys.argv[1])
    if "--no-checkpoint" in sys.argv:
        project.engine.dispose()
        event.listen(project.engine, "connect", lambda c, _: c.execute("PRAGMA wal_autocheckpoint = 0"))
    doc = project.find_document("d1")
    who = project.annotator(sys.argv[2])
    i = 0
    while True:
        span = project.add_span(doc.id, who.id, "stance", "FAVOR", i % 20, i % 20 + 5, {"target": "Russia"})
        print(span.id, flush=True)
        i += 1
""")


def _make(path: Path, text: str = "Kim met Putin in Moscow, then went home to Pyongyang.") -> Path:
    with Project.create(path) as project:
        project.add_records([parse_record({"id": "d1", "text": text}, project.schema)])
    return path


def _writer(path: Path, who: str, *extra: str) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path), who, *extra], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert process.stdout is not None
    for _ in range(20):  # it is writing
        assert process.stdout.readline(), process.stderr.read() if process.stderr else ""
    return process


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()


def _dump(path: Path) -> list[str]:
    """Every table's rows, read without changing the file (as SQL, so two files compare line by line)."""
    conn = sqlite3.connect(path)
    try:
        return [line for line in conn.iterdump() if not line.startswith(("BEGIN", "COMMIT"))]
    finally:
        conn.close()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _spans(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM spans").fetchone()[0])
    finally:
        conn.close()


def test_backup_while_another_program_writes_is_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _make(tmp_path / "p.db")
    writer = _writer(project, "sara")
    try:
        counts = []
        for trial in range(TRIALS):
            out = tmp_path / f"backup-{trial}.db"
            assert main(["backup", "--db", str(project), str(out)]) == 0
            assert f"backed up to {out}" in capsys.readouterr().out
            assert _integrity(out) == "ok"
            assert not Path(f"{out}-wal").exists()  # one self-contained file
            assert out.stat().st_mode & 0o777 == 0o600
            with Project.open(out) as copy:  # a project, with what had been written when it was taken
                counts.append(copy.stats().spans["stance"]["FAVOR"])
    finally:
        _kill(writer)
    assert counts == sorted(counts) and counts[-1] > counts[0] > 0  # taken while the writer went on
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_restore_over_a_stale_wal_gives_the_backup_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for trial in range(TRIALS):
        folder = tmp_path / str(trial)
        folder.mkdir()
        project = _make(folder / "p.db")
        backup = folder / "backup.db"
        writer = _writer(project, "sara")
        _kill(writer)
        assert main(["backup", "--db", str(project), str(backup)]) == 0
        wanted = _dump(backup)
        writer = _writer(project, "omar", "--no-checkpoint")  # more work after the backup ...
        _kill(writer)  # ... killed: its pages are in a -wal that no one has folded in (stale)
        assert Path(f"{project}-wal").stat().st_size > 4096
        assert main(["restore", "--db", str(project), str(backup)]) == 0
        assert f"restored {backup} into {project}" in capsys.readouterr().out
        assert _integrity(project) == "ok"
        assert _dump(project) == wanted
        with Project.open(project) as restored:  # and the program opens it and works on it
            assert [a.name for a in restored.annotators()] == ["sara"]
            doc = restored.find_document("d1")
            assert doc is not None
            restored.add_span(doc.id, restored.annotator("sara").id, "entities", "PER", 0, 3)


def test_restore_is_refused_while_the_project_is_open(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _make(tmp_path / "p.db")
    backup = tmp_path / "backup.db"
    assert main(["backup", "--db", str(project), str(backup)]) == 0
    writer = _writer(project, "sara")
    try:
        assert main(["restore", "--db", str(project), str(backup)]) == 2
        err = capsys.readouterr().err
        assert f"{project}: another program has the project open" in err
        assert len(err.strip().splitlines()) == 1
    finally:
        _kill(writer)
    assert _spans(project) > 0  # the writer's work was not overwritten
    assert main(["restore", "--db", str(project), str(backup)]) == 0  # alone, it goes
    assert _spans(project) == 0


@pytest.mark.parametrize(("content", "message"), [
    (b"just some text\n", "not an annotator project"),
    (b"", "not a backup of a project"),
])
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     content: bytes, message: str) -> None:
    project = _make(tmp_path / "p.db")
    before = _dump(project)
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    assert main(["restore", "--db", str(project), str(bad)]) == 2
    assert message in capsys.readouterr().err
    assert _dump(project) == before


def test_postgresql_backup_and_restore_point_to_pg_dump(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = "postgresql://lead:secret@db.example/news"
    assert main(["backup", "--db", url, str(tmp_path / "out.db")]) == 2
    err = capsys.readouterr().err
    assert "pg_dump" in err and "pg_restore" in err and "secret" not in err
    assert main(["restore", "--db", url, str(tmp_path / "out.db")]) == 2
    assert "pg_restore" in capsys.readouterr().err
    assert not (tmp_path / "out.db").exists()


def test_a_project_file_replaced_under_a_running_program_is_not_written(tmp_path: Path) -> None:
    path = _make(tmp_path / "p.db")
    other = _make(tmp_path / "other.db", "A different project's only document.")
    project = Project.open(path)
    try:
        doc = project.find_document("d1")
        assert doc is not None
        sara = project.annotator("sara")
        project.add_span(doc.id, sara.id, "entities", "PER", 0, 3)  # works while the file is ours
        os.replace(other, path)
        replaced = path.read_bytes()  # (not read through SQLite: our -wal beside it is the old project's)
        with pytest.raises(ProjectError, match="the project file was replaced by another program; reopen it"):
            project.add_span(doc.id, sara.id, "entities", "GPE", 17, 23)
        with pytest.raises(ProjectError, match="replaced"):
            project.annotator("omar")
        assert path.read_bytes() == replaced
    finally:
        project.close()
    assert path.read_bytes() == replaced  # closing it did not write there either
