"""What the README promises outside the window and no other test checked: log rotation, `export
--no-story-groups`, and merge between a PostgreSQL project and a SQLite one, both ways."""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.records import parse_record
from annotator.logs import setup_logging
from annotator.store.project import Project

from tests.conftest import fresh_database


def test_the_log_is_rotated_at_1_mb_with_five_old_files_kept() -> None:
    """README: annotator.log in the user log folder, rotated at 1 MB with five old files kept."""
    path = setup_logging("test")
    log = logging.getLogger("annotator.test")
    line = "x" * 1000
    for i in range(7_500):  # 7.5 MB of log: more than the file and its five old copies hold
        log.info("line %05d %s", i, line)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["annotator.log"] + [f"annotator.log.{n}" for n in range(1, 6)]
    assert all(p.stat().st_size <= 1_000_000 for p in path.parent.iterdir())
    assert "line 07499" in path.read_text(encoding="utf-8")  # the newest in annotator.log
    oldest = (path.parent / "annotator.log.5").read_text(encoding="utf-8")
    assert "line 00000" not in oldest and "line 07499" not in oldest  # the oldest lines are gone


def _stories(project: Project, pairs: int) -> dict[str, str]:
    """``pairs`` stories, each in two near-identical copies (another outlet's reprint): id -> story."""
    rng = random.Random(7)
    records, story = [], {}
    for i in range(pairs):
        body = " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(80))
        for outlet, text in (("a", body), ("b", body.replace(body.split()[5], "reprinted", 1))):
            records.append(parse_record({"id": f"s{i:02d}{outlet}", "text": text}, project.schema))
            story[f"s{i:02d}{outlet}"] = f"s{i:02d}"
    project.add_records(records)
    return story


def _split_of(out: Path) -> dict[str, str]:
    return {json.loads(line)["id"]: name for name in ("train", "test")
            for line in out.with_name(f"{out.stem}-{name}.jsonl").read_text(encoding="utf-8").splitlines()}


def test_export_no_story_groups_lets_reprints_fall_in_different_splits(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    with Project.create(db) as project:
        story = _stories(project, 20)
    split = ["export", "--db", str(db), "--format", "native", "--split", "train=0.5,test=0.5", "--seed", "1"]
    together = tmp_path / "together.jsonl"
    assert main([*split, "-o", str(together)]) == 0
    assert "40 near-duplicate documents in 20 groups kept within one split each" in capsys.readouterr().out
    where = _split_of(together)
    assert len(where) == 40
    assert all(where[f"{s}a"] == where[f"{s}b"] for s in set(story.values()))  # by default: never apart

    apart = tmp_path / "apart.jsonl"
    assert main([*split, "--no-story-groups", "-o", str(apart)]) == 0
    assert "near-duplicate" not in capsys.readouterr().out
    where = _split_of(apart)
    assert len(where) == 40
    assert any(where[f"{s}a"] != where[f"{s}b"] for s in set(story.values()))  # reprints may part


@pytest.mark.postgresql
@pytest.mark.parametrize("theirs_on, ours_on", [("postgresql", "sqlite"), ("sqlite", "postgresql")])
def test_merge_between_a_postgresql_and_a_sqlite_project_brings_the_work(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], theirs_on: str, ours_on: str) -> None:
    (tmp_path / "theirs").mkdir()
    (tmp_path / "ours").mkdir()
    theirs_at, ours_at = fresh_database(tmp_path / "theirs", theirs_on), fresh_database(tmp_path / "ours", ours_on)
    with Project.create(theirs_at) as theirs:
        theirs.add_records([parse_record({
            "id": "d1", "text": "كيم جونغ أون زار روسيا.", "annotator": "sara", "status": "done",
            "spans": [{"start": 0, "end": 12, "label": "PER"}, {"start": 17, "end": 22, "label": "GPE"}],
            "doc_labels": [{"task": "stance", "target": "United States", "label": "NEUTRAL"}]}, theirs.schema)])
        before = theirs.stats()
    Project.create(ours_at).close()
    capsys.readouterr()
    assert main(["merge", theirs_at, "--db", ours_at]) == 0
    assert capsys.readouterr().out.strip().startswith("1 imported")
    with Project.open(ours_at) as ours:
        doc, sara = ours.find_document("d1"), ours.find_annotator("sara")
        assert doc is not None and sara is not None and doc.text == "كيم جونغ أون زار روسيا."
        assert [(s.start, s.end, s.label) for s in ours.spans(doc.id, sara.id)] == [(0, 12, "PER"), (17, 22, "GPE")]
        assert [(d.target, d.label) for d in ours.doc_labels(doc.id, sara.id)] == [("United States", "NEUTRAL")]
        assert ours.status(doc.id, sara.id) == "done"
    assert main(["merge", theirs_at, "--db", ours_at]) == 0  # twice: nothing more
    assert capsys.readouterr().out.strip().startswith("0 imported")
    with Project.open(ours_at) as ours:
        assert len(ours.spans(ours.find_document("d1").id)) == 2  # type: ignore[union-attr]
    with Project.open(theirs_at) as theirs:
        assert theirs.stats() == before  # the other project is only read
