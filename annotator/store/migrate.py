"""Bring a project database to the current schema: check what a file is, back it up, run Alembic."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from annotator.core.errors import ProjectError
from annotator.store import teams

_SQLITE_MAGIC = b"SQLite format 3\x00"
_OUR_TABLES = {"settings", "documents", "alembic_version"}


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config


@lru_cache(maxsize=4)
def _revisions(script_location: str) -> tuple[str, frozenset[str]]:
    """The head and every revision of a migrations folder, read once (parsing the scripts takes ~15 ms)."""
    config = Config()
    config.set_main_option("script_location", script_location)
    scripts = ScriptDirectory.from_config(config)
    head = scripts.get_current_head()
    assert head is not None
    return head, frozenset(rev.revision for rev in scripts.walk_revisions())


def _location() -> str:
    return alembic_config().get_main_option("script_location") or ""


def head_revision() -> str:
    return _revisions(_location())[0]


def known_revisions() -> frozenset[str]:
    return _revisions(_location())[1]


def check_sqlite_file(path: Path) -> bool:
    """Look at a file before SQLite touches it. True when it holds a project, False when it is new.

    Raises ProjectError, leaving the file as it was, for a file that is not SQLite,
    a corrupt one, or a SQLite database that is not an annotator project.
    """
    if not path.exists() or path.stat().st_size == 0:
        return False
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    with path.open("rb") as fh:
        header = fh.read(len(_SQLITE_MAGIC))
    if header != _SQLITE_MAGIC:
        raise ProjectError(f"{path}: not an annotator project (not a SQLite database)")
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = (conn.execute("SELECT version_num FROM alembic_version").fetchone()
                       if "alembic_version" in tables else None)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path}: damaged SQLite database ({exc})") from None
    if not tables:
        return False
    if not _OUR_TABLES <= tables or version is None:
        raise ProjectError(f"{path}: a SQLite database, but not an annotator project (its tables: {', '.join(sorted(tables)[:5])})")
    if version[0] not in known_revisions():
        raise ProjectError(f"{path}: made by a newer version of annotator (schema {version[0]}); upgrade annotator to open it")
    return True


def has_project(engine: Engine) -> bool:
    """Whether a database (any back end) holds an annotator project, without changing it."""
    with engine.connect() as conn:
        return _OUR_TABLES <= set(inspect(conn).get_table_names())


def upgrade(engine: Engine, path: Path | None) -> Path | None:
    """Apply pending migrations; return the backup file made first, if one was needed."""
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        has_tables = bool(inspect(conn).get_table_names())
    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        where = str(path) if path else engine.url.render_as_string(hide_password=True)
        raise ProjectError(f"{where}: made by a newer version of annotator (schema {current}); upgrade annotator to open it")
    if current is None and has_tables:
        raise ProjectError(f"{engine.url.render_as_string(hide_password=True)}: database has tables but is not an annotator project")
    backup = _backup(path, current) if (path is not None and current is not None) else None
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        if conn.dialect.name == "postgresql" and current is not None and teams.has_groups(conn):
            teams.apply_rules(conn)  # the new tables come under the team's grants and row rules at once
    return backup


def _backup(path: Path, revision: str) -> Path:
    """Copy a SQLite project before upgrading it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return copy_sqlite(path, path.with_name(f"{path.name}.backup-{revision}-{stamp}"))


def copy_sqlite(path: Path, target: Path, *, read_only: bool = False) -> Path:
    """Copy a SQLite database with its online-backup API: consistent even in WAL mode and while
    someone writes (a plain file copy is not). The copy is readable by its owner only.
    ``read_only`` opens the source so that it cannot change (see ``read_only_uri``)."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))  # private before anything is in it
    if not read_only:
        _backup_api(sqlite3.connect(path), target)
        return target
    before = _state(path)
    uri = read_only_uri(path)
    _backup_api(sqlite3.connect(uri, uri=True), target)
    if "immutable=1" in uri and _state(path) != before:  # someone opened it meanwhile: read it again, with locks
        _backup_api(sqlite3.connect(uri.replace("&immutable=1", ""), uri=True), target)
    return target


def _backup_api(source: sqlite3.Connection, target: Path) -> None:
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()


def _state(path: Path) -> tuple[bool, int, int]:
    """Whether a -wal is beside the file, and its size and change time: what a writer changes."""
    try:
        info = path.stat()
    except OSError:
        return (False, -1, -1)
    return (Path(f"{path}-wal").exists(), info.st_size, info.st_mtime_ns)


def read_only_uri(path: Path) -> str:
    """SQLite's URI for reading ``path`` without changing it or anything beside it.

    The path is percent-escaped (a '#', '?' or '%' in a file name is part of the name). A WAL
    database that nobody has open has no -wal file; opened ``mode=ro`` SQLite would leave an empty
    -wal and a -shm beside it (owned by us, in someone else's folder), so such a file is read as
    ``immutable``, which is safe while no -wal exists (nobody is writing it)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if _wal_mode(path) and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def _wal_mode(path: Path) -> bool:
    """Bytes 18 and 19 of a SQLite header are 2 in WAL mode."""
    try:
        with path.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return False
    return len(header) == 20 and header[18] == 2
