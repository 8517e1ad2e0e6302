"""Benchmark language detection on import: `annotator import` of documents without `meta.lang`, each detected
(``core.language.detect_language``) against the same import with the script count an older version used
(``guess_language``), side by side; and detection alone, per document, with the model's first load apart.

The documents are benchmarks/generate.py's synthetic news (Arabic and English, 1-4 KB) with their
`meta.lang` taken out, so that every one is detected; each import runs into a new project.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

import annotator.core.records as records  # noqa: E402
from annotator.core import language  # noqa: E402
from annotator.formats.importer import Importer  # noqa: E402
from annotator.store.project import Project  # noqa: E402


def _import(jsonl: Path, db: Path, guess: bool) -> float:
    """Seconds to import ``jsonl`` into a new project at ``db``, detecting languages or (``guess``) counting scripts."""
    records.detect_language = language.guess_language if guess else language.detect_language  # type: ignore[assignment]
    try:
        with Project.create(db) as project:
            t0 = time.perf_counter()
            report = Importer(project).run([jsonl])
            seconds = time.perf_counter() - t0
        assert report.imported and not report.rejected, report.summary()
        return seconds
    finally:
        records.detect_language = language.detect_language  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="documents (default 5000)")
    parser.add_argument("--runs", type=int, default=3, help="imports of each kind, alternating (default 3)")
    parser.add_argument("--sample", type=int, default=language.SAMPLE,
                        help=f"characters detection reads (default {language.SAMPLE})")
    args = parser.parse_args(argv)
    language.SAMPLE = args.sample
    docs = []
    for record in generate(args.count, seed=5):
        record.pop("meta", None)
        docs.append(record)
    t0 = time.perf_counter()
    language.detect_language("Die Bundesregierung hat am Mittwoch neue Maßnahmen beschlossen, sagte ein Sprecher.")
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = Counter(language.detect_language(d["text"]) for d in docs)
    detect = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        language.guess_language(d["text"])
    guess = time.perf_counter() - t0
    chars = statistics.mean(min(len(d["text"]), language.SAMPLE) for d in docs)
    print(f"detection: model loaded in {load:.2f} s; {args.count:,} documents in {detect:.2f} s "
          f"({1000 * detect / args.count:.3f} ms each, {args.count / detect:,.0f}/s; sample {chars:,.0f} characters "
          f"on average; {dict(found)}); the older script count: {1000 * guess / args.count:.3f} ms each")
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "docs.jsonl"
        jsonl.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
        times: dict[bool, list[float]] = {False: [], True: []}
        for run in range(args.runs):
            for guess_only in (True, False):
                times[guess_only].append(_import(jsonl, Path(tmp) / f"p{run}{guess_only}.db", guess_only))
    for guess_only, name in ((True, "script count (before)"), (False, "detect_language (after)")):
        best = min(times[guess_only])
        print(f"import, {name}: {args.count:,} documents in {best:.2f} s ({args.count / best:,.0f} documents/s; "
              f"runs {', '.join(f'{t:.2f}' for t in times[guess_only])} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
