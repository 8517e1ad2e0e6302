"""Import .txt and native .jsonl files (and folders of them) into a project, line by line, never half a record."""

from __future__ import annotations

import errno
import gc
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from annotator.core.errors import InputError, ProjectError, ProjectUnwritable
from annotator.core.records import DocumentRecord, RecordError, parse_record
from annotator.core.textio import DecodeError, decode_bytes
from annotator.core.untrusted import UntrustedError, check_name, load_json
from annotator.store.project import Project
from annotator.store.values import Outcome

SUFFIXES = (".txt", ".jsonl")
DEFAULT_ANNOTATOR = "imported"
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # one .txt file or one JSONL line; larger ones are refused, never read whole
BATCH_BYTES = 64 * 1024 * 1024  # a batch is stored when its lines add up to this much, whatever their number

Progress = Callable[[int], None]  # called with the number of bytes just read
Where = tuple[str, int]  # file and line (0 for a whole file), formatted only for messages


def _where(where: Where) -> str:
    return f"{where[0]}:{where[1]}" if where[1] else where[0]


@dataclass
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)  # "FILE[:LINE]: reason", in input order

    def summary(self) -> str:
        return f"{self.imported} imported, {self.unchanged} skipped (already there), {len(self.rejected)} rejected"


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The files to read, folders walked recursively in name order; and one message per unusable path:
    a named path that is missing or not a .txt/.jsonl file, a pipe, device or socket (never opened, it
    could wait for ever) named or found in a folder, and a folder that cannot be read."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            _walk(path, files, problems)
        elif not path.exists():
            problems.append(f"{path}: no such file or folder")
        elif path.suffix.lower() not in SUFFIXES:
            problems.append(f"{path}: not a .txt or .jsonl file")
        elif not path.is_file():
            problems.append(f"{path}: {_not_regular(path)}")
        else:
            files.append(path)
    return files, problems


def _walk(folder: Path, files: list[Path], problems: list[str]) -> None:
    def unreadable(exc: OSError) -> None:
        problems.append(f"{exc.filename or folder}: cannot read folder: {exc.strerror or exc}; its files were not imported")

    for top, dirs, names in os.walk(folder, onerror=unreadable):
        dirs.sort()
        for name in sorted(names):
            path = Path(top) / name
            if path.suffix.lower() not in SUFFIXES:
                continue
            if path.is_file():
                files.append(path)
            elif path.exists():  # not a dangling link: a pipe, device or socket
                problems.append(f"{path}: {_not_regular(path)}")
    files.sort()  # name order over the whole tree, as before


def _not_regular(path: Path) -> str:
    mode = path.stat().st_mode
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"{kind}, not a regular file; not read"


def _open_regular(path: Path) -> BinaryIO:
    """Open a file for reading, refusing (OSError) anything but a regular file without waiting on it:
    a pipe put in a file's place after the folder was walked must not hang the import."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, _not_regular(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class Importer:
    """Reads files, validates every record against the project's schema and stores them in batches."""

    def __init__(self, project: Project, *, annotator: str | None = None, batch_size: int = 1000,
                 on_reject: Callable[[str], None] | None = None, progress: Progress | None = None) -> None:
        self.project = project
        self.annotator = (annotator or DEFAULT_ANNOTATOR).strip()
        try:
            check_name(self.annotator, f"annotator name {self.annotator!r}")
        except UntrustedError as exc:
            raise InputError("--annotator", str(exc)) from None
        self.batch_size = batch_size
        self.on_reject = on_reject
        self.progress = progress

    def run(self, files: Iterable[Path]) -> ImportReport:
        report = ImportReport()
        with _few_collections():
            self._run(files, report)
        return report

    def _run(self, files: Iterable[Path], report: ImportReport) -> None:
        batch: list[tuple[Where, DocumentRecord]] = []
        size = 0
        for where, item in self._records(files):
            if isinstance(item, str):
                self._reject(report, f"{_where(where)}: {item}")
                continue
            batch.append((where, item))
            size += len(item.text)
            if len(batch) >= self.batch_size or size >= BATCH_BYTES:
                self._flush(batch, report)
                batch, size = [], 0
        self._flush(batch, report)

    def _reject(self, report: ImportReport, message: str) -> None:
        report.rejected.append(message)
        if self.on_reject:
            self.on_reject(message)

    def _flush(self, batch: list[tuple[Where, DocumentRecord]], report: ImportReport) -> None:
        if not batch:
            return
        try:
            outcomes = self.project.add_records([rec for _, rec in batch])
        except ProjectUnwritable:
            raise  # a read-only project or a full disk: every line would fail alike; stop with one message
        except ProjectError:
            # the database refused the batch: store the lines one by one, so only the bad one is lost
            outcomes = []
            for _, rec in batch:
                try:
                    outcomes += self.project.add_records([rec])
                except ProjectError as exc:
                    outcomes.append(str(exc))
        for (where, _), outcome in zip(batch, outcomes):
            if outcome is Outcome.IMPORTED:
                report.imported += 1
            elif outcome is Outcome.UNCHANGED:
                report.unchanged += 1
            else:
                self._reject(report, f"{_where(where)}: {outcome}")

    def _records(self, files: Iterable[Path]) -> Iterator[tuple[Where, DocumentRecord | str]]:
        for path in files:
            if path.suffix.lower() == ".jsonl":
                yield from self._jsonl(path)
            else:
                yield (str(path), 0), self._txt(path)

    def _txt(self, path: Path) -> DocumentRecord | str:
        try:
            with _open_regular(path) as fh:
                data = fh.read(MAX_DOCUMENT_BYTES + 1)
                if len(data) > MAX_DOCUMENT_BYTES:
                    total = path.stat().st_size
                    self._advance(total)
                    return _too_large(total)
        except OSError as exc:
            return f"cannot read: {exc.strerror or exc}"
        self._advance(len(data))
        try:
            decoded = decode_bytes(data)
        except DecodeError as exc:
            return str(exc)
        value = {"id": path.stem, "text": decoded.text, "meta": {"file": path.name, "encoding": decoded.encoding}}
        try:
            return parse_record(value, self.project.schema, source=str(path))
        except RecordError as exc:
            return str(exc)

    def _jsonl(self, path: Path) -> Iterator[tuple[Where, DocumentRecord | str]]:
        schema = self.project.schema
        name = str(path)
        try:
            fh = _open_regular(path)
        except OSError as exc:
            yield (name, 0), f"cannot read: {exc.strerror or exc}"
            return
        with fh:
            for number, raw in enumerate(_lines(fh), 1):
                where = (name, number)
                if isinstance(raw, int):
                    self._advance(raw)
                    yield where, _too_large(raw)
                    continue
                self._advance(len(raw))
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                if not raw.strip():
                    continue
                try:
                    value = load_json(raw.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    yield where, f"not UTF-8 ({exc.reason} at byte {exc.start})"
                    continue
                except json.JSONDecodeError as exc:
                    yield where, f"broken JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})"
                    continue
                except UntrustedError as exc:
                    yield where, f"refused JSON: {exc}"
                    continue
                except RecursionError:
                    yield where, "broken JSON: nested too deeply"
                    continue
                try:
                    yield where, parse_record(value, schema, self.annotator, source=name)
                except RecordError as exc:
                    yield where, str(exc)

    def _advance(self, nbytes: int) -> None:
        if self.progress:
            self.progress(nbytes)


@contextmanager
def _few_collections() -> Iterator[None]:
    """While importing, Python's cycle collector leaves the objects that were there before (modules,
    SQLAlchemy's) out of its full passes and runs its young pass less often. A batch keeps tens of
    thousands of span records alive until it is stored, and each full pass went over everything (1.4 s
    of CPU in 13 passes for 20,000 documents). Both settings are put back after; nothing that was there
    is lost to the collector."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 10_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _lines(fh: BinaryIO) -> Iterator[bytes | int]:
    """The lines of a file; for a line over the limit, only its length (it is skipped, never held whole)."""
    while True:
        line = fh.readline(MAX_DOCUMENT_BYTES + 1)
        if not line:
            return
        if len(line) <= MAX_DOCUMENT_BYTES or line.endswith(b"\n"):
            yield line
            continue
        length = len(line)
        while line and not line.endswith(b"\n"):  # the rest of the long line, a piece at a time
            line = fh.readline(1024 * 1024)
            length += len(line)
        yield length


def _too_large(size: int) -> str:
    return (f"{size / 1024 / 1024:,.1f} MB is more than one document may be "
            f"({MAX_DOCUMENT_BYTES // 1024 // 1024} MB); split it into smaller documents")
