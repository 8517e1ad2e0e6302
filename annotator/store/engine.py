"""Engine set-up: a path or URL becomes an Engine; SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, quote_plus
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from annotator.core.errors import ProjectError

BUSY_TIMEOUT_MS = 10_000
LOCK_TIMEOUT_MS = 5_000  # PostgreSQL: no statement waits longer for a lock (another member's, or a hostile one's)


def to_url(path_or_url: str | Path) -> URL:
    """``postgresql://…`` and ``sqlite:///…`` pass through; anything else is a file path."""
    text = str(path_or_url)
    if "://" in text:
        try:
            return make_url(text)
        except (ArgumentError, ValueError) as exc:  # the message may quote the URL: say it again, masked
            raise ProjectError(f"{shown(text)}: not a database URL ({type(exc).__name__})") from None
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))  # '?', '#', '%' stay in the name


_USERINFO = re.compile(r"(://[^/@:\s]*:)([^/@\s]*)@")  # scheme://user:PASSWORD@host
_QUERY = re.compile(r"([?&]password=)([^&#\s]*)", re.IGNORECASE)  # libpq also reads ...?password=PASSWORD


def _mask(text: str) -> str:
    return _QUERY.sub(r"\1***", _USERINFO.sub(r"\1***@", text))


def shown(path_or_url: str | Path | URL) -> str:
    """A path or URL as it may be logged or printed: any password is masked (``***``)."""
    if isinstance(path_or_url, URL):
        return _mask(path_or_url.render_as_string(hide_password=True))
    text = str(path_or_url)
    if "://" not in text:
        return text
    try:
        return _mask(make_url(text).render_as_string(hide_password=True))
    except (ArgumentError, ValueError):  # not a URL SQLAlchemy can read: mask what looks like a password
        return _mask(text)


def password(path_or_url: str | Path | URL) -> str | None:
    """The password in a database URL, if any, so that messages can be scrubbed of it."""
    if isinstance(path_or_url, URL):
        return _url_password(path_or_url)
    text = str(path_or_url)
    if "://" not in text:
        return None
    try:
        return _url_password(make_url(text))
    except (ArgumentError, ValueError):
        found = _USERINFO.search(text) or _QUERY.search(text)
        return (found.group(2) or None) if found else None


def _url_password(url: URL) -> str | None:
    """The user-info password, else the ``password`` query parameter (libpq takes both)."""
    if url.password:
        return str(url.password)
    query = url.query.get("password")
    found = query[0] if isinstance(query, tuple) and query else query
    return str(found) if found else None


def scrubber(*targets: str | Path | URL | None) -> Callable[[str], str]:
    """A function that masks the passwords of these URLs in any text (an error message, a traceback)."""
    secrets: set[str] = set()
    for target in targets:
        secret = password(target) if target is not None else None
        if secret:
            secrets.update({secret, quote(secret, safe=""), quote_plus(secret)})
    ordered = sorted(secrets, key=len, reverse=True)

    def scrub(text: str) -> str:
        for secret in ordered:
            text = text.replace(secret, "***")
        return _mask(text)

    return scrub


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for other back ends and in-memory databases."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser().resolve()


def make_engine(url: URL) -> Engine:
    engine = create_engine(url, future=True)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "do_connect", _sqlite_create_private)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_begin)
    elif url.get_backend_name() == "postgresql":
        event.listen(engine, "connect", _postgresql_on_connect)
    return engine


def _postgresql_on_connect(dbapi_conn: Any, _record: Any) -> None:
    """Every wait for a lock is bounded: past ``LOCK_TIMEOUT_MS`` the statement fails with SQLSTATE
    55P03, which the Project API reports as "the project is busy" (and tries once more)."""
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True  # a SET outside any transaction, so it holds for the whole session
    try:
        with dbapi_conn.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
    finally:
        dbapi_conn.autocommit = autocommit


WRITE = "annotator_write"  # in Connection.info: the next transaction writes, so it takes the write lock at once


_TURNS: dict[str, threading.RLock] = {}  # per SQLite file: this process's writers queue here (write_turn)
_TURNS_GUARD = threading.Lock()


@contextmanager
def write_turn(url: URL) -> Iterator[None]:
    """Held around a write transaction on a SQLite file: this process's writers (the window and its background
    jobs, each on its own connection) take turns here before SQLite's lock. A key pressed in the window then
    waits for one short batch of a job's writes at most, handed over the moment the batch commits, instead
    of until SQLite's busy handler looks again (it sleeps 25-100 ms between looks once it has waited a
    while: 65-90 ms blocks in benchmarks/bench_responsive.py). Past the busy timeout the writer goes on to
    SQLite's lock, which then says the project is busy. Other processes meet SQLite's lock only, as before."""
    path = sqlite_path(url)
    if path is None:
        yield
        return
    key = os.path.realpath(path)
    with _TURNS_GUARD:
        turn = _TURNS.setdefault(key, threading.RLock())
    got = turn.acquire(timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        yield
    finally:
        if got:
            turn.release()


def _sqlite_begin(conn: Any) -> None:
    """SQLAlchemy's documented recipe for SQLite transactions: we say BEGIN ourselves. A write says
    BEGIN IMMEDIATE, so that its checks (a span that must not overlap another) and its write happen
    under one lock: two windows of one annotator cannot both pass the check."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop(WRITE, False) else "BEGIN")


def _sqlite_create_private(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
    """A new project file is made readable by its owner only, before SQLite opens it (SQLite gives
    its -wal and -shm files the same mode). An existing file keeps its mode."""
    path = cargs[0] if cargs else cparams.get("database")
    if not path or path == ":memory:" or cparams.get("uri") or str(path).startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:  # it exists (keep its mode), or no folder or no right: SQLite says so when it connects
        pass


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # the driver starts no transactions of its own; _sqlite_begin does
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()
