"""`annotator merge OTHER`: bring work done elsewhere (a laptop's project file, or native JSONL) into this project.

It is an import of the other project's native export: idempotent (merging twice adds nothing),
never overwriting anyone's annotations here, and a document whose text differs from ours is
reported as a conflict and left out. The other project is only ever read: a project file through a
read-only connection into a private copy (upgraded there when it is older), a server's database in
read-only transactions (refused, naming it, when its schema is older: its owner upgrades it).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from annotator.core.errors import AnnotatorError
from annotator.formats.export import Exporter, ExportOptions
from annotator.formats.importer import Importer, ImportReport
from annotator.store.engine import make_engine, shown, sqlite_path, to_url
from annotator.store.migrate import check_sqlite_file, copy_sqlite, has_project, head_revision, known_revisions
from annotator.store.project import Project


def merge(project: Project, other: str, on_reject: Callable[[str], None] | None = None) -> ImportReport:
    """Merge ``other`` (native .jsonl, a project file or a database URL) into ``project``."""
    if other.lower().endswith(".jsonl"):
        if not Path(other).is_file():
            raise AnnotatorError(f"{other}: no such file")
        return Importer(project, on_reject=on_reject).run([Path(other)])
    url = to_url(other)
    if url == project.url:
        raise AnnotatorError(f"{shown(url)}: that is this project")
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as tmp:
        lines = Path(tmp) / "theirs.jsonl"
        path = sqlite_path(url)
        with (Project.open(_sqlite_copy(path, Path(tmp))) if path is not None else _open_read_only(url)) as theirs:
            Exporter(theirs, ExportOptions(format="native", status="any")).run(lines)
        return Importer(project, on_reject=on_reject).run([lines])


def _sqlite_copy(path: Path, folder: Path) -> Path:
    """A project file is read (``mode=ro``) into a private copy, which is opened (and upgraded, when
    it is older) instead of it: their file, and the folder it is in, are never written."""
    try:
        if not check_sqlite_file(path):  # names the file when it is not a project or is from a newer annotator
            raise AnnotatorError(f"{path}: no such project file" if not path.exists() else f"{path}: an empty file, not a project")
        return copy_sqlite(path, folder / "theirs.db", read_only=True)
    except sqlite3.Error as exc:
        raise AnnotatorError(f"{path}: cannot read it: {exc}") from None
    except OSError as exc:  # no right to read it, a vanished folder
        raise AnnotatorError(f"{path}: cannot read it: {exc.strerror or exc}") from None


def _open_read_only(url: URL) -> Project:
    """A project on a server is read in place, in read-only transactions (the server refuses any write),
    and never upgraded: one with an older schema must be upgraded by its owner first."""
    if url.get_backend_name() != "postgresql":
        raise AnnotatorError(f"{shown(url)}: can merge from a project file, a PostgreSQL URL or a .jsonl file")
    options = " ".join(filter(None, [str(url.query.get("options", "")), "-c default_transaction_read_only=on"]))
    read_only = url.update_query_dict({"options": options})
    engine = make_engine(read_only)
    try:
        if not has_project(engine):
            raise AnnotatorError(f"{shown(url)}: no annotator project there")
        with engine.connect() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
        if revision not in known_revisions():
            raise AnnotatorError(f"{shown(url)}: made by a newer version of annotator (schema {revision}); "
                                 "upgrade annotator to merge from it")
        if revision != head_revision():
            raise AnnotatorError(f"{shown(url)}: its schema ({revision}) is older than this annotator's "
                                 f"({head_revision()}), and merge never upgrades another project: its owner must "
                                 "upgrade it first (open it once with this version of annotator), then merge again")
        return Project(read_only)
    except DBAPIError as exc:
        reason = str(exc.orig or exc).strip().splitlines()
        raise AnnotatorError(f"{shown(url)}: cannot read it: {reason[0] if reason else type(exc).__name__}") from None
    finally:
        engine.dispose()
