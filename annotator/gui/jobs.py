"""Runs the app's background jobs (``annotator.app.jobs``) on a thread each, with a progress bar and a
Cancel button in the status bar; the window keeps answering meanwhile. The result or error is handed
over on the window's thread."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from annotator.app.jobs import Job, JobCancelled, Progress
from annotator.core.errors import AnnotatorError

POLL_MS = 50
SWITCH_INTERVAL = 0.001  # seconds: while jobs run, a job's pure-Python loop hands the GIL back to the window
# this often (Python's default is 5 ms, and with two jobs the window may wait several turns for it)
_DEFAULT_SWITCH_INTERVAL = sys.getswitchinterval()


def _quiet(on: bool) -> None:
    """While jobs run, keep the window's turn at the GIL short (benchmarks/bench_responsive.py measured why):
    a shorter switch interval, and the objects that exist (the window's, the libraries', and every 200 ms
    what the jobs made meanwhile) frozen out of the garbage collector, so that a full collection a job's
    allocations set off on its thread (holding the GIL) walks only the objects of the last moments: 120-160
    ms blocks before on 10,000 documents, 770 ms on 100,000. Frozen objects are still freed when no longer
    referenced; when the last job ends they go back to the oldest generation."""
    if on:
        sys.setswitchinterval(min(SWITCH_INTERVAL, _DEFAULT_SWITCH_INTERVAL))
        gc.freeze()
    else:
        sys.setswitchinterval(_DEFAULT_SWITCH_INTERVAL)
        gc.unfreeze()


class RunningJob(QObject):
    """One job on its thread; ``finished(result)`` or ``failed(message)`` arrive on the window's thread."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.progress = Progress()
        self._outcome: tuple[str, Any] | None = None
        self._thread = threading.Thread(target=self._run, name=f"job: {job.title}", daemon=True)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self._thread.start()
        self._timer.start()

    def cancel(self) -> None:
        self.progress.cancel()

    def _run(self) -> None:
        try:
            self._outcome = ("done", self.job.run(self.progress))
        except JobCancelled as exc:
            self._outcome = ("failed", f"{self.job.title}: {exc}")
        except AnnotatorError as exc:
            self._outcome = ("failed", f"{self.job.title}: {exc}")
        except Exception as exc:  # noqa: BLE001 - a job's bug is said, never kills the window
            self._outcome = ("failed", f"{self.job.title}: unexpected {type(exc).__name__}: {exc}")

    def _poll(self) -> None:
        if self._outcome is None:
            return
        self._timer.stop()
        self._thread.join()
        kind, value = self._outcome
        (self.finished if kind == "done" else self.failed).emit(value)

    def wait(self, timeout: float | None = None) -> None:
        """Block until the thread ends (tests and closing the window), then deliver the outcome."""
        self._thread.join(timeout)
        self._poll()

    @property
    def running(self) -> bool:
        return self._outcome is None


class JobBar(QWidget):
    """The status bar's view of the running jobs: title, progress and Cancel, one job at a time shown."""

    idle = Signal()  # the last running job ended (its result or error handed over)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.cancel_button = QPushButton("Cancel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.jobs: list[RunningJob] = []
        self.cancel_button.clicked.connect(self.cancel_all)
        self._timer = QTimer(self, interval=200)
        self._timer.timeout.connect(self._show)
        self.hide()

    def run(self, job: Job, done: Callable[[Any], None], failed: Callable[[str], None],
            applies: Callable[[], bool] | None = None) -> RunningJob:
        """Start ``job``; its result goes to ``done`` (its error to ``failed``) on the window's thread, but only
        if ``applies()`` still holds then (what the job concerns is unchanged): else it is dropped, unsaid."""

        def land(then: Callable[[Any], None]) -> Callable[[Any], None]:
            return lambda value: then(value) if applies is None or applies() else None

        running = RunningJob(job, self)
        running.finished.connect(lambda result: self._ended(running, land(done), result))
        running.failed.connect(lambda message: self._ended(running, land(failed), message))
        if not self.jobs:
            _quiet(True)
        self.jobs.append(running)
        running.start()
        self._show()
        self._timer.start()
        return running

    def _ended(self, running: RunningJob, then: Callable[[Any], None], value: Any) -> None:
        self.jobs.remove(running)
        if not self.jobs:
            _quiet(False)
        self._show()
        then(value)
        if not self.jobs:
            self.idle.emit()

    def cancel_all(self) -> None:
        for running in self.jobs:
            running.cancel()

    def _show(self) -> None:
        if not self.jobs:
            self._timer.stop()
            self.hide()
            return
        gc.freeze()  # what the jobs made since the last look is out of the full collections too (see _quiet)
        running = self.jobs[0]
        more = f" (+{len(self.jobs) - 1} more)" if len(self.jobs) > 1 else ""
        self.label.setText(f"{running.job.title}…{more}")
        total = running.progress.total
        self.bar.setRange(0, total or 0)  # no total: a busy bar
        if total:
            self.bar.setValue(min(running.progress.done, total))
        self.show()
