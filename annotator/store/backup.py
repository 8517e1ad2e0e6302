"""Back up and restore a SQLite project through SQLite's online-backup API, never by copying files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from annotator.core.errors import ProjectError
from annotator.store.base import unwritable
from annotator.store.engine import BUSY_TIMEOUT_MS, shown, sqlite_path, to_url
from annotator.store.migrate import check_sqlite_file

POSTGRES_ADVICE = ("a PostgreSQL project is backed up and restored with PostgreSQL's own tools: "
                   "pg_dump --format=custom --file=BACKUP.dump DATABASE_URL, and "
                   "pg_restore --clean --if-exists --dbname=DATABASE_URL BACKUP.dump")


def _project_file(target: str | Path) -> Path:
    path = sqlite_path(to_url(target))
    if path is None:
        raise ProjectError(f"{shown(target)}: {POSTGRES_ADVICE}")
    return path


def _fail(where: Path, exc: sqlite3.Error, doing: str) -> ProjectError:
    found = unwritable(exc, str(where))
    return found if found is not None else ProjectError(f"{where}: {doing}: {exc}")


def backup(target: str | Path, out: Path) -> Path:
    """Write a consistent copy of the project to ``out`` (readable by its owner only), even while
    others write to it: the copy is made in a temporary file beside ``out``, checked, then renamed."""
    path = _project_file(target)
    if not check_sqlite_file(path):
        raise ProjectError(f"{path}: no project here")
    if out.resolve() == path:
        raise ProjectError(f"{out}: that is the project itself; name another file")
    if not out.parent.is_dir():
        raise ProjectError(f"{out.parent}: folder does not exist")
    tmp = out.with_name(f".{out.name}.annotator-{os.getpid()}-backup.part")
    try:
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # private before anything is in it
        except OSError as exc:
            raise ProjectError(f"{out.parent}: cannot write in this folder: {exc.strerror or exc}") from None
        os.close(fd)
        source = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dest = sqlite3.connect(tmp)
            try:
                source.backup(dest)  # one step: a consistent snapshot; writers go on meanwhile (WAL)
                dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
                _check(dest, tmp)
            finally:
                dest.close()
        except sqlite3.Error as exc:
            raise _fail(out, exc, "backup failed") from None
        finally:
            source.close()
        os.replace(tmp, out)
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            leftover.unlink(missing_ok=True)
    return out


def restore(backup_file: Path, target: str | Path) -> Path:
    """Put the contents of ``backup_file`` into the project, through the backup API and under an
    exclusive lock: whatever -wal file lies beside the project is its own and is dealt with by SQLite,
    never laid over the restored pages. Refused while another program has the project open."""
    path = _project_file(target)
    if not backup_file.is_file():
        raise ProjectError(f"{backup_file}: no such file")
    if not check_sqlite_file(backup_file):
        raise ProjectError(f"{backup_file}: an empty file, not a backup of a project")
    if backup_file.resolve() == path:
        raise ProjectError(f"{backup_file}: that is the project itself")
    source = sqlite3.connect(f"{backup_file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _check(source, backup_file)
        if path.exists():
            check_sqlite_file(path)  # a file that is not a project is not written over
        elif not path.parent.is_dir():
            raise ProjectError(f"{path.parent}: folder does not exist")
        else:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # a new project file: owner-only
        dest = sqlite3.connect(path, timeout=0)  # isolation_level: the driver leaves transactions to us
        try:
            _lock_alone(dest, path)
            source.backup(dest)
            _check(dest, path)
        except sqlite3.Error as exc:
            raise _fail(path, exc, "restore failed") from None
        finally:
            dest.close()  # the last connection: SQLite checkpoints the -wal into the file and removes it
    finally:
        source.close()
    return path


def _lock_alone(conn: sqlite3.Connection, path: Path) -> None:
    """Take the project for this connection alone. In WAL mode every connection holds a shared lock on
    the file while it is open, so the exclusive lock is refused while any other program has it open."""
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("COMMIT")  # the lock stays: locking_mode EXCLUSIVE keeps it until the connection closes
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise ProjectError(f"{path}: another program has the project open; close it (the app, or a "
                               "command still running) and restore again") from None
        raise


def _check(conn: sqlite3.Connection, where: Path) -> None:
    result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise ProjectError(f"{where}: damaged ({'; '.join(result[:3])}); nothing was changed")
