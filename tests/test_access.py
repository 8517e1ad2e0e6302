"""Who may do what (annotator.store.access), asked directly and through the command line, on both back ends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import ProjectError
from annotator.core.records import parse_record
from annotator.resources import resource_path
from annotator.store.access import Action
from annotator.store.project import Project

from tests.conftest import TRICKY, fresh_database

ANYONE = {"annotator", "reviewer", "lead"}
REVIEWERS = {"reviewer", "lead"}
LEADS = {"lead"}
# Once a project has a lead: who may do each thing. Before it has one, everyone may do everything.
WITH_A_LEAD = {
    Action.ANNOTATE: ANYONE,
    Action.REVIEW: REVIEWERS,
    Action.ADJUDICATE: REVIEWERS,
    Action.SEE_AGREEMENT: REVIEWERS,
    Action.SEE_PROGRESS: LEADS,
    Action.IMPORT: LEADS,
    Action.EXPORT: LEADS,
    Action.ASSIGN: LEADS,
    Action.MERGE: LEADS,
    Action.CHANGE_SCHEMA: LEADS,
    Action.MANAGE_TEAM: LEADS,
    Action.SUGGEST_FOR_OTHERS: LEADS,
    Action.TRAIN_MODEL: LEADS,
}
CASES = [(role, lead, action, role in WITH_A_LEAD[action] or not lead)
         for role in ("annotator", "reviewer", "lead") for lead in (False, True) for action in Action]


def test_the_table_covers_every_action() -> None:
    assert set(WITH_A_LEAD) == set(Action)


def _team(target: str, role: str, lead: bool, tag: str) -> dict[str, str]:
    """A project with documents, a person of ``role`` (the one asking), omar who finished a document,
    and (if ``lead``) lena who leads. Returns the names by part."""
    names = {"me": f"me_{tag}", "omar": f"omar_{tag}", "lena": f"lena_{tag}"}
    with Project.create(target) as project:
        project.add_records([parse_record({"id": "d1", "text": "Kim met Putin in Moscow."}, project.schema),
                             parse_record({"id": "d2", "text": "Putin met Kim in Pyongyang."}, project.schema)])
        project.set_role(names["me"], role)
        project.set_role(names["omar"], "annotator")
        omar = project.annotator(names["omar"]).id
        doc = project.find_document("d1")
        assert doc is not None
        project.set_status(doc.id, omar, "done", add_seconds=60)
        if lead:
            project.set_role(names["lena"], "lead")
    return names


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
@pytest.mark.parametrize("role", ["annotator", "reviewer", "lead"])
@pytest.mark.parametrize("lead", [False, True], ids=["no-lead", "a-lead"])
def test_may_follows_the_table(tmp_path: Path, backend: str, role: str, lead: bool) -> None:
    target = fresh_database(tmp_path, backend)
    names = _team(target, role, lead, _tag(tmp_path))
    with Project.open(target) as project:  # on PostgreSQL the owner's connection, working as the person
        me = project.identify(requested=names["me"], env={})
        assert (me.name, me.role, me.source) == (names["me"], role, "--as")
        got = {action: project.may(me, action) for action in Action}
    assert got == {action: allowed for r, ld, action, allowed in CASES if (r, ld) == (role, lead)}


def _command(action: Action, names: dict[str, str], tmp_path: Path) -> list[str] | None:
    """The command line that needs ``action``; None for what only the app does."""
    merged = tmp_path / "merged.jsonl"
    merged.write_text(json.dumps({"id": "m1", "text": "Moscow is cold."}) + "\n", encoding="utf-8")
    return {
        Action.IMPORT: ["import", str(TRICKY / "good.jsonl")],
        Action.EXPORT: ["export", "--format", "native", "-o", str(tmp_path / "out.jsonl")],
        Action.ASSIGN: ["assign", "--annotators", names["omar"]],
        Action.MERGE: ["merge", str(merged)],
        Action.CHANGE_SCHEMA: ["schema", "set", str(resource_path("schema.toml"))],
        Action.MANAGE_TEAM: ["team", "add-user", f"new_{names['me']}", "--role", "annotator"],
        Action.SEE_AGREEMENT: ["agreement"],
        Action.SUGGEST_FOR_OTHERS: ["suggest", "--boilerplate", "--for", names["omar"]],
        Action.TRAIN_MODEL: ["model", "settings", "--min-score", "0.4"],
    }.get(action)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
@pytest.mark.parametrize("role", ["annotator", "reviewer", "lead"])
@pytest.mark.parametrize("lead", [False, True], ids=["no-lead", "a-lead"])
def test_the_command_line_follows_the_table(capsys: pytest.CaptureFixture[str], tmp_path: Path, backend: str,
                                            role: str, lead: bool) -> None:
    target = fresh_database(tmp_path, backend)
    names = _team(target, role, lead, _tag(tmp_path))
    for r, ld, action, allowed in CASES:
        command = _command(action, names, tmp_path)
        if (r, ld) != (role, lead) or command is None:
            continue
        code = main([*command, "--db", target, "--as", names["me"]])
        err = capsys.readouterr().err
        if allowed:
            assert code == 0, (action, err)
        else:
            needed = "a lead" if WITH_A_LEAD[action] == LEADS else "a reviewer or a lead"
            assert code == 2 and f"is for {needed}; {names['me']} is a{'n' * (role == 'annotator')} {role} (from --as)" in err, \
                (action, err)
    # stats: everyone's progress for those who may see it, one's own for the others
    assert main(["stats", "--db", target, "--as", names["me"]]) == 0
    out = capsys.readouterr().out
    assert (f"  {names['omar']} (annotator): 1 done" in out) == (role == "lead" or not lead)


def _tag(tmp_path: Path) -> str:
    """Login roles belong to the whole PostgreSQL server: each test's people get names of their own."""
    return tmp_path.name[-10:].lower().replace("-", "_").replace("[", "_").replace("]", "_")


@pytest.mark.postgresql
@pytest.mark.parametrize("role", ["annotator", "reviewer", "lead"])
def test_a_team_member_logged_in_is_held_to_the_roles_even_without_a_lead(capsys: pytest.CaptureFixture[str],
                                                                         tmp_path: Path, role: str) -> None:
    from sqlalchemy.engine import make_url

    target = fresh_database(tmp_path, "postgresql")
    names = _team(target, role, False, _tag(tmp_path))  # nobody in the people table leads
    mine = make_url(target).set(username=names["me"]).render_as_string(hide_password=False)
    with Project.open(mine) as project:
        me = project.identify(env={})
        assert (me.name, me.role, me.source, me.bound) == (names["me"], role, "database login", True)
        assert project.identify(requested=names["me"], env={"ANNOTATOR_USER": names["me"]}) == me
        with pytest.raises(ProjectError, match=f"logged in to the database as {names['me']}.*--as {names['omar']} is refused"):
            project.identify(requested=names["omar"], env={})
        with pytest.raises(ProjectError, match=f"ANNOTATOR_USER {names['omar']} is refused"):
            project.identify(env={"ANNOTATOR_USER": names["omar"]})
        got = {action: project.may(me, action) for action in Action}
    expected = {action: role in WITH_A_LEAD[action] for action in Action}
    expected[Action.MANAGE_TEAM] = False  # making logins is the owner's, whatever one's role
    assert got == expected
    # the same answer as the database's grants (annotator.store.teams) for that login
    from sqlalchemy import create_engine, text

    engine = create_engine(mine)
    try:
        with engine.connect() as conn:
            def granted(table: str, what: str) -> bool:
                return bool(conn.execute(text("SELECT has_table_privilege(:t, :w)"), {"t": table, "w": what}).scalar())

            assert granted("gold_spans", "INSERT") == got[Action.ADJUDICATE] == granted("adjudications", "SELECT")
            assert granted("documents", "INSERT") == got[Action.IMPORT] == granted("assignments", "INSERT")
            assert granted("models", "INSERT") == got[Action.TRAIN_MODEL] and granted("models", "SELECT")
    finally:
        engine.dispose()
    # the command line gives the database's answer before the database does
    code = main(["agreement", "--db", mine])
    err = capsys.readouterr().err
    if role == "annotator":
        assert code == 2 and f"'agreement' is for a reviewer or a lead; {names['me']} is an annotator (from database login)" in err
    else:
        assert code == 0, err
    assert main(["export", "--format", "native", "-o", str(tmp_path / "o.jsonl"), "--db", mine, "--as", names["omar"]]) == 2
    assert f"you are logged in to the database as {names['me']}" in capsys.readouterr().err
    assert main(["team", "add-user", f"x_{names['me']}", "--role", "annotator", "--db", mine]) == 2
    err = capsys.readouterr().err
    assert "is for the project's owner" in err and "database error" not in err


@pytest.mark.postgresql
def test_the_owner_leads_when_working_as_themselves(tmp_path: Path) -> None:
    target = fresh_database(tmp_path, "postgresql")
    names = _team(target, "annotator", True, _tag(tmp_path))
    with Project.open(target) as project:
        owner = project.identify(env={})
        assert (owner.role, owner.source, owner.bound) == ("lead", "database owner", False)
        assert all(project.may(owner, action) for action in Action)
        assert not project.may(project.identify(env={"ANNOTATOR_USER": names["me"]}), Action.EXPORT)


def test_on_sqlite_as_wins_over_the_environment_which_wins_over_the_app(project: Project) -> None:
    project.set_role("sara", "annotator")
    project.set_role("rita", "reviewer")
    env = {"ANNOTATOR_USER": "rita"}
    assert project.identify(requested="sara", env=env, remembered="omar").name == "sara"
    assert project.identify(env=env, remembered="omar").source == "$ANNOTATOR_USER"
    assert project.identify(env={}, remembered="omar").source == "the app"
    assert project.identify(env={}).name is None
    project.set_role("lena", "lead")
    with pytest.raises(ProjectError, match=r"'export' is for a lead of this project \(leads: lena\); say who you are"):
        project.require(project.identify(env={}), Action.EXPORT)
    with pytest.raises(ProjectError, match=r"'review mode' is for a reviewer or a lead; omar is not one of this "
                                           r"project's people \(from the app\)"):
        project.require(project.identify(env={}, remembered="omar"), Action.REVIEW)
