"""A large import is read in a process of its own, a batch ahead of the one being stored: what is stored and
reported is what the importer stores and reports when it reads the lines itself, and a reading process that
dies, or an import stopped half way, leaves the batches stored before and no process behind."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.formats import read_ahead
from annotator.formats.importer import Importer
from annotator.formats.reading import NativeSource, Reader, batches
from annotator.store.project import Project

WORDS = "قال محمد إن الولايات المتحدة 🇺🇸 وروسيا اتفقتا. "


def lines(count: int) -> list[Any]:
    """Documents with Arabic spans, and every kind of line the reader refuses, in their places."""
    us, ru = WORDS.index("الولايات المتحدة"), WORDS.index("روسيا")
    records: list[Any] = []
    for i in range(count):
        records.append({"id": f"d{i}", "text": WORDS * 2, "annotator": "sara", "meta": {"lang": "ar"},
                        "spans": [{"start": us, "end": us + len("الولايات المتحدة"), "label": "GPE"},
                                  {"start": ru, "end": ru + len("روسيا"), "label": "GPE"}]})
    records[5] = "{broken"
    records[17]["spans"][0]["end"] = 999  # outside the text
    records[40] = {"text": "doccano", "label": [[0, 3, "PER"]]}  # another tool's line
    records[61] = {**records[60]}  # the same line again: already there
    records[62] = {"id": "d63", "text": "نص آخر"}  # the id of the next line, with another text: line 64 is refused
    records[90]["spans"].append({"start": us + 1, "end": us + 4, "label": "PER"})  # overlaps the GPE
    return records


def write(path: Path, records: list[Any]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("\ufeff")  # a byte-order mark on the first line
        for r in records:
            fh.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
        fh.write("\n \n")  # blank lines at the end
    return path


def stored(project: Project) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every document (in import order) and every span, as stored."""
    with project.engine.connect() as conn:
        documents = conn.execute(text("SELECT id, external_id, text, sha256, length, language, source, meta "
                                      "FROM documents ORDER BY id")).all()
        spans = conn.execute(text('SELECT d.external_id, a.name, s.layer, s.label, s.start, s."end", s.attrs '
                                  "FROM spans s JOIN documents d ON d.id = s.document_id "
                                  "JOIN annotators a ON a.id = s.annotator_id ORDER BY s.id")).all()
    return [tuple(row) for row in documents], [tuple(row) for row in spans]


def run(project: Project, files: list[Path], ahead: bool, **options: Any) -> tuple[Any, list[str], int]:
    seen: list[str] = []
    read: list[int] = []
    report = Importer(project, on_reject=seen.append, progress=read.append, read_ahead=ahead, **options).run(files)
    return report, seen, sum(read)


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_reading_ahead_stores_and_reports_what_reading_in_line_does(tmp_path: Path, start: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_ahead, "_context", lambda: multiprocessing.get_context(start))
    data = write(tmp_path / "a.jsonl", lines(300))
    plain = tmp_path / "b.txt"
    plain.write_text("خبر قصير.\r\nسطر ثان.", encoding="utf-8")
    files = [data, plain]
    with Project.create(tmp_path / "in-line.db") as one, Project.create(tmp_path / "ahead.db") as two:
        expected = run(one, files, False, batch_size=25)
        got = run(two, files, True, batch_size=25)
        assert got == expected
        documents, spans = stored(two)
        assert (documents, spans) == stored(one)
        assert len(documents) == 295 and len(spans) == 2 * 293  # d63 (line 63) and the text file have none
        assert documents[-1][2] == "خبر قصير.\nسطر ثان."
    report, seen, read = got
    assert report.imported == 295 and report.unchanged == 1
    assert [m.split(":")[1] for m in seen] == ["6", "18", "41", "64", "91"]
    assert seen[2] == f"{data}:41: has 'label', which the native format does not read (its annotations would be lost); it is read by --from doccano"
    assert read == data.stat().st_size + plain.stat().st_size  # the progress bar ends full


@pytest.mark.parametrize("ahead", [False, True], ids=["in line", "read ahead"])
def test_the_progress_bar_ends_full_when_blank_lines_follow_a_full_batch(tmp_path: Path, ahead: bool) -> None:
    data = write(tmp_path / "a.jsonl", [{"id": f"d{i}", "text": WORDS} for i in range(50)])  # two full batches
    with Project.create(tmp_path / "p.db") as project:
        report, _, read = run(project, [data], ahead, batch_size=25)
    assert report.imported == 50 and read == data.stat().st_size  # the blank lines after the last batch too


def test_the_batches_are_the_importers_own(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db") as project:
        files = [write(tmp_path / "a.jsonl", lines(120))]
        sizes: list[int] = []
        with read_ahead.read_ahead(NativeSource(files, project.schema, "imported"), 50) as received:
            for batch, _, news in received:
                assert news is None
                sizes.append(len(batch))
        reader = Reader(project.schema, "imported")
        assert sizes == [len(b) for b in batches(reader.records(files), 50)] == [53, 51, 16]  # 50 records, and the refused lines among them


def _dies_after_two_batches(conn: Any, importers: Any, source: NativeSource, size: int) -> None:
    importers.close()
    for n, batch in enumerate(batches(source.items(None), size)):
        if n == 2:
            os._exit(3)  # as if killed, out of memory
        conn.send_bytes(read_ahead.pickle.dumps((read_ahead._BATCH, batch, 0, None)))


def test_a_reading_process_that_dies_is_said_and_the_batches_before_it_are_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_ahead, "_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(read_ahead, "_read", _dies_after_two_batches)
    data = write(tmp_path / "a.jsonl", lines(300))
    with Project.create(tmp_path / "p.db") as project:
        with pytest.raises(read_ahead.ReadingFailed) as stopped:
            Importer(project, batch_size=50, read_ahead=True).run([data])
        assert project.count_documents() == 98  # two batches of 50 records, less line 62 (there) and 64 (refused)
    message = str(stopped.value)
    assert "the process reading the files ended with exit code 3 before the end" in message
    assert "before it, 98 imported, 1 skipped (already there), 5 rejected: import again to go on" in message
    assert not multiprocessing.active_children()


def test_a_fault_in_the_reading_process_is_said_in_the_importers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_ahead, "_context", lambda: multiprocessing.get_context("fork"))

    def broken(self: Reader, files: Any) -> Any:
        raise MemoryError("no room for the batch")
        yield  # a generator, as the real one

    monkeypatch.setattr(Reader, "records", broken)
    with Project.create(tmp_path / "p.db") as project:
        with pytest.raises(read_ahead.ReadingFailed, match="reading the files failed: MemoryError: no room for the batch"):
            Importer(project, read_ahead=True).run([write(tmp_path / "a.jsonl", lines(100))])
        assert project.count_documents() == 0
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_an_import_stopped_half_way_stops_its_reading_process_at_once(tmp_path: Path, start: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_ahead, "_context", lambda: multiprocessing.get_context(start))
    data = write(tmp_path / "a.jsonl", lines(1000))  # more than the pipe holds: the reader waits in a send
    stored_before: list[int] = []
    stopped: list[float] = []

    def stop(message: str) -> None:
        stored_before.append(project.count_documents())
        stopped.append(time.monotonic())
        raise KeyboardInterrupt  # Ctrl-C while the first refusal is reported (the first batch is stored)

    with Project.create(tmp_path / "p.db") as project:
        with pytest.raises(KeyboardInterrupt):
            Importer(project, batch_size=50, on_reject=stop, read_ahead=True).run([data])
        assert time.monotonic() - stopped[0] < 3  # not the 5 s the importer gives a reader to end by itself
        assert stored_before == [50] and project.count_documents() == 50
    assert not multiprocessing.active_children()


KILLED_IMPORTER = """
import multiprocessing, os, signal, sys
from pathlib import Path
from annotator.formats import read_ahead
from annotator.formats.importer import Importer
from annotator.store.project import Project

read_ahead._context = lambda: multiprocessing.get_context("fork")

def killed(nbytes):
    print(*[p.pid for p in multiprocessing.active_children()], flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # as kill -9, or the out-of-memory killer: no finally runs

Importer(Project.create(Path(sys.argv[1])), batch_size=50, progress=killed, read_ahead=True).run([Path(sys.argv[2])])
"""


def _ended(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"  # ended, not yet reaped
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked on Linux only; /proc")
def test_a_forked_reading_process_ends_when_the_importer_is_killed(tmp_path: Path) -> None:
    data = write(tmp_path / "a.jsonl", lines(1000))  # more than the pipe holds: the reader waits in a send
    importer = subprocess.Popen([sys.executable, "-c", KILLED_IMPORTER, str(tmp_path / "p.db"), str(data)],
                                stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)
    assert importer.stdout is not None
    reader = int(importer.stdout.readline())
    assert importer.wait() == -signal.SIGKILL
    try:
        deadline = time.monotonic() + 10
        while not _ended(reader) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _ended(reader), "the reading process outlived the importer, waiting for ever in a send"
    finally:
        if not _ended(reader):
            os.kill(reader, signal.SIGKILL)
        importer.stdout.close()


def test_only_a_large_import_on_two_cores_starts_a_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = write(tmp_path / "small.jsonl", lines(100))
    large = tmp_path / "large.jsonl"
    with large.open("wb") as fh:
        fh.truncate(read_ahead.READ_AHEAD_BYTES)  # a sparse file: its size without the disk
    missing = tmp_path / "gone.jsonl"
    assert not read_ahead.worth_it([small, missing])
    assert read_ahead.worth_it([small, large])
    monkeypatch.setattr(read_ahead, "usable_cpus", lambda: 1)
    assert not read_ahead.worth_it([small, large])


def _import_in_worker(db: Path, data: Path) -> str:
    with Project.create(db) as project:
        return Importer(project).run([data]).summary()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool's worker is forked, with this test's settings")
def test_a_large_import_in_a_pool_worker_is_read_in_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_ahead, "READ_AHEAD_BYTES", 1)  # every import is large
    monkeypatch.setattr(read_ahead, "usable_cpus", lambda: 2)
    data = write(tmp_path / "a.jsonl", lines(100))
    with multiprocessing.get_context("fork").Pool(1) as pool:  # its worker is daemonic: it may start no process
        assert pool.apply(_import_in_worker, (tmp_path / "p.db", data)) == \
            "94 imported, 1 skipped (already there), 5 rejected"


def test_the_command_line_reads_a_large_import_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    started: list[str] = []
    real = read_ahead.read_ahead

    def watched(*args: Any, **kwargs: Any) -> Any:
        started.append(read_ahead._context().get_start_method())
        return real(*args, **kwargs)

    monkeypatch.setattr(read_ahead, "READ_AHEAD_BYTES", 1)
    monkeypatch.setattr(read_ahead, "read_ahead", watched)
    data = write(tmp_path / "a.jsonl", lines(300))
    db = tmp_path / "p.db"
    assert main(["import", str(data), "--db", str(db)]) == 1  # lines were refused
    out = capsys.readouterr()
    assert out.out.strip() == "294 imported, 1 skipped (already there), 5 rejected"
    assert f"{data}:91: spans" in out.err
    assert len(started) == 1  # forked, or spawned when an earlier test left a thread running
    assert not multiprocessing.active_children()
    with Project.open(db) as project:
        assert project.count_documents() == 294


def test_a_bad_annotator_name_is_refused_before_any_process_starts(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db") as project, pytest.raises(InputError, match="--annotator"):
        Importer(project, annotator="bad\u202ename", read_ahead=True)
    assert not multiprocessing.active_children()


def test_a_reading_process_that_cannot_start_leaves_the_reading_to_the_importer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def no_room(self: Any) -> None:
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", no_room)
    data = write(tmp_path / "a.jsonl", lines(120))
    with Project.create(tmp_path / "p.db") as project:
        report, seen, read = run(project, [data], True, batch_size=50)
        assert project.count_documents() == report.imported == 114  # 120 lines, 5 refused, 1 already there
    assert [m.split(":")[1] for m in seen] == ["6", "18", "41", "64", "91"] and read == data.stat().st_size


def test_the_command_line_forks_the_reading_process_of_an_import_from_another_format(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """tqdm's monitor thread, left running, would have the reading process spawned (a fresh interpreter, a
    quarter of a second and more) instead of forked."""
    from tqdm import tqdm

    threads: list[list[str]] = []
    real = read_ahead._context

    def watched() -> Any:
        import threading
        threads.append([t.name for t in threading.enumerate()])
        return real()

    monkeypatch.setattr(tqdm, "monitor_interval", 10)  # tqdm's own default: another command may have set it
    if tqdm.monitor is not None:  # a monitor an earlier test's bar started, as a fresh command has none
        tqdm.monitor.exit()
        monkeypatch.setattr(tqdm, "monitor", None)
    monkeypatch.setattr(read_ahead, "READ_AHEAD_BYTES", 1)
    monkeypatch.setattr(read_ahead, "usable_cpus", lambda: 2)
    monkeypatch.setattr(read_ahead, "_context", watched)
    data = tmp_path / "a.jsonl"
    data.write_text(json.dumps({"text": "Bob met Ann", "label": [[0, 3, "PER"], [8, 11, "PER"]]}) + "\n",
                    encoding="utf-8")
    assert main(["import", "--db", str(tmp_path / "p.db"), "--from", "doccano", str(data)]) == 0
    assert capsys.readouterr().out.startswith("1 imported")
    assert len(threads) == 1 and "tqdm_monitor" not in threads[0]
