"""Benchmark the JSONL export (spans, native) against a plain-sqlite3 floor, and its memory at two project sizes."""

from __future__ import annotations

import argparse
import cProfile
import filecmp
import io
import json
import os
import pstats
import shutil
import sqlite3
import sys
import tempfile
import time
import tomllib
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import _rss, fresh, in_child  # noqa: E402
from generate import generate  # noqa: E402

TARGET_RATIO = 0.5
BATCH = 500  # documents per read, as annotator.store.exporting.batches does
FLOOR_INCLUDES = (f"SELECT of {BATCH} documents in id order, then their spans joined with annotator names ordered "
                  "by document, annotator, start, end; json.loads of meta and attrs; one dict per line as the "
                  "spans shape builds it; json.dumps(ensure_ascii=False); buffered writes and an fsync at the end")


def write_records(path: Path, count: int, seed: int, per_doc: int) -> int:
    """The first ``count`` generated documents with at least ``per_doc`` spans, cut to ``per_doc``; spans written."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    docs = spans = 0
    with path.open("w", encoding="utf-8") as fh:
        for record in generate(10 * count + 100, seed, spans=True):
            if len(record.get("spans", ())) < per_doc:
                continue
            record["spans"] = record.get("spans", [])[:per_doc]
            fh.write(dumps(record) + "\n")
            docs, spans = docs + 1, spans + len(record["spans"])
            if docs == count:
                return spans
    raise SystemExit(f"only {docs} generated documents have {per_doc} spans; ask for fewer")


def phase_build(jsonl: str, db: str) -> dict[str, Any]:
    """Import the JSONL into a new project, as `annotator import` does; in a fresh process, not timed as export."""
    from annotator.formats.importer import Importer
    from annotator.store.project import Project
    t0 = time.perf_counter()
    with Project.open(db, create=True) as project:
        report = Importer(project).run([Path(jsonl)])
    return {"seconds": time.perf_counter() - t0, "imported": report.imported, "rejected": len(report.rejected)}


def measured(trace: bool, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``work()``'s counts with its seconds, max RSS before and after, and tracemalloc peak when ``trace``."""
    rss_start = _rss()
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    result = work() | {"seconds": time.perf_counter() - t0}
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
    return result | {"rss_start": rss_start, "rss": _rss(), "trace": peak}


def phase_export(db: str, fmt: str, out: str, trace: bool) -> dict[str, Any]:
    """Our path, as `annotator export --format FMT --status any` runs it; in a fresh process."""
    from annotator.formats.export import Exporter, ExportOptions
    from annotator.store.project import Project

    def work() -> dict[str, Any]:
        with Project.open(db) as project:
            report = Exporter(project, ExportOptions(format=fmt, status="any")).run(Path(out))
        return {"docs": report.documents, "lines": sum(report.lines.values()), "spans": report.spans}
    return measured(trace, work)


def floor_export(db: str, out: str) -> dict[str, Any]:
    """The same spans lines with plain sqlite3 and json."""
    con = sqlite3.connect(db)
    dumps, loads = json.dumps, json.loads
    schema = tomllib.loads(con.execute("SELECT value FROM settings WHERE key = 'schema'").fetchone()[0])
    multi = len(schema["layers"]) > 1  # the spans shape names the layer when it exports more than one
    docs = lines = nspans = last = 0
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        while batch := con.execute("SELECT id, external_id, text, meta FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                                   (last, BATCH)).fetchall():
            sets: dict[int, dict[str, list[dict[str, Any]]]] = {}
            texts = {d[0]: d[2] for d in batch}
            for doc_id, name, start, end, label, layer, attrs in con.execute(
                    'SELECT s.document_id, a.name, s.start, s."end", s.label, s.layer, s.attrs FROM spans s '
                    "JOIN annotators a ON a.id = s.annotator_id WHERE s.document_id BETWEEN ? AND ? "
                    'ORDER BY s.document_id, a.name, s.start, s."end", s.layer, s.label', (batch[0][0], batch[-1][0])):
                span: dict[str, Any] = {"start": start, "end": end, "label": label}
                if multi:
                    span["layer"] = layer
                if attrs != "{}":
                    span["attrs"] = dict(sorted(loads(attrs).items()))
                span["text"] = texts[doc_id][start:end]
                sets.setdefault(doc_id, {}).setdefault(name, []).append(span)
            for doc_id, ext, text, meta in batch:
                for name, spans in sets.get(doc_id, {}).items():
                    line = {"id": ext, "text": text, "meta": loads(meta), "annotator": name, "spans": spans}
                    fh.write(dumps(line, ensure_ascii=False) + "\n")
                    lines, nspans = lines + 1, nspans + len(spans)
            docs, last = docs + len(batch), batch[-1][0]
        fh.flush()
        os.fsync(fh.fileno())
    con.close()
    return {"docs": docs, "lines": lines, "spans": nspans}


def phase_floor(db: str, out: str, trace: bool) -> dict[str, Any]:
    """The floor, in a fresh process."""
    return measured(trace, lambda: floor_export(db, out))


def phase_profile(db: str, out: str, top: int) -> str:
    """cProfile of the spans export; the top functions by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.runcall(phase_export, db, "spans", out, False)
    text = io.StringIO()
    for key in ("tottime", "cumulative"):
        pstats.Stats(profiler, stream=text).strip_dirs().sort_stats(key).print_stats(top)
    return text.getvalue()


def build(work: Path, count: int, seed: int, per_doc: int) -> tuple[str, int]:
    """A project of ``count`` documents in ``work``; its path and the number of spans in it."""
    jsonl, db = work / f"docs-{count}.jsonl", work / f"project-{count}.db"
    t = time.perf_counter()
    spans = write_records(jsonl, count, seed, per_doc)
    gen_s = time.perf_counter() - t
    done = in_child(phase_build, str(jsonl), fresh(db))
    print(f"setup: {count} documents, {spans} spans: generated in {gen_s:.1f} s, imported in {done['seconds']:.1f} s "
          f"({done['imported']} imported, {done['rejected']} rejected) -> {db}", flush=True)
    jsonl.unlink()
    return str(db), spans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000, help="documents in the project (default 100000)")
    parser.add_argument("--spans-per-doc", type=int, default=10, help="entity spans per document (default 10)")
    parser.add_argument("--small", type=int, help="documents in the second project, for flat memory (default count/10)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep the files (default: a temp folder, removed)")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the spans export (also when below target)")
    args = parser.parse_args(argv)
    small = args.small or max(1, args.count // 10)
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    profile = ""

    def run(what: str, fn: Any, *fn_args: Any) -> dict[str, Any]:
        result: dict[str, Any] = in_child(fn, *fn_args)
        print(f"{what}: {result['docs']} documents in {result['seconds']:.1f} s", flush=True)
        return result

    try:
        db, nspans = build(work, args.count, args.seed, args.spans_per_doc)
        small_db, _ = build(work, small, args.seed, args.spans_per_doc)
        ours = run("export spans (ours)", phase_export, db, "spans", str(work / "ours-spans.jsonl"), False)
        native = run("export native (ours)", phase_export, db, "native", str(work / "ours-native.jsonl"), False)
        floor = run("floor (sqlite3 + json)", phase_floor, db, str(work / "floor-spans.jsonl"), False)
        ours_small = run("export spans (ours, small)", phase_export, small_db, "spans", str(work / "small.jsonl"), False)
        same = filecmp.cmp(work / "ours-spans.jsonl", work / "floor-spans.jsonl", shallow=False)
        sizes = {name: (work / f"{name}.jsonl").stat().st_size / 1e6 for name in ("ours-spans", "ours-native")}
        traced = [] if args.no_trace else [
            ("ours spans", run("traced export spans (ours)", phase_export, db, "spans", str(work / "t.jsonl"), True)),
            (f"ours spans, {small} docs", run("traced (small)", phase_export, small_db, "spans", str(work / "t.jsonl"), True)),
            ("floor", run("traced floor", phase_floor, db, str(work / "t.jsonl"), True))]
        rates = {k: r["docs"] / r["seconds"] for k, r in (("ours", ours), ("native", native), ("floor", floor))}
        ratio = rates["ours"] / rates["floor"]
        if args.profile or ratio < TARGET_RATIO:
            profile = in_child(phase_profile, db, str(work / "profiled.jsonl"), 25)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    def mem(r: dict[str, Any]) -> str:
        return f"{r['rss_start']:.0f} -> {r['rss']:.0f} MB"

    rows = [("project", f"{args.count} documents, {nspans} spans (annotator 'bench', seed {args.seed})", "")]
    rows += [(name, f"{r['seconds']:.1f} s, {rates[key]:,.0f} docs/s, {r['lines']} lines, {r['spans']} spans{size}",
              f"max RSS {mem(r)}")
             for name, key, r, size in (("ours: export spans", "ours", ours, f", {sizes['ours-spans']:.0f} MB"),
                                        ("ours: export native", "native", native, f", {sizes['ours-native']:.0f} MB"),
                                        ("floor: sqlite3 + json.dumps (spans)", "floor", floor, ""))]
    rows += [("ratio ours / floor (spans)", f"{ratio:.2f}", f">= {TARGET_RATIO}: {'MEETS' if ratio >= TARGET_RATIO else 'BELOW'}"),
             ("ratio native / floor (spans)", f"{rates['native'] / rates['floor']:.2f}", "(native lines hold more)"),
             ("floor output = ours (spans)", "byte for byte" if same else "DIFFERENT", "")]
    rows += [(f"{name}: tracemalloc peak", f"{r['trace']:.1f} MB", "(separate traced run)") for name, r in traced]
    rows += [(f"memory: spans export of {r['docs']} documents", f"max RSS {mem(r)}", note) for r, note in (
        (ours_small, ""), (ours, f"{ours['rss'] - ours_small['rss']:+.0f} MB for {ours['docs'] // ours_small['docs']}x the documents"))]
    width, vwidth = max(len(r[0]) for r in rows), max(len(r[1]) for r in rows)
    print("\n" + "=" * (width + vwidth + 30))
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:<{vwidth}}  {note}")
    print("=" * (width + vwidth + 30))
    print(f"floor includes: {FLOOR_INCLUDES}.\nfloor leaves out: SQLAlchemy, the DocumentExport/AnnotationSet/SpanView "
          "objects, doc labels and statuses, check_line, atomic_write's temporary file and rename.\neach phase ran in its "
          "own spawned interpreter; RSS 'start' is after its imports, before any work; timings include Project.open.")
    if profile:
        print("\n" + profile)
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
