"""Benchmark the import of a pre-annotated corpus in spans a second, beside a plain-sqlite3 floor, in one run.

Ours is what `annotator import FILE` runs (Importer.run into a new project), every check on: offsets
inside the text and on grapheme boundaries, labels in the schema, each layer's overlap rule, earlier
annotations never overwritten, a line stored whole or not at all. The floor reads the same file and
stores the same documents and spans with plain sqlite3 (`executemany` for the spans, one transaction)
in tables made from the project's own DDL (same columns, indexes, AUTOINCREMENT, foreign keys, WAL,
synchronous FULL), checking nothing. The two are run alternately, each in a fresh spawned interpreter,
and the stored spans are compared afterwards. The machine may be shared: the load average is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import fresh, in_child  # noqa: E402  (each run in a fresh interpreter, on a fresh database)
from generate import ANNOTATOR, write_jsonl  # noqa: E402

TARGET_SPANS_PER_SECOND = 100_000
TABLES = ("documents", "annotators", "spans")


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system  # the reading process too, once joined


def phase_ours(jsonl: str, db: str) -> dict[str, Any]:
    """`annotator import` as the library runs it (the CLI adds a progress bar and the word index after)."""
    from annotator.formats.importer import Importer, collect_files
    from annotator.store.project import Project
    project = Project.open(db, create=True)
    files, _ = collect_files([Path(jsonl)])
    t0, c0 = time.perf_counter(), _cpu()
    report = Importer(project).run(files)
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    project.close()
    return {"seconds": seconds, "cpu": cpu, "documents": report.imported, "rejected": report.rejected[:3],
            "spans": _count_spans(db)}


def phase_floor(jsonl: str, db: str, ddl: list[str]) -> dict[str, Any]:
    """The same rows with plain sqlite3, no checks: documents one by one (their ids), spans by executemany."""
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("busy_timeout = 10000", "foreign_keys = ON", "journal_mode = WAL", "synchronous = FULL"):
        con.execute(f"PRAGMA {pragma}")
    for statement in ddl:
        con.execute(statement)
    t0, c0 = time.perf_counter(), _cpu()
    now = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")
    con.execute("BEGIN")
    annotator = con.execute("INSERT INTO annotators (name, role, created) VALUES (?, 'annotator', ?)",
                            (ANNOTATOR, now)).lastrowid
    add_document = ("INSERT INTO documents (external_id, text, sha256, length, language, source, meta, created) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    spans: list[tuple[Any, ...]] = []
    documents = 0
    with open(jsonl, "rb") as fh:
        for raw in fh:
            value = json.loads(raw.decode("utf-8"))
            text, meta = value["text"], value.get("meta", {})
            doc = con.execute(add_document, (str(value["id"]), text, hashlib.sha256(text.encode("utf-8")).hexdigest(),
                                             len(text), meta.get("lang", "und"), jsonl[:255], json.dumps(meta), now)).lastrowid
            documents += 1
            spans += [(doc, annotator, "entities", s["label"], s["start"], s["end"], "{}", now, now)
                      for s in value.get("spans", ())]
    con.executemany('INSERT INTO spans (document_id, annotator_id, layer, label, start, "end", attrs, created, updated) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", spans)
    con.execute("COMMIT")
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    con.close()
    return {"seconds": seconds, "cpu": cpu, "documents": documents, "rejected": [], "spans": _count_spans(db)}


def _count_spans(db: str) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute("SELECT count(*) FROM spans").fetchone()[0])


def stored_spans(db: str) -> str:
    """A digest of every stored span (document id, layer, label, start, end, attrs), to compare the two."""
    digest = hashlib.sha256()
    with sqlite3.connect(db) as con:
        query = ('SELECT d.external_id, s.layer, s.label, s.start, s."end", s.attrs FROM spans s '
                 "JOIN documents d ON d.id = s.document_id ORDER BY d.external_id, s.start, s.\"end\", s.label")
        for row in con.execute(query):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def project_ddl(db: str) -> list[str]:
    """CREATE statements of the tables the floor writes, and their indexes, exactly as the project has them."""
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT type, sql FROM sqlite_master WHERE tbl_name IN (?, ?, ?) AND sql IS NOT NULL "
                           "ORDER BY type = 'index', rowid", TABLES).fetchall()
    return [sql for _, sql in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20_000, help="documents to generate (default 20000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, alternating (default 3); best and median shown")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep the files (default: a temp folder)")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-bench-spans-"))
    work.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    try:
        jsonl = work / "spans.jsonl"
        size = write_jsonl(jsonl, args.count, args.seed, spans=True)
        print(f"generated {args.count} documents with entity spans, {size / 1e6:.1f} MB -> {jsonl}", flush=True)
        runs: dict[str, list[dict[str, Any]]] = {"ours": [], "floor": []}
        ddl: list[str] = []
        for n in range(args.repeat):
            ours = in_child(phase_ours, str(jsonl), fresh(work / "ours.db"))
            ddl = ddl or project_ddl(str(work / "ours.db"))
            floor = in_child(phase_floor, str(jsonl), fresh(work / "floor.db"), ddl)
            for name, run in (("ours", ours), ("floor", floor)):
                runs[name].append(run)
                print(f"run {n + 1} {name:>5}: {run['spans']:,} spans, {run['documents']:,} documents in "
                      f"{run['seconds']:.2f} s ({run['spans'] / run['seconds']:,.0f} spans/s; CPU {run['cpu']:.2f} s)",
                      flush=True)
            if ours["rejected"]:
                print(f"  ours rejected lines, e.g. {ours['rejected'][0]}")
        same = stored_spans(str(work / "ours.db")) == stored_spans(str(work / "floor.db"))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    load_end = os.getloadavg()

    def rates(name: str) -> tuple[float, float]:
        values = [r["spans"] / r["seconds"] for r in runs[name]]
        return max(values), statistics.median(values)

    (ours_best, ours_median), (floor_best, floor_median) = rates("ours"), rates("floor")
    spans = runs["ours"][0]["spans"]
    verdict = "MEETS" if ours_best >= TARGET_SPANS_PER_SECOND else "BELOW"
    print("\n" + "=" * 78)
    print(f"corpus              {args.count:,} documents, {spans:,} entity spans ({spans / args.count:.1f} a document), "
          f"{size / 1e6:.0f} MB, seed {args.seed}")
    print(f"ours (import)       best {ours_best:,.0f} spans/s, median {ours_median:,.0f} "
          f"(target >= {TARGET_SPANS_PER_SECOND:,}: {verdict})")
    print(f"floor (sqlite3)     best {floor_best:,.0f} spans/s, median {floor_median:,.0f}")
    print(f"ratio ours / floor  {ours_best / floor_best:.2f} (best), {ours_median / floor_median:.2f} (median)")
    print(f"same spans stored   {'yes' if same else 'NO'}")
    print(f"load average        {load_start[0]:.2f} at the start, {load_end[0]:.2f} at the end "
          f"({os.cpu_count()} CPUs; other work on the machine slows both)")
    print("=" * 78)
    return 0 if same and ours_best >= TARGET_SPANS_PER_SECOND else 1


if __name__ == "__main__":
    raise SystemExit(main())
