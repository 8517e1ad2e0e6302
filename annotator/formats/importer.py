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

from annotator.core.errors import InputError, ProjectBusy, ProjectError, ProjectUnwritable
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
_Batch = list[tuple[Where, DocumentRecord | str]]  # a refused line (its reason) keeps its place


def _where(where: Where) -> str:
    return f"{where[0]}:{where[1]}" if where[1] else where[0]


@dataclass
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)  # "FILE[:LINE]: reason", in input order

    def summary(self) -> str:
        return f"{self.imported} imported, {self.unchanged} skipped (already there), {len(self.rejected)} rejected"


def collect_files(paths: Iterable[Path], suffixes: tuple[str, ...] = SUFFIXES) -> tuple[list[Path], list[str]]:
    """The files to read, folders walked recursively in name order; and one message per unusable path:
    a named path that is missing or not a file of ``suffixes`` (.txt/.jsonl), a pipe, device or socket
    (never opened, it could wait for ever) named or found in a folder, and a folder that cannot be read."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            _walk(path, files, problems, suffixes)
        elif not path.exists():
            problems.append(f"{path}: no such file or folder")
        elif path.suffix.lower() not in suffixes:
            problems.append(f"{path}: not a {' or '.join(suffixes)} file")
        elif not path.is_file():
            problems.append(f"{path}: {_not_regular(path)}")
        else:
            files.append(path)
    return files, problems


def _walk(folder: Path, files: list[Path], problems: list[str], suffixes: tuple[str, ...] = SUFFIXES) -> None:
    def unreadable(exc: OSError) -> None:
        problems.append(f"{exc.filename or folder}: cannot read folder: {exc.strerror or exc}; its files were not imported")

    for top, dirs, names in os.walk(folder, onerror=unreadable):
        dirs.sort()
        for name in sorted(names):
            path = Path(top) / name
            if path.suffix.lower() not in suffixes:
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
        return self.store(self._records(files))

    def store(self, records: Iterable[tuple[Where, DocumentRecord | str]]) -> ImportReport:
        """Store validated records (a string in a record's place is a refusal, reported where it is), in
        batches, each in one transaction, in input order; refusals are reported in input order, a batch's
        when it has been stored. (A thread of its own for storing was tried: on two cores shared with other
        work it gained nothing, SQLite's short statements waiting for Python's lock.)"""
        report = ImportReport()
        with _few_collections():
            try:
                self._run(records, report)
            except (ProjectUnwritable, ProjectBusy) as exc:
                if not (report.imported or report.unchanged or report.rejected):
                    raise
                # "nothing was saved" is true of the batch that failed, not of the batches stored before it
                raise type(exc)(f"{exc}; before it, {report.summary()}: import again to go on (what is "
                                "there is skipped)") from exc
        return report

    def _run(self, records: Iterable[tuple[Where, DocumentRecord | str]], report: ImportReport) -> None:
        batch: _Batch = []  # a refused line keeps its place among the records
        count = size = 0
        for where, item in records:
            batch.append((where, item))
            if isinstance(item, str):
                if len(batch) >= self.batch_size:  # a file of refused lines is reported as it is read
                    self._flush(batch, report)
                    batch, count, size = [], 0, 0
                continue
            count += 1
            size += len(item.text)
            if count >= self.batch_size or size >= BATCH_BYTES:
                self._flush(batch, report)
                batch, count, size = [], 0, 0
        if batch:
            self._flush(batch, report)

    def _store(self, records: list[DocumentRecord]) -> list[Outcome | str]:
        """Store one batch in one transaction: per record, an Outcome or the reason it was refused."""
        if not records:
            return []
        try:
            return self.project.add_records(records)
        except (ProjectUnwritable, ProjectBusy):
            # a read-only project or a full disk: every line would fail alike; stop with one message. A project
            # locked past two waits: line by line, each would wait as long again and most be refused as busy
            raise
        except ProjectError:
            # the database refused the batch: store the lines one by one, so only the bad one is lost
            outcomes: list[Outcome | str] = []
            for rec in records:
                try:
                    outcomes += self.project.add_records([rec])
                except ProjectError as exc:
                    outcomes.append(str(exc))
            return outcomes

    def _reject(self, report: ImportReport, message: str) -> None:
        report.rejected.append(message)
        if self.on_reject:
            self.on_reject(message)

    def _flush(self, batch: _Batch, report: ImportReport) -> None:
        """Store a batch's records and report every line of it, refusals where they were."""
        outcomes = iter(self._store([rec for _, rec in batch if not isinstance(rec, str)]))
        for where, item in batch:
            outcome = item if isinstance(item, str) else next(outcomes)
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
                foreign = foreign_key(value)
                if foreign:
                    yield where, foreign
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


# Top-level keys that hold another tool's annotations, which the native reader would otherwise drop
# without a word, and the --from format that reads them ("" when none does)
FOREIGN_KEYS = (("annotations", "label-studio"), ("predictions", "label-studio"), ("entities", "doccano"),
                ("relations", "doccano"), ("label", "doccano"), ("answer", "prodigy"), ("accept", "prodigy"),
                ("tokens", "prodigy"), ("ner_tags", "conll"), ("tags", "conll"), ("evidence", ""))


def foreign_key(value: object) -> str | None:
    """Why a native line is refused for a key of another format that it carries, or None."""
    if not isinstance(value, dict):
        return None
    for key, tool in FOREIGN_KEYS:
        if key not in value:
            continue
        item = value[key]
        if key == "label" and not isinstance(item, list):
            tool = ""  # a document's label (our stance export): native lines give them as doc_labels
        elif key == "tokens" and not (isinstance(item, list) and all(isinstance(t, dict) for t in item)):
            tool = "conll" if "ner_tags" in value or "tags" in value else ""
        how = (f"it is read by --from {tool}" if tool != "conll"
               else "tags are read from CoNLL files (one token a line) by --from conll") if tool else \
            "native lines carry 'spans' and 'doc_labels' (see the README)"
        return f"has {key!r}, which the native format does not read (its annotations would be lost); {how}"
    return None


def _too_large(size: int) -> str:
    return (f"{size / 1024 / 1024:,.1f} MB is more than one document may be "
            f"({MAX_DOCUMENT_BYTES // 1024 // 1024} MB); split it into smaller documents")
