"""Many rows into one table at once: on SQLite, hundreds of rows a statement; elsewhere SQLAlchemy's executemany.

SQLite runs an INSERT once per row of an executemany, and each run has its cost (the statement reset,
the AUTOINCREMENT counter read and written again): on the import of a pre-annotated corpus that was a
third of the time spent in SQLite. One ``INSERT ... VALUES (...), (...), ...`` of a few hundred rows pays
it once. Values go to the driver as SQLAlchemy would give them (``value`` runs the column type's bind
processor: dates as text, JSON serialised), so the stored rows are the same either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Row, Table, insert

ROWS_PER_STATEMENT = 500  # more gains nothing measurable; fewer pays the statement's cost more often
_SQLITE_LIMIT_VARIABLE_NUMBER = 9  # sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
_SQLITE_OLD_LIMIT = 999  # the limit of SQLite builds before 3.32


class Rows:
    """Inserts into ``columns`` of ``table`` over one connection (inside its transaction)."""

    def __init__(self, conn: Connection, table: Table, columns: Sequence[str]) -> None:
        self.conn = conn
        self.table = table
        self.columns = tuple(columns)
        dialect = conn.dialect
        self.sqlite = dialect.name == "sqlite"
        self._processors = {c: table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in self.columns}
        if self.sqlite:
            quote = dialect.identifier_preparer.quote
            self._head = f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in self.columns)}) VALUES "
            self._group = "(" + ", ".join("?" * len(self.columns)) + ")"
            self._quote = quote
            self._per = max(1, min(ROWS_PER_STATEMENT, _variable_limit(conn) // len(self.columns)))

    def value(self, column: str, value: Any) -> Any:
        """``value`` of ``column`` as ``insert`` takes it: through the column type's bind processor on SQLite
        (call it once for a value that many rows share), unchanged elsewhere (SQLAlchemy processes it)."""
        if not self.sqlite:
            return value
        process = self._processors[column]
        return process(value) if process is not None else value

    def insert(self, rows: Sequence[Sequence[Any]], returning: Sequence[str] = ()) -> list[Row[Any]]:
        """Insert ``rows`` (each one value a column, in ``columns`` order, passed through ``value`` where a
        column has a processor); with ``returning``, those columns of every new row, in no set order."""
        if not rows:
            return []
        if not self.sqlite:
            params = [dict(zip(self.columns, row)) for row in rows]
            stmt = insert(self.table)
            if returning:
                return list(self.conn.execute(stmt.returning(*(self.table.c[c] for c in returning)), params))
            self.conn.execute(stmt, params)
            return []
        tail = f" RETURNING {', '.join(self._quote(c) for c in returning)}" if returning else ""
        found: list[Row[Any]] = []
        per = self._per
        full = f"{self._head}{', '.join([self._group] * per)}{tail}"
        for i in range(0, len(rows), per):
            chunk = rows[i:i + per]
            sql = full if len(chunk) == per else f"{self._head}{', '.join([self._group] * len(chunk))}{tail}"
            flat = tuple(chain.from_iterable(chunk))
            result = self.conn.exec_driver_sql(sql, flat)
            if returning:
                found += result.all()
        return found


def _variable_limit(conn: Connection) -> int:
    """How many parameters one SQLite statement may have (32,766 since SQLite 3.32, 999 before)."""
    raw = conn.connection.dbapi_connection
    getlimit = getattr(raw, "getlimit", None)  # Python 3.11+
    return int(getlimit(_SQLITE_LIMIT_VARIABLE_NUMBER)) if getlimit is not None else _SQLITE_OLD_LIMIT
