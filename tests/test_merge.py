"""`annotator merge OTHER`: a laptop's work comes into the team project once, conflicts are reported, nothing is overwritten."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.records import parse_record
from annotator.store.project import Project

from tests.conftest import DATA, fresh_database


def _record(ext: str, text: str, who: str | None = None, spans: list[tuple[int, int, str]] = (),  # type: ignore[assignment]
            status: str | None = None) -> dict[str, object]:
    line: dict[str, object] = {"id": ext, "text": text}
    if who:
        line.update(annotator=who, spans=[{"start": s, "end": e, "label": lab} for s, e, lab in spans])
    if status:
        line["status"] = status
    return line


def test_merge_brings_work_once_and_reports_conflicts(tmp_path: Path, target: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with Project.create(target) as team:
        team.add_records([parse_record(r, team.schema) for r in (
            _record("d1", "Kim met Putin."), _record("d2", "Seoul said nothing."),
            _record("d1", "Kim met Putin.", "omar", [(0, 3, "PER")], "done"))])
    laptop = tmp_path / "laptop.db"
    with Project.create(laptop) as mine:
        mine.add_records([parse_record(r, mine.schema) for r in (
            _record("d1", "Kim met Putin.", "sara", [(0, 3, "PER"), (8, 13, "PER")], "done"),
            _record("d2", "Seoul said NOTHING.", "sara", [(0, 5, "GPE")], "done"),  # edited offline: a conflict
            _record("d3", "A new article from the road.", "sara", [], "in_progress"))])
    before = laptop.read_bytes()
    capsys.readouterr()
    assert main(["merge", str(laptop), "--db", target]) == 1
    out, err = capsys.readouterr()
    assert "d2" in err and "different text" in err
    assert out.strip().startswith("2 imported")
    with Project.open(target) as team:
        d1, d3 = team.find_document("d1"), team.find_document("d3")
        assert d1 is not None and d3 is not None
        sara, omar = team.find_annotator("sara"), team.find_annotator("omar")
        assert sara is not None and omar is not None
        assert [(s.start, s.end) for s in team.spans(d1.id, sara.id)] == [(0, 3), (8, 13)]
        assert [(s.start, s.end) for s in team.spans(d1.id, omar.id)] == [(0, 3)]  # omar's work as it was
        assert team.status(d1.id, sara.id) == "done" and team.status(d3.id, sara.id) == "in_progress"
        d2 = team.find_document("d2")
        assert d2 is not None and d2.text == "Seoul said nothing." and team.spans(d2.id, sara.id) == []
    assert main(["merge", str(laptop), "--db", target]) == 1  # again: nothing new, the same conflict
    assert capsys.readouterr().out.strip().startswith("0 imported")
    assert laptop.read_bytes() == before  # the laptop's file is read from a copy
    jsonl = tmp_path / "road.jsonl"
    jsonl.write_text('{"id": "d4", "text": "Written on a train.", "annotator": "sara", "spans": []}\n', encoding="utf-8")
    assert main(["merge", str(jsonl), "--db", target]) == 0
    assert main(["merge", target, "--db", target]) == 2
    assert "that is this project" in capsys.readouterr().err


# -- the other project is only read ----------------------------------------------------------------

def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_merge_from_a_file_named_with_url_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team = tmp_path / "team.db"
    Project.create(team).close()
    road = tmp_path / "road"
    road.mkdir()
    laptop = road / "a#b?c%d.db"  # '#', '?' and '%' are part of the name, not URL syntax
    with Project.create(laptop) as mine:
        mine.add_records([parse_record(_record("d1", "Kim met Putin.", "sara", [(0, 3, "PER")], "done"), mine.schema)])
    before = _files(road)
    assert main(["merge", str(laptop), "--db", str(team)]) == 0
    assert capsys.readouterr().out.strip().startswith("1 imported")
    assert _files(road) == before  # no stray file ('a'), no -wal or -shm left beside it, nothing changed
    with Project.open(team) as ours:
        assert ours.find_document("d1") is not None


@pytest.mark.parametrize("version", sorted(p.name for p in (DATA / "projects").glob("v*.db")))  # v0001 is not WAL
def test_merge_from_an_older_project_leaves_it_as_it_was(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         version: str) -> None:
    """A project file of an older schema is read into a private copy, upgraded there; the file itself is not touched."""
    team = tmp_path / "team.db"
    Project.create(team).close()
    old_folder = tmp_path / "old"
    old_folder.mkdir()
    old = old_folder / version
    shutil.copyfile(DATA / "projects" / version, old)
    before = _files(old_folder)
    code = main(["merge", str(old), "--db", str(team)])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in err
    assert _files(old_folder) == before  # same bytes, no backup, no -wal beside it
    with Project.open(team) as ours, Project.open(_copy(old, tmp_path)) as theirs:
        assert len(ours.documents()) == len(theirs.documents()) > 0


def _copy(path: Path, folder: Path) -> Path:
    target = folder / "upgraded-copy.db"
    shutil.copyfile(path, target)
    return target


@pytest.mark.parametrize("make, says", [
    (lambda p: None, "no such project file"),
    (lambda p: p.write_bytes(b""), "an empty file, not a project"),
    (lambda p: p.write_text("not a database", encoding="utf-8"), "not a SQLite database"),
])
def test_merge_from_a_bad_file_names_it_and_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             make: Callable[[Path], object], says: str) -> None:
    team = tmp_path / "team.db"
    Project.create(team).close()
    other = tmp_path / "elsewhere" / "laptop.db"
    other.parent.mkdir()
    make(other)
    before = _files(other.parent)
    capsys.readouterr()
    assert main(["merge", str(other), "--db", str(team)]) == 2
    err = capsys.readouterr().err
    assert str(other) in err and says in err and "Traceback" not in err
    assert _files(other.parent) == before


@pytest.mark.postgresql
def test_merge_from_a_server_reads_it_read_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import text

    from annotator.formats.merge import _open_read_only
    from annotator.store.engine import to_url

    server = fresh_database(tmp_path, "postgresql")
    with Project.create(server) as theirs:
        theirs.add_records([parse_record(_record("d1", "Kim met Putin.", "sara", [(0, 3, "PER")], "done"), theirs.schema)])
    team = tmp_path / "team.db"
    Project.create(team).close()
    assert main(["merge", server, "--db", str(team)]) == 0
    with Project.open(team) as ours:
        assert ours.find_document("d1") is not None
    with _open_read_only(to_url(server)) as theirs, pytest.raises(Exception, match="read-only transaction"):
        with theirs.engine.begin() as conn:
            conn.execute(text("DELETE FROM settings"))
    missing = to_url(server).set(database="no_such_project").render_as_string(hide_password=False)
    capsys.readouterr()
    assert main(["merge", missing, "--db", str(team)]) == 2  # never made: named, with the server's reason
    err = capsys.readouterr().err
    assert "no_such_project: cannot read it" in err and "does not exist" in err and "Traceback" not in err


@pytest.mark.postgresql
def test_merge_refuses_an_older_server_project_and_leaves_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from alembic import command
    from sqlalchemy import text

    from annotator.store.engine import make_engine, to_url
    from annotator.store.migrate import alembic_config

    server = fresh_database(tmp_path, "postgresql")
    engine = make_engine(to_url(server))
    with engine.begin() as conn:  # a project made by the first release: schema 0001
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('name', 'old')"))
    team = tmp_path / "team.db"
    Project.create(team).close()
    capsys.readouterr()
    assert main(["merge", server, "--db", str(team)]) == 2
    err = capsys.readouterr().err
    assert "older than this annotator's" in err and "upgrade it first" in err and "Traceback" not in err
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"
    engine.dispose()
