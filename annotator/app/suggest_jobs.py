"""The suggestion jobs' work (propagation, gazetteers, boilerplate), run in a job process
(``annotator.app.jobs``): module-level functions, so that a job can be handed to its process."""

from __future__ import annotations

from pathlib import Path

from annotator.app.jobs import Progress
from annotator.core.matching import MatchOptions
from annotator.core.errors import AnnotatorError
from annotator.formats.boilerplate_learning import lines_due, train_lines
from annotator.formats.suggest import (Pattern, apply_patterns, boilerplate_layer, propagate, search_boilerplate,
                                       store_boilerplate)
from annotator.store.project import Project
from annotator.store.values import AnnotatorId, SpanView


def propagation(span: SpanView, everywhere: bool, options: MatchOptions, project: Project, progress: Progress) -> str:
    """``span``'s label suggested at the other occurrences of its text; what was done, in words."""
    done = propagate(project, span, everywhere=everywhere, options=options, progress=progress)
    where = f"{done.documents} document{'s' * (done.documents != 1)}" if everywhere else "this document"
    return (f"{done.added} new suggestion{'s' * (done.added != 1)} in {where}"
            + (f" ({done.skipped} places already tagged or suggested)" if done.skipped else ""))


def gazetteer(me: AnnotatorId, patterns: list[Pattern], path: Path, options: MatchOptions, project: Project,
              progress: Progress) -> str:
    """Every match of a gazetteer's patterns in the project, as ``me``'s suggestions."""
    done = apply_patterns(project, me, patterns, source_name=path.name, options=options, progress=progress)
    return (f"{done.added} new suggestions in {done.documents} documents from {len(patterns)} "
            f"pattern{'s' * (len(patterns) != 1)} in {path.name}")


def boilerplate(me: AnnotatorId, project: Project, progress: Progress, *, trainer: str | None = None) -> str:
    """Boilerplate suggestions for every document, for ``me``; a cancelled search stores nothing. With
    ``trainer`` (a lead), the project's line classifier is first trained again when newly marked, finished
    documents call for it (``boilerplate_learning.lines_due``)."""
    trained = ""
    if trainer is not None and lines_due(project):
        try:
            info = train_lines(project, trainer).info
            trained = (f"the boilerplate classifier learned from {info.documents} marked documents "
                       f"(held-out F1 {info.f1:.2f})" if info.f1 is not None else "")
        except AnnotatorError as exc:  # the search goes on with what there is
            trained = f"the boilerplate classifier was not trained: {exc}"
    progress.check()
    search = search_boilerplate(project, me, progress=progress)
    progress.check()
    found = search.lines
    added = store_boilerplate(project, me, found)
    label = boilerplate_layer(project.schema).name
    count = len({f.document_id for f in found})
    return "; ".join([f"{added} new {label} suggestions ({len(found)} lines in {count} documents look like boilerplate)",
                      *search.notes(), *([trained] if trained else [])])
