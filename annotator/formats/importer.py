"""Import .txt and native .jsonl files (and folders of them) into a project, line by line, never half a record.

Reading and checking the lines is formats.reading's (in a process of its own for a large import:
formats.read_ahead); this stores the checked records in batches, each in one transaction.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError, ProjectBusy, ProjectError, ProjectUnwritable
from annotator.core.records import DocumentRecord
from annotator.core.untrusted import UntrustedError, check_name
from annotator.formats import read_ahead
from annotator.formats.reading import (DEFAULT_ANNOTATOR, Batch, NativeSource, Progress, Source, batches, collect_files,
                                       where_text)
from annotator.store.project import Project
from annotator.store.values import Outcome

__all__ = ["ImportReport", "Importer", "collect_files"]  # collect_files (formats.reading's) for the importer's callers


@dataclass
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)  # "FILE[:LINE]: reason", in input order

    def summary(self) -> str:
        return f"{self.imported} imported, {self.unchanged} skipped (already there), {len(self.rejected)} rejected"


class Importer:
    """Reads files, validates every record against the project's schema and stores them in batches."""

    def __init__(self, project: Project, *, annotator: str | None = None, batch_size: int = 1000,
                 on_reject: Callable[[str], None] | None = None, progress: Progress | None = None,
                 read_ahead: bool | None = None) -> None:
        self.project = project
        self.annotator = (annotator or DEFAULT_ANNOTATOR).strip()
        try:
            check_name(self.annotator, f"annotator name {self.annotator!r}")
        except UntrustedError as exc:
            raise InputError("--annotator", str(exc)) from None
        self.batch_size = batch_size
        self.on_reject = on_reject
        self.progress = progress
        self.read_ahead = read_ahead  # read in a process of its own: None decides by the files' size

    def run(self, files: Iterable[Path]) -> ImportReport:
        """Import .txt and native .jsonl files, in order."""
        files = list(files)
        return self.read(NativeSource(files, self.project.schema, self.annotator))

    def read(self, source: Source, replay: Callable[[Any], None] | None = None) -> ImportReport:
        """Import what ``source`` reads from its files: for a large import, read and checked in a process of its
        own, a batch ahead of the one being stored (formats.read_ahead); what is stored and reported is the
        same either way. ``replay`` hears the source's news of each batch before the batch is stored."""
        ahead = read_ahead.worth_it(source.files) if self.read_ahead is None else self.read_ahead
        if ahead:
            try:
                with read_ahead.read_ahead(source, self.batch_size) as received:
                    return self._store_batches(self._advancing(received, replay))
            except read_ahead.NotStarted:
                pass  # raised before anything was read or stored: read them here instead
        return self._store_batches(self._in_line(source, replay))

    def _store_batches(self, batched: Iterable[Batch]) -> ImportReport:
        """Store each batch in one transaction, in input order; every line is reported (refusals in input
        order, a batch's when it has been stored)."""
        report = ImportReport()
        with _few_collections():
            try:
                for batch in batched:
                    self._flush(batch, report)
            except (ProjectUnwritable, ProjectBusy, read_ahead.ReadingFailed) as exc:
                if not (report.imported or report.unchanged or report.rejected):
                    raise
                # "nothing was saved" is true of the batch that failed, not of the batches stored before it
                raise type(exc)(f"{exc}; before it, {report.summary()}: import again to go on (what is "
                                "there is skipped)") from exc
        return report

    def _in_line(self, source: Source, replay: Callable[[Any], None] | None) -> Iterator[Batch]:
        for batch in batches(source.items(self.progress), self.batch_size):
            _replay(replay, source.news())
            yield batch
        _replay(replay, source.news())

    def _advancing(self, received: Iterator[read_ahead.Received], replay: Callable[[Any], None] | None) -> Iterator[Batch]:
        for batch, nbytes, news in received:
            if self.progress and nbytes:
                self.progress(nbytes)
            _replay(replay, news)
            yield batch

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

    def _flush(self, batch: Batch, report: ImportReport) -> None:
        """Store a batch's records and report every line of it, refusals where they were."""
        outcomes = iter(self._store([rec for _, rec in batch if not isinstance(rec, str)]))
        for where, item in batch:
            outcome = item if isinstance(item, str) else next(outcomes)
            if outcome is Outcome.IMPORTED:
                report.imported += 1
            elif outcome is Outcome.UNCHANGED:
                report.unchanged += 1
            else:
                self._reject(report, f"{where_text(where)}: {outcome}")


def _replay(replay: Callable[[Any], None] | None, news: object) -> None:
    if replay is not None and news is not None:
        replay(news)


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
