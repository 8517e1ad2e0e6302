"""Files the program writes: a split export is replaced as a set or not at all, an empty split is
reported, a killed export leaves no temporaries behind, and a read-only or full folder or project
gives one message naming it, not one per line."""

from __future__ import annotations

import errno
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.errors import AnnotatorError
from annotator.core.records import parse_record
from annotator.formats import atomic
from annotator.formats.export import Exporter, ExportOptions
from annotator.store import engine
from annotator.store.project import Project

ROOT = Path(__file__).parents[1]
SPLIT = (("train", .6), ("dev", .2), ("test", .2))
NAMES = ("train", "dev", "test")


def _project(path: Path, documents: int, *, annotate: bool = True) -> Path:
    """Documents with distinct texts (no two are one story), each with a span by sara, marked done."""
    with Project.create(path) as project:
        rng = random.Random(7)
        words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(12 * documents)]
        records = [{"id": f"d{i:04d}", "text": f"Kim {' '.join(words[12 * i:12 * i + 12])}."} for i in range(documents)]
        project.add_records([parse_record(r, project.schema) for r in records])
        if annotate:
            sara = project.annotator("sara")
            for i in range(documents):
                doc = project.find_document(f"d{i:04d}")
                assert doc is not None
                project.add_span(doc.id, sara.id, "entities", "PER", doc.text.index("Kim"), doc.text.index("Kim") + 3)
    return path


def _export(project: Path, out: Path, seed: int = 0) -> Any:
    with Project.open(project) as opened:
        return Exporter(opened, ExportOptions(format="native", split=SPLIT, seed=seed)).run(out)


def _parts(folder: Path) -> dict[str, bytes]:
    return {name: (folder / f"x-{name}.jsonl").read_bytes() for name in NAMES}


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or p.name.startswith("."))


class _FullDisk(io.RawIOBase):
    """A file on a disk that is full: every write fails with ENOSPC, as write(2) says it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def _disk_full_from(monkeypatch: pytest.MonkeyPatch, nth: int) -> None:
    """The nth file opened for writing and every later one are on a full disk."""
    opened = []
    real = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        opened.append(fd)
        if len(opened) < nth:
            return real(fd, *args, **kwargs)
        return io.TextIOWrapper(io.BufferedWriter(_FullDisk(fd)), encoding="utf-8", newline="\n")

    monkeypatch.setattr(atomic.os, "fdopen", fdopen)


def _rename_fails(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Renaming a temporary over the file whose name ends with ``name`` fails (ENOSPC)."""
    real = os.replace

    def replace(source: Any, target: Any) -> None:
        if str(target).endswith(name) and str(source).endswith(".part"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)


@pytest.mark.parametrize("failure", ["write of the second file", "fsync of the third file",
                                     "rename of the second file"])
def test_a_split_export_replaces_its_files_as_a_set_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 failure: str) -> None:
    project = _project(tmp_path / "p.db", 30)
    out = tmp_path / "out"
    out.mkdir()
    _export(project, out / "x.jsonl", seed=0)
    old = _parts(out)
    with monkeypatch.context() as patch:
        if failure.startswith("write"):
            _disk_full_from(patch, 2)
        elif failure.startswith("fsync"):
            real_fsync, calls = os.fsync, []

            def fsync(fd: int) -> None:
                calls.append(fd)
                if len(calls) == 3:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                real_fsync(fd)

            patch.setattr(atomic.os, "fsync", fsync)
        else:
            _rename_fails(patch, "x-dev.jsonl")
        with pytest.raises(AnnotatorError, match="no space left on the disk") as caught:
            _export(project, out / "x.jsonl", seed=5)
    assert str(out / "x-") in str(caught.value)
    assert _parts(out) == old  # byte for byte: no new test split beside old train and dev
    assert _temporaries(out) == []
    _export(project, out / "x.jsonl", seed=5)  # the same export, with room: a different set (the test can fail)
    assert _parts(out) != old


def test_a_split_that_comes_out_empty_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path / "p.db", 2)
    out = tmp_path / "x.jsonl"
    assert main(["export", "--db", str(project), "--format", "native", "--split", "train=0.6,dev=0.2,test=0.2",
                 "-o", str(out)]) == 0
    captured = capsys.readouterr()
    empty = [name for name in NAMES if (tmp_path / f"x-{name}.jsonl").read_bytes() == b""]
    assert len(empty) == 1
    assert captured.err.strip().splitlines() == [
        f"warning: split {empty[0]!r} is empty (too few documents: 2 for 3 splits with these shares)"]
    with Project.open(project) as opened:  # near-duplicates: a story group is never divided
        opened.add_records([parse_record({"id": "d0000-copy", "text": opened.find_document("d0000").text + " (AFP)"},  # type: ignore[union-attr]
                                         opened.schema)])
        report = Exporter(opened, ExportOptions(format="native", split=(("train", .5), ("test", .5)), status="any")
                          ).run(tmp_path / "y.jsonl")
        assert report.warnings == []
        with_two = Exporter(opened, ExportOptions(format="native", split=SPLIT, status="any")).run(tmp_path / "z.jsonl")
    assert [w.split(" (")[0] for w in with_two.warnings] == [f"warning: split {n!r} is empty" for n in NAMES
                                                             if with_two.lines[str(tmp_path / f"z-{n}.jsonl")] == 0]
    assert "too few story groups: 3 documents fell into 2 groups" in with_two.warnings[0]


# Exports a project and stops in the middle (the progress callback waits), so the parent can kill it.
SLOW_EXPORT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from annotator.formats.export import Exporter, ExportOptions
    from annotator.store.project import Project
    def progress(done, total):
        print("writing", flush=True)
        time.sleep(60)
    with Project.open(sys.argv[1]) as project:
        Exporter(project, ExportOptions(format="native", split=(("train", .5), ("test", .5))), progress).run(Path(sys.argv[2]))
""")


def test_a_killed_export_leaves_no_temporaries_after_the_next_one(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.db", 10)
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen([sys.executable, "-c", SLOW_EXPORT, str(project), str(out / "x.jsonl")],
                               stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert process.stdout is not None and process.stdout.readline() == "writing\n"
    left = _temporaries(out)
    assert len(left) == 2 and all(f".annotator-{process.pid}-" in name for name in left)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _temporaries(out) == left  # SIGKILL: nothing could clean up
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = out / f".y.jsonl.annotator-{alive.pid}-0a1b2c3d.part"  # another export, running now: kept
        theirs.write_text("half")
        with Project.open(project) as opened:
            report = Exporter(opened, ExportOptions(format="native", split=(("train", .5), ("test", .5)))).run(out / "x.jsonl")
        assert _temporaries(out) == [theirs.name]
    finally:
        alive.kill()
        alive.wait()
    assert sum(report.lines.values()) == 10
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["x-test.jsonl", "x-train.jsonl"]


def test_a_temporary_older_than_the_process_of_its_number_is_stale(tmp_path: Path) -> None:
    """A process id is reused: a temporary written before the process of that number started is not its."""
    reused = tmp_path / f".x.jsonl.annotator-{os.getppid()}-00ff00ff.part"
    reused.write_text("left by a killed export long ago")
    os.utime(reused, (1_000_000_000, 1_000_000_000))  # 2001: before this machine started
    other = tmp_path / ".notes.part"  # not named as ours: never touched
    other.write_text("someone else's")
    assert atomic.remove_stale(tmp_path) == [reused]
    assert other.exists()


@contextmanager
def _read_only(*paths: Path) -> Iterator[None]:
    """Make files and folders unwritable: by their mode for a normal user; for root (whom modes do not
    stop) by the file system's immutable flag."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", *map(str, paths)],
                                                        capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without chattr +i: cannot make anything read-only")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True)


def test_export_into_a_read_only_folder_or_onto_a_full_disk_says_so_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path / "p.db", 30)
    out = tmp_path / "out"
    out.mkdir()
    with _read_only(out):
        assert main(["export", "--db", str(project), "--format", "native", "--split", "train=0.5,test=0.5",
                     "-o", str(out / "x.jsonl")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"annotator: {out}: cannot write in this folder: read-only")
    _disk_full_from(monkeypatch, 1)
    assert main(["export", "--db", str(project), "--format", "native", "-o", str(out / "x.jsonl")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"annotator: {out / 'x.jsonl'}: cannot write: no space left on the disk; nothing was changed"]
    assert list(out.iterdir()) == []


def _big_jsonl(path: Path, lines: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(lines):
            fh.write(json.dumps({"id": f"n{i}", "text": f"خبر رقم {i} عن كيم في بيونغ يانغ"}, ensure_ascii=False) + "\n")
    return path


def test_import_into_a_read_only_project_stops_with_one_message(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    project = _project(folder / "p.db", 1, annotate=False)
    big = _big_jsonl(tmp_path / "big.jsonl", 5000)
    before = project.read_bytes()
    with _read_only(project):  # the file: SQLite opens it, reads it, and refuses the first write
        assert main(["import", "--db", str(project), str(big)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"annotator: {project}: cannot write to the project: read-only "
                   "(attempt to write a readonly database); nothing was saved"]
    assert project.read_bytes() == before
    other = tmp_path / "ro2"
    other.mkdir()
    project = _project(other / "p.db", 1, annotate=False)  # closed: no -wal or -shm beside it
    before = project.read_bytes()
    with _read_only(project, other):  # and its folder: SQLite cannot open it at all
        assert main(["import", "--db", str(project), str(big)]) == 2
        assert main(["stats", "--db", str(project)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and err[0] == err[1]
    assert err[0].startswith(f"annotator: {project}: cannot open the project: its folder is read-only")
    assert project.read_bytes() == before


def test_import_onto_a_full_disk_stops_with_one_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path / "p.db", 1, annotate=False)
    big = _big_jsonl(tmp_path / "big.jsonl", 5000)
    pages = project.stat().st_size // 4096 + 2
    real = engine._sqlite_on_connect

    def full_disk(dbapi_conn: Any, record: Any) -> None:  # SQLite's own "database or disk is full" (SQLITE_FULL)
        real(dbapi_conn, record)
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(engine, "_sqlite_on_connect", full_disk)
    assert main(["import", "--db", str(project), str(big)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"annotator: {project}: cannot write to the project: no space left on the disk "
                   "(database or disk is full); nothing was saved"]
    monkeypatch.undo()
    with Project.open(project) as opened:
        assert opened.stats().documents == 1  # nothing half-stored


@pytest.mark.postgresql
def test_import_into_a_read_only_postgresql_database_stops_with_one_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from tests.conftest import fresh_database

    url = fresh_database(tmp_path, "postgresql")
    Project.create(url).close()
    admin = create_engine(os.environ["ANNOTATOR_TEST_PG"], isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # as a read-only standby, or a database the admin froze
        conn.execute(text(f'ALTER DATABASE "{make_url(url).database}" SET default_transaction_read_only = on'))
    admin.dispose()
    big = _big_jsonl(tmp_path / "big.jsonl", 3000)
    assert main(["import", "--db", url, str(big)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err[:3]
    assert "cannot write to the project: read-only" in err[0] and "nothing was saved" in err[0]
    with Project.open(url) as opened:
        assert opened.stats().documents == 0
