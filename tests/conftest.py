"""Shared fixtures: a fresh project in tmp_path, the tricky inputs, an isolated user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.store.project import Project  # noqa: E402

DATA = Path(__file__).parent / "data"
TRICKY = DATA / "tricky"
SEEDS = Path(__file__).parents[1] / "seeds"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's data folder or project."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # the log folder
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def project(db_path: Path):  # type: ignore[no-untyped-def]
    with Project.create(db_path) as proj:
        yield proj


# -- both back ends ------------------------------------------------------------------------------

PG_VARIABLE = "ANNOTATOR_TEST_PG"
PG_SKIP = (f"PostgreSQL tests skipped: ${PG_VARIABLE} is not set. Start a throwaway server with "
           f"`eval \"$(.ci/postgres start)\"` (as .ci/run does) to run them.")
BACKENDS = [pytest.param("sqlite", id="sqlite"), pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql)]


def fresh_database(tmp_path: Path, backend: str) -> str:
    """A target for Project.create: a new SQLite file, or a new database on the test PostgreSQL server."""
    if backend == "sqlite":
        return str(tmp_path / "project.db")
    admin_url = os.environ.get(PG_VARIABLE)
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test PostgreSQL, but ${PG_VARIABLE} is not set")
        pytest.skip(PG_SKIP)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"t_{os.getpid()}_{abs(hash(tmp_path)) % 10**9}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's project lives: run once on SQLite and once on PostgreSQL."""
    return fresh_database(tmp_path, request.param)


@pytest.fixture
def any_project(target: str):  # type: ignore[no-untyped-def]
    with Project.create(target) as proj:
        yield proj


@pytest.fixture(params=["in line", "read ahead"])
def both_readings(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test twice: the files read by the importer itself, and read in a process of their own (as a large
    import's are: formats.read_ahead). Use with ``pytestmark = pytest.mark.usefixtures("both_readings")``."""
    from annotator.formats import read_ahead

    monkeypatch.setattr(read_ahead, "worth_it", lambda files: request.param == "read ahead")
    return str(request.param)
