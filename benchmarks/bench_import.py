"""Benchmark the JSONL import against a plain-sqlite3 floor, then time the document-list queries on the result."""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import multiprocessing
import pstats
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_jsonl  # noqa: E402

TARGET_RATIO = 0.5
TARGET_QUERY_MS = 1000.0
BATCH = 1000
# The documents table exactly as migration 0001 makes it (checked against the project after the run).
DOCUMENTS_DDL = (
    "CREATE TABLE documents (id INTEGER NOT NULL, external_id VARCHAR(255) NOT NULL, text TEXT NOT NULL, "
    "sha256 VARCHAR(64) NOT NULL, length INTEGER NOT NULL, language VARCHAR(16) NOT NULL, "
    "source VARCHAR(255) NOT NULL, meta JSON NOT NULL, created DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (external_id))",
    "CREATE INDEX ix_documents_language ON documents (language)",
)
FLOOR_INCLUDES = ("reading the file line by line, UTF-8 decoding, json.loads, sha256 of the text, json.dumps of meta, "
                  f"executemany in transactions of {BATCH} rows (WAL, synchronous FULL, foreign keys on)")


def _mb(kilobytes: int) -> float:
    return kilobytes / 1024  # ru_maxrss is in KiB on Linux


def _rss() -> float:
    return _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def phase_import(jsonl: str, db: str, trace: bool) -> dict[str, Any]:
    """Our path, as `annotator import FILE --db PATH` runs it; in a fresh process."""
    from annotator.formats.importer import Importer, collect_files
    from annotator.store.project import Project
    rss_start = _rss()
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    project = Project.open(db, create=True)
    t1 = time.perf_counter()
    files, problems = collect_files([Path(jsonl)])
    report = Importer(project).run(files)
    t2 = time.perf_counter()
    project.close()
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
    return {"open_s": t1 - t0, "seconds": t2 - t1, "rows": report.imported, "rejected": len(report.rejected) + len(problems),
            "first_reject": (report.rejected or problems or [""])[0], "rss_start": rss_start, "rss": _rss(), "trace": peak,
            "rss_reader": _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)}  # the reading process, if any


def phase_floor(jsonl: str, db: str, trace: bool) -> dict[str, Any]:
    """The same documents rows with plain sqlite3; in a fresh process."""
    rss_start = _rss()
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("busy_timeout = 10000", "foreign_keys = ON", "journal_mode = WAL", "synchronous = FULL"):
        con.execute(f"PRAGMA {pragma}")
    for ddl in DOCUMENTS_DDL:
        con.execute(ddl)
    sql = "INSERT INTO documents (external_id, text, sha256, length, language, source, meta, created) VALUES (?,?,?,?,?,?,?,?)"
    created = str(datetime.now(timezone.utc).replace(tzinfo=None))
    rows: list[tuple[Any, ...]] = []
    count = 0

    def flush() -> None:
        con.execute("BEGIN")
        con.executemany(sql, rows)
        con.execute("COMMIT")
        rows.clear()

    with open(jsonl, "rb") as fh:
        for raw in fh:
            value = json.loads(raw.decode("utf-8"))
            text, meta = value["text"], value.get("meta", {})
            rows.append((str(value["id"]), text, hashlib.sha256(text.encode("utf-8")).hexdigest(), len(text),
                         meta.get("lang", "und"), jsonl[:255], json.dumps(meta), created))
            count += 1
            if len(rows) >= BATCH:
                flush()
    if rows:
        flush()
    con.close()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
    return {"seconds": seconds, "rows": count, "rss_start": rss_start, "rss": _rss(), "trace": peak}


def phase_queries(db: str) -> list[tuple[str, float, float, int]]:
    """(query, first call ms, median of 5 later calls ms, result) on the project opened afresh; in a fresh process."""
    from annotator.store.project import Project
    from annotator.store.values import DocFilter
    t0 = time.perf_counter()
    project = Project.open(db)
    results = [("Project.open(path)", (time.perf_counter() - t0) * 1000, float("nan"), 0)]
    found = project.find_annotator("bench")
    ann = found.id if found else project.annotator("bench").id  # untimed; a fresh project has nobody yet
    queries: list[tuple[str, Callable[[], Any]]] = [
        ("count_documents()", project.count_documents),
        ("documents(limit=100)", lambda: project.documents(limit=100)),
        ("documents(annotator, status=todo)", lambda: project.documents(DocFilter(annotator=ann, status="todo"), limit=100)),
        ("documents(annotator, status=done)", lambda: project.documents(DocFilter(annotator=ann, status="done"), limit=100)),
        ("count_documents(annotator, todo)", lambda: project.count_documents(DocFilter(annotator=ann, status="todo"))),
        ("documents(language=en)", lambda: project.documents(DocFilter(language="en"), limit=100)),
        ("count_documents(language=en)", lambda: project.count_documents(DocFilter(language="en"))),
    ]
    for name, call in queries:
        t = time.perf_counter()
        value = call()
        first = (time.perf_counter() - t) * 1000
        later = []
        for _ in range(5):
            t = time.perf_counter()
            call()
            later.append((time.perf_counter() - t) * 1000)
        results.append((name, first, statistics.median(later), value if isinstance(value, int) else len(value)))
    project.close()
    return results


def phase_profile(jsonl: str, db: str, top: int) -> str:
    """cProfile of the import; the top functions by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.runcall(phase_import, jsonl, db, False)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def in_child(fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn`` in a freshly spawned interpreter, so its max RSS is its own."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def fresh(path: Path) -> str:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    return str(path)


def same_shape(a: Path, b: Path) -> bool:
    def shape(p: Path) -> tuple[Any, ...]:
        with sqlite3.connect(p) as con:
            return (con.execute("PRAGMA table_info(documents)").fetchall(),
                    sorted(r[1:] for r in con.execute("PRAGMA index_list(documents)")))
    return shape(a) == shape(b)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000, help="documents to generate (default 100000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep the files (default: a temp folder, removed)")
    parser.add_argument("--spans", action="store_true", help="generate entity spans too (the floor still stores documents only)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of the import")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        jsonl = work / "bench.jsonl"
        t = time.perf_counter()
        size = write_jsonl(jsonl, args.count, args.seed, args.spans)
        gen_s = time.perf_counter() - t
        print(f"generated {args.count} documents, {size / 1e6:.1f} MB, in {gen_s:.1f} s -> {jsonl}", flush=True)
        ours_db, floor_db = work / "ours.db", work / "floor.db"
        ours = in_child(phase_import, str(jsonl), fresh(ours_db), False)
        print(f"import (ours): {ours['rows']} documents in {ours['seconds']:.1f} s", flush=True)
        if ours["rejected"]:
            print(f"  {ours['rejected']} rejected, first: {ours['first_reject']}")
        floor = in_child(phase_floor, str(jsonl), fresh(floor_db), False)
        print(f"floor (sqlite3): {floor['rows']} rows in {floor['seconds']:.1f} s", flush=True)
        ours_t = in_child(phase_import, str(jsonl), fresh(work / "ours-traced.db"), True)
        floor_t = in_child(phase_floor, str(jsonl), fresh(work / "floor-traced.db"), True)
        queries = in_child(phase_queries, str(ours_db))
        shape_ok = same_shape(ours_db, floor_db)
        profile = in_child(phase_profile, str(jsonl), fresh(work / "ours-profiled.db"), 25) if args.profile else ""
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    ours_rate, floor_rate = ours["rows"] / ours["seconds"], floor["rows"] / floor["seconds"]
    ratio = ours_rate / floor_rate
    verdict = "MEETS" if ratio >= TARGET_RATIO else "BELOW"
    rows = [
        ("documents", f"{args.count} ({size / 1e6:.0f} MB JSONL, seed {args.seed}{', with spans' if args.spans else ''})", ""),
        ("generate", f"{gen_s:.1f} s", ""),
        ("ours: Project.open(create=True)", f"{ours['open_s'] * 1000:.0f} ms", ""),
        ("ours: Importer.run", f"{ours['seconds']:.1f} s, {ours_rate:,.0f} docs/s", ""),
        ("floor: sqlite3 executemany", f"{floor['seconds']:.1f} s, {floor_rate:,.0f} docs/s", ""),
        ("ratio ours / floor", f"{ratio:.2f}", f">= {TARGET_RATIO}: {verdict}"),
        ("ours: max RSS (start -> peak)", f"{ours['rss_start']:.0f} -> {ours['rss']:.0f} MB", ""),
        ("ours: reading process, peak RSS", f"{ours['rss_reader']:.0f} MB" if ours["rss_reader"] else "none", "(formats/read_ahead.py)"),
        ("ours: tracemalloc peak", f"{ours_t['trace']:.1f} MB", "(separate traced run, importer's process)"),
        ("floor: max RSS (start -> peak)", f"{floor['rss_start']:.0f} -> {floor['rss']:.0f} MB", ""),
        ("floor: tracemalloc peak", f"{floor_t['trace']:.1f} MB", "(separate traced run)"),
        ("floor table shape = project's", "yes" if shape_ok else "NO", "(columns and indexes)"),
    ]
    for name, first, warm, value in queries:
        target = "" if name.startswith("Project.open") else f"< {TARGET_QUERY_MS:.0f} ms: {'OK' if first < TARGET_QUERY_MS else 'SLOW'}"
        shown = f"{first:.1f} ms" + ("" if warm != warm else f" first, {warm:.1f} ms warm -> {value}")
        rows.append((f"query: {name}", shown, target))
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print("\n" + "=" * (width + vwidth + 30))
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:<{vwidth}}  {note}")
    print("=" * (width + vwidth + 30))
    print(f"floor includes: {FLOOR_INCLUDES}.")
    print("floor leaves out: record validation (parse_record), the per-batch lookup of already-stored ids, "
          "SQLAlchemy, RETURNING of new ids.")
    print("each phase ran in its own spawned interpreter; RSS 'start' is after its imports, before any work. "
          "Queries: first call after a fresh Project.open, then the median of 5.")
    if profile:
        print("\n" + profile)
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
