"""The command line, called in-process: one clear line for every error, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import __version__
from annotator.cli import main
from annotator.formats.demo import default_project_path
from annotator.store.project import Project

from tests.conftest import SEEDS, TRICKY


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_no_db_means_the_demo_project_with_the_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert not default_project_path().exists()
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0
    stats = json.loads(out)
    assert stats["documents"] == len(list(SEEDS.glob("*.txt"))) == 5
    assert stats["languages"] == {"ar": 3, "en": 2}
    with Project.open(default_project_path()) as project:
        assert project.find_document("000_4eee2279a2a81452") is not None
    code, out, _ = run(capsys, "stats")  # a second start does not import again
    assert "Documents:  5 (ar 3, en 2)" in out


def test_environment_variable_names_the_project(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("ANNOTATOR_DB", str(db))
    assert run(capsys, "init")[0] == 0
    assert run(capsys, "import", str(TRICKY / "good.jsonl"))[0] == 0
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "Documents:  2" in out and "entities: 5 (GPE 2, PER 3)" in out
    assert not default_project_path().exists()


def test_init_with_a_custom_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    schema = tmp_path / "mini.toml"
    schema.write_text('name = "mini"\n[[layers]]\nname = "ents"\ndescription = "d"\n'
                      '[[layers.labels]]\nname = "THING"\ncolor = "#aabbcc"\nkey = "t"\ndescription = "a thing"\n',
                      encoding="utf-8")
    db = tmp_path / "mini.db"
    code, out, _ = run(capsys, "init", "--db", str(db), "--schema", str(schema))
    assert code == 0 and "created project 'mini'" in out
    with Project.open(db) as project:
        assert [lay.name for lay in project.schema.layers] == ["ents"]
    code, _, err = run(capsys, "init", "--db", str(db))
    assert code == 2 and err == f"annotator: {db}: a project already exists here\n"


def test_broken_schema_is_one_line_naming_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    schema = tmp_path / "broken.toml"
    schema.write_text("name = [", encoding="utf-8")
    db = tmp_path / "x.db"
    code, _, err = run(capsys, "init", "--db", str(db), "--schema", str(schema))
    assert code == 2
    assert err.startswith(f"annotator: {schema}: not valid TOML") and err.count("\n") == 1
    assert not db.exists()


def test_db_that_is_not_a_project_is_refused_untouched(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n", encoding="utf-8")
    for command in (["stats"], ["import", str(TRICKY / "good.jsonl")], ["init"]):
        code, _, err = run(capsys, *command, "--db", str(notes))
        assert code == 2 and str(notes) in err and err.count("\n") == 1
    assert notes.read_text(encoding="utf-8") == "shopping list\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_stats_on_a_missing_project(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "stats", "--db", str(tmp_path / "nope.db"))
    assert code == 2 and "no project here; create one with 'annotator init" in err


def test_stats_reports_progress_per_annotator(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "done.jsonl"
    data.write_text(json.dumps({"id": "a", "text": "Kim", "annotator": "sara", "status": "done",
                                "doc_labels": [{"task": "stance", "target": "Russia", "label": "FAVOR"}]}) + "\n"
                    + json.dumps({"id": "b", "text": "Putin"}) + "\n", encoding="utf-8")
    db = str(tmp_path / "p.db")
    assert run(capsys, "import", str(data), "--db", db)[1].startswith("2 imported, 0 skipped (already there), 0 rejected")
    code, out, _ = run(capsys, "stats", "--db", db)
    assert "sara (annotator): 1 done of 2 documents, 0 in progress, 0 skipped" in out
    assert "stance/Russia: FAVOR 1" in out


def test_version_and_help_as_a_real_process() -> None:
    proc = subprocess.run([sys.executable, "-m", "annotator", "--version"], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == f"annotator {__version__}"
    proc = subprocess.run([sys.executable, "-m", "annotator", "import", "--help"], capture_output=True, text=True, check=True)
    assert "--annotator NAME" in proc.stdout


def test_init_without_db_makes_the_default_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert not default_project_path().parent.exists()
    code, out, _ = run(capsys, "init")
    assert code == 0 and default_project_path().exists()


def test_stats_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    assert main(["init", "--db", str(db)]) == 0
    proc = subprocess.run(f"{sys.executable} -m annotator stats --db {db} | head -1", shell=True,
                          capture_output=True, text=True)
    assert proc.stdout.startswith("Project:") and "Error" not in proc.stderr


def test_team_add_user_gives_a_role_and_list_shows_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "team.db")
    assert main(["init", "--db", db]) == 0
    assert main(["team", "add-user", "rita", "--role", "reviewer", "--db", db]) == 0
    assert main(["team", "add-user", "rita", "--role", "lead", "--db", db]) == 0  # a new role, not a second rita
    # (rita, a reviewer, could do that: the project had no lead yet; from now on leads do it)
    capsys.readouterr()
    assert main(["team", "list", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines() == ["rita\tlead"]
    with Project.open(db) as project:
        assert [(a.name, a.role) for a in project.annotators()] == [("rita", "lead")]
    with pytest.raises(SystemExit):
        main(["team", "add-user", "x", "--role", "boss", "--db", db, "--as", "rita"])
    assert "invalid choice: 'boss'" in capsys.readouterr().err


def test_commands_follow_the_roles_once_a_project_has_a_lead(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "roles.db")
    assert run(capsys, "import", str(SEEDS), "--db", db)[0] == 0  # nobody is a lead yet: one person's project
    for name, role in (("lena", "lead"), ("rita", "reviewer"), ("sara", "annotator")):
        assert run(capsys, "team", "add-user", name, "--role", role, "--db", db, "--as", "lena")[0] == 0
    out = str(tmp_path / "x.jsonl")
    code, _, err = run(capsys, "export", "--format", "native", "-o", out, "--db", db)
    assert code == 2 and "'export' is for a lead of this project (leads: lena); say who you are with --as" in err
    code, _, err = run(capsys, "export", "--format", "native", "-o", out, "--db", db, "--as", "sara")
    assert code == 2 and "'export' is for a lead; sara is an annotator" in err
    assert run(capsys, "export", "--format", "native", "-o", out, "--db", db, "--as", "lena")[0] == 0
    monkeypatch.setenv("ANNOTATOR_USER", "rita")
    assert run(capsys, "agreement", "--db", db)[0] == 0  # reviewers measure agreement
    code, _, err = run(capsys, "assign", "--annotators", "sara", "--db", db)
    assert code == 2 and "'assign' is for a lead; rita is a reviewer" in err
    code, _, err = run(capsys, "team", "add-user", "eve", "--role", "lead", "--db", db, "--as", "nobody")
    assert code == 2 and "nobody is not one of this project's people" in err
    assert run(capsys, "stats", "--db", db, "--as", "sara")[0] == 0  # for everyone


def test_a_lead_changes_the_schema_unless_stored_work_needs_what_it_drops(capsys: pytest.CaptureFixture[str],
                                                                          tmp_path: Path) -> None:
    db = str(tmp_path / "schema.db")
    data = tmp_path / "one.jsonl"
    data.write_text(json.dumps({"id": "a", "text": "Kim met Putin.", "annotator": "sara",
                                "spans": [{"start": 0, "end": 3, "label": "PER"}]}) + "\n", encoding="utf-8")
    assert run(capsys, "import", str(data), "--db", db)[0] == 0
    code, out, _ = run(capsys, "schema", "show", "--db", db)
    assert code == 0 and 'name = "news-default"' in out
    source = (Path(__file__).parents[1] / "resources" / "schema.toml").read_text(encoding="utf-8")
    wider = tmp_path / "wider.toml"
    wider.write_text(source.replace('name = "news-default"', 'name = "news-wider"').replace(
        'name = "NORP"', 'name = "NATIONALITY"'), encoding="utf-8")
    code, out, _ = run(capsys, "schema", "set", str(wider), "--db", db)
    assert code == 0 and "schema 'news-wider' set" in out
    with Project.open(db) as project:
        assert project.schema.name == "news-wider" and project.schema.layer("entities").label("NATIONALITY")  # type: ignore[union-attr]
    narrower = tmp_path / "narrower.toml"
    narrower.write_text(source.replace('name = "PER"', 'name = "PERSON"'), encoding="utf-8")
    code, _, err = run(capsys, "schema", "set", str(narrower), "--db", db)
    assert code == 2 and "the new schema does not allow what stored annotations use, so it was not set: span label entities/PER (" in err
    with Project.open(db) as project:
        assert project.schema.name == "news-wider"  # unchanged
    assert run(capsys, "team", "add-user", "lena", "--role", "lead", "--db", db)[0] == 0
    code, _, err = run(capsys, "schema", "set", str(wider), "--db", db, "--as", "sara")
    assert code == 2 and "'schema set' is for a lead; sara is an annotator" in err


def test_a_project_path_with_url_characters_opens_that_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "team#1?v=2%20.db"  # '#', '?' and '%' are part of the name
    assert run(capsys, "init", "--db", str(db))[0] == 0
    assert run(capsys, "import", "--db", str(db), str(TRICKY / "good.jsonl"))[0] == 0
    code, out, _ = run(capsys, "stats", "--db", str(db))
    assert code == 0 and "Documents:  2" in out
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(db.name)) == []  # no stray 'team'


def test_a_bad_database_url_is_one_line_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "stats", "--db", "postgresql://sara:s3cret@host:notaport/db")
    assert code == 2 and "postgresql://sara:***@host:notaport/db: not a database URL" in err and "s3cret" not in err
