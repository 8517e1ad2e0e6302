"""Quality of the boilerplate suggestions on real web pages, by language, beside jusText alone; or, with
``--seeds``, on the five seed articles against their hand-made ground truth.

    .venv/bin/python benchmarks/boilerplate_quality.py [--corpus FILE] [--by lang|source] [--json]
    .venv/bin/python benchmarks/boilerplate_quality.py --seeds

The pages (benchmarks/boilerplate_corpus.py, built on first use) are rendered to lines with all their
chrome, each line labelled article or boilerplate or left unscored. Each system suggests lines as
boilerplate; a line kept is one not suggested. Per group and overall, over the scored lines:
article precision (kept lines that are article), recall (article lines kept) and F1; boilerplate
precision and recall; the share of article characters removed and of boilerplate characters removed; and
the mean of the pages' own article F1 (so that one long page, such as an RFC of 800 wrapped lines in a
``<pre>``, does not speak for a whole language).

Systems: keep everything; ``classify`` (core.boilerplate, each page alone, with the page's language);
``find_boilerplate`` (formats.suggest: every page in one temporary project, so lines recurring in 3
pages or more count too); jusText alone on the same lines (its stoplist for the page's language, or its
language-independent mode where it has none); jusText on the page's HTML (its own paragraphs; a line
counts as kept when the next of its good paragraphs holds it). Nothing is random and nothing is tuned here.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import justext  # type: ignore[import-untyped]
from justext.core import classify_paragraphs, revise_paragraph_classification  # type: ignore[import-untyped]
from justext.paragraph import Paragraph  # type: ignore[import-untyped]

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]  # this checkout's
from boilerplate_corpus import CACHE, build, load  # noqa: E402
from boilerplate_labels import ARTICLE, BOILERPLATE, JUSTEXT_NAMES, norm  # noqa: E402

from annotator.core.boilerplate import Cues, analyse, classify, line_spans  # noqa: E402
from annotator.core.language import guess_language  # noqa: E402
from annotator.core.records import parse_record  # noqa: E402
from annotator.formats.suggest import find_boilerplate  # noqa: E402
from annotator.store.project import Project  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
Span = tuple[int, int]
Doc = dict[str, Any]  # a corpus record: id, lang, lines, labels (and html for jusText's own reading)


class _Path:
    dom = "body.p"
    xpath = "/body/p"


# -- the systems on the pages: each gives, per document id, the indices of the lines it suggests -----

def keep_everything(docs: list[Doc]) -> dict[str, set[int]]:
    return {d["id"]: set() for d in docs}


def classify_each(docs: list[Doc]) -> dict[str, set[int]]:
    """core.boilerplate on each page alone, with the page's language (as a project whose import gave meta.lang)."""
    found = {}
    for d in docs:
        seen = analyse("\n".join(d["lines"]), d["lang"])
        assert len(seen.spans) == len(d["lines"]), d["id"]
        found[d["id"]] = {i for i, reason in enumerate(seen.reasons) if reason}
    return found


def find_in_project(docs: list[Doc]) -> dict[str, set[int]]:
    """formats.suggest.find_boilerplate over one temporary project holding every page: what
    `annotator suggest --boilerplate` prints (marked lines aside: nobody has marked any)."""
    found: dict[str, set[int]] = {d["id"]: set() for d in docs}
    starts = {d["id"]: _line_starts(d["lines"]) for d in docs}
    with tempfile.TemporaryDirectory() as tmp, Project.create(Path(tmp) / "pages.db") as project:
        records = [{"id": d["id"], "text": "\n".join(d["lines"]), "meta": {"lang": d["lang"], "url": d["url"]}}
                   for d in docs]
        project.add_records([parse_record(r, project.schema) for r in records])
        for hit in find_boilerplate(project):
            found[hit.external_id].add(starts[hit.external_id][hit.start])
    return found


def _line_starts(lines: list[str]) -> dict[int, int]:
    at, starts = 0, {}
    for i, line in enumerate(lines):
        starts[at] = i
        at += len(line) + 1
    return starts


def _stoplist(lang: str) -> frozenset[str] | None:
    """jusText's stoplist for a language code; None where it has none."""
    name = JUSTEXT_NAMES.get(lang.partition("-")[0])
    return frozenset(justext.get_stoplist(name)) if name else None


def _language_options(lang: str) -> tuple[frozenset[str], dict[str, float]]:
    """The stoplist and thresholds: jusText's own, or its language-independent mode (README: an empty
    stoplist with both stopword thresholds at 0) for a language it has no stoplist for."""
    stoplist = _stoplist(lang)
    return (stoplist, {}) if stoplist is not None else (frozenset(), {"stopwords_low": 0, "stopwords_high": 0})


def justext_lines(docs: list[Doc]) -> dict[str, set[int]]:
    """Plain jusText, each line a paragraph: its class "bad"."""
    found = {}
    for d in docs:
        stoplist, options = _language_options(d["lang"])
        paragraphs = []
        for line in d["lines"]:
            p = Paragraph(_Path())
            p.append_text(line)
            paragraphs.append(p)
        classify_paragraphs(paragraphs, stoplist, **options)
        revise_paragraph_classification(paragraphs)
        found[d["id"]] = {i for i, p in enumerate(paragraphs) if p.class_type == "bad"}
    return found


def justext_html(docs: list[Doc]) -> dict[str, set[int]]:
    """jusText on the page itself. Its paragraphs are its own; the lines are matched to them in order (a
    line belongs to the next paragraph, from the last one matched, whose text holds it). A line kept is one
    in a good paragraph; one in a bad paragraph, or in none (jusText dropped it), is suggested."""
    found = {}
    for d in docs:
        stoplist, options = _language_options(d["lang"])
        paragraphs = [(norm(p.text), p.class_type == "good")
                      for p in justext.justext(d["html"], stoplist, **options)]
        removed, at = set(), 0
        for i, line in enumerate(map(norm, d["lines"])):
            j = next((j for j in range(at, len(paragraphs)) if line in paragraphs[j][0]), None)
            if j is None or not paragraphs[j][1]:
                removed.add(i)
            if j is not None:
                at = j
        found[d["id"]] = removed
    return found


PAGE_SYSTEMS: dict[str, Callable[[list[Doc]], dict[str, set[int]]]] = {
    "keep everything": keep_everything,
    "classify (each page alone)": classify_each,
    "find_boilerplate (one project)": find_in_project,
    "jusText alone, on the lines": justext_lines,
    "jusText alone, on the HTML": justext_html,
}


# -- scoring ------------------------------------------------------------------------------------

@dataclass
class Tally:
    """Counts over the scored lines of some documents, for one system."""

    pages: int = 0
    article: int = 0              # article lines
    boilerplate: int = 0          # boilerplate lines
    kept_article: int = 0
    kept_boilerplate: int = 0
    article_chars: int = 0
    boilerplate_chars: int = 0
    removed_article_chars: int = 0
    removed_boilerplate_chars: int = 0
    page_f1_sum: float = 0.0      # article F1 of each page with article and boilerplate lines, summed
    page_f1_pages: int = 0        # how many such pages

    def add(self, other: Tally) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def tally(lines: list[str], labels: list[str | None], suggested: set[int]) -> Tally:
    """One document's counts: a line is kept when it is not suggested; unscored lines do not count."""
    t = Tally(pages=1)
    for i, (line, label) in enumerate(zip(lines, labels)):
        kept = i not in suggested
        if label == ARTICLE:
            t.article += 1
            t.kept_article += kept
            t.article_chars += len(line)
            t.removed_article_chars += 0 if kept else len(line)
        elif label == BOILERPLATE:
            t.boilerplate += 1
            t.kept_boilerplate += kept
            t.boilerplate_chars += len(line)
            t.removed_boilerplate_chars += 0 if kept else len(line)
    if t.article and t.boilerplate:
        t.page_f1_sum, t.page_f1_pages = metrics(t)["article_f1"] or 0.0, 1
    return t


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def metrics(t: Tally) -> dict[str, float | None]:
    """Article P/R/F (of the lines kept), boilerplate P/R (of the lines suggested), shares of characters removed,
    and the mean of each page's article F1 (pages with lines of both classes: a long page weighs as a short one)."""
    p = _ratio(t.kept_article, t.kept_article + t.kept_boilerplate)
    r = _ratio(t.kept_article, t.article)
    removed_article = t.article - t.kept_article
    removed_boilerplate = t.boilerplate - t.kept_boilerplate
    return {"article_precision": p, "article_recall": r,
            "article_f1": 2 * p * r / (p + r) if p is not None and r is not None and p + r else None,
            "boilerplate_precision": _ratio(removed_boilerplate, removed_boilerplate + removed_article),
            "boilerplate_recall": _ratio(removed_boilerplate, t.boilerplate),
            "article_chars_removed": _ratio(t.removed_article_chars, t.article_chars),
            "boilerplate_chars_removed": _ratio(t.removed_boilerplate_chars, t.boilerplate_chars),
            "page_mean_article_f1": t.page_f1_sum / t.page_f1_pages if t.page_f1_pages else None}


def score(docs: list[Doc], systems: dict[str, Callable[[list[Doc]], dict[str, set[int]]]],
          by: str = "lang") -> dict[str, dict[str, Tally]]:
    """Tallies by group (a document field, such as its language) and system, with "all" for every document."""
    out: dict[str, dict[str, Tally]] = {}
    for system, run in systems.items():
        suggested = run(docs)
        for d in docs:
            one = tally(d["lines"], d["labels"], suggested[d["id"]])
            for group in (str(d[by]), "all"):
                out.setdefault(group, {}).setdefault(system, Tally()).add(one)
    return out


def _order(groups: dict[str, Any]) -> list[str]:
    """Groups by size, largest first, "all" last."""
    return sorted((g for g in groups if g != "all"), key=lambda g: (-next(iter(groups[g].values())).pages, g)) + ["all"]


def report(results: dict[str, dict[str, Tally]], by: str) -> str:
    cols = ("article_precision", "article_recall", "article_f1", "boilerplate_precision", "boilerplate_recall",
            "article_chars_removed", "boilerplate_chars_removed", "page_mean_article_f1")
    head = f"{'':<32}  art P  art R  art F   bp P   bp R  art chars removed  bp chars removed  page art F"
    out = []
    for group in _order(results):
        t = next(iter(results[group].values()))
        out += ["", f"{by} {group}: {t.pages} pages, {t.article} article lines, {t.boilerplate} boilerplate lines "
                    f"(scored)", head]
        for system, s in results[group].items():
            m = metrics(s)
            cells = [("   n/a" if m[c] is None else f"{m[c]:6.3f}") for c in cols]
            out.append(f"{system:<32} {' '.join(cells[:5])}  {cells[5]:>17}  {cells[6]:>16}  {cells[7]:>10}")
    return "\n".join(out)


def as_json(results: dict[str, dict[str, Tally]], by: str, corpus: Path) -> dict[str, Any]:
    return {"corpus": str(corpus), "by": by,
            "groups": {g: {s: {**asdict(t), **metrics(t)} for s, t in results[g].items()} for g in _order(results)}}


# -- the seeds (--seeds): lines and characters against tests/data/boilerplate_seeds.toml ----------

def justext_alone(text: str, lang: str) -> list[Span]:
    """The lines plain jusText puts in its "bad" class: its own stoplists, its own word counting, no cues."""
    names = {"ar": ["Arabic"], "en": ["English"]}.get(lang, ["Arabic", "English"])
    stoplist = frozenset().union(*(justext.get_stoplist(n) for n in names))
    spans = line_spans(text)
    paragraphs = []
    for s, e in spans:
        p = Paragraph(_Path())
        p.append_text(text[s:e])
        paragraphs.append(p)
    classify_paragraphs(paragraphs, stoplist)
    revise_paragraph_classification(paragraphs)
    return [span for span, p in zip(spans, paragraphs) if p.class_type == "bad"]


def ours(text: str, lang: str) -> list[Span]:
    return [(h.start, h.end) for h in classify(text, lang)]


def ours_without_cues(text: str, lang: str) -> list[Span]:
    """jusText with folded words and proclitics, repeats, the title rule; no chrome phrases, no section ends."""
    return [(h.start, h.end) for h in classify(text, lang, Cues((), (), ()))]


SEED_SYSTEMS: dict[str, Callable[[str, str], list[Span]]] = {
    "classify": ours,
    "classify, no cues": ours_without_cues,
    "jusText alone": justext_alone,
}


def truth_spans(text: str, numbers: list[int]) -> list[Span]:
    wanted = set(numbers)
    return [(s, e) for s, e in line_spans(text) if text.count("\n", 0, s) + 1 in wanted]


def counts(found: list[Span], truth: list[Span]) -> list[int]:
    """True positives, found and truth: in lines, then in characters."""
    hit = set(found) & set(truth)
    return [len(hit), len(found), len(truth), *(sum(e - s for s, e in spans) for spans in (hit, found, truth))]


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:6.3f}" if whole else "   n/a"


def row(label: str, c: list[int]) -> str:
    tp, found, truth, ctp, cfound, ctruth = c
    return (f"{label:<34} {ratio(tp, found)} {ratio(tp, truth)}   {ratio(ctp, cfound)} {ratio(ctp, ctruth)}"
            f"   {tp:>3}/{found:<3} {tp:>3}/{truth:<3}")


def seeds_main(seeds: Path, truth_file: Path) -> int:
    truth = tomllib.loads(truth_file.read_text(encoding="utf-8"))
    texts = {name: (seeds / name).read_text(encoding="utf-8") for name in sorted(truth)}
    print(f"seeds: {seeds}  truth: {truth_file}")
    print(f"{'':<34} {'line P':>6} {'line R':>6}   {'char P':>6} {'char R':>6}   {'lines: P':>7} {'R':>7}")
    for system, run in SEED_SYSTEMS.items():
        total = [0] * 6
        per_seed = []
        for name, text in texts.items():
            c = counts(run(text, guess_language(text)), truth_spans(text, truth[name]))
            total = [a + b for a, b in zip(total, c)]
            per_seed.append(row(f"  {name}", c))
        print(row(f"{system} (all seeds)", total))
        print("\n".join(per_seed))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CACHE / "corpus.jsonl",
                        help="the pages (default: benchmarks/out/boilerplate/corpus.jsonl, built when missing)")
    parser.add_argument("--by", choices=("lang", "source", "site"), default="lang",
                        help="group pages by (default lang)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--seeds", action="store_true", help="score the seed articles instead of the pages")
    parser.add_argument("--seed-folder", type=Path, default=ROOT / "seeds", help="with --seeds: the .txt files")
    parser.add_argument("--truth", type=Path, default=ROOT / "tests" / "data" / "boilerplate_seeds.toml",
                        help="with --seeds: TOML of file name = [1-based boilerplate line numbers]")
    args = parser.parse_args(argv)
    if args.seeds:
        return seeds_main(args.seed_folder, args.truth)
    if not args.corpus.exists():
        build(args.corpus.parent)
    docs = load(args.corpus)
    results = score(docs, PAGE_SYSTEMS, args.by)
    if args.json:
        print(json.dumps(as_json(results, args.by, args.corpus), indent=1))
    else:
        print(f"corpus: {args.corpus} ({len(docs)} pages; benchmarks/data/boilerplate/README.md says where from)")
        print(report(results, args.by))
    return 0


if __name__ == "__main__":
    sys.exit(main())
