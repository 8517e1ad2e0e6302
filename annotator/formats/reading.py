"""Reading .txt and native .jsonl files into checked records, line by line, and grouping them in batches.

No database here: the records are checked against a schema only (offsets, labels, layers, overlaps,
hostile values), so this runs as well in a process of its own (formats.read_ahead) as in the importer's.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from annotator.core.records import DocumentRecord, RecordError, parse_record
from annotator.core.schema import Schema
from annotator.core.textio import DecodeError, decode_bytes
from annotator.core.untrusted import UntrustedError, load_json

SUFFIXES = (".txt", ".jsonl")
DEFAULT_ANNOTATOR = "imported"
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # one .txt file or one JSONL line; larger ones are refused, never read whole
BATCH_BYTES = 64 * 1024 * 1024  # a batch is stored when its lines add up to this much, whatever their number

Progress = Callable[[int], None]  # called with the number of bytes just read
Where = tuple[str, int]  # file and line (0 for a whole file), formatted only for messages
Item = tuple[Where, DocumentRecord | str]  # a record, or (a string) the reason its line was refused
Batch = list[Item]  # a refused line keeps its place among the records


def where_text(where: Where) -> str:
    return f"{where[0]}:{where[1]}" if where[1] else where[0]


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


def open_regular(path: Path) -> BinaryIO:
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


class Reader:
    """The records of .txt and native .jsonl files, each checked against ``schema``: a record, or the reason
    its line is refused, with the file and line, in file order. Lines without an annotator get ``annotator``."""

    def __init__(self, schema: Schema, annotator: str, progress: Progress | None = None) -> None:
        self.schema = schema
        self.annotator = annotator
        self.progress = progress

    def records(self, files: Iterable[Path]) -> Iterator[Item]:
        for path in files:
            if path.suffix.lower() == ".jsonl":
                yield from self._jsonl(path)
            else:
                yield (str(path), 0), self._txt(path)

    def _txt(self, path: Path) -> DocumentRecord | str:
        try:
            with open_regular(path) as fh:
                data = fh.read(MAX_DOCUMENT_BYTES + 1)
                if len(data) > MAX_DOCUMENT_BYTES:
                    total = path.stat().st_size
                    self._advance(total)
                    return too_large(total)
        except OSError as exc:
            return f"cannot read: {exc.strerror or exc}"
        self._advance(len(data))
        try:
            decoded = decode_bytes(data)
        except DecodeError as exc:
            return str(exc)
        value = {"id": path.stem, "text": decoded.text, "meta": {"file": path.name, "encoding": decoded.encoding}}
        try:
            return parse_record(value, self.schema, source=str(path))
        except RecordError as exc:
            return str(exc)

    def _jsonl(self, path: Path) -> Iterator[Item]:
        schema = self.schema
        name = str(path)
        try:
            fh = open_regular(path)
        except OSError as exc:
            yield (name, 0), f"cannot read: {exc.strerror or exc}"
            return
        with fh:
            for number, raw in enumerate(lines(fh), 1):
                where = (name, number)
                if isinstance(raw, int):
                    self._advance(raw)
                    yield where, too_large(raw)
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


class Source(Protocol):
    """What an import reads: its items, and news to pass on with each batch (warnings, counts of what was left
    out) to the importer, which may be in another process (formats.read_ahead); a source is picklable."""

    files: list[Path]  # what it reads (their size decides whether to read ahead)

    def items(self, advance: Progress | None) -> Iterator[Item]: ...

    def news(self) -> object:
        """What happened since the last call that the importer should hear of, or None."""


@dataclass
class NativeSource:
    """The records of .txt and native .jsonl files (``Reader``)."""

    files: list[Path]
    schema: Schema
    annotator: str

    def items(self, advance: Progress | None) -> Iterator[Item]:
        return Reader(self.schema, self.annotator, advance).records(self.files)

    def news(self) -> object:
        return None


def batches(items: Iterable[Item], size: int) -> Iterator[Batch]:
    """``items`` in batches of ``size`` records, or fewer whose texts add up to ``BATCH_BYTES``; refused lines
    ride along in their place (a file of nothing but refused lines is still passed on ``size`` at a time)."""
    max_bytes = BATCH_BYTES
    batch: Batch = []
    count = chars = 0
    for item in items:
        batch.append(item)
        record = item[1]
        if isinstance(record, str):
            if len(batch) >= size:
                yield batch
                batch, count, chars = [], 0, 0
            continue
        count += 1
        chars += len(record.text)
        if count >= size or chars >= max_bytes:
            yield batch
            batch, count, chars = [], 0, 0
    if batch:
        yield batch


def lines(fh: BinaryIO) -> Iterator[bytes | int]:
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


def too_large(size: int) -> str:
    return (f"{size / 1024 / 1024:,.1f} MB is more than one document may be "
            f"({MAX_DOCUMENT_BYTES // 1024 // 1024} MB); split it into smaller documents")
