"""Reading and checking an import's files in a process of its own, a batch ahead of the one being stored.

An import spends much of its time reading lines (decoding JSON, checking every span against the schema)
and the rest storing them, and both hold Python's lock: on two threads they take turns on one core
(tried: no faster). In a second process they run side by side on two cores. The reading process knows
the schema and the files and nothing of the project; it sends each batch, pickled, down a pipe and reads
the next one while the importer stores it. A send waits until the importer takes the batch, so at most
one batch waits besides the one being stored. Every check is the one the importer makes when it reads the
files itself (formats.reading does both); only the database's checks (a document already there, an
annotator's earlier work) are the importer's.

The process is forked on Linux when the importer's process runs no other thread (the command line): it
starts at once, and it never touches the database connection it inherits (it ends by ``os._exit``,
closing nothing of SQLite's). Elsewhere, or beside other threads, it is spawned: a fresh interpreter,
which, as with any ``multiprocessing`` spawn, imports the main script again; a script of one's own that
imports large files through ``Importer.run`` keeps its work under ``if __name__ == "__main__":``.

A small import, or one in a daemonic process, starts no process: see ``worth_it``.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.formats.reading import Batch, Source, batches

READ_AHEAD_BYTES = 16 * 1024 * 1024  # files adding up to less are read by the importer itself
_END, _BATCH, _FAILED = "end", "batch", "failed"
Received = tuple[Batch, int, object]  # a batch, the bytes read for it, the source's news (or None)


class ReadingFailed(AnnotatorError):
    """The process reading the files stopped before the end: killed, out of memory, or a fault of ours."""


class NotStarted(OSError):
    """The reading process could not be started (before anything was read): the importer reads the files itself."""


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def worth_it(files: list[Path]) -> bool:
    """Whether to read ``files`` in a process of their own: two cores at least, and enough to read; never in a
    daemonic process (a ``multiprocessing.Pool``'s worker), which may start none."""
    if usable_cpus() < 2 or multiprocessing.current_process().daemon:
        return False
    total = 0
    for path in files:
        try:
            total += path.stat().st_size
        except OSError:
            continue  # the reader says why it cannot be read
        if total >= READ_AHEAD_BYTES:
            return True
    return False


@contextmanager
def read_ahead(source: Source, size: int) -> Iterator[Iterator[Received]]:
    """The batches of ``source`` (as ``reading.batches(source.items(...), size)`` gives them), each with the
    number of bytes read for it and the source's news, read in a process of its own. Leaving the block
    early (an error while storing, Ctrl-C) stops the process."""
    context = _context()
    mine, theirs = context.Pipe(duplex=False)
    process = context.Process(target=_read, args=(theirs, mine, source, size),
                              name="annotator import: reading", daemon=True)
    try:
        process.start()
    except OSError as exc:  # no memory or no process slot left for it: nothing read yet, the importer reads
        mine.close()
        theirs.close()
        raise NotStarted(f"the reading process could not start: {exc.strerror or exc}") from exc
    theirs.close()  # the reader's end lives in the reader: when it ends, a receive here says so at once
    try:
        yield _received(mine, process)
    except BaseException:
        process.terminate()  # its batches are not wanted (an error while storing, Ctrl-C): stop it now
        raise
    finally:
        mine.close()  # a reader still sending finds the pipe closed and stops
        process.join(timeout=5)
        if process.is_alive():
            process.terminate()
            process.join()
        process.close()


def _context() -> multiprocessing.context.BaseContext:
    """Fork where that is safe and quick (Linux, this thread alone); spawn a fresh interpreter elsewhere."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _received(conn: Connection, process: BaseProcess) -> Iterator[Received]:
    while True:
        try:
            kind, payload, nbytes, news = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            process.join(timeout=5)
            code = process.exitcode
            how = (f"was stopped by signal {-code}" if code is not None and code < 0
                   else f"ended with exit code {code}" if code is not None else "stopped answering")
            raise ReadingFailed(f"the process reading the files {how} before the end (out of memory?)") from None
        if kind == _BATCH:
            yield payload, nbytes, news
        elif kind == _END:
            if nbytes or news is not None:
                yield [], nbytes, news
            return
        else:
            raise ReadingFailed(f"reading the files failed: {payload}")


def _read(conn: Connection, importers: Connection, source: Source, size: int) -> None:
    """The reading process: every batch down the pipe, then the end (or what went wrong)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importer's: it stops this process
    importers.close()  # a fork inherits the importer's end: held open here, a send would wait for ever once the
    # importer is gone (killed) or has stopped taking batches, instead of finding the pipe closed
    read = 0

    def advance(nbytes: int) -> None:
        nonlocal read
        read += nbytes

    gc.freeze()  # as the importer does (formats.importer._few_collections): a batch is many small objects
    gc.set_threshold(max(gc.get_threshold()[0], 10_000))
    try:
        for batch in batches(source.items(advance), size):
            conn.send_bytes(pickle.dumps((_BATCH, batch, read, source.news()), pickle.HIGHEST_PROTOCOL))
            read = 0
        conn.send_bytes(pickle.dumps((_END, None, read, source.news())))
    except (BrokenPipeError, ConnectionResetError):
        return  # the importer stopped taking batches (an error there, or Ctrl-C): nothing more to do
    except Exception as exc:  # noqa: BLE001 - a fault of ours: said in the importer's process, not lost here
        try:
            conn.send_bytes(pickle.dumps((_FAILED, f"{type(exc).__name__}: {exc}", 0, None)))
        except OSError:
            pass
    finally:
        conn.close()
