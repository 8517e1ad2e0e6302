"""Background jobs run in a process of their own (``annotator.app.jobs``): the window's process only waits
on a pipe. What a user relies on: the result or the error comes back in words, progress is seen while it
runs, Cancel stops it between steps, and a job that dies says so instead of running forever."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import pytest

from annotator.app.jobs import Job, JobProcess, JobThread, Progress
from annotator.formats.importer import Importer, collect_files
from annotator.store.project import Project

from tests.conftest import SEEDS


@pytest.fixture
def url(any_project: Project) -> object:
    Importer(any_project).run(collect_files([SEEDS])[0])
    return any_project.url


def _where(project: Project, progress: Progress) -> tuple[int, int]:
    progress(1)
    return os.getpid(), project.count_documents()


def _count_until_cancelled(marker: str, project: Project, progress: Progress) -> int:
    Path(marker).write_text("started")
    while True:
        progress(1)  # raises JobCancelled once cancelled


def _dies(project: Project, progress: Progress) -> None:
    os._exit(3)


def _unsendable(project: Project, progress: Progress) -> object:
    return lambda: None  # a result that cannot go back through the pipe


def _refused(project: Project, progress: Progress) -> None:
    project.document(10**9)  # no such document: an AnnotatorError, said in words


def test_a_job_runs_in_another_process_on_its_own_connection(url: object) -> None:
    job = JobProcess(Job("Counting", url, _where, total=1))  # type: ignore[arg-type]
    job.start()
    outcome = job.wait(60)
    assert outcome is not None and outcome[0] == "done"
    pid, documents = outcome[1]
    assert pid != os.getpid() and documents == 5
    assert (job.progress.done, job.progress.total) == (1, 1)  # its progress is seen here


def test_cancel_stops_a_job_process_between_steps(url: object, tmp_path: Path) -> None:
    marker = tmp_path / "started"
    job = JobProcess(Job("Counting", url, partial(_count_until_cancelled, str(marker))))  # type: ignore[arg-type]
    job.start()
    while not (marker.exists() and job.progress.done > 0):
        assert job.outcome() is None
        assert job.wait(0.05) is None
    job.cancel()
    outcome = job.wait(60)
    assert outcome == ("failed", "Counting: cancelled; nothing more was stored")


@pytest.mark.parametrize("work, said", [
    (_dies, "Dying: the job stopped unexpectedly (exit code 3)"),
    (_unsendable, "Dying: its result could not be handed over"),
    (_refused, "Dying: "),
])
def test_a_job_that_dies_or_fails_says_so(url: object, work: object, said: str) -> None:
    job = JobProcess(Job("Dying", url, work))  # type: ignore[arg-type]
    job.start()
    outcome = job.wait(60)
    assert outcome is not None and outcome[0] == "failed" and outcome[1].startswith(said), outcome


def test_the_thread_runner_behaves_the_same(url: object) -> None:
    job = JobThread(Job("Counting", url, _where, total=1))  # type: ignore[arg-type]
    job.start()
    outcome = job.wait(60)
    assert outcome is not None and outcome[0] == "done" and outcome[1] == (os.getpid(), 5)
