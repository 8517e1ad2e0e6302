"""Engine set-up: a path or URL becomes an Engine; SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

BUSY_TIMEOUT_MS = 10_000


def to_url(path_or_url: str | Path) -> URL:
    """``postgresql://…`` and ``sqlite:///…`` pass through; anything else is a file path."""
    text = str(path_or_url)
    if "://" in text:
        return make_url(text)
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))  # '?', '#', '%' stay in the name


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for other back ends and in-memory databases."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser().resolve()


def make_engine(url: URL) -> Engine:
    engine = create_engine(url, future=True)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


WRITE = "annotator_write"  # in Connection.info: the next transaction writes, so it takes the write lock at once


def _sqlite_begin(conn: Any) -> None:
    """SQLAlchemy's documented recipe for SQLite transactions: we say BEGIN ourselves. A write says
    BEGIN IMMEDIATE, so that its checks (a span that must not overlap another) and its write happen
    under one lock: two windows of one annotator cannot both pass the check."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop(WRITE, False) else "BEGIN")


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
