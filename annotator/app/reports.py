"""Export and agreement as background jobs (``annotator.app.jobs``): each reads its own Project on the
project's URL; what they return is applied on the window's thread by whoever started them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from annotator.app.jobs import Job, JobCancelled, Progress
from annotator.formats.export import Exporter, ExportOptions, ExportReport
from annotator.store.project import Project


def _export(options: ExportOptions, path: Path, create_folder: bool, project: Project, progress: Progress) -> ExportReport:
    def step(done: int, total: int) -> None:
        if progress.cancelled:
            raise JobCancelled("cancelled; nothing was written")
        progress.at(done, total)

    return Exporter(project, options, step).run(path, create_folder=create_folder)


def export_job(url: URL, options: ExportOptions, path: Path, *, create_folder: bool = False) -> Job:
    """Write an export (its files replaced as a set, or none of them); a cancelled export writes nothing."""
    return Job(f"Exporting {options.format} to {path.name}", url, partial(_export, options, path, create_folder))


def _agreement(include_unfinished: bool, project: Project, progress: Progress) -> dict[str, Any]:
    from annotator.formats import agreement  # numpy: loaded when the figures are asked for

    return agreement.compute(project, include_unfinished=include_unfinished, progress=progress.at)


def agreement_job(url: URL, *, include_unfinished: bool) -> Job:
    """The agreement figures of ``annotator agreement`` (the report's dictionary)."""
    return Job("Computing agreement", url, partial(_agreement, include_unfinished))


@dataclass(frozen=True)
class Ranking:
    """The review queue: documents most disagreed first, and which of them are adjudicated."""

    documents: list[Any]  # formats.agreement.RankedDocument
    adjudicated: set[int]
    include_unfinished: bool


def _ranking(include_unfinished: bool, project: Project, progress: Progress) -> Ranking:
    from annotator.formats.agreement import rank_documents  # numpy: loaded when review mode needs it

    ranking = rank_documents(project, include_unfinished=include_unfinished, progress=progress.at)
    done = project.adjudicated_documents()
    return Ranking(ranking, {r.id for r in ranking if r.id in done}, include_unfinished)


def ranking_job(url: URL, *, include_unfinished: bool) -> Job:
    """The review queue's ranking by disagreement."""
    return Job("Ranking the review queue", url, partial(_ranking, include_unfinished))
