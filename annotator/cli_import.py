"""The command line's ``annotator import --from FORMAT``: other tools' files (doccano, Label Studio, brat,
CoNLL, WebAnno TSV, Prodigy) through the same checks and the same storing as native JSON Lines.

Part of the command line (``annotator.cli``, whose helpers it borrows at run time)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from tqdm import tqdm

from annotator.core.errors import AnnotatorError
from annotator.core.offsets import UNITS
from annotator.core.untrusted import printable
from annotator.formats.foreign import FORMATS
from annotator.formats.foreign.common import ForeignOptions
from annotator.formats.foreign.run import ForeignImport
from annotator.store.access import Action

EXIT_OK, EXIT_REJECTED = 0, 1
FOREIGN_OPTIONS = ("offsets", "layer", "add_labels", "map", "layer_field", "text_field")


def add_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``import`` that read other tools' files."""
    parser.add_argument("--from", dest="source", default="native", choices=("native", *FORMATS), metavar="FORMAT",
                        help=f"the files' format: native (default), {', '.join(FORMATS)}")
    parser.add_argument("--offsets", choices=UNITS,
                        help="what the files' offsets count, instead of the format's own unit (see the README)")
    parser.add_argument("--layer", metavar="NAME", help="the span layer the spans go to (default: the schema's first "
                                                        "layer of names)")
    parser.add_argument("--add-labels", metavar="LAYER",
                        help="add the labels the layer lacks to it, instead of refusing the files (leads)")
    parser.add_argument("--map", action="append", default=[], metavar="OLD=NEW",
                        help="rename a label on the way in (repeatable); OLD= leaves its spans out, '*=NEW' "
                             "names the spans a file gives no label")
    parser.add_argument("--layer-field", metavar="TYPE:FEATURE",
                        help="webanno-tsv: the span layer and feature holding the labels (default: the named-entity "
                             "layer's value)")
    parser.add_argument("--text-field", metavar="NAME",
                        help="label-studio: the task data field holding the text (default: text)")


def parse_map(items: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items:
        old, sep, new = item.partition("=")
        if not sep or not old.strip():
            raise AnnotatorError(f"--map {item!r}: give OLD=NEW (or OLD= to leave OLD's spans out)")
        if mapping.get(old.strip(), new.strip()) != new.strip():
            raise AnnotatorError(f"--map: {old.strip()!r} is mapped twice ({mapping[old.strip()]!r}, {new.strip()!r})")
        mapping[old.strip()] = new.strip()
    return mapping


def cmd_import(args: argparse.Namespace) -> int:
    from annotator.cli import _identity, _index, cmd_import as import_native, open_project

    tqdm.monitor_interval = 0  # no monitor thread: a large import's reading process is then forked, not spawned
    if args.source == "native":
        used = [name for name in FOREIGN_OPTIONS if getattr(args, name, None)]
        if used:
            raise AnnotatorError(f"--{used[0].replace('_', '-')} is for --from formats other than native")
        return import_native(args)
    options = ForeignOptions(unit=args.offsets, layer=args.layer, add_labels=args.add_labels,
                             mapping=parse_map(args.map), annotator=args.annotator, layer_field=args.layer_field,
                             text_field=args.text_field)

    def say(message: str) -> None:
        tqdm.write(printable(message), file=sys.stderr)  # between the progress bar's updates

    with open_project(args, create=True) as project:
        job = ForeignImport(project, args.source, options, on_reject=say, on_warning=say)
        files, problems = job.collect(args.paths)
        for problem in problems:
            say(problem)
        unknown = job.unknown_labels(files)
        if unknown and args.add_labels:
            project.require(_identity(args, project), Action.CHANGE_SCHEMA, doing="import --add-labels")
            wanted: Counter[str] = sum(unknown.values(), Counter())
            added = job.add_labels(name for name, _ in wanted.most_common())
            say(f"added to layer {job.layer!r}: {', '.join(added)}")
            unknown = {}
        for path, labels in unknown.items():
            say(job.refusal(path, labels))
        todo = [path for path in files if path not in unknown]
        with tqdm(total=sum(p.stat().st_size for p in todo), unit="B", unit_scale=True, desc="import",
                  file=sys.stderr, disable=None, leave=False) as bar:
            job.progress = bar.update
            report = job.run(todo)
        if report.imported:
            _index(project)
    if job.notes.summary():
        print(printable(job.notes.summary()), file=sys.stderr)
    rejected = len(report.rejected) + len(problems) + len(unknown)
    print(f"{report.imported} imported, {report.unchanged} skipped (already there), {rejected} rejected")
    return EXIT_REJECTED if rejected else EXIT_OK
