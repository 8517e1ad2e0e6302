"""Alembic owns the schema: migrations match the models; older projects upgrade after a backup."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from annotator.core.errors import ProjectError
from annotator.core.matching import index_terms
from annotator.core.records import parse_record
from annotator.store import migrate
from annotator.store.models import Base
from annotator.store.project import Project


def test_migrations_create_exactly_the_models(project: Project) -> None:
    def ours(name: str | None, kind: str, _parents: object) -> bool:
        # the word index is raw SQL (an FTS5 table and its shadow tables, or a text[] table) outside the models
        return not (kind == "table" and (name or "").startswith(("search_index", "search_terms")))

    with project.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_name": ours}), Base.metadata)
    assert diff == []
    with project.engine.connect() as conn:
        tables = set(conn.dialect.get_table_names(conn))
    assert "search_index" in tables or "search_terms" in tables


SECOND = '''"""Add an index on documents.sha256."""
from alembic import op

revision = "9002"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_sha256", "documents", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_documents_sha256", "documents")
'''


def test_an_older_project_is_backed_up_then_upgraded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "old.db"
    with Project.create(db) as project:
        project.add_records([parse_record({"id": "d", "text": "Kim", "annotator": "sara",
                                           "spans": [{"start": 0, "end": 3, "label": "PER"}]}, project.schema)])
    scripts = tmp_path / "migrations"
    shutil.copytree(Path(migrate.__file__).parent / "migrations", scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (scripts / "versions" / "9002_sha_index.py").write_text(SECOND.replace("{head}", head), encoding="utf-8")

    def newer_config() -> Config:
        config = Config()
        config.set_main_option("script_location", str(scripts))
        return config

    monkeypatch.setattr(migrate, "alembic_config", newer_config)
    with Project.open(db) as project:
        assert project.backup is not None and project.backup.name.startswith(f"old.db.backup-{head}-")
        assert [s.label for s in project.spans(project.find_document("d").id)] == ["PER"]  # type: ignore[union-attr]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("9002",)
    assert "ix_documents_sha256" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    backup = sqlite3.connect(project.backup)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
    assert backup.execute("SELECT external_id FROM documents").fetchall() == [("d",)]


def test_a_project_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    Project.create(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(ProjectError, match="made by a newer version of annotator"):
        Project.open(db)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("*.backup-*"))


PROJECTS = Path(__file__).parent / "data" / "projects"
FIXTURES = sorted(PROJECTS.glob("v*.db"))


def test_there_is_a_project_fixture_for_every_earlier_schema_revision() -> None:
    """Each revision a release can leave behind has a project to upgrade from (tests/data/projects/make_fixtures.py)."""
    assert {f"v{r}.db" for r in migrate.known_revisions()} <= {f.name for f in FIXTURES}


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.stem)
def test_projects_of_every_earlier_version_open_with_their_data(tmp_path: Path, fixture: Path) -> None:
    db = tmp_path / fixture.name
    shutil.copy(fixture, db)
    revision = fixture.stem[1:]
    with Project.open(db) as project:
        if revision != migrate.head_revision():
            assert project.backup is not None and project.backup.exists()  # copied before the upgrade
        doc = project.find_document("d1")
        assert doc is not None and doc.text == "كيم جونغ أون زار روسيا."
        sara, omar = project.find_annotator("sara"), project.find_annotator("omar")
        assert sara and omar
        assert [(s.start, s.end, s.label) for s in project.spans(doc.id, sara.id)] == [(0, 12, "PER"), (17, 22, "GPE")]
        assert [s.label for s in project.spans(doc.id, omar.id)] == ["PER"]
        assert [d.label for d in project.doc_labels(doc.id, sara.id)] == ["NEUTRAL"]
        assert [(s.start, s.end) for s in project.spans(doc.id, gold=True)] == [(0, 12)]
        assert project.status(doc.id, sara.id) == "done"
        d2 = project.find_document("d2")
        assert d2 is not None
        if revision >= "0002":
            assert project.is_adjudicated(doc.id)
        if revision >= "0003":  # assignments: sara's queue holds both documents, omar's the first
            assert {p.annotator: p.assigned for p in project.stats().progress} == {"omar": 1, "sara": 2, "rita": 0}
        if revision >= "0004":  # suggestions, open and rejected, and an index built without a recorded word rule
            assert [(s.start, s.end, s.label) for s in project.suggestions(doc.id, sara.id)] == [(4, 8, "ORG")]
            assert [(s.label, s.source) for s in project.suggestions(doc.id, sara.id, "rejected")] == [
                ("LOC", "gazetteer")]
            assert [(s.start, s.end) for s in project.suggestions(d2.id, omar.id)] == [(0, 6)]
        if revision >= "0008":  # sara's queue ordered: d2 first (d1 is done anyway)
            assert project.next_ranked(sara.id, None) == d2.id
        else:
            assert project.next_ranked(sara.id, None) is None
        if revision >= "0007":  # a trained model, in use
            found = project.latest_model("entities")
            assert found is not None and found[1] == b"model bytes" and found[0].f1 == 0.5
        else:
            assert project.latest_model("entities") is None
        if revision >= "0009":  # sara rejected the stance model's AGAINST for South Korea in d1
            decided = project.doc_suggestion_decisions(sara.id, [doc.id])[doc.id]
            assert [(d.task, d.target, d.label, d.state, d.model_id) for d in decided] == [
                ("stance", "South Korea", "AGAINST", "rejected", 1)]
        else:
            assert project.doc_suggestion_decisions(sara.id, [doc.id]) == {}
        # a search through the word index finds the documents that hold the word, whatever built the index
        assert project.count_unindexed() == 2
        assert project.index_documents() == 2
        assert project.candidate_documents(["روسيا"]) == [doc.id]
        assert project.candidate_documents([index_terms(d2.text).pop()]) == [d2.id]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (migrate.head_revision(),)
