"""The command line's ``annotator export``: JSONL training data, and the hand-offs to Prodigy, CoNLL and spaCy.

Part of the command line (``annotator.cli``, whose helpers it borrows at run time)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from annotator.core.untrusted import printable
from annotator.formats.export import Exporter, ExportOptions, default_path
from annotator.formats.shapes import FORMATS
from annotator.formats.splits import parse_split

EXIT_OK = 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="write training data: JSONL, Prodigy, CoNLL or spaCy")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="output file (default: exports/<project>-<format>-<date>.jsonl; .conll, .spacy)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--annotator", action="append", metavar="NAME", help="only this annotator's work (repeatable)")
    who.add_argument("--all-annotators", action="store_true", help="every annotator's work (the default)")
    who.add_argument("--gold", action="store_true", help="the adjudicated annotations")
    p.add_argument("--status", metavar="STATUS", help="done, any, or a comma list (default: done; native: any)")
    p.add_argument("--layers", metavar="L1,L2",
                   help="span layers to export (default: the entity layer, the schema's first name layer)")
    p.add_argument("--lang", metavar="CODE", help="only documents in this language")
    p.add_argument("--split", metavar="NAME=SHARE,...", help="e.g. train=0.8,dev=0.1,test=0.1: one file per split")
    p.add_argument("--seed", type=int, default=0, help="the seed of --split (default 0)")
    p.add_argument("--no-story-groups", action="store_true",
                   help="with --split: do not keep near-duplicate documents in one split")
    p.set_defaults(run=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from annotator.cli import open_project

    options = ExportOptions(
        format=args.format, annotators=tuple(args.annotator) if args.annotator else None, gold=args.gold,
        status=args.status, layers=tuple(x.strip() for x in args.layers.split(",")) if args.layers else None,
        language=args.lang, split=tuple(parse_split(args.split)) if args.split else (), seed=args.seed,
        keep_stories_together=not args.no_story_groups)
    with open_project(args) as project:
        path = args.output or default_path(project, args.format)
        with tqdm(total=0, unit="doc", desc="export", file=sys.stderr, disable=None, leave=False) as bar:
            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)
            report = Exporter(project, options, progress).run(path, create_folder=args.output is None)
    for warning in report.warnings:
        print(printable(warning), file=sys.stderr)
    print(printable(report.summary()))
    return EXIT_OK
