"""The batch computation of agreement gives exactly what the document-by-document oracle gives."""

from __future__ import annotations

import math
import sqlite3
import random
from pathlib import Path
from typing import Any

import pytest

from annotator.core.records import parse_record
from annotator.core.schema import parse_schema
from annotator.formats import agreement
from annotator.formats.agreement import compute, rank_documents
from annotator.store.project import Project

from tests import agreement_oracle
from tests.conftest import fresh_database

WORDS = "كوريا الشمالية أعلنت اليوم أن Kim met Putin in Moscow والولايات المتحدة ردت".split()
TARGETS = ("United States", "Russia", "South Korea")


def _non_overlapping(rng: random.Random, length: int, count: int) -> list[tuple[int, int]]:
    cuts = sorted(rng.sample(range(length + 1), min(length + 1, 2 * count)))
    return [(s, e) for s, e in zip(cuts[::2], cuts[1::2]) if s < e]


BIGGER_SCHEMA = """
[[layers]]
name = "claims"
description = "Claims."
style = "box"
  [[layers.labels]]
  name = "CLAIM"
  color = "#123456"
  key = "c"
  description = "A claim."
  [[layers.labels]]
  name = "PER"
  color = "#654321"
  key = "q"
  description = "The same name as in entities, in another layer."

[[tasks]]
name = "genre"
description = "What kind of article."
  [[tasks.labels]]
  name = "NEWS"
  color = "#111111"
  key = "7"
  description = "News."
  [[tasks.labels]]
  name = "OPINION"
  color = "#222222"
  key = "8"
  description = "Opinion."
"""


def random_project(path: Path | str, seed: int, documents: int = 25, bigger: bool = False) -> Project:
    rng = random.Random(seed)
    schema = None
    if bigger:  # five layers' and two tasks' worth of codes, a label name shared by two layers
        text = (Path(__file__).parents[1] / "resources" / "schema.toml").read_text(encoding="utf-8")
        schema = parse_schema(text + BIGGER_SCHEMA, "bigger")
    project = Project.create(path, schema=schema)
    people = ["ann", "bob", "cid", "dee"][: rng.choice([2, 3, 4])]
    records = []
    for n in range(documents):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 14)))
        shared = _non_overlapping(rng, len(text), 4)  # spans annotators tend to agree on
        for who in people:
            status = rng.choice(["done", "done", "done", "in_progress", "skipped", None])
            if status is None and rng.random() < 0.5:
                continue
            ents = [(s, e) for s, e in shared if rng.random() < 0.7] or _non_overlapping(rng, len(text), 2)
            spans = [{"start": s, "end": e, "label": rng.choice(["PER", "GPE", "ORG"]), "layer": "entities"}
                     for s, e in ents]
            if len(text) > 4 and rng.random() < 0.5:  # boilerplate, sometimes the same as the others'
                s, e = rng.choice([(0, len(text) // 2), (1, len(text) // 2), (len(text) // 3, len(text))])
                spans.append({"start": s, "end": e, "label": "BOILERPLATE", "layer": "boilerplate"})
            for _ in range(rng.randint(0, 2)):  # stance evidence may overlap
                s = rng.randrange(len(text)) if text else 0
                if text and s < len(text):
                    e = rng.randint(s + 1, len(text))
                    spans.append({"start": s, "end": e, "label": rng.choice(["FAVOR", "AGAINST"]),
                                  "layer": "stance", "attrs": {"target": rng.choice(TARGETS)}})
            labels = [{"task": "stance", "target": t, "label": rng.choice(["FAVOR", "AGAINST", "NEUTRAL"])}
                      for t in TARGETS if rng.random() < 0.7]
            if bigger:
                spans += [{"start": s, "end": e, "label": rng.choice(["CLAIM", "PER"]), "layer": "claims"}
                          for s, e in shared if rng.random() < 0.6]
                if rng.random() < 0.8:
                    labels.append({"task": "genre", "label": rng.choice(["NEWS", "OPINION"])})
            record: dict[str, Any] = {"id": f"d{n}", "text": text, "annotator": who, "spans": spans,
                                      "doc_labels": labels}
            if status:
                record["status"] = status
            records.append(record)
    results = project.add_records([parse_record(r, project.schema) for r in records])
    assert all(not isinstance(r, str) for r in results), results
    return project


def _same(a: Any, b: Any, where: str = "") -> None:
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), (where, sorted(a), sorted(b))
        for k in a:
            _same(a[k], b[k], f"{where}/{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (where, a, b)
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (where, a, b)
    else:
        assert a == b, (where, a, b)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("unfinished", [False, True])
def test_batch_equals_document_by_document(tmp_path: Path, seed: int, unfinished: bool,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(agreement, "BATCH", 7 if seed % 2 else 5000)  # sums across batches, too
    project = random_project(tmp_path / "p.db", seed, bigger=seed % 3 == 0)
    _compare(project, seed, unfinished, tmp_path / "p.db")


@pytest.mark.postgresql
@pytest.mark.parametrize("seed", range(0, 12, 3))
def test_batch_equals_document_by_document_on_postgresql(tmp_path: Path, seed: int,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(agreement, "BATCH", 7 if seed % 2 else 5000)
    project = random_project(fresh_database(tmp_path, "postgresql"), seed, bigger=seed % 3 == 0)
    for unfinished in (False, True):
        _compare(project, seed, unfinished, None)


def _compare(project: Project, seed: int, unfinished: bool, sqlite_file: Path | None) -> None:
    if seed % 4 == 1 and sqlite_file is not None:  # overlaps a layer forbids, as a race could store them
        raw = sqlite3.connect(sqlite_file)
        raw.execute("""INSERT INTO spans (document_id, annotator_id, layer, label, start, "end", attrs, created, updated)
                       SELECT document_id, annotator_id, layer, 'ORG', start + 1, "end", '{}', created, updated
                       FROM spans WHERE layer = 'entities' AND id % 3 = 0 AND "end" - start > 1""")
        raw.commit()
        raw.close()
    report = compute(project, include_unfinished=unfinished)
    oracle = agreement_oracle.compute(project, report["annotators"], include_unfinished=unfinished)
    ranking = oracle.pop("ranking")
    expected = dict(oracle, disagreement=None)
    got = dict(report, disagreement=None)
    _same(got, expected)
    ranked = rank_documents(project, include_unfinished=unfinished)
    assert sorted((r.id, round(r.score, 12), r.label_disagreements, r.span_disagreements, list(r.annotators))
                  for r in ranked) == sorted((d, round(s, 12), ld, sd, who) for d, s, ld, sd, who in ranking)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    top = report["disagreement"]
    assert [t["score"] for t in top] == sorted((t["score"] for t in top), reverse=True)
    assert len(top) == min(50, len(ranking))
