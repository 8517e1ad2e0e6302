"""How v0003.db to v0009.db were made: v0002.db brought to each later revision by its own migration,
with the data that revision added. Run from the repository root: python tests/data/projects/make_fixtures.py

A fixture stands for a project an earlier release left behind: once made, it is kept, never remade
(migrations are never edited after release, so this rebuilds the same files)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from annotator.core.matching import index_terms
from annotator.store.migrate import alembic_config

HERE = Path(__file__).parent
NOW = "2026-11-23 09:00:00.000000"


def upgraded(source: str, name: str, revision: str) -> Path:
    target = HERE / name
    target.unlink(missing_ok=True)
    shutil.copyfile(HERE / source, target)
    engine = create_engine(f"sqlite:///{target}")
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()
    return target


def finish(db: sqlite3.Connection, name: str) -> None:
    db.execute("UPDATE settings SET value = ? WHERE key = 'name'", (name,))
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one self-contained file, no -wal beside it
    db.close()


def v0003() -> None:
    db = sqlite3.connect(upgraded("v0002.db", "v0003.db", "0003"))
    # assignments: sara has both documents in her queue, omar the first
    db.executemany("INSERT INTO assignments (document_id, annotator_id, created) VALUES (?, ?, ?)",
                   [(1, 2, NOW), (2, 2, NOW), (1, 1, NOW)])
    finish(db, "v0003")


def v0004() -> None:
    db = sqlite3.connect(upgraded("v0003.db", "v0004.db", "0004"))
    # suggestions: sara's open one and rejected one in d1, omar's open one in d2; and the word index
    # as that release built it (no word rule recorded)
    rows = [(1, 1, 2, "entities", "ORG", 4, 8, "{}", "propagation", "like “جونغ” in d1", "k1", "open", NOW),
            (2, 1, 2, "entities", "LOC", 17, 22, "{}", "gazetteer", "places.jsonl line 1", "k2", "rejected", NOW),
            (3, 2, 1, "entities", "ORG", 0, 6, "{}", "boilerplate", "in 2 documents", "k3", "open", NOW)]
    db.executemany('INSERT INTO suggestions (id, document_id, annotator_id, layer, label, start, "end", attrs, '
                   "source, reason, key, state, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO search_index (rowid, terms) VALUES (?, ?)",
                   [(i, " ".join(sorted(index_terms(t)))) for i, t in db.execute("SELECT id, text FROM documents")])
    finish(db, "v0004")


def v0005() -> None:
    db = sqlite3.connect(upgraded("v0004.db", "v0005.db", "0005"))
    # 0005 guards generated ids on PostgreSQL only; on SQLite the data stays as 0004 left it
    finish(db, "v0005")


def v0006() -> None:
    db = sqlite3.connect(upgraded("v0005.db", "v0006.db", "0006"))
    # 0006 adds the functions team members delete through, on PostgreSQL only; on SQLite the data stays
    finish(db, "v0006")


def v0007() -> None:
    db = sqlite3.connect(upgraded("v0006.db", "v0007.db", "0007"))
    # models: one trained entity model (its bytes stand for what that release's learner wrote)
    db.execute("INSERT INTO models (id, layer, kind, version, trained_by, documents, held_out, report, data, created) "
               "VALUES (1, 'entities', 'crf', 'fixture', 'sara', 1, 1, ?, ?, ?)",
               ('{"overall": {"precision": 0.5, "recall": 0.5, "f1": 0.5}}', b"model bytes", NOW))
    finish(db, "v0007")


def v0008() -> None:
    db = sqlite3.connect(upgraded("v0007.db", "v0008.db", "0008"))
    # an ordered queue (active learning): sara's d2 before d1
    db.execute("UPDATE assignments SET rank = 0 WHERE annotator_id = 2 AND document_id = 2")
    db.execute("UPDATE assignments SET rank = 1 WHERE annotator_id = 2 AND document_id = 1")
    finish(db, "v0008")


def v0009() -> None:
    db = sqlite3.connect(upgraded("v0008.db", "v0009.db", "0009"))
    # a stance suggestion sara rejected in d1 (AGAINST South Korea, from the fixture's model 1)
    db.execute("INSERT INTO doc_suggestions (id, document_id, annotator_id, task, target, label, score, model_id, "
               "state, updated) VALUES (1, 1, 2, 'stance', 'South Korea', 'AGAINST', 0.75, 1, 'rejected', ?)", (NOW,))
    finish(db, "v0009")


if __name__ == "__main__":
    import sys

    for make in (v0003, v0004, v0005, v0006, v0007, v0008, v0009):  # name some to make only those: python make_fixtures.py v0005
        if len(sys.argv) == 1 or make.__name__ in sys.argv[1:]:
            make()
