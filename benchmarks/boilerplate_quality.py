"""Precision and recall of the boilerplate suggestions on the seed articles, by line and by character, against jusText alone."""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import justext  # type: ignore[import-untyped]
from justext.core import classify_paragraphs, revise_paragraph_classification  # type: ignore[import-untyped]
from justext.paragraph import Paragraph  # type: ignore[import-untyped]

from annotator.core.boilerplate import Cues, classify, line_spans
from annotator.core.language import guess_language

ROOT = Path(__file__).resolve().parents[1]
Span = tuple[int, int]


class _Path:
    dom = "body.p"
    xpath = "/body/p"


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


SYSTEMS: dict[str, Callable[[str, str], list[Span]]] = {
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of seed .txt files")
    parser.add_argument("--truth", type=Path, default=ROOT / "tests" / "data" / "boilerplate_seeds.toml",
                        help="TOML: file name = [1-based boilerplate line numbers]")
    args = parser.parse_args(argv)
    truth = tomllib.loads(args.truth.read_text(encoding="utf-8"))
    texts = {name: (args.seeds / name).read_text(encoding="utf-8") for name in sorted(truth)}
    print(f"seeds: {args.seeds}  truth: {args.truth}")
    print(f"{'':<34} {'line P':>6} {'line R':>6}   {'char P':>6} {'char R':>6}   {'lines: P':>7} {'R':>7}")
    for system, run in SYSTEMS.items():
        total = [0] * 6
        per_seed = []
        for name, text in texts.items():
            c = counts(run(text, guess_language(text)), truth_spans(text, truth[name]))
            total = [a + b for a, b in zip(total, c)]
            per_seed.append(row(f"  {name}", c))
        print(row(f"{system} (all seeds)", total))
        print("\n".join(per_seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
