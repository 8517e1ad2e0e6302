"""Agreement statistics against published worked examples and hand-computed edge cases."""

from __future__ import annotations

import random

import pytest

from annotator.core.agreement import (SpanComparison, character_units, cohen_kappa, confusion, fleiss_kappa,
                                      fleiss_kappa_codes, krippendorff_alpha, krippendorff_alpha_codes,
                                      observed_agreement, weighted_alpha)

# Fleiss (1971), as tabulated on Wikipedia's "Fleiss' kappa": 10 subjects, 14 raters, 5 categories.
FLEISS_1971 = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
               [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]

# Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011): 4 observers, 12 units, nominal.
KRIPPENDORFF_2011 = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
                     [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
                     [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
                     [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]


def test_fleiss_1971_table() -> None:
    counts = [{k: v for k, v in enumerate(row) if v} for row in FLEISS_1971]
    assert round(fleiss_kappa(counts), 3) == 0.210  # type: ignore[arg-type]
    codes = [[k for k, v in enumerate(row) for _ in range(v)] for row in FLEISS_1971]  # a rater per column
    assert round(fleiss_kappa_codes(codes), 3) == 0.210  # type: ignore[arg-type]
    assert fleiss_kappa_codes([[1, 1], [1, 1]]) is None and fleiss_kappa_codes([[1], [2]]) is None


def test_krippendorff_2011_worked_example_on_codes() -> None:
    codes = [[-1 if v is None else v for v in unit] for unit in zip(*KRIPPENDORFF_2011)]
    assert round(krippendorff_alpha_codes(codes), 3) == 0.743  # type: ignore[arg-type]
    assert krippendorff_alpha_codes([[1, 1], [1, -1]]) is None  # one value only
    assert krippendorff_alpha_codes([[1, -1], [2, -1]]) is None  # nothing pairable


def test_krippendorff_2011_worked_example() -> None:
    units = [list(unit) for unit in zip(*KRIPPENDORFF_2011)]
    assert round(krippendorff_alpha(units), 3) == 0.743  # type: ignore[arg-type]
    weighted = [([v for v in unit if v is not None], 1.0) for unit in units]
    assert round(weighted_alpha(weighted), 3) == 0.743  # type: ignore[arg-type]


def test_cohen_kappa_textbook_case() -> None:
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> po 0.7, pe 0.5, kappa 0.4
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert observed_agreement(pairs) == 0.7
    assert round(cohen_kappa(pairs), 3) == 0.4  # type: ignore[arg-type]
    assert confusion(pairs) == {"n": {"n": 15, "y": 10}, "y": {"n": 5, "y": 20}}


def test_weighted_alpha_equals_the_library_on_random_data() -> None:
    rng = random.Random(7)
    for _ in range(20):
        units = [[rng.choice("abc") if rng.random() > 0.2 else None for _ in range(3)] for _ in range(30)]
        expected = krippendorff_alpha(units)
        got = weighted_alpha([([v for v in u if v is not None], 1.0) for u in units])
        assert (expected is None and got is None) or round(expected, 9) == round(got, 9)  # type: ignore[arg-type]


@pytest.mark.parametrize("pairs, expected", [
    ([], None),                                   # no items in common: not defined
    ([("a", "a")] * 5, None),                     # one label everywhere: 0/0, reported as None
    ([("a", "b"), ("b", "a")], -1.0),             # always different
    ([("a", "a"), ("b", "b")], 1.0),
])
def test_cohen_edge_cases(pairs: list[tuple[str, str]], expected: float | None) -> None:
    assert cohen_kappa(pairs) == expected


def test_fleiss_and_alpha_edge_cases() -> None:
    assert fleiss_kappa([]) is None
    assert fleiss_kappa([{"a": 3}, {"a": 3}]) is None          # all identical, one label
    assert fleiss_kappa([{"a": 2}, {"a": 1, "b": 2}]) is None  # raters differ per item
    assert krippendorff_alpha([["a", None], [None, "b"]]) is None  # nothing pairable
    assert krippendorff_alpha([["a", "a"], ["a", "a"]]) is None    # one value only
    assert krippendorff_alpha([["a", "a"], ["b", "b"]]) == 1.0


def test_span_scores_exact_and_overlap() -> None:
    cmp = SpanComparison()
    a = [(0, 5, "PER"), (10, 20, "GPE"), (30, 35, "ORG")]
    b = [(0, 5, "PER"), (12, 20, "GPE"), (40, 45, "ORG")]
    cmp.add(a, b)
    report = cmp.report()
    assert report["exact"]["tp"] == 1 and report["exact"]["f1"] == pytest.approx(1 / 3)  # type: ignore[index]
    assert report["overlap"]["f1"] == pytest.approx(2 / 3)  # type: ignore[index]
    per_label = report["per_label"]
    assert per_label["GPE"]["exact"]["f1"] == 0.0 and per_label["GPE"]["overlap"]["f1"] == 1.0  # type: ignore[index]
    empty = SpanComparison()
    empty.add([], [])
    assert empty.report()["exact"]["f1"] is None  # type: ignore[index]


def test_character_alpha_behaves() -> None:
    spans = [(0, 5, "PER"), (10, 20, "GPE")]
    same = weighted_alpha(character_units(30, [spans, spans]))
    assert same == 1.0
    nothing = weighted_alpha(character_units(30, [spans, []]))
    assert nothing is not None and nothing <= 0
    partly = weighted_alpha(character_units(30, [spans, [(0, 5, "PER"), (12, 20, "GPE")]]))
    assert nothing < partly < 1  # type: ignore[operator]
