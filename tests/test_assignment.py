"""`annotator assign`: every document to one annotator, a share to two or more; deterministic; new ones only."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.assignment import plan_assignment
from annotator.core.records import parse_record
from annotator.store.project import Project
from annotator.store.values import DocFilter

from tests.conftest import SEEDS


def test_plan_gives_each_document_once_and_the_overlap_twice_evenly() -> None:
    pairs = plan_assignment(list(range(100)), ["a", "b", "c"], {}, overlap=0.2, seed=7)
    per_doc = Counter(d for d, _ in pairs)
    assert set(per_doc) == set(range(100))
    assert sorted(Counter(per_doc.values()).items()) == [(1, 80), (2, 20)]
    loads = Counter(n for _, n in pairs)
    assert max(loads.values()) - min(loads.values()) <= 1  # 120 assignments, 40 each
    assert all(len({n for d2, n in pairs if d2 == d}) == k for d, k in per_doc.items())  # two different people
    assert plan_assignment(list(range(100)), ["c", "b", "a"], {}, overlap=0.2, seed=7) == pairs  # deterministic
    assert plan_assignment(list(range(100)), ["a", "b", "c"], {}, overlap=0.2, seed=8) != pairs
    later = plan_assignment(list(range(100, 130)), ["a", "b", "c"], dict(loads), overlap=0.0, seed=7)
    assert {d for d, _ in later} == set(range(100, 130))
    four = plan_assignment(list(range(60)), ["a", "b", "c", "d"], {}, overlap=0.5, seed=1)
    shared_by = {tuple(sorted(n for d2, n in four if d2 == d)) for d in range(60)}
    assert {p for p in shared_by if len(p) == 2} == {("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"),
                                                     ("c", "d")}  # every pair shares documents, for agreement
    with pytest.raises(ValueError, match="between 0 and 1"):
        plan_assignment([1], ["a"], {}, overlap=1.5, seed=0)


def test_assign_fills_queues_and_a_second_run_only_the_new_documents(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "team.db")
    assert main(["import", str(SEEDS), "--db", db]) == 0
    args = ["assign", "--annotators", "sara,omar,cid", "--overlap", "0.4", "--seed", "3", "--db", db]
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "7 assignments: cid 2, omar 2, sara 3"  # 5 documents, 2 shared
    with Project.open(db) as project:
        queues = {who: [d.external_id for d in project.documents(DocFilter(annotator=project.annotator(who).id,
                                                                          assigned=True))]
                  for who in ("sara", "omar", "cid")}
        project.add_records([parse_record({"id": "new", "text": "A new article."}, project.schema)])
    assert sorted(Counter(d for q in queues.values() for d in q).values()) == [1, 1, 1, 2, 2]
    assert all(q == sorted(q) for q in queues.values())  # a queue is in import order
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 assignments: cid 1, omar 0, sara 0"  # the least loaded
    assert main(["stats", "--db", db]) == 0
    assert "cid (annotator): 0 done of 3 assigned" in capsys.readouterr().out
    again = tmp_path / "again.db"  # the same seed on a fresh project: the same queues
    assert main(["import", str(SEEDS), "--db", str(again)]) == 0
    assert main([*args[:-1], str(again)]) == 0
    with Project.open(again) as project:
        assert {who: [d.external_id for d in project.documents(DocFilter(annotator=project.annotator(who).id,
                                                                         assigned=True))]
                for who in ("sara", "omar", "cid")} == queues
    assert main(["assign", "--annotators", "sara", "--documents", "colour=red", "--db", db]) == 2
    assert "--documents: 'colour=red'" in capsys.readouterr().err
    assert main(["assign", "--annotators", "sara,omarr", "--db", db]) == 2  # a misspelt name gets no queue
    assert "nobody called 'omarr' in this project" in capsys.readouterr().err
    assert main(["--db", db, "assign", "--annotators", "sara", "--documents", "lang="]) == 2  # options first, too
    assert "'lang=' needs a language code" in capsys.readouterr().err
