"""The Project API: what is stored, what is refused, what comes back (frozen values)."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import ProjectError
from annotator.store.migrate import head_revision
from annotator.core.records import parse_record
from annotator.store.project import Project
from annotator.store.values import DocFilter, DocumentId, Outcome


def add_doc(project: Project, ext: str, text: str, lang: str | None = None) -> DocumentId:
    meta = {"lang": lang} if lang else {}
    assert project.add_records([parse_record({"id": ext, "text": text, "meta": meta}, project.schema)]) == [Outcome.IMPORTED]
    doc = project.find_document(ext)
    assert doc is not None
    return doc.id


def test_sqlite_is_set_up_as_designed(project: Project, db_path: Path) -> None:
    with project.engine.connect() as conn:
        pragmas = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                   for name in ("journal_mode", "foreign_keys", "busy_timeout")}
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10000}
    raw = sqlite3.connect(db_path)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)


def test_span_lifecycle_and_values_are_frozen(any_project: Project) -> None:
    doc = add_doc(any_project, "d1", "والولايات المتحدة وروسيا")
    sara = any_project.annotator("sara")
    start = "والولايات المتحدة".index("الولايات")
    span = any_project.add_span(doc, sara.id, "entities", "GPE", start, start + len("الولايات المتحدة"))
    text = any_project.document(doc).text
    assert text[span.start:span.end] == "الولايات المتحدة"
    with pytest.raises(AttributeError):
        span.label = "ORG"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        any_project.document(doc).text = "changed"  # type: ignore[misc]
    moved = any_project.update_span(span.id, label="LOC", end=span.end - 1)
    assert (moved.label, moved.end) == ("LOC", span.end - 1)
    assert [s.label for s in any_project.spans(doc, sara.id)] == ["LOC"]
    any_project.delete_span(span.id)
    assert any_project.spans(doc, sara.id) == []


@pytest.mark.parametrize("layer, label, start, end, attrs, reason", [
    ("entities", "PER", 0, 99, None, "not inside the text"),
    ("entities", "PER", 3, 3, None, "not inside the text"),
    ("entities", "XYZ", 0, 3, None, "unknown label"),
    ("nope", "PER", 0, 3, None, "unknown layer"),
    ("stance", "FAVOR", 0, 3, None, "needs a target"),
    ("stance", "FAVOR", 0, 3, {"target": "Mars"}, "needs a target"),
    ("entities", "PER", 0, 1, None, "splits a character"),
])
def test_bad_spans_are_refused_and_nothing_is_stored(any_project: Project, layer: str, label: str, start: int,
                                                      end: int, attrs: dict[str, str] | None, reason: str) -> None:
    doc = add_doc(any_project, "d1", "قَالَ كيم")
    ann = any_project.annotator("sara")
    with pytest.raises(ProjectError, match=reason):
        any_project.add_span(doc, ann.id, layer, label, start, end, attrs)
    assert any_project.spans(doc) == []


def test_overlaps_follow_the_schema_per_annotator(any_project: Project) -> None:
    doc = add_doc(any_project, "d1", "Kim Jong Un met Putin")
    sara, omar = any_project.annotator("sara"), any_project.annotator("omar")
    any_project.add_span(doc, sara.id, "entities", "PER", 0, 11)
    with pytest.raises(ProjectError, match="overlaps 0-11"):
        any_project.add_span(doc, sara.id, "entities", "PER", 4, 8)
    any_project.add_span(doc, omar.id, "entities", "PER", 4, 8)  # another annotator's layer is theirs
    any_project.add_span(doc, sara.id, "boilerplate", "BOILERPLATE", 0, 21)  # other layer may overlap
    any_project.add_span(doc, sara.id, "stance", "AGAINST", 0, 11, {"target": "Russia"})
    any_project.add_span(doc, sara.id, "stance", "FAVOR", 4, 21, {"target": "Russia"})  # stance allows overlaps
    assert len(any_project.spans(doc, sara.id)) == 4


def test_gold_is_kept_apart_from_annotators(any_project: Project) -> None:
    doc = add_doc(any_project, "d1", "Kim Jong Un met Putin")
    sara, rev = any_project.annotator("sara"), any_project.annotator("rev", role="reviewer")
    any_project.add_span(doc, sara.id, "entities", "PER", 0, 11)
    gold = any_project.add_span(doc, rev.id, "entities", "PER", 16, 21, gold=True)
    any_project.set_doc_label(doc, rev.id, "stance", "Russia", "NEUTRAL", gold=True)
    assert [s.start for s in any_project.spans(doc)] == [0]
    assert [(s.start, s.gold) for s in any_project.spans(doc, gold=True)] == [(16, True)]
    assert any_project.doc_labels(doc) == []
    assert any_project.doc_labels(doc, gold=True)[0].label == "NEUTRAL"
    assert gold.annotator_id == rev.id
    assert any_project.stats().gold_spans == 1


def test_doc_labels_set_change_clear(any_project: Project) -> None:
    doc = add_doc(any_project, "d1", "text")
    sara = any_project.annotator("sara")
    any_project.set_doc_label(doc, sara.id, "stance", "Russia", "FAVOR")
    any_project.set_doc_label(doc, sara.id, "stance", "Russia", "AGAINST")
    any_project.set_doc_label(doc, sara.id, "stance", "United States", "AGAINST")
    assert [(d.target, d.label) for d in any_project.doc_labels(doc, sara.id)] == [("Russia", "AGAINST"), ("United States", "AGAINST")]
    any_project.clear_doc_label(doc, sara.id, "stance", "Russia")
    assert [d.target for d in any_project.doc_labels(doc, sara.id)] == ["United States"]
    with pytest.raises(ProjectError, match="no target 'Mars'"):
        any_project.set_doc_label(doc, sara.id, "stance", "Mars", "FAVOR")
    with pytest.raises(ProjectError, match="unknown label"):
        any_project.set_doc_label(doc, sara.id, "stance", "Russia", "MAYBE")


def test_status_time_and_filtered_paging(any_project: Project) -> None:
    ids = [add_doc(any_project, f"d{i}", f"نص رقم {i}" if i % 2 else f"text {i}") for i in range(10)]
    sara, omar = any_project.annotator("sara"), any_project.annotator("omar")
    any_project.set_status(ids[0], sara.id, "done", add_seconds=30)
    any_project.set_status(ids[0], sara.id, "done", add_seconds=15)
    any_project.set_status(ids[1], sara.id, "in_progress")
    any_project.set_status(ids[2], omar.id, "done")
    assert any_project.status(ids[0], sara.id) == "done" and any_project.status(ids[3], sara.id) == "todo"
    assert any_project.count_documents() == 10
    assert any_project.count_documents(DocFilter(annotator=sara.id, status="done")) == 1
    assert any_project.count_documents(DocFilter(annotator=sara.id, status="todo")) == 8
    assert any_project.count_documents(DocFilter(language="ar")) == 5
    page = any_project.documents(DocFilter(annotator=sara.id), offset=0, limit=3)
    assert [(d.external_id, d.status) for d in page] == [("d0", "done"), ("d1", "in_progress"), ("d2", "todo")]
    assert [d.external_id for d in any_project.documents(offset=8, limit=5)] == ["d8", "d9"]
    assert [d.external_id for d in any_project.documents(DocFilter(search="رقم 3"))] == ["d3"]
    assert any_project.count_documents(DocFilter(search="100%")) == 0  # LIKE wildcards are literal
    progress = {p.annotator: p for p in any_project.stats().progress}
    assert progress["sara"].counts == {"todo": 8, "in_progress": 1, "done": 1, "skipped": 0}
    assert progress["sara"].seconds == 45
    with pytest.raises(ProjectError, match="needs an annotator"):
        any_project.count_documents(DocFilter(status="done"))
    with pytest.raises(ProjectError, match="unknown status"):
        any_project.set_status(ids[0], sara.id, "finished")


def test_reopen_keeps_everything(db_path: Path) -> None:
    with Project.create(db_path) as project:
        doc = add_doc(project, "d1", "Kim")
        project.add_span(doc, project.annotator("sara").id, "entities", "PER", 0, 3)
    with Project.open(db_path) as again:
        assert again.backup is None
        assert [s.label for s in again.spans(doc)] == ["PER"]


def test_create_refuses_an_existing_project(project: Project, db_path: Path) -> None:
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(db_path)


def test_open_refuses_a_missing_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no project here"):
        Project.open(tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()


@pytest.mark.parametrize("content, reason", [
    (b"just some notes\n", "not a SQLite database"),
    (b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 100, "damaged SQLite database"),
])
def test_not_a_project_is_refused_and_left_untouched(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "thing.db"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match=reason):
        Project.open(path, create=True)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE birds (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project.open(path, create=True)
    assert path.read_bytes() == before


def test_deleted_span_is_restored_with_its_id_and_ids_are_never_reused(any_project: Project) -> None:
    doc = add_doc(any_project, "d1", "Kim Jong Un met Putin")
    sara = any_project.annotator("sara")
    span = any_project.add_span(doc, sara.id, "entities", "PER", 16, 21)
    any_project.delete_span(span.id)
    newer = any_project.add_span(doc, sara.id, "entities", "PER", 0, 11)
    assert newer.id != span.id
    assert any_project.restore_span(span) == span
    with pytest.raises(ProjectError, match="exists already"):
        any_project.restore_span(span)
    assert [s.id for s in any_project.spans(doc)] == [newer.id, span.id]


def test_next_document_and_row(any_project: Project) -> None:
    ids = [add_doc(any_project, f"d{i}", f"text {i}") for i in range(4)]
    sara = any_project.annotator("sara")
    todo = DocFilter(annotator=sara.id, status="todo")
    any_project.set_status(ids[1], sara.id, "done")
    assert any_project.next_document(todo, ids[0]) == ids[2]
    assert any_project.next_document(todo, ids[3]) == ids[0]  # wraps round
    assert any_project.next_document(todo) == ids[0]
    assert any_project.document_row(todo, ids[3]) == 2
    for doc in ids:
        any_project.set_status(doc, sara.id, "done")
    assert any_project.next_document(todo, ids[0]) is None


@pytest.mark.parametrize("name", ["we?ird.db", "pct%20x.db", "hash#1.db", "مشروع.db"])
def test_file_names_are_taken_literally(tmp_path: Path, name: str) -> None:
    Project.create(tmp_path / name).close()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".db"] == [name]
    Project.open(tmp_path / name).close()


def test_relative_sqlite_url_opens_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Project.open("sqlite:///rel.db", create=True).close()
    Project.open("sqlite:///rel.db").close()
    assert (tmp_path / "rel.db").exists()


def test_newer_rollback_journal_project_is_refused_byte_for_byte(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    conn = sqlite3.connect(db)  # a rollback-journal file: opening it in WAL mode would rewrite its header
    conn.executescript("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);"
                       "CREATE TABLE documents (id INTEGER PRIMARY KEY);"
                       "CREATE TABLE alembic_version (version_num TEXT); INSERT INTO alembic_version VALUES ('9999');")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(ProjectError, match="newer version"):
        Project.open(db)
    assert db.read_bytes() == before


def test_adjudication_copies_into_gold_and_leaves_annotators_alone(any_project: Project) -> None:
    doc = add_doc(any_project, "d1", "Kim Jong Un met Putin")
    sara, omar, rev = any_project.annotator("sara"), any_project.annotator("omar"), any_project.annotator("rev", role="reviewer")
    mine = any_project.add_span(doc, sara.id, "entities", "PER", 0, 11)
    any_project.add_span(doc, omar.id, "entities", "PER", 0, 3)
    any_project.set_doc_label(doc, omar.id, "stance", "Russia", "AGAINST")
    for who in (sara, omar):
        any_project.set_status(doc, who.id, "done")
    assert any_project.adjudication_progress() == (0, 1)
    gold = any_project.take_into_gold(mine.id, rev.id)
    assert (gold.start, gold.end, gold.label, gold.gold, gold.annotator_id) == (0, 11, "PER", True, rev.id)
    with pytest.raises(ProjectError, match="overlaps"):
        any_project.take_into_gold(any_project.spans(doc, omar.id)[0].id, rev.id)  # gold has no overlapping entities
    label = any_project.take_label_into_gold(doc, omar.id, "stance", "Russia", rev.id)
    assert label.gold and label.label == "AGAINST"
    any_project.set_adjudicated(doc, rev.id)
    assert any_project.is_adjudicated(doc) and any_project.adjudication_progress() == (1, 1)
    assert any_project.spans(doc, sara.id) == [mine]  # the annotator's own span is untouched
    assert [d.label for d in any_project.doc_labels(doc, omar.id)] == ["AGAINST"]
    any_project.set_adjudicated(doc, rev.id, False)
    assert not any_project.is_adjudicated(doc)


def test_work_is_what_one_annotator_sees_of_a_document(any_project: Project) -> None:
    doc = add_doc(any_project, "d1", "روسيا والولايات المتحدة")
    sara, omar = any_project.annotator("sara"), any_project.annotator("omar")
    later = any_project.add_span(doc, sara.id, "entities", "GPE", 6, 23)
    first = any_project.add_span(doc, sara.id, "entities", "GPE", 0, 5)
    any_project.add_span(doc, omar.id, "entities", "LOC", 0, 5)
    any_project.set_doc_label(doc, sara.id, "stance", "Russia", "FAVOR")
    any_project.set_doc_label(doc, omar.id, "stance", "Russia", "AGAINST")
    any_project.set_status(doc, sara.id, "in_progress")
    work = any_project.work(doc, sara.id)
    assert work.document == any_project.document(doc)
    assert work.spans == [first, later] == any_project.spans(doc, sara.id)
    assert [(d.target, d.label) for d in work.labels] == [("Russia", "FAVOR")]
    assert work.status == "in_progress"
    assert any_project.work(doc, omar.id).status == "todo"
    with pytest.raises(ProjectError, match="no document 999"):
        any_project.work(DocumentId(999), sara.id)


def test_a_database_fault_on_the_fast_read_path_is_a_project_error(project: Project, db_path: Path) -> None:
    doc = add_doc(project, "d1", "text")
    sara = project.annotator("sara")
    raw = sqlite3.connect(db_path)
    raw.execute("ALTER TABLE doc_labels RENAME TO doc_labels_gone")
    raw.commit()
    raw.close()
    with pytest.raises(ProjectError, match="database error: no such table: doc_labels"):
        project.work(doc, sara.id)
