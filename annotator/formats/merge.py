"""`annotator merge OTHER`: bring work done elsewhere (a laptop's project file, or native JSONL) into this project.

It is an import of the other project's native export: idempotent (merging twice adds nothing),
never overwriting anyone's annotations here, and a document whose text differs from ours is
reported as a conflict and left out. The other project file is read from a copy and never changed.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.formats.export import Exporter, ExportOptions
from annotator.formats.importer import Importer, ImportReport
from annotator.store.engine import sqlite_path, to_url
from annotator.store.migrate import copy_sqlite
from annotator.store.project import Project


def merge(project: Project, other: str, on_reject: Callable[[str], None] | None = None) -> ImportReport:
    """Merge ``other`` (native .jsonl, a project file or a database URL) into ``project``."""
    if other.lower().endswith(".jsonl"):
        if not Path(other).is_file():
            raise AnnotatorError(f"{other}: no such file")
        return Importer(project, on_reject=on_reject).run([Path(other)])
    if to_url(other) == project.url:
        raise AnnotatorError(f"{other}: that is this project")
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as tmp:
        source = _readable_copy(other, Path(tmp))
        with Project.open(source) as theirs:
            lines = Path(tmp) / "theirs.jsonl"
            Exporter(theirs, ExportOptions(format="native", status="any")).run(lines)
        return Importer(project, on_reject=on_reject).run([lines])


def _readable_copy(other: str, folder: Path) -> str:
    """A project file is opened from a copy (opening may upgrade an older one); a server is read in place."""
    url = to_url(other)
    path = sqlite_path(url)
    if path is None:
        return other
    if not path.is_file():
        raise AnnotatorError(f"{path}: no such project file")
    try:
        return str(copy_sqlite(path, folder / path.name, read_only=True))
    except sqlite3.Error as exc:
        raise AnnotatorError(f"{path}: cannot read it: {exc}") from None
