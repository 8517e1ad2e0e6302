"""Long work off the window's thread: what a background job is, without Qt.

A job runs on a thread of its own with its own Project connection (``Project.open`` on the same
URL), reports progress through a ``Progress`` it shares with the window, and stops at its next
step once cancelled. What it returns is applied on the window's thread by whoever started it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import URL

from annotator.core.errors import AnnotatorError
from annotator.store.project import Project


class JobCancelled(AnnotatorError):
    """The user cancelled the job; what it had not stored yet is not stored."""


class Progress:
    """Shared by a job (which advances it) and the window (which reads it and may cancel)."""

    def __init__(self) -> None:
        self.done = 0
        self.total: int | None = None
        self._cancelled = threading.Event()

    def __call__(self, steps: int = 1) -> None:
        """One more step done; raises JobCancelled once the user has cancelled (between steps)."""
        self.check()
        self.done += steps

    def at(self, done: int, total: int) -> None:
        """Progress told as (done, in all), as the exporter and the agreement figures tell it; raises
        JobCancelled once the user has cancelled."""
        self.check()
        self.total, self.done = total, done

    def check(self) -> None:
        if self._cancelled.is_set():
            raise JobCancelled("cancelled; nothing more was stored")

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


@dataclass
class Job:
    """``work(project, progress)`` on ``url``'s project, on a thread of its own; ``title`` says what it does."""

    title: str
    url: URL
    work: Callable[[Project, Progress], Any]
    total: int | None = None  # steps, when known in advance (documents, patterns)

    def run(self, progress: Progress) -> Any:
        progress.total = self.total
        with Project.open(self.url) as project:
            return self.work(project, progress)
