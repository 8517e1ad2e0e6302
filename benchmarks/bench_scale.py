"""Time what a person waits for on a project of a million documents: open, the list, counts, stats, review queue.

The project (``benchmarks/out/scale-COUNT.db``, git-ignored) is built once and reused: documents drawn
from ``generate.py``'s corpus, inserted with plain ``sqlite3`` ``executemany`` (not the per-document
import), three annotators who finished the same few thousand documents with spans, stance labels and
some disagreement, a lead, and a queue assigned to the first annotator. The build runs in a child
process so that its memory is not counted in the peak RSS of the measuring process.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import generate  # noqa: E402

TARGET_S = 1.0
TARGET_RSS_MB = 400
ANNOTATORS = ("ann1", "ann2", "ann3")
LEAD = "lead"
POOL = 4000  # distinct generated texts; documents cycle through them under their own ids
CHUNK = 20_000
TARGETS = ("United States", "Russia", "South Korea")
STANCES = ("FAVOR", "AGAINST", "NEUTRAL", "UNRELATED")


def build(path: Path, count: int, done: int, assigned: int, seed: int = 0) -> None:
    """Make the project with the app (schema, migrations), then fill its tables with ``executemany``."""
    from annotator.store.project import Project

    started = time.perf_counter()
    partial = path.with_name(path.name + ".building")
    for leftover in (partial, Path(str(partial) + "-wal"), Path(str(partial) + "-shm")):
        leftover.unlink(missing_ok=True)
    Project.create(partial).close()
    rng = random.Random(seed)
    pool = []
    for record in generate(POOL, seed, spans=True):
        text = record["text"]
        pool.append((text, hashlib.sha256(text.encode("utf-8")).hexdigest(), record["meta"]["lang"],
                     json.dumps(record["meta"]), record.get("spans", [])))
    now = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")
    db = sqlite3.connect(partial, isolation_level=None)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -200000")
    db.execute("BEGIN")
    for first in range(0, count, CHUNK):
        rows = []
        for i in range(first, min(count, first + CHUNK)):
            text, sha, lang, meta, _ = pool[i % POOL]
            rows.append((i + 1, f"scale-{i:07d}", text, sha, len(text), lang, "bench", meta, now))
        db.executemany("INSERT INTO documents (id, external_id, text, sha256, length, language, source, meta, created)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        print(f"\r  documents: {first + len(rows):,} / {count:,} ({time.perf_counter() - started:.0f} s)",
              end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    people = [(n, "annotator") for n in ANNOTATORS] + [(LEAD, "lead")]
    db.executemany("INSERT INTO annotators (name, role, created) VALUES (?, ?, ?)", [(n, r, now) for n, r in people])
    ids = dict(db.execute("SELECT name, id FROM annotators"))
    finished = sorted(rng.sample(range(1, count + 1), min(done, count)))
    spans, labels, statuses = [], [], []
    for doc in finished:
        found = pool[(doc - 1) % POOL][4]
        for name in ANNOTATORS:
            who = ids[name]
            for sp in found:
                if rng.random() < 0.08:  # this annotator missed it
                    continue
                label = sp["label"] if rng.random() > 0.04 else rng.choice(("PER", "ORG", "GPE", "LOC"))
                spans.append((doc, who, "entities", label, sp["start"], sp["end"], "{}", now, now))
            for target in TARGETS:
                agreed = STANCES[(doc + len(target)) % 4]
                labels.append((doc, who, "stance", target, agreed if rng.random() > 0.15 else rng.choice(STANCES), now))
            statuses.append((doc, who, "done", rng.uniform(30, 600), now))
    others = [d for d in rng.sample(range(1, count + 1), min(3 * done, count)) if d not in set(finished)]
    for k, doc in enumerate(others):  # some documents begun or skipped by one annotator
        statuses.append((doc, ids[ANNOTATORS[k % 3]], "in_progress" if k % 4 else "skipped", 42.0, now))
    db.executemany('INSERT INTO spans (document_id, annotator_id, layer, label, start, "end", attrs, created, updated)'
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", spans)
    db.executemany("INSERT INTO doc_labels (document_id, annotator_id, task, target, label, updated)"
                   " VALUES (?, ?, ?, ?, ?, ?)", labels)
    db.executemany("INSERT INTO doc_status (document_id, annotator_id, status, seconds, updated) VALUES (?, ?, ?, ?, ?)",
                   statuses)
    queue = range(1, count + 1, max(1, count // assigned)) if assigned else range(0)
    db.executemany("INSERT INTO assignments (document_id, annotator_id, created) VALUES (?, ?, ?)",
                   [(d, ids[ANNOTATORS[0]], now) for d in queue][:assigned])
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    partial.rename(path)
    print(f"  built {path} ({path.stat().st_size / 1e9:.2f} GB): {count:,} documents, {len(finished):,} done by "
          f"each of {len(ANNOTATORS)} annotators, {len(spans):,} spans, {len(labels):,} stance labels, "
          f"{min(assigned, len(queue)):,} assigned to {ANNOTATORS[0]} in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)


def median_of(action: Callable[[], object], repeat: int) -> tuple[float, float, list[float], object]:
    """Median wall time, median CPU time of this process (what other work on a shared machine does not
    inflate), the wall times, and the last result."""
    runs, cpu, result = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = action()
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(runs), statistics.median(cpu), runs, result


def measure(path: Path, repeat: int) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from annotator import cli
    from annotator.formats.agreement import rank_documents
    from annotator.gui.main_window import MainWindow
    from annotator.store.project import Project
    from annotator.store.values import DocFilter

    app = QApplication.instance() or QApplication([])
    load_before = os.getloadavg()[0]
    settings_dir = tempfile.mkdtemp(prefix="bench-scale-")
    me_name = ANNOTATORS[0]
    figures: list[tuple[str, float, float, list[float], str]] = []

    def row(name: str, action: Callable[[], object], note: Callable[[object], str] = lambda _: "") -> object:
        med, cpu, runs, result = median_of(action, repeat)
        figures.append((name, med, cpu, runs, note(result)))
        return result

    def start_window(name: str = me_name) -> str:
        project = Project.open(path)
        window = MainWindow(project, name, QSettings(str(Path(settings_dir) / "s.ini"), QSettings.Format.IniFormat))
        app.processEvents()
        shown = f"{window.doc_model.rowCount():,} rows; {window.progress.text()}"
        window.close()
        window.deleteLater()
        app.processEvents()
        project.close()
        return shown

    row("open: Project.open", lambda: Project.open(path).close())
    row("open: Project.open + main window start", start_window, lambda r: str(r))
    row("open + window start, no queue (list of everything)", lambda: start_window(ANNOTATORS[1]), lambda r: str(r))
    project = Project.open(path)
    me = project.annotator(me_name).id
    row("first page of the list (200 rows, my status)",
        lambda: project.documents(DocFilter(annotator=me), limit=200), lambda r: f"{len(r)} rows")  # type: ignore[arg-type]
    row("first page of my queue (200 rows)",
        lambda: project.documents(DocFilter(annotator=me, assigned=True), limit=200), lambda r: f"{len(r)} rows")  # type: ignore[arg-type]
    row("count: all documents", lambda: project.count_documents(), lambda r: f"{r:,}")
    row("count: my list (all documents, my status)", lambda: project.count_documents(DocFilter(annotator=me)),
        lambda r: f"{r:,}")
    row("count: my todo", lambda: project.count_documents(DocFilter(annotator=me, status="todo")), lambda r: f"{r:,}")
    row("count: my done", lambda: project.count_documents(DocFilter(annotator=me, status="done")), lambda r: f"{r:,}")
    row("count: my queue, todo",
        lambda: project.count_documents(DocFilter(annotator=me, status="todo", assigned=True)), lambda r: f"{r:,}")

    def stats_cli() -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = cli.main(["stats", "--db", str(path)])
        assert code == 0, out.getvalue()
        return out.getvalue()

    row("annotator stats (open, count, print)", stats_cli, lambda r: f"{len(str(r).splitlines())} lines")

    def review_queue() -> int:
        ranking = rank_documents(project, include_unfinished=False)
        done = project.adjudicated_documents()
        return len([r for r in ranking if r.id in done]) + len(ranking)

    row("review queue (rank_documents + adjudicated)", review_queue, lambda r: f"{r:,} documents ranked")
    project.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load average (1 min) at the start: {load_before:.1f}, at the end: {os.getloadavg()[0]:.1f}, "
          f"on {os.cpu_count()} cores (CPU time is what other work on the machine does not inflate)")
    print(f"{'operation':<52}{'median':>9}{'CPU':>9}  {'runs (s)':<36}{'target':<14}  what it gave")
    for name, med, cpu, runs, note in figures:
        verdict = "MEETS" if med <= TARGET_S else "MISSES"
        print(f"{name:<52}{med:>8.3f}s{cpu:>8.3f}s  {', '.join(f'{r:.3f}' for r in runs):<36}"
              f"{'<= 1 s ' + verdict:<14}  {note}")
    verdict = "MEETS" if peak_mb <= TARGET_RSS_MB else "MISSES"
    print(f"{'peak RSS of this process':<52}{peak_mb:>7.0f}MB  {'':<45}<= {TARGET_RSS_MB} MB {verdict}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="documents in the project")
    parser.add_argument("--done", type=int, default=3_000, help="documents finished by each of the three annotators")
    parser.add_argument("--assigned", type=int, default=100_000, help="documents in ann1's queue")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each operation (the median is shown)")
    parser.add_argument("--rebuild", action="store_true", help="build the project again even if it is cached")
    parser.add_argument("--build-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_only is not None:
        build(args.build_only, args.count, args.done, args.assigned)
        return 0
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = out / f"scale-{args.count}-{args.done}-{args.assigned}.db"
    if args.rebuild or not path.exists():
        if path.exists():
            path.unlink()
        subprocess.run([sys.executable, __file__, "--count", str(args.count), "--done", str(args.done),
                        "--assigned", str(args.assigned), "--build-only", str(path)], check=True)
    else:
        print(f"reusing {path} (--rebuild to build it again)", file=sys.stderr)
    with sqlite3.connect(path) as db:
        print(f"project: {path} ({path.stat().st_size / 1e9:.2f} GB), "
              f"{db.execute('SELECT max(id) FROM documents').fetchone()[0]:,} documents, "
              f"{db.execute('SELECT count(*) FROM spans').fetchone()[0]:,} spans; "
              f"{args.repeat} runs each, warm page cache")
    return measure(path, args.repeat)


if __name__ == "__main__":
    raise SystemExit(main())
