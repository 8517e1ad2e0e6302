"""The default project: made in the user data folder on first use, with the seed articles imported."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

from annotator.formats.importer import Importer, collect_files
from annotator.resources import seeds_dir
from annotator.store.migrate import check_sqlite_file
from annotator.store.project import Project


def default_project_path() -> Path:
    return user_data_path("annotator", appauthor=False) / "default.annotator.db"


def open_default_project() -> Project:
    """Open the default project; create it with the seeds imported when it does not exist yet."""
    path = default_project_path()
    if check_sqlite_file(path):
        return Project.open(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # owner only, as the project in it
    project = Project.open(path, create=True)
    files, _ = collect_files([seeds_dir()])
    Importer(project).run(files)
    return project
