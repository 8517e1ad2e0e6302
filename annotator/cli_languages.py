"""The command line's ``annotator languages``: the documents' languages, and detecting them again (``--detect``, leads).

Part of the command line (``annotator.cli``, whose helpers it borrows at run time)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tqdm import tqdm

from annotator.core.language import LANGUAGE_RULE
from annotator.core.untrusted import printable, printable_json
from annotator.formats.languages import detect_languages
from annotator.store.access import Action

EXIT_OK = 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("languages", parents=[common], help="the documents' languages; --detect: detect them again (leads)")
    p.add_argument("--detect", action="store_true",
                   help="detect the language of every document not given one in meta.lang and store it: for a "
                        "project whose languages an older version guessed from the script (every Latin text 'en')")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=cmd_languages)


def cmd_languages(args: argparse.Namespace) -> int:
    from annotator.cli import _identity, open_project

    with open_project(args) as project:
        redone = None
        if args.detect:
            project.require(_identity(args, project), Action.IMPORT, doing="languages --detect")
            with tqdm(total=len(project.detected_documents()), unit="doc", desc="languages", file=sys.stderr,
                      disable=None, leave=False) as bar:
                redone = detect_languages(project, progress=bar.update)
        counts = project.stats().languages
        current = project.language_rule() == LANGUAGE_RULE
        stale = len(project.detected_documents(stale=True))
    if args.json:
        print(printable_json(json.dumps({
            "languages": counts, "rule": LANGUAGE_RULE if current else None, "older_rule": stale,
            **({"detected": redone.read, "changed": [{"from": a, "to": b, "documents": n}
                                                    for (a, b), n in sorted(redone.changes.items())]}
               if redone else {})}, ensure_ascii=False, indent=2)))
        return EXIT_OK
    if redone is not None:
        print(printable(redone.summary(), keep="\n"), file=sys.stderr)
    for lang, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        print(f"{printable(lang)}\t{n}")
    if stale:
        print(f"{stale} documents have a language an older version guessed from the script (German was 'en'); "
              "boilerplate searches detect them again each time. 'annotator languages --detect' (leads) stores them.",
              file=sys.stderr)
    return EXIT_OK
