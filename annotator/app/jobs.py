"""Long work off the window: what a background job is, and where it runs, without Qt.

A job runs in a process of its own (``JobProcess``) with its own Project connection (``Project.open``
on the same URL), reports progress through a ``Progress`` it shares with the window (shared memory),
and stops at its next step once cancelled. Its result (or error, in words) comes back through a
pipe, and is applied on the window's thread by whoever started it.

Why a process and not a thread: a job is pure-Python work (matching, jusText's classifier, the
agreement figures, model training) that holds Python's interpreter lock while it runs; on a thread
it takes turns with the window's key handling, and the window stalled for 60-95 ms at a time
beside a 100,000-document boilerplate search (``benchmarks/bench_responsive.py``). A process shares
nothing with the window but the project's database. On Linux processes are forked from a server
that has loaded the job code once (the first job of a session waits ~0.4 s for it; later ones start
in milliseconds); elsewhere they are spawned.

``JobThread`` runs a job on a thread of the calling process instead, behind the same interface:
for tests that replace a function the job calls, which a process would not see.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from multiprocessing.context import BaseContext
from typing import Any

from sqlalchemy.engine import URL

from annotator.core.errors import AnnotatorError
from annotator.store.project import Project

# loaded once by the server that jobs are forked from (Linux): what the jobs run
PRELOAD = ["annotator.store.project", "annotator.formats.suggest", "annotator.formats.export", "annotator.app.reports",
           "annotator.app.model_jobs", "annotator.app.stance_advice",
           "annotator.app.session"]


class JobCancelled(AnnotatorError):
    """The user cancelled the job; what it had not stored yet is not stored."""


@cache
def context() -> BaseContext:
    """Where job processes come from: forked from a server with the job code loaded on Linux, else
    spawned (a fresh interpreter: on macOS a fork after loading numpy and CRFsuite is not safe)."""
    if sys.platform.startswith("linux") and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def warm_up() -> None:
    """Start the server jobs are forked from, with the job code loaded, on a thread of its own: the
    window's first job then starts at once instead of waiting half a second for it."""
    if context().get_start_method() != "forkserver":
        return

    def start() -> None:
        from multiprocessing import forkserver

        try:
            forkserver.ensure_running()
        except Exception:  # noqa: BLE001 - the first job starts it then, and says what went wrong
            pass

    threading.Thread(target=start, name="job server", daemon=True).start()


class _Cell:
    """A number only this process reads and writes (``multiprocessing.Value``'s shape)."""

    def __init__(self, value: int) -> None:
        self.value = value


class Progress:
    """Shared by a job (which advances it) and the window (which reads it and may cancel): in shared
    memory when ``ctx`` is given (the job runs in a process of that context), else in this process."""

    def __init__(self, ctx: BaseContext | None = None) -> None:
        if ctx is None:
            self._done: Any = _Cell(0)
            self._total: Any = _Cell(-1)
            self._cancelled: Any = threading.Event()
        else:
            self._done = ctx.Value("q", 0, lock=False)  # one writer (the job): no lock needed
            self._total = ctx.Value("q", -1, lock=False)
            self._cancelled = ctx.Event()

    @property
    def done(self) -> int:
        return int(self._done.value)

    @property
    def total(self) -> int | None:
        """Steps in all, when known."""
        return None if self._total.value < 0 else int(self._total.value)

    @total.setter
    def total(self, value: int | None) -> None:
        self._total.value = -1 if value is None else value

    def __call__(self, steps: int = 1) -> None:
        """One more step done; raises JobCancelled once the user has cancelled (between steps)."""
        self.check()
        self._done.value += steps

    def at(self, done: int, total: int) -> None:
        """Progress told as (done, in all), as the exporter and the agreement figures tell it; raises
        JobCancelled once the user has cancelled."""
        self.check()
        self._total.value, self._done.value = total, done

    def check(self) -> None:
        if self._cancelled.is_set():
            raise JobCancelled("cancelled; nothing more was stored")

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return bool(self._cancelled.is_set())


Outcome = tuple[str, Any]  # ("done", result) or ("failed", message)


@dataclass
class Job:
    """``work(project, progress)`` on ``url``'s project, away from the window; ``title`` says what it does.

    ``work`` must be picklable to run in a process: a module-level function, or ``functools.partial``
    of one with picklable arguments (a closure is not)."""

    title: str
    url: URL
    work: Callable[[Project, Progress], Any]
    total: int | None = None  # steps, when known in advance (documents, patterns)

    def run(self, progress: Progress) -> Any:
        progress.total = self.total
        with Project.open(self.url) as project:
            return self.work(project, progress)

    def outcome(self, progress: Progress) -> Outcome:
        """Run, and say how it went: its result, or its error in one line (a job's bug included)."""
        try:
            return ("done", self.run(progress))
        except AnnotatorError as exc:  # JobCancelled too
            return ("failed", f"{self.title}: {exc}")
        except Exception as exc:  # noqa: BLE001 - a job's bug is said, never kills the window
            return ("failed", f"{self.title}: unexpected {type(exc).__name__}: {exc}")


def count_documents(project: Project, progress: Progress) -> int:
    """A job that only reads: how many documents the project has (the app's start check runs it)."""
    return project.stats().documents


def _in_child(job: Job, progress: Progress, send: Any) -> None:
    """The job process: run the job and send its outcome back (an outcome that cannot be sent is said)."""
    outcome = job.outcome(progress)
    try:
        send.send(outcome)
    except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
        send.send(("failed", f"{job.title}: its result could not be handed over ({type(exc).__name__}: {exc})"))
    finally:
        send.close()


class JobProcess:
    """One job in a process of its own. ``outcome()`` is None while it runs, then its outcome (once)."""

    def __init__(self, job: Job) -> None:
        ctx = context()
        self.job = job
        self.progress = Progress(ctx)
        self._receive, self._send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_in_child, args=(job, self.progress, self._send), daemon=True,
                                    name=f"annotator job: {job.title}")
        self._outcome: Outcome | None = None

    def start(self) -> None:
        self._process.start()
        self._send.close()  # the child's end: once it closes too, a crash is seen as the end of the pipe

    def cancel(self) -> None:
        self.progress.cancel()

    def outcome(self) -> Outcome | None:
        if self._outcome is None:
            self._outcome = self._read()
        return self._outcome

    def _read(self) -> Outcome | None:
        # only the pipe says when the job ended: its outcome, or its end (EOF: the child died without a
        # word, since this side closed its copy of the child's end). Asking whether the process is alive
        # as well would race with a child that sends and exits in between.
        try:
            if not self._receive.poll():
                return None
            outcome: Outcome = self._receive.recv()
            self._process.join(5)
            return outcome
        except (EOFError, OSError):  # the child ended without a word: it was killed or crashed
            pass
        self._process.join(5)
        return ("failed", f"{self.job.title}: the job stopped unexpectedly (exit code {self._process.exitcode}); "
                          "nothing it had not stored yet was stored")

    def wait(self, timeout: float | None = None) -> Outcome | None:
        """Block until the job ends (or ``timeout`` seconds pass); its outcome, or None if still running."""
        if self._outcome is None:
            try:
                self._receive.poll(timeout)
            except (EOFError, OSError):  # Windows: polling the pipe of a child that died raises
                pass
        return self.outcome()

    def stop(self) -> None:
        """End the process now (closing the window with a job that did not stop when cancelled)."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5)


class JobThread:
    """The same as ``JobProcess``, on a thread of this process (see the module's docstring)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.progress = Progress()
        self._outcome: Outcome | None = None
        self._thread = threading.Thread(target=self._run, name=f"job: {job.title}", daemon=True)

    def _run(self) -> None:
        self._outcome = self.job.outcome(self.progress)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self.progress.cancel()

    def outcome(self) -> Outcome | None:
        return None if self._thread.is_alive() else self._outcome

    def wait(self, timeout: float | None = None) -> Outcome | None:
        self._thread.join(timeout)
        return self.outcome()

    def stop(self) -> None:
        """A thread cannot be stopped from outside: it ends at its next step once cancelled."""


Runner = JobProcess | JobThread
IN_PROCESS = True  # tests that replace what a job calls set this to False (see JobThread)


def runner(job: Job) -> Runner:
    return JobProcess(job) if IN_PROCESS else JobThread(job)
