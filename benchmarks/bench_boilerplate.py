"""Benchmark `annotator suggest --boilerplate`: every line of every document classified, with its reason.

A project of synthetic news (benchmarks/generate.py: Arabic and English, with recurring chrome
lines such as "Most Read" and "اقرأ أيضا") is searched for boilerplate the way the command and
Ctrl+Alt+B do (two passes over the texts: line counts, then the classifier per document), then
the lines are stored as one annotator's suggestions. Prints documents per second.

With ``--older-languages`` the project is one an older version made: no ``meta.lang``, languages
guessed from the script, no language rule recorded; the search then detects every document's
language again (README, Boilerplate: "Projects from an older version").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from sqlalchemy import text  # noqa: E402

from annotator.core.language import guess_language  # noqa: E402
from annotator.core.records import parse_record  # noqa: E402
from annotator.formats.suggest import find_boilerplate, store_boilerplate  # noqa: E402
from annotator.store.project import Project  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument("--older-languages", action="store_true",
                        help="languages guessed from the script by an older version, detected again by the search")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, Project.create(Path(tmp) / "bench.db") as project:
        records = [parse_record(r, project.schema) for r in generate(args.count, seed=3)]
        if args.older_languages:
            records = [replace(r, meta={}, language=guess_language(r.text)) for r in records]
            with project.engine.begin() as conn:
                conn.execute(text("DELETE FROM settings WHERE key = 'language_rule'"))
        for i in range(0, len(records), 2000):
            project.add_records(records[i:i + 2000])
        me = project.annotator("bench")
        t0 = time.perf_counter()
        found = find_boilerplate(project, me.id)
        found_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        added = store_boilerplate(project, me.id, found)
        stored_s = time.perf_counter() - t0
        sources = Counter(f.source for f in found)
        print(f"{args.count:,} documents{' (older languages)' * args.older_languages}: "
              f"found {len(found):,} boilerplate lines in {found_s:.1f} s "
              f"({args.count / found_s:,.0f} documents/s; {', '.join(f'{k} {v:,}' for k, v in sources.items())}); "
              f"stored {added:,} suggestions in {stored_s:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
