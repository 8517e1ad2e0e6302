"""Benchmark project-wide propagation: one tagged name suggested across 100,000 documents.

Builds a project of synthetic news (benchmarks/generate.py) in which one name (a UN envoy's)
occurs in 1% of the documents, sometimes after a proclitic or with tashkeel; builds the word
index; tags the name once and propagates it to every document, as Ctrl+Alt+P does. For scale it
also times a very common name (in about a third of the documents) and a scan of every text
in Python without the index. Prints the figures; the target is under 1 s for the rare name.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from annotator.core.matching import Matcher  # noqa: E402
from annotator.core.records import parse_record  # noqa: E402
from annotator.formats.suggest import propagate  # noqa: E402
from annotator.store.project import Project  # noqa: E402
from annotator.store.values import SpanView  # noqa: E402

TARGET_SECONDS = 1.0
NAME = "ميخائيل أوليانوف"
SPELLINGS = ("ميخائيل أوليانوف", "وميخائيل أوليانوف", "لميخائيل أوليانوف", "ميخائيلُ أوليانوف", "ميخائيل اوليانوف")
COMMON = "كيم جونغ أون"


def build(db: Path, count: int) -> None:
    with Project.create(db) as project:
        batch = []
        for i, record in enumerate(generate(count, seed=7)):
            if i % 100 == 0 and record["meta"]["lang"] == "ar" or i == 0:
                record["text"] += f"\n\nوقال المبعوث {SPELLINGS[i // 100 % len(SPELLINGS)]} إن المحادثات مستمرة."
                record["meta"]["lang"] = "ar"
            batch.append(parse_record(record, project.schema))
            if len(batch) == 2000:
                project.add_records(batch)
                batch = []
        if batch:
            project.add_records(batch)


def tag(project: Project, who: str, name: str) -> SpanView:
    matcher = Matcher(name)
    doc_id = project.candidate_documents(matcher.first_forms, matcher.other_terms)[0]
    start = matcher.find(project.document(doc_id).text)[0][0]
    return project.add_span(doc_id, project.annotator(who).id, "entities", "PER", start, start + len(name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="documents (default 100000)")
    parser.add_argument("--runs", type=int, default=3, help="timed propagations (default 3, best is reported)")
    parser.add_argument("--db", type=Path, help="reuse this project if it exists (else a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if not db.exists():
            t0 = time.perf_counter()
            build(db, args.count)
            print(f"project: {args.count:,} documents built in {time.perf_counter() - t0:.1f} s")
        with Project.open(db) as project:
            t0 = time.perf_counter()
            indexed = project.index_documents()
            print(f"word index: {indexed:,} documents added in {time.perf_counter() - t0:.1f} s "
                  f"(once; `annotator import` does it after importing)")
            times, outcome = [], None
            for run in range(args.runs):
                span = tag(project, f"rare{run}-{time.time_ns()}", NAME)
                t0 = time.perf_counter()
                outcome = propagate(project, span, everywhere=True)
                times.append(time.perf_counter() - t0)
            assert outcome is not None
            best = min(times)
            print(f"propagate “{NAME}” to every document: best {best * 1000:.0f} ms of {args.runs} "
                  f"(runs: {', '.join(f'{t * 1000:.0f}' for t in times)} ms); {outcome.added:,} suggestions in "
                  f"{outcome.documents:,} documents, {outcome.searched:,} texts read; target < {TARGET_SECONDS:.0f} s: "
                  f"{'met' if best < TARGET_SECONDS else 'NOT met'}")
            span = tag(project, f"common-{time.time_ns()}", COMMON)
            t0 = time.perf_counter()
            common = propagate(project, span, everywhere=True)
            print(f"propagate the common “{COMMON}”: {time.perf_counter() - t0:.2f} s; {common.added:,} suggestions in "
                  f"{common.documents:,} documents ({common.searched:,} texts read)")
            t0 = time.perf_counter()
            matcher, hits = Matcher(NAME), 0
            every = project.candidate_documents()
            for _doc, _ext, _lang, text in project.texts(every):
                hits += len(matcher.find(text))
            print(f"for comparison, a scan of all {len(every):,} texts in Python without the index: "
                  f"{time.perf_counter() - t0:.2f} s ({hits:,} occurrences)")
            print(f"median of the rare-name runs: {statistics.median(times) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
