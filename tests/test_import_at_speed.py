"""The import's checks still bite in large batches stored many rows a statement, on SQLite and PostgreSQL, whether
the importer reads the lines itself or a process of their own reads them ahead (as for a large import)."""

from __future__ import annotations

import gc
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from annotator.core.errors import ProjectBusy, ProjectUnwritable
from annotator.core.records import RecordError, parse_record
from annotator.core.schema import Schema, load_schema_file
from annotator.formats.importer import Importer
from annotator.resources import resource_path
from annotator.store.project import Project

WORDS = "Kim met Putin in Moscow and Biden in Washington. "
LINES = 2000  # two batches of a thousand, each stored with several multi-row INSERTs of spans


pytestmark = pytest.mark.usefixtures("both_readings")  # each test twice: read in line, and read ahead


def document(i: int, **extra: Any) -> dict[str, Any]:
    """A document of two sentences, with five entity spans in the first."""
    spans = [{"start": a, "end": b, "label": label, "text": WORDS[a:b]}
             for a, b, label in ((0, 3, "PER"), (8, 13, "PER"), (17, 23, "GPE"), (28, 33, "PER"), (37, 47, "GPE"))]
    return {"id": f"d{i}", "text": WORDS * 2, "annotator": "sara", "spans": spans, **extra}


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def count(project: Project, table: str) -> int:
    with project.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_one_bad_span_among_thousands_costs_only_its_line(any_project: Project, tmp_path: Path) -> None:
    records = [document(i) for i in range(LINES)]
    records[1234]["spans"][3] = {"start": 28, "end": 300, "label": "PER"}  # past the end of the text
    path = write(tmp_path / "many.jsonl", records)
    report = Importer(any_project).run([path])
    assert report.imported == LINES - 1
    assert report.rejected == [f"{path}:1235: span 4: 28-300 is outside the text (98 characters)"]
    assert count(any_project, "spans") == 5 * (LINES - 1)
    assert any_project.find_document("d1234") is None and any_project.find_document("d1233") is not None


REFUSE = {  # the database itself refuses one span that passes every check: a trigger, as a broken disk page would
    "sqlite": ["CREATE TRIGGER refuse_one BEFORE INSERT ON spans WHEN NEW.start = 7 "
               "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"],
    "postgresql": ["CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN IF NEW.start = 7 THEN "
                   "RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                   "CREATE TRIGGER refuse_one BEFORE INSERT ON spans FOR EACH ROW EXECUTE FUNCTION refuse_one()"],
}


def test_a_database_refusal_in_a_big_batch_stores_every_other_line_whole(any_project: Project, tmp_path: Path) -> None:
    with any_project.engine.begin() as conn:
        for statement in REFUSE[any_project.engine.dialect.name]:
            conn.execute(text(statement))
    records = [document(i) for i in range(LINES)]
    records[1500]["spans"].append({"start": 7, "end": 8, "label": "ORG"})  # " " after "Kim": valid, refused by the trigger
    path = write(tmp_path / "many.jsonl", records)
    report = Importer(any_project).run([path])
    assert report.imported == LINES - 1
    assert len(report.rejected) == 1 and report.rejected[0].startswith(f"{path}:1501: database error")
    assert "refused by the test" in report.rejected[0]
    # stored whole or not at all: the refused line left no document without its spans, the others all of theirs
    assert any_project.find_document("d1500") is None
    assert count(any_project, "documents") == LINES - 1 and count(any_project, "spans") == 5 * (LINES - 1)


def test_refusals_come_in_input_order_across_batches(project: Project, tmp_path: Path) -> None:
    records: list[Any] = [document(i) for i in range(450)]
    for i in range(3, 450, 37):
        records[i] = "not json" if i % 2 else {**document(i), "spans": [{"start": 0, "end": 500, "label": "PER"}]}
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    seen: list[str] = []
    report = Importer(project, batch_size=50, on_reject=seen.append).run([path])
    lines = [int(message.split(":")[1]) for message in report.rejected]
    assert lines == [i + 1 for i in range(3, 450, 37)] and seen == report.rejected
    assert report.imported == 450 - len(lines)


def test_overlaps_are_refused_only_where_the_layer_forbids_them(any_project: Project, tmp_path: Path) -> None:
    records = [document(i) for i in range(1200)]
    records[700]["spans"].append({"start": 4, "end": 13, "label": "ORG"})  # "met Putin" over "Putin"
    stance = [{"start": 0, "end": 13, "label": "FAVOR", "attrs": {"target": "Russia"}},
              {"start": 8, "end": 23, "label": "AGAINST", "attrs": {"target": "Russia"}}]  # the stance layer allows overlaps
    records[900]["spans"] += stance
    path = write(tmp_path / "overlaps.jsonl", records)
    report = Importer(any_project).run([path])
    assert report.rejected == [f"{path}:701: spans 4-13 and 8-13 overlap in layer 'entities', which does not allow overlaps"]
    doc = any_project.find_document("d900")
    sara = any_project.find_annotator("sara")
    assert doc is not None and sara is not None
    layers = sorted((s.layer, s.start, s.end) for s in any_project.spans(doc.id, sara.id))
    assert [x for x in layers if x[0] == "stance"] == [("stance", 0, 13), ("stance", 8, 23)]


VOWELLED = "قال مُحَمَّد بن سلمان في الرِّياض 🇸🇦 اليوم."


def test_a_span_that_splits_a_letter_from_its_marks_or_a_flag_is_refused(any_project: Project, tmp_path: Path) -> None:
    name = VOWELLED.index("مُحَمَّد")
    flag = VOWELLED.index("🇸🇦")
    good = {"start": name, "end": name + len("مُحَمَّد بن سلمان"), "label": "PER"}
    records = [{"id": f"v{i}", "text": VOWELLED, "annotator": "sara", "spans": [good]} for i in range(1500)]
    records[10]["spans"] = [{"start": name, "end": name + 1, "label": "PER"}]  # م without its damma
    records[1100]["spans"] = [{"start": flag, "end": flag + 1, "label": "GPE"}]  # half of a flag
    records[1200]["spans"] = [{"start": name + 3, "end": name + 8, "label": "PER"}]  # starts between ح and its fatha
    path = write(tmp_path / "vowelled.jsonl", records)
    report = Importer(any_project).run([path])
    assert [m.split(":")[1] for m in report.rejected] == ["11", "1101", "1201"]
    assert all("splits a character from its marks" in m for m in report.rejected)
    assert report.imported == 1497 and count(any_project, "spans") == 1497


def test_earlier_annotations_are_not_overwritten_in_a_batch_or_the_next(project: Project, tmp_path: Path) -> None:
    records = [document(i) for i in range(300)]
    records.insert(8, {**document(7), "spans": document(7)["spans"][:1]})  # line 9: sara's other d7, same batch
    other = {**document(5), "spans": document(5)["spans"][:2]}  # sara's other annotations of d5
    records += [document(5), other, {**document(250), "status": "done"}]  # lines 302-304, a later batch
    path = write(tmp_path / "again.jsonl", records)
    report = Importer(project, batch_size=100).run([path])
    assert report.imported == 300 and report.unchanged == 1
    assert [m.split(":", 2)[1:] for m in report.rejected] == [
        ["9", " annotator 'sara' already has other annotations on 'd7'; not overwritten"],
        ["303", " annotator 'sara' already has other annotations on 'd5'; not overwritten"],
        ["304", " annotator 'sara' already has other annotations on 'd250'; not overwritten"]]
    assert count(project, "spans") == 5 * 300


def test_the_collector_is_as_it_was_after_an_import(project: Project, tmp_path: Path) -> None:
    threshold = gc.get_threshold()
    Importer(project).run([write(tmp_path / "few.jsonl", [document(i) for i in range(3)])])
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0


@pytest.fixture(scope="module")
def schema() -> Schema:
    return load_schema_file(resource_path("schema.toml"))


class Number(int):
    """An int subclass, as a caller (not JSON) may pass."""


@pytest.mark.parametrize("span, reason", [
    ({"end": 3, "label": "PER"}, "'start' and 'end' must be integers"),
    ({"start": True, "end": 3, "label": "PER"}, "'start' and 'end' must be integers"),
    ({"start": 0, "end": 3}, "'label' must be a string"),
    ({"start": 0, "end": 3, "label": "PER", "attrs": None}, "'attrs' is null, not an object"),
    ({"start": 0, "end": 3, "label": "PER", "attrs": []}, "'attrs' is an array, not an object"),
    ({"start": 0, "end": 3, "label": "PER", "attrs": 0}, "'attrs' is a number, not an object"),
    ({"start": 0, "end": 3, "label": "PER", "attrs": "x"}, "'attrs' is a string, not an object"),
    ({"start": 0, "end": 3, "label": "PER", "layer": ["entities"]}, "unknown layer"),
])
def test_each_span_check_still_refuses(schema: Schema, span: dict[str, Any], reason: str) -> None:
    with pytest.raises(RecordError, match=reason):
        parse_record({"id": "a", "text": "Kim met Putin", "annotator": "x", "spans": [span]}, schema)


def test_integer_subclasses_and_repeated_spans_are_taken_as_before(schema: Schema) -> None:
    spans = [{"start": Number(0), "end": Number(3), "label": "PER"}, {"start": 0, "end": 3, "label": "PER"},
             {"start": 8, "end": 13, "label": "PER", "layer": "entities", "attrs": {}}]
    record = parse_record({"id": "a", "text": "Kim met Putin", "annotator": "x", "spans": spans}, schema)
    assert [(s.start, s.end, s.label, s.layer, dict(s.attrs)) for s in record.spans] == [
        (0, 3, "PER", "entities", {}), (8, 13, "PER", "entities", {})]


def test_the_page_cache_is_put_back_after_each_batch(project: Project, tmp_path: Path) -> None:
    with project.engine.connect() as conn:
        default = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    Importer(project, batch_size=10).run([write(tmp_path / "some.jsonl", [document(i) for i in range(25)])])
    assert project.engine.pool.checkedin() == 1  # type: ignore[attr-defined]  # the connection that stored them
    with project.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == default == -2000


def test_records_pickle_and_spans_without_attrs_share_nothing_changeable(schema: Schema) -> None:
    record = parse_record({"id": "a", "text": "Kim met Putin", "annotator": "x",
                           "spans": [{"start": 0, "end": 3, "label": "PER"}]}, schema)
    assert pickle.loads(pickle.dumps(record)) == record  # e.g. to hand records to another process
    attrs = record.spans[0].attrs
    assert attrs == {} and not attrs and attrs.get("target") is None
    with pytest.raises(TypeError):
        attrs["target"] = "Russia"  # type: ignore[index]


@pytest.mark.parametrize("error", [ProjectUnwritable("p.db: cannot write to the project: no space left on the disk "
                                                     "(injected); nothing was saved"),
                                   ProjectBusy("not saved: the project is busy (injected); try again in a moment")],
                         ids=["full disk", "busy"])
def test_a_project_that_cannot_take_a_batch_stops_the_import_and_says_what_came_before(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    records: list[Any] = [document(i) for i in range(30)]
    records[3] = "not json"
    path = tmp_path / "many.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    store = project.add_records
    calls: list[int] = []

    def add_records(batch: Any) -> Any:
        calls.append(len(batch))
        if len(calls) > 1:  # the first batch is stored; then the disk is full, or the project stays locked
            raise error
        return store(batch)

    monkeypatch.setattr(project, "add_records", add_records)
    seen: list[str] = []
    with pytest.raises(type(error)) as stopped:
        Importer(project, batch_size=10, on_reject=seen.append).run([path])
    assert calls == [10, 10]  # stopped at once: not line by line, each waiting as long again to be refused
    assert seen == [f"{path}:4: broken JSON (Expecting value at column 1)"]
    message = str(stopped.value)
    assert message.startswith(str(error)) and "before it, 10 imported, 0 skipped (already there), 1 rejected" in message
    assert count(project, "documents") == 10


def test_a_project_that_cannot_take_the_first_batch_says_only_that(project: Project, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    error = ProjectUnwritable("p.db: cannot write to the project: read-only (injected); nothing was saved")

    def add_records(batch: Any) -> Any:
        raise error

    monkeypatch.setattr(project, "add_records", add_records)
    with pytest.raises(ProjectUnwritable) as stopped:
        Importer(project).run([write(tmp_path / "few.jsonl", [document(i) for i in range(3)])])
    assert stopped.value is error
