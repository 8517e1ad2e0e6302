"""Runs the app's background jobs (``annotator.app.jobs``: a process each), with a progress bar and a
Cancel button in the status bar; the window keeps answering meanwhile. The result or error is handed
over on the window's thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from annotator.app.jobs import Job, runner
from annotator.gui import i18n
from annotator.gui.app_texts import shown

POLL_MS = 50


class RunningJob(QObject):
    """One job away from the window (``annotator.app.jobs.runner``: its own process); ``finished(result)``
    or ``failed(message)`` arrive on the window's thread."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self._runner = runner(job)
        self.progress = self._runner.progress
        self._delivered = False
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self._runner.start()
        self._timer.start()

    def cancel(self) -> None:
        self._runner.cancel()

    def _poll(self) -> None:
        outcome = self._runner.outcome()
        if outcome is None or self._delivered:
            return
        self._delivered = True
        self._timer.stop()
        kind, value = outcome
        (self.finished if kind == "done" else self.failed).emit(value)

    def wait(self, timeout: float | None = None) -> None:
        """Block until the job ends (tests and closing the window), then deliver the outcome."""
        self._runner.wait(timeout)
        self._poll()

    def stop(self) -> None:
        """End the job now, whatever it is doing (the window is closing and it did not stop when cancelled)."""
        self._runner.stop()
        self._poll()

    @property
    def running(self) -> bool:
        return not self._delivered and self._runner.outcome() is None


class JobBar(QWidget):
    """The status bar's view of the running jobs: title, progress and Cancel, one job at a time shown."""

    idle = Signal()  # the last running job ended (its result or error handed over)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.cancel_button = QPushButton(self.tr("Cancel"))
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
        self.jobs.append(running)
        running.start()
        self._show()
        self._timer.start()
        return running

    def _ended(self, running: RunningJob, then: Callable[[Any], None], value: Any) -> None:
        self.jobs.remove(running)
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
        running = self.jobs[0]
        more = self.tr(" (+{count} more)").format(count=i18n.number(len(self.jobs) - 1)) if len(self.jobs) > 1 else ""
        self.label.setText(self.tr("{job}…{more}").format(job=shown(running.job.title), more=more))
        total = running.progress.total
        self.bar.setRange(0, total or 0)  # no total: a busy bar
        if total:
            self.bar.setValue(min(running.progress.done, total))
        self.show()
