"""Export a project in one of the shapes of ``shapes`` (JSONL) or ``handoffs`` (Prodigy, CoNLL, spaCy):
filtered, checked, split, written atomically."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.records import STATUSES
from annotator.formats.atomic import atomic_write_set, write_reason
from annotator.formats import handoffs
from annotator.formats.shapes import FORMATS, SHAPES, ExportError, Notice, check_line, default_layers
from annotator.formats.splits import StoryGroups, assign
from annotator.store.exporting import ExportQuery
from annotator.store.project import Project

Progress = Callable[[int, int], None]  # documents done, documents in all; may raise Cancelled


class Cancelled(AnnotatorError):
    """The user stopped the export; nothing was written."""


@dataclass(frozen=True)
class ExportOptions:
    format: str
    annotators: tuple[str, ...] | None = None   # None: every annotator
    gold: bool = False
    status: str | None = None                   # "done", "any", or a comma list; None: the format's default
    layers: tuple[str, ...] | None = None       # None: the format's default
    language: str | None = None
    split: tuple[tuple[str, float], ...] = ()   # e.g. (("train", .8), ("dev", .1), ("test", .1))
    seed: int = 0
    keep_stories_together: bool = True


@dataclass
class ExportReport:
    documents: int = 0
    lines: dict[str, int] = field(default_factory=dict)   # file -> lines written
    spans: int = 0
    story_groups: int = 0    # groups of two or more near-duplicate documents kept in one split
    grouped_documents: int = 0
    warnings: list[str] = field(default_factory=list)  # e.g. a split that came out empty, and why
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (document, annotator, why) left out
    unit: str = "lines"  # what ``lines`` counts: JSONL lines, or documents (CoNLL, spaCy)

    def summary(self) -> str:
        files = ", ".join(f"{path} ({n} {self.unit})" for path, n in self.lines.items())
        text = f"{self.documents} documents, {self.spans} spans -> {files}"
        if self.story_groups:
            text += (f"; {self.grouped_documents} near-duplicate documents in {self.story_groups} groups "
                     "kept within one split each")
        return text


def default_path(project: Project, fmt: str, folder: Path = Path("exports")) -> Path:
    return folder / f"{project.name}-{fmt}-{date.today().isoformat()}{handoffs.SUFFIXES.get(fmt, '.jsonl')}"


def split_paths(path: Path, names: list[str]) -> dict[str, Path]:
    return {name: path.with_name(f"{path.stem}-{name}{path.suffix}") for name in names}


class Exporter:
    def __init__(self, project: Project, options: ExportOptions, progress: Progress | None = None) -> None:
        if options.format not in FORMATS:
            raise AnnotatorError(f"unknown format {options.format!r}; one of {', '.join(FORMATS)}")
        if options.format == "spacy":
            handoffs.require_spacy()  # says how to install the extra, before anything is read or written
        self.project = project
        self.options = options
        self.progress = progress
        self.layers = self._layers()
        self.query = ExportQuery(annotators=options.annotators, gold=options.gold,
                                 statuses=self._statuses(), language=options.language)

    def _statuses(self) -> tuple[str, ...] | None:
        status = self.options.status or ("any" if self.options.format == "native" else "done")
        if status == "any":
            return None
        wanted = tuple(s.strip() for s in status.split(","))
        unknown = [s for s in wanted if s not in STATUSES]
        if unknown:
            raise AnnotatorError(f"--status: {unknown[0]!r} is not one of any, {', '.join(STATUSES)}")
        return wanted

    def _layers(self) -> tuple[str, ...]:
        schema = self.project.schema
        names = tuple(layer.name for layer in schema.layers)
        chosen = default_layers(schema, self.options.format)  # refuses a boilerplate export without its layer
        if self.options.layers is not None:
            unknown = [name for name in self.options.layers if name not in names]
            if unknown:
                raise AnnotatorError(f"--layers: no layer {unknown[0]!r}; the schema has {', '.join(names)}")
            return self.options.layers
        return chosen

    def run(self, path: Path, *, create_folder: bool = False) -> ExportReport:
        """Write the export to ``path``; its folder must exist unless ``create_folder`` (the default
        ``exports/`` folder is made, a mistyped folder is not)."""
        opts = self.options
        report = ExportReport()
        total = self.project.count_export(self.query)
        bare = opts.annotators is None and not opts.gold and self.query.statuses is None
        where: dict[int, str] = {}
        units = 0  # what the splits share out: documents, or story groups of them
        if opts.split:
            where, units = self._assign_splits(report, bare)
        targets = split_paths(path, [name for name, _ in opts.split]) if opts.split else {"": path}
        if create_folder:
            try:
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the default exports/ folder: ours, private
            except OSError as exc:
                raise AnnotatorError(f"{path.parent}: cannot make this folder: {write_reason(exc)}") from None
        shape = {**SHAPES, **handoffs.SHAPES}[opts.format]
        counts = {name: 0 for name in targets}
        trimmed = 0
        if opts.format in handoffs.SUFFIXES:
            report.unit = "documents"
        # all the files replaced together, or none
        with atomic_write_set(list(targets.values()), binary=opts.format == "spacy") as opened:
            files = {name: handoffs.writer(opts.format, fh) for name, fh in zip(targets, opened)}
            done = 0
            for batch in self.project.export_batches(self.query):
                for doc in batch:
                    name = where.get(doc.id, "")
                    wrote = False
                    for line in shape(doc, self.project.schema, self.layers, bare):
                        if isinstance(line, Notice):
                            if line.kind == "trimmed":
                                trimmed += line.count
                            else:
                                report.skipped.append((line.document, line.annotator, line.kind))
                            continue
                        wrote = True
                        problem = check_line(line)
                        if problem:
                            raise ExportError(f"document {doc.external_id!r}: {problem}; nothing was written")
                        files[name].write(line)
                        counts[name] += 1
                        report.spans += _spans_in(line)
                    report.documents += wrote
                done += len(batch)
                if self.progress:
                    self.progress(done, total)
            for out in files.values():
                out.finish()
        report.lines = {str(targets[name]): n for name, n in counts.items()}
        report.warnings += _skipped_warnings(report.skipped)
        if trimmed:
            report.warnings.append(f"warning: {trimmed} spans begin or end with whitespace, which no {opts.format} "
                                   "token can hold: they were written without it")
        if opts.split:
            report.warnings += self._empty_splits(counts, units, report)
        return report

    def _empty_splits(self, counts: dict[str, int], units: int, report: ExportReport) -> list[str]:
        """One line for each split that came out empty, saying why."""
        empty = [name for name, n in counts.items() if n == 0]
        if not empty:
            return []
        if units == 0:
            why = "no documents matched the export's options"
        elif self.options.keep_stories_together and report.story_groups:
            why = (f"too few story groups: {report.documents} documents fell into {units} groups of near-duplicates "
                   f"for {len(counts)} splits, and a group is never divided (--no-story-groups divides them)")
        else:
            why = f"too few documents: {units} for {len(counts)} splits with these shares"
        return [f"warning: split {name!r} is empty ({why})" for name in empty]

    def _assign_splits(self, report: ExportReport, bare: bool) -> tuple[dict[int, str], int]:
        """First pass: read the texts of the documents that will be written, group near-duplicates,
        give every group one split (documents that write no line do not count toward the shares).
        Returns each document's split and the number of groups shared out."""
        docs = (doc for batch in self.project.export_batches(self.query) for doc in batch if doc.sets or bare)
        groups: list[list[int]]
        if self.options.keep_stories_together:
            stories = StoryGroups()
            for doc in docs:
                stories.add(doc.id, doc.text)
            groups = [[int(k) for k in g] for g in stories.groups()]  # type: ignore[call-overload]
        else:
            groups = [[doc.id] for doc in docs]
        together = [g for g in groups if len(g) > 1]
        report.story_groups = len(together)
        report.grouped_documents = sum(len(g) for g in together)
        where = {k: v for k, v in assign(groups, self.options.split, self.options.seed).items()}  # type: ignore[misc]
        return where, len(groups)


_WHY = {"overlap": "their spans overlap within the exported layers, which tokens and tags cannot hold "
                   "(--layers picks layers; the schema says whether a layer allows overlaps)",
        "blank": "a span of theirs holds nothing visible (only whitespace or invisible marks)"}


def _skipped_warnings(skipped: list[tuple[str, str, str]]) -> list[str]:
    """One line per reason: how many documents (one annotator's set each) were left out, and which."""
    by_reason: dict[str, list[str]] = defaultdict(list)
    for document, annotator, why in skipped:
        by_reason[why].append(f"{document!r} ({annotator})")
    return [f"warning: skipped {len(names)} documents because {_WHY[why]}: {', '.join(names)}"
            for why, names in by_reason.items()]


def _spans_in(line: dict[str, Any]) -> int:
    return (sum(len(line.get(k, ())) for k in ("spans", "evidence", "entities", "ents"))
            + sum(tag.startswith("B-") for tag in line.get("ner_tags", ())))
