"""The command line: each command parses, opens the project, makes one library call, prints."""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import os
import multiprocessing
import sys
import traceback
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from tqdm import tqdm

from annotator import __version__, cli_export, cli_import, cli_languages, cli_model
from annotator.core.errors import AnnotatorError
from annotator.core.schema import load_schema_file
from annotator.core.untrusted import printable, printable_json
from annotator.logs import log_path, setup_logging
from annotator.formats.atomic import atomic_write
from annotator.formats.demo import default_project_path, open_default_project
from annotator.formats.importer import Importer, collect_files
from annotator.formats.merge import merge
from annotator.formats.report_text import LANGUAGES as REPORT_LANGUAGES
from annotator.formats.text_report import format_agreement, format_stats
from annotator.formats.suggest import (apply_patterns, boilerplate_layer, find_boilerplate, load_patterns,
                                      search_boilerplate, store_boilerplate)
from annotator.core.matching import MatchOptions
from annotator.store.access import Action, Identity
from annotator.store import backup
from annotator.store.engine import scrubber, shown
from annotator.store.project import Project
from annotator.store.values import ROLES

EXIT_OK, EXIT_REJECTED, EXIT_ERROR = 0, 1, 2
log = logging.getLogger("annotator.cli")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--as", dest="user", metavar="NAME", default=argparse.SUPPRESS,
                        help="who you are, for the role checks (default: $ANNOTATOR_USER; on PostgreSQL the database user)")
    common.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS,
                        help="project file or database URL (default: $ANNOTATOR_DB, then the demo project in the user data folder)")
    parser = argparse.ArgumentParser(prog="annotator", parents=[common],
                                     description="Label Arabic and English news articles for NLP datasets.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    quit_after_start = {"action": "store_true", "default": argparse.SUPPRESS, "help": argparse.SUPPRESS}
    # hidden, for the desktop build's smoke test and start-time benchmark (annotator.gui.app.quit_when_started)
    parser.add_argument("--quit-after-start", **quit_after_start)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", parents=[common], help="create a new project")
    p.add_argument("--schema", type=Path, metavar="FILE", help="annotation schema (TOML); default: the built-in news schema")
    p.set_defaults(run=cmd_init)

    p = sub.add_parser("import", parents=[common], help="import .txt and .jsonl files or folders of them, "
                                                        "or other tools' files (--from)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--annotator", metavar="NAME",
                   help="owner of annotations in lines that name no annotator (default: 'imported')")
    cli_import.add_options(p)
    p.set_defaults(run=cli_import.cmd_import)

    cli_export.add_commands(sub, common)

    p = sub.add_parser("agreement", parents=[common], help="inter-annotator agreement")
    p.add_argument("--annotators", metavar="A,B,...", help="only these annotators (default: everybody)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--include-unfinished", action="store_true",
                   help="also documents not marked done (default: a pair counts a document both marked done)")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write a self-contained HTML report")
    p.add_argument("--lang", choices=REPORT_LANGUAGES,
                   help="the language of the --html report (default en; ar is right to left); "
                        "what is printed stays English")
    p.set_defaults(run=cmd_agreement)

    p = sub.add_parser("assign", parents=[common], help="put documents into annotators' queues")
    p.add_argument("--annotators", required=True, metavar="A,B,...", help="the annotators whose queues to fill")
    p.add_argument("--overlap", type=float, default=0.0, metavar="SHARE",
                   help="share of the documents given to two or more annotators, for agreement (default 0)")
    p.add_argument("--copies", type=int, default=2, metavar="K", help="annotators per overlapping document (default 2)")
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same assignment (default 0)")
    p.add_argument("--documents", default="all", metavar="FILTER",
                   help="which unassigned documents: 'all' (default) or 'lang=CODE'")
    p.add_argument("--order", choices=("import", "uncertainty"), default="import",
                   help="the order of each named annotator's unfinished queue: import order (default), or "
                        "active learning: the model's most uncertain documents first, mixed with random ones")
    p.add_argument("--random-share", type=float, default=0.5, metavar="SHARE",
                   help="with --order uncertainty: the share of places given to random documents (default 0.5)")
    p.set_defaults(run=cmd_assign)

    p = sub.add_parser("schema", parents=[common], help="show or change the project's annotation schema")
    schema = p.add_subparsers(dest="schema_command", metavar="ACTION", required=True)
    q = schema.add_parser("show", parents=[common], help="print the schema (TOML)")
    q.set_defaults(run=cmd_schema_show)
    q = schema.add_parser("set", parents=[common], help="replace the schema with a TOML file (leads)")
    q.add_argument("file", type=Path, metavar="FILE")
    q.set_defaults(run=cmd_schema_set)

    p = sub.add_parser("merge", parents=[common], help="bring work from another project file or native JSONL into this one")
    p.add_argument("other", metavar="OTHER", help="a project file, a database URL, or a native .jsonl file")
    p.set_defaults(run=cmd_merge)

    p = sub.add_parser("team", parents=[common], help="the people of the project and their roles")
    team = p.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    q = team.add_parser("add-user", parents=[common], help="add someone, or change their role")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--role", required=True, choices=ROLES,
                   help="annotator: their own work only; reviewer: also review mode and gold; lead: everything")
    q.set_defaults(run=cmd_team_add_user)
    q = team.add_parser("list", parents=[common], help="everyone and their role")
    q.set_defaults(run=cmd_team_list)

    p = sub.add_parser("suggest", parents=[common],
                       help="pre-annotate with a gazetteer, or find boilerplate lines (suggestions, not annotations)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--patterns", type=Path, metavar="FILE",
                      help='JSON lines such as {"label": "GPE", "pattern": "كوريا الشمالية"}: suggest each at every match')
    what.add_argument("--boilerplate", action="store_true",
                      help="print the lines that look like boilerplate: document, start, end, reason, text")
    what.add_argument("--model", action="store_true",
                      help="print what the project's model finds in every document it was not trained on: "
                           "document, start, end, label, text, score (stored as suggestions with --for)")
    what.add_argument("--stance", action="store_true",
                      help="print the stance model's label for each target of every document it was not trained on: "
                           "document, task, target, label, score")
    p.add_argument("--for", dest="annotators", action="append", metavar="NAME",
                   help="whose suggestions to make (repeatable; default: you, from --as or $ANNOTATOR_USER). "
                        "With --boilerplate, they are only printed unless --for is given")
    p.add_argument("--json", action="store_true", help="with --boilerplate, --model or --stance: one JSON object per line")
    p.add_argument("--min-score", type=float, metavar="S", help="with --model or --stance: only this confident (0 to 1)")
    p.add_argument("--ignore-case", action="store_true", help="match English (any cased script) in any case")
    p.add_argument("--ya", action="store_true", help="let ى and ي match each other")
    p.add_argument("--ta-marbuta", action="store_true", help="let ة and ه match each other")
    p.add_argument("--min-documents", type=int, default=3, metavar="N",
                   help="with --boilerplate: a line in N documents or more is a site's (default 3)")
    p.set_defaults(run=cmd_suggest)

    cli_model.add_commands(sub, common)
    cli_languages.add_commands(sub, common)

    p = sub.add_parser("backup", parents=[common], help="write a consistent copy of the project, even while people work")
    p.add_argument("out", type=Path, metavar="OUT", help="the backup file to write")
    p.set_defaults(run=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="put a backup's contents into the project (nobody may have it open)")
    p.add_argument("backup", type=Path, metavar="BACKUP", help="a file written by 'annotator backup'")
    p.set_defaults(run=cmd_restore)

    p = sub.add_parser("gui", parents=[common], help="open the app (the default when no command is given)")
    p.add_argument("--quit-after-start", **quit_after_start)
    p.set_defaults(run=cmd_gui)

    p = sub.add_parser("stats", parents=[common], help="documents, annotators, labels and progress")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=cmd_stats)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # a frozen build (PyInstaller) runs its background jobs' processes through here
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if args.command is None:
        args.run = cmd_gui
    scrub = scrubber(_db_target(args), getattr(args, "other", None), *argv)
    _private_log(printable(scrub(" ".join(["annotator", *(shown(a) for a in argv)]))))  # never a password in the log
    try:
        check_role(args)
        return int(args.run(args))
    except AnnotatorError as exc:
        print(f"annotator: {printable(scrub(str(exc)), keep=chr(10) if exc.lines else str())}", file=sys.stderr)
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
    except BrokenPipeError:  # `annotator stats | head`: the reader has gone, nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except DBAPIError as exc:  # the database refused (cannot connect, no such database, no right): name it
        log.error("database error\n%s", scrub("".join(traceback.format_exception(exc))))
        reason = str(exc.orig or exc).strip().splitlines()
        where = shown(_db_target(args) or default_project_path())
        print(f"annotator: {printable(where)}: {printable(scrub(reason[0] if reason else type(exc).__name__))} (details in {log_path()})",
              file=sys.stderr)
    except Exception as exc:  # the last line of defence: one line, never a traceback (that goes to the log)
        log.error("unexpected error\n%s", scrub("".join(traceback.format_exception(exc))))
        print(f"annotator: unexpected error: {type(exc).__name__}: {printable(scrub(str(exc)))} (details in {log_path()})",
              file=sys.stderr)
    return EXIT_ERROR


def _private_log(command: str) -> None:
    """Start the log (``setup_logging``) with its folder and files readable by their owner only
    (0700, 0600), also after rotation; a log folder or file that an earlier version made readable
    by others is made private."""
    path = log_path()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        for item, mode in ((path.parent, 0o700), (path, 0o600)):
            if item.stat().st_uid == os.getuid() and item.stat().st_mode & 0o077:
                item.chmod(mode)
    except OSError:
        pass  # setup_logging says once that it cannot write the log
    setup_logging(command)
    for handler in logging.getLogger("annotator").handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            handler.rotator = _rotate_private


def _rotate_private(source: str, dest: str) -> None:
    """RotatingFileHandler's rename, after which the new log file is made owner-only before it is opened."""
    if os.path.exists(source):
        os.replace(source, dest)
    os.close(os.open(source, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))


# The commands that need a role once a project has a lead (annotator.store.access says who may);
# "init", "stats", "team list" and "gui" are for everyone.
COMMAND_ACTIONS = {"import": Action.IMPORT, "export": Action.EXPORT, "assign": Action.ASSIGN, "merge": Action.MERGE,
                   "team add-user": Action.MANAGE_TEAM, "schema set": Action.CHANGE_SCHEMA,
                   "agreement": Action.SEE_AGREEMENT}


def _identity(args: argparse.Namespace, project: Project) -> Identity:
    """Who runs the command (annotator.store.access.identify): --as, else $ANNOTATOR_USER; on
    PostgreSQL a team member is the database user they log in as."""
    return project.identify(requested=getattr(args, "user", None), env=os.environ)


def check_role(args: argparse.Namespace) -> None:
    """Refuse a command the user's role does not allow, naming who they are and what it needs."""
    command = " ".join(filter(None, (args.command, getattr(args, "team_command", None),
                                     getattr(args, "schema_command", None))))
    action = COMMAND_ACTIONS.get(command)
    target = _db_target(args)
    if action is None or (target is None and not default_project_path().exists()):
        return
    try:
        project = open_project(args)
    except AnnotatorError:
        return  # the command itself reports (or, for import, creates) a missing project
    with project:
        project.require(_identity(args, project), action, doing=command)


def _db_target(args: argparse.Namespace) -> str | None:
    return getattr(args, "db", None) or os.environ.get("ANNOTATOR_DB") or None


def open_project(args: argparse.Namespace, *, create: bool = False) -> Project:
    """The project named by --db or $ANNOTATOR_DB, else the demo project (made on first use)."""
    target = _db_target(args)
    if target is None:
        return open_default_project()
    return Project.open(target, create=create)


def cmd_init(args: argparse.Namespace) -> int:
    schema = load_schema_file(args.schema) if args.schema else None
    target = _db_target(args)
    if target is None:
        default_project_path().parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = str(default_project_path())
    with Project.create(target, schema=schema) as project:
        print(f"created project '{printable(project.name)}' at {printable(project.url.render_as_string(hide_password=True))}")
    return EXIT_OK


def cmd_schema_show(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        source = printable(project.schema.source, keep="\n\t")
        print(source, end="" if source.endswith("\n") else "\n")
    return EXIT_OK


def cmd_schema_set(args: argparse.Namespace) -> int:
    schema = load_schema_file(args.file)
    with open_project(args) as project:
        project.set_schema(schema)
    layers = ", ".join(layer.name for layer in schema.layers)
    print(printable(f"schema '{schema.name}' set: layers {layers}; tasks {', '.join(t.name for t in schema.tasks) or 'none'}"))
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        report = merge(project, args.other, on_reject=lambda msg: print(printable(msg), file=sys.stderr))
    print(report.summary().replace("rejected", "not merged (conflicts or refused lines, listed above)"))
    return EXIT_REJECTED if report.rejected else EXIT_OK


def cmd_assign(args: argparse.Namespace) -> int:
    language = None
    if args.documents.startswith("lang="):
        language = args.documents.removeprefix("lang=").strip().lower()
        if not language:
            raise AnnotatorError("--documents: 'lang=' needs a language code, such as lang=ar")
    elif args.documents != "all":
        raise AnnotatorError(f"--documents: {args.documents!r} is not 'all' or 'lang=CODE'")
    with open_project(args) as project:
        ordering = cli_model.queue_order(project, args) if args.order == "uncertainty" else None  # refused first
        got = project.assign(args.annotators.split(","), overlap=args.overlap, seed=args.seed, copies=args.copies,
                             language=language)
        total = sum(got.values())
        print(f"{total} assignments: " + ", ".join(f"{printable(name)} {n}" for name, n in got.items())
              + ("" if total else " (every document was in a queue already)"))
        if ordering is not None:
            ordering()
    return EXIT_OK


def cmd_team_add_user(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        who = project.set_role(args.name, args.role)
    print(f"{printable(who.name)} is {printable(who.role)}")
    return EXIT_OK


def cmd_team_list(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        for who in project.annotators():
            print(f"{printable(who.name)}\t{printable(who.role)}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    files, problems = collect_files(args.paths)
    for problem in problems:
        print(printable(problem), file=sys.stderr)
    total = sum(f.stat().st_size for f in files)
    with open_project(args, create=True) as project, \
            tqdm(total=total, unit="B", unit_scale=True, desc="import", file=sys.stderr, disable=None,
                 leave=False) as bar:
        importer = Importer(project, annotator=args.annotator,
                            on_reject=lambda msg: tqdm.write(printable(msg), file=sys.stderr), progress=bar.update)
        report = importer.run(files)
        if report.imported:
            _index(project)  # so the first project-wide search in the app is quick
    rejected = len(report.rejected) + len(problems)
    print(f"{report.imported} imported, {report.unchanged} skipped (already there), {rejected} rejected")
    return EXIT_REJECTED if rejected else EXIT_OK


def cmd_agreement(args: argparse.Namespace) -> int:
    names = [n.strip() for n in args.annotators.split(",")] if args.annotators else None
    if args.lang and not args.html:  # the printed figures are for scripts: English whatever --lang says
        raise AnnotatorError("--lang is the language of the --html report: give --html FILE too")
    with open_project(args) as project:
        from annotator.formats import agreement, html_report  # numpy and the tallies: only for this command

        report = agreement.compute(project, names, args.include_unfinished)
        if args.html:
            with atomic_write(args.html) as fh:
                fh.write(html_report.render(report, project.name, project.stats(), args.lang or REPORT_LANGUAGES[0]))
            print(f"report written to {printable(args.html)}", file=sys.stderr)
    print(printable_json(json.dumps(report, ensure_ascii=False, indent=2)) if args.json else format_agreement(report))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    out = backup.backup(_db_target(args) or default_project_path(), args.out)
    print(f"backed up to {out}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    where = backup.restore(args.backup, _db_target(args) or default_project_path())
    print(f"restored {args.backup} into {where}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from annotator.gui.app import run  # Qt loads only for the app, not for every command

    target = _db_target(args)
    if target is not None:
        Project.open(target).close()  # a bad --db is reported here, before a window opens
    return run(lambda: open_project(args), getattr(args, "user", None),  # --as: who the window works as
               quit_after_start=getattr(args, "quit_after_start", False))


def cmd_stats(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        stats = project.stats()
        where = project.url.render_as_string(hide_password=True)
        me = _identity(args, project)
        if not project.may(me, Action.SEE_PROGRESS):  # everyone's progress is for leads: yours is yours
            stats = replace(stats, progress=[p for p in stats.progress if p.annotator == me.name])
    if args.json:
        print(printable_json(json.dumps({"project": where, **asdict(stats)}, ensure_ascii=False, indent=2)))
    else:
        print(format_stats(stats, where))
    return EXIT_OK


def cmd_suggest(args: argparse.Namespace) -> int:
    options = MatchOptions(ya=args.ya, ta_marbuta=args.ta_marbuta, ignore_case=args.ignore_case)
    with open_project(args) as project:
        identity = _identity(args, project)
        me = identity.name
        printing = args.boilerplate or args.model or args.stance  # these print; they store only for whom --for names
        names = list(dict.fromkeys(args.annotators or ([] if printing else [me] if me else [])))
        if not names and not printing:
            raise AnnotatorError("whose suggestions? give --for NAME (or --as NAME, or set $ANNOTATOR_USER)")
        known = {a.name: a for a in project.annotators()}
        strangers = [n for n in (args.annotators or []) if n not in known]
        if strangers:  # a typo must not make a new person
            raise AnnotatorError(f"--for: nobody called {strangers[0]!r} in this project "
                                 f"(people: {', '.join(sorted(known)) or 'none yet'})")
        if set(names) - {me}:
            project.require(identity, Action.SUGGEST_FOR_OTHERS,
                            doing=f"making suggestions for others ({', '.join(sorted(set(names) - {me}))})")
        patterns = load_patterns(args.patterns, project.schema) if args.patterns is not None else []
        if args.boilerplate:
            boilerplate_layer(project.schema)  # refused before anything is made
        people = {n: project.annotator(n).id for n in names}  # you, if new: as the app does on first use
        if args.model:
            return cli_model.suggest_with_model(args, project, people)
        if args.stance:
            return cli_model.suggest_stance(args, project, people)
        if args.patterns is not None:
            _index(project)
            for name, who in people.items():
                with tqdm(total=len(patterns), unit="pattern", desc="suggest", file=sys.stderr, disable=None,
                          leave=False) as bar:
                    done = apply_patterns(project, who, patterns, source_name=args.patterns.name, options=options,
                                          progress=bar.update)
                print(f"{printable(name)}: {done.added} suggestions in {done.documents} documents from {len(patterns)} pattern{'s' * (len(patterns) != 1)} "
                      f"({done.skipped} places left out: already tagged or suggested; "
                      f"{done.searched} documents read)")
            return EXIT_OK
        with tqdm(total=project.count_documents(), unit="doc", desc="boilerplate", file=sys.stderr, disable=None,
                  leave=False) as bar:
            # whose marked boilerplate counts: the one person it is for, else the caller (if known here)
            marks_of = people[names[0]] if len(names) == 1 else (
                known[me].id if not names and me in known else None)
            search = search_boilerplate(project, marks_of, min_documents=args.min_documents, progress=bar.update)
        found = search.lines
        for f in found:
            if args.json:
                print(printable_json(json.dumps(f.as_json(), ensure_ascii=False)))
            else:
                print("\t".join(printable(v) for v in (f.external_id, f.start, f.end, f.reason, f.text)))
        for note in search.notes():  # why some documents got fewer suggestions
            print(f"annotator: {printable(note)}", file=sys.stderr)
        for name, who in people.items():
            # each person's own marks count for them (and their marked lines are left out)
            theirs = found if len(people) == 1 else find_boilerplate(project, who, min_documents=args.min_documents)
            added = store_boilerplate(project, who, theirs)
            print(f"{printable(name)}: {added} new boilerplate suggestions", file=sys.stderr)
    return EXIT_OK


def _index(project: Project) -> None:
    """Bring the word index up to date, with a progress bar when there is much to do."""
    missing = project.count_unindexed()
    if missing:
        with tqdm(total=missing, unit="doc", desc="indexing", file=sys.stderr, disable=None, leave=False) as bar:
            project.index_documents(bar.update)


if __name__ == "__main__":
    raise SystemExit(main())
