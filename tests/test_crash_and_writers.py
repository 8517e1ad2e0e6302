"""A killed writer loses nothing it acknowledged; two writers on one SQLite project both keep working;
a project locked past the busy timeout is retried once, then refused with a message, never half-saved."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from annotator.core.errors import ProjectBusy, ProjectError
from annotator.core.records import parse_record
from annotator.store import engine
from annotator.store.project import Project
from annotator.store.values import DocumentId

ROOT = Path(__file__).parents[1]

# Writes stance-evidence spans (a layer that allows overlaps) as fast as it can, and prints the id
# of each one once add_span has returned: that line is the acknowledgement.
WRITER = textwrap.dedent("""
    import sys
    from annotator.store.project import Project
    project = Project.open(sys.argv[1])
    doc = project.find_document("d1")
    who = project.annotator(sys.argv[2])
    i = 0
    while True:
        start = i % 20
        span = project.add_span(doc.id, who.id, "stance", "FAVOR", start, start + 5, {"target": "Russia"})
        print(span.id, flush=True)
        i += 1
""")


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    path = tmp_path / "shared.db"
    with Project.create(path) as project:
        text = "Kim met Putin in Moscow, then went home to Pyongyang."
        project.add_records([parse_record({"id": "d1", "text": text}, project.schema)])
    return path


def _writer(path: Path | str, who: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), who], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _collect(process: subprocess.Popen[str], into: list[int]) -> threading.Thread:
    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            into.append(int(line))
    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def _stop(processes: dict[str, subprocess.Popen[str]], readers: list[threading.Thread]) -> dict[str, str]:
    """End the writers (SIGTERM), wait for their output, and return what each wrote to standard error."""
    for process in processes.values():
        process.terminate()
    for process in processes.values():
        process.wait(10)
    for reader in readers:
        reader.join(5)
    return {who: p.stderr.read() if p.stderr else "" for who, p in processes.items()}


def _stored_ids(path: Path | str, who: str) -> set[int]:
    with Project.open(path) as project:
        doc = project.find_document("d1")
        annotator = project.find_annotator(who)
        assert doc is not None and annotator is not None
        return {s.id for s in project.spans(DocumentId(doc.id), annotator.id)}


def test_sigkill_mid_stream_loses_no_acknowledged_action(shared: Path) -> None:
    acked: list[int] = []
    process = _writer(shared, "sara")
    reader = _collect(process, acked)
    deadline = time.monotonic() + 30
    while len(acked) < 200 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    reader.join(5)
    assert len(acked) >= 200, process.stderr.read() if process.stderr else ""
    raw = sqlite3.connect(shared)
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()
    stored = _stored_ids(shared, "sara")
    assert set(acked) <= stored  # every acknowledged span survived the kill
    assert len(stored - set(acked)) <= 1  # at most the one being acknowledged when it died


def test_two_writers_on_one_sqlite_project_lose_nothing(shared: Path) -> None:
    acked: dict[str, list[int]] = {"sara": [], "omar": []}
    processes = {who: _writer(shared, who) for who in acked}
    readers = [_collect(p, acked[who]) for who, p in processes.items()]
    deadline = time.monotonic() + 60  # both started (a loaded machine starts Python slowly) ...
    while time.monotonic() < deadline and not all(acked.values()):
        time.sleep(0.1)
    time.sleep(3)  # ... then a bounded run in which both write at once all the time
    errors = _stop(processes, readers)
    for who, ids in acked.items():
        assert len(ids) > 20, (who, errors[who])  # both kept working
        stored = _stored_ids(shared, who)
        assert set(ids) <= stored and len(stored - set(ids)) <= 1, who
    assert not any("Traceback" in e for e in errors.values()), errors  # no writer failed on the lock
    raw = sqlite3.connect(shared)
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_locked_project_is_retried_then_refused_with_nothing_saved(shared: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 150)
    with Project.open(shared) as project:
        doc = project.find_document("d1")
        sara = project.annotator("sara")
        assert doc is not None
        blocker = sqlite3.connect(shared, isolation_level=None, timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")  # another program holds the write lock throughout
        with caplog.at_level(logging.WARNING), \
                pytest.raises(ProjectBusy, match="not saved: the project is busy.*second try; try again in a moment"):
            project.add_span(doc.id, sara.id, "entities", "PER", 0, 3)
        assert [r.getMessage() for r in caplog.records if "locked" in r.getMessage()] == [
            "add_span: the project is locked; trying once more"]  # the log tells of one retry
        blocker.execute("ROLLBACK")
        blocker.close()
        assert project.spans(doc.id, sara.id) == []  # nothing half-saved
        assert project.add_span(doc.id, sara.id, "entities", "PER", 0, 3).label == "PER"  # and it works again


def test_a_lock_let_go_before_the_second_try_saves_the_span_once(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 150)
    blocker = sqlite3.connect(shared, isolation_level=None, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")

    class LetGo(logging.Handler):  # the other program finishes just as the retry is announced
        def emit(self, record: logging.LogRecord) -> None:
            if "trying once more" in record.getMessage() and blocker.in_transaction:
                blocker.execute("ROLLBACK")

    handler = LetGo()
    logging.getLogger("annotator").addHandler(handler)
    try:
        with Project.open(shared) as project:
            doc = project.find_document("d1")
            sara = project.annotator("sara")
            assert doc is not None
            span = project.add_span(doc.id, sara.id, "entities", "PER", 0, 3)
            assert not blocker.in_transaction  # the first try did meet the lock
            assert [(s.id, s.start, s.end) for s in project.spans(doc.id, sara.id)] == [(span.id, 0, 3)]
    finally:
        logging.getLogger("annotator").removeHandler(handler)
        blocker.close()


def test_two_windows_of_one_annotator_cannot_both_store_overlapping_spans(shared: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The overlap check and the insert happen under one write lock (BEGIN IMMEDIATE on SQLite)."""
    windows = [Project.open(shared), Project.open(shared)]
    check = Project._check_span

    def slow_check(self: Project, *args: object, **kwargs: object) -> None:
        check(self, *args, **kwargs)  # type: ignore[arg-type]
        time.sleep(0.3)  # the other window tries meanwhile

    monkeypatch.setattr(Project, "_check_span", slow_check)
    outcomes: list[str] = []

    def tag(project: Project, start: int) -> None:
        doc = project.find_document("d1")
        assert doc is not None
        try:
            project.add_span(doc.id, project.annotator("sara").id, "entities", "PER", start, start + 5)
            outcomes.append("stored")
        except ProjectError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=tag, args=(w, start)) for w, start in zip(windows, (0, 2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for w in windows:
        w.close()
    assert sorted(outcomes)[1] == "stored" and "overlaps" in sorted(outcomes)[0], outcomes
    assert len(_stored_ids(shared, "sara")) == 1


@pytest.mark.postgresql
def test_eight_annotators_at_once_on_postgresql(tmp_path: Path) -> None:
    """Eight writer processes on one PostgreSQL project for a bounded time: every acknowledged write is there."""
    from tests.conftest import fresh_database

    url = fresh_database(tmp_path, "postgresql")
    with Project.create(url) as project:
        project.add_records([parse_record({"id": "d1", "text": "Kim met Putin in Moscow, then went home."},
                                          project.schema)])
    names = [f"ann{i}" for i in range(8)]
    acked: dict[str, list[int]] = {who: [] for who in names}
    processes = {who: _writer(url, who) for who in names}
    readers = [_collect(p, acked[who]) for who, p in processes.items()]
    deadline = time.monotonic() + 90  # eight Pythons starting on two cores take a while
    while time.monotonic() < deadline and not all(len(ids) >= 30 for ids in acked.values()):
        time.sleep(0.2)
    errors = _stop(processes, readers)
    assert not any("Traceback" in e for e in errors.values()), errors
    for who, ids in acked.items():
        assert len(ids) >= 30, (who, len(ids), errors[who])
        stored = _stored_ids(url, who)
        assert set(ids) <= stored and len(stored - set(ids)) <= 1, who


@pytest.mark.postgresql
def test_on_postgresql_an_annotator_cannot_touch_another_annotators_spans(tmp_path: Path) -> None:
    """Row-level security, with raw SQL on the annotator's own connection."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from tests.conftest import fresh_database

    url = fresh_database(tmp_path, "postgresql")
    tag = tmp_path.name[-8:].lower().replace("-", "_")
    sara, omar, rita = f"sara_{tag}", f"omar_{tag}", f"rita_{tag}"  # roles belong to the whole server
    with Project.create(url) as lead:  # the owner (here the server's superuser) is the lead
        lead.add_records([parse_record({"id": "d1", "text": "Kim met Putin in Moscow."}, lead.schema)])
        for name, role in ((sara, "annotator"), (omar, "annotator"), (rita, "reviewer")):
            lead.set_role(name, role)
        doc = lead.find_document("d1")
        assert doc is not None
        omars = lead.add_span(doc.id, lead.annotator(omar).id, "entities", "PER", 0, 3)
    as_sara = make_url(url).set(username=sara)
    with Project.open(as_sara) as mine:  # the Project API works on one's own spans
        mine.add_span(doc.id, mine.annotator(sara).id, "entities", "GPE", 17, 23)
        assert [(s.label, s.annotator_id) for s in mine.spans(doc.id)] == [("GPE", mine.annotator(sara).id)]
    engine = create_engine(as_sara)
    try:
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM spans WHERE id = :i"), {"i": omars.id}).scalar() == 0
            assert conn.execute(text("UPDATE spans SET label = 'ORG' WHERE id = :i"), {"i": omars.id}).rowcount == 0
            # members delete through a function (migration 0006), which deletes only their own rows
            assert conn.execute(text("SELECT annotator_delete_span(:i)"), {"i": omars.id}).scalar_one() == 0
        with pytest.raises(DBAPIError, match="permission denied"), engine.begin() as conn:
            conn.execute(text("DELETE FROM spans WHERE id = :i"), {"i": omars.id})  # no DELETE right at all
        with pytest.raises(DBAPIError, match="row-level security"), engine.begin() as conn:
            conn.execute(text("""INSERT INTO spans (document_id, annotator_id, layer, label, start, "end", attrs,
                                                    created, updated)
                                 VALUES (:d, :a, 'entities', 'PER', 4, 7, '{}', now(), now())"""),
                         {"d": doc.id, "a": omars.annotator_id})
        with pytest.raises(DBAPIError, match="permission denied"), engine.begin() as conn:
            conn.execute(text("UPDATE documents SET text = 'changed'"))
    finally:
        engine.dispose()
    with Project.open(make_url(url).set(username=rita)) as reviewer:  # a reviewer sees everyone's work
        assert sorted(s.label for s in reviewer.spans(doc.id)) == ["GPE", "PER"]
    with Project.open(url) as lead:
        assert [s.label for s in lead.spans(doc.id, lead.annotator(omar).id)] == ["PER"]  # omar's span untouched
