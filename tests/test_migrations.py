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
from annotator.core.records import parse_record
from annotator.store import migrate
from annotator.store.models import Base
from annotator.store.project import Project


def test_migrations_create_exactly_the_models(project: Project) -> None:
    with project.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


SECOND = '''"""Add an index on documents.sha256."""
from alembic import op

revision = "0002"
down_revision = "0001"
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
    (scripts / "versions" / "0002_sha_index.py").write_text(SECOND, encoding="utf-8")

    def newer_config() -> Config:
        config = Config()
        config.set_main_option("script_location", str(scripts))
        return config

    monkeypatch.setattr(migrate, "alembic_config", newer_config)
    with Project.open(db) as project:
        assert project.backup is not None and project.backup.name.startswith("old.db.backup-0001-")
        assert [s.label for s in project.spans(project.find_document("d").id)] == ["PER"]  # type: ignore[union-attr]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    assert "ix_documents_sha256" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    backup = sqlite3.connect(project.backup)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
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
