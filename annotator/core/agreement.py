"""Agreement statistics: Cohen's and Fleiss' kappa, Krippendorff's alpha, span P/R/F1, character alpha.

Every function returns a number or None; None means "not defined for these data" (for instance
kappa when both annotators used one and the same label everywhere is 0/0), never NaN.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

Label = Hashable
Span = tuple[int, int, str]  # start, end, label


def observed_agreement(pairs: Sequence[tuple[Label, Label]]) -> float | None:
    return sum(a == b for a, b in pairs) / len(pairs) if pairs else None


def cohen_kappa(pairs: Sequence[tuple[Label, Label]]) -> float | None:
    """Cohen's kappa over items both annotators labelled; None when chance agreement is 1 (0/0)."""
    if not pairs:
        return None
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(left[k] * right[k] for k in left) / (n * n)
    if pe == 1:
        return None
    return (po - pe) / (1 - pe)


def confusion(pairs: Sequence[tuple[Label, Label]]) -> dict[str, dict[str, int]]:
    """Rows: the first annotator's label; columns: the second's."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a, b in pairs:
        table[str(a)][str(b)] += 1
    return {row: dict(cols) for row, cols in sorted(table.items())}


def fleiss_kappa(counts: Sequence[Mapping[Label, int]]) -> float | None:
    """Fleiss' kappa; ``counts`` has one mapping per item (label -> how many raters chose it), and
    every item must have the same number of raters (at least two). None when undefined."""
    if not counts:
        return None
    raters = sum(counts[0].values())
    if raters < 2 or any(sum(c.values()) != raters for c in counts):
        return None
    n = len(counts)
    totals: Counter[Label] = Counter()
    for item in counts:
        totals.update(item)
    p_j = [v / (n * raters) for v in totals.values()]
    p_i = [(sum(v * v for v in item.values()) - raters) / (raters * (raters - 1)) for item in counts]
    p_bar = sum(p_i) / n
    pe = sum(p * p for p in p_j)
    if pe == 1:
        return None
    return (p_bar - pe) / (1 - pe)


def fleiss_kappa_codes(values: Any) -> float | None:
    """Fleiss' kappa on a matrix of integer label codes (a row per item, a column per rater, all given)."""
    import numpy as np

    data = np.asarray(values)
    if data.ndim != 2 or not data.size or data.shape[1] < 2:
        return None
    n, raters = data.shape
    codes, inverse = np.unique(data, return_inverse=True)
    counts = np.zeros((n, len(codes)), dtype=np.int64)
    np.add.at(counts, (np.repeat(np.arange(n), raters), inverse.reshape(-1)), 1)
    p_j = counts.sum(axis=0) / (n * raters)
    p_bar = float(((counts * counts).sum(axis=1) - raters).sum() / (raters * (raters - 1)) / n)
    pe = float((p_j * p_j).sum())
    if pe == 1:
        return None
    return (p_bar - pe) / (1 - pe)


def krippendorff_alpha(units: Sequence[Sequence[Label | None]]) -> float | None:
    """Nominal Krippendorff's alpha with missing values (None), by the ``krippendorff`` package.
    ``units[i][c]`` is coder c's value for unit i. None when fewer than two values are pairable or
    only one value occurs."""
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    values = sorted({v for unit in pairable for v in unit if v is not None}, key=str)
    if len(values) < 2 or not pairable:
        return None
    import krippendorff  # with numpy: loaded when alpha is computed, not by every command that imports this
    import numpy as np

    index = {v: i for i, v in enumerate(values)}
    data = np.array([[np.nan if v is None else index[v] for v in unit] for unit in pairable], dtype=float).T
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def krippendorff_alpha_codes(values: Any) -> float | None:
    """Nominal Krippendorff's alpha, by the ``krippendorff`` package, on a matrix of integer codes:
    a row per unit, a column per coder, -1 for a missing value. The same as ``krippendorff_alpha``."""
    import numpy as np

    data = np.asarray(values)
    if data.ndim != 2 or not data.size:
        return None
    pairable = data[(data >= 0).sum(axis=1) >= 2]
    if len(np.unique(pairable[pairable >= 0])) < 2:
        return None
    import krippendorff

    return float(krippendorff.alpha(reliability_data=np.where(pairable >= 0, pairable, np.nan).T.astype(float),
                                    level_of_measurement="nominal"))


def weighted_alpha(units: Iterable[tuple[Sequence[Label], float]]) -> float | None:
    """Nominal alpha over units that each stand ``weight`` times (for runs of identical characters):
    the coincidence-matrix computation of Krippendorff (2011), weights multiplying each unit."""
    return alpha_from_coincidences(coincidences(units))


def coincidences(units: Iterable[tuple[Sequence[Label], float]]) -> dict[tuple[Label, Label], float]:
    """Krippendorff's coincidence matrix of weighted units: every ordered pair of values within a
    unit of m values adds weight / (m - 1). Units with fewer than two values add nothing."""
    merged: dict[tuple[Label, ...], float] = defaultdict(float)
    for values, weight in units:  # equal value lists add up first: most character runs agree
        merged[tuple(values)] += weight
    matrix: dict[tuple[Label, Label], float] = defaultdict(float)
    for values, weight in merged.items():
        m = len(values)
        if m < 2:
            continue
        for a, b in combinations(values, 2):
            matrix[(a, b)] += weight / (m - 1)
            matrix[(b, a)] += weight / (m - 1)
    return matrix


def alpha_from_coincidences(matrix: Mapping[tuple[Label, Label], float]) -> float | None:
    """Nominal alpha from a coincidence matrix (ordered pairs; it must be symmetric)."""
    marginals: dict[Label, float] = defaultdict(float)
    for (a, _), w in matrix.items():
        marginals[a] += w
    total = sum(marginals.values())
    if total <= 1 or sum(1 for w in marginals.values() if w > 0) < 2:
        return None
    disagree_observed = sum(w for (a, b), w in matrix.items() if a != b)
    disagree_expected = sum(marginals[a] * marginals[b] for a in marginals for b in marginals if a != b) / (total - 1)
    if disagree_expected == 0:
        return None
    return 1 - disagree_observed / disagree_expected


def weighted_cohen(units: Iterable[tuple[Sequence[Label], float]]) -> float | None:
    """Cohen's kappa over two annotators' values on weighted units (character runs)."""
    matrix: dict[tuple[Label, Label], float] = defaultdict(float)
    for values, weight in units:
        a, b = values
        matrix[(a, b)] += weight
    return cohen_from_confusion(matrix)


def cohen_from_confusion(matrix: Mapping[tuple[Label, Label], float]) -> float | None:
    """Cohen's kappa from (first annotator's value, second's) -> weight; None when undefined."""
    total = sum(matrix.values())
    if not total:
        return None
    agree = sum(w for (a, b), w in matrix.items() if a == b)
    left: dict[Label, float] = defaultdict(float)
    right: dict[Label, float] = defaultdict(float)
    for (a, b), w in matrix.items():
        left[a] += w
        right[b] += w
    pe = sum(left[k] * right.get(k, 0.0) for k in left) / (total * total)
    if pe == 1:
        return None
    return (agree / total - pe) / (1 - pe)


def character_units(length: int, annotations: Sequence[Sequence[Span]]) -> list[tuple[tuple[str, ...], float]]:
    """Each annotator's label at every character (``"∅"`` outside spans), as runs of equal tuples.
    Overlapping spans of one annotator: the label of the shortest span wins at a character."""
    if not any(annotations):
        return [(("∅",) * len(annotations), float(length))] if length else []
    points = sorted({0, length, *(p for spans in annotations for s, e, _ in spans for p in (s, e))})
    where = {p: i for i, p in enumerate(points)}
    columns = []
    for spans in annotations:  # paint each annotator's labels over the segments, longest first
        column = ["∅"] * (len(points) - 1)
        for s, e, label in sorted(spans, key=lambda sp: (sp[0] - sp[1], sp[2], sp[0])):  # ties: by label
            for k in range(where[s], where[e]):
                column[k] = label
        columns.append(column)
    widths = [float(b - a) for a, b in zip(points, points[1:])]
    return list(zip(zip(*columns), widths))


class _Tally:
    """Integer counters that add up field by field."""

    def add(self, other: _Tally) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


@dataclass
class Counts(_Tally):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float | None]:
        """Precision, recall, F1 of B against A; None where the denominator is 0."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else None
        return {"precision": p, "recall": r, "f1": f, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class OverlapCounts(_Tally):
    """Overlap match: A's spans that some B span of the label overlaps, and the other way round."""

    matched_a: int = 0
    unmatched_a: int = 0
    matched_b: int = 0
    unmatched_b: int = 0

    def scores(self) -> dict[str, float | int | None]:
        """Precision: B's spans overlapping one of A's; recall: A's spans overlapped by B's."""
        nb, na = self.matched_b + self.unmatched_b, self.matched_a + self.unmatched_a
        p = self.matched_b / nb if nb else None
        r = self.matched_a / na if na else None
        if p is None or r is None:
            f = None if not (na or nb) else 0.0
        else:
            f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, **self.__dict__}


@dataclass
class SpanComparison:
    """Spans of annotator B scored against annotator A, per label, accumulated over documents."""

    exact: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    overlap: dict[str, OverlapCounts] = field(default_factory=lambda: defaultdict(OverlapCounts))

    def add(self, a: Sequence[Span], b: Sequence[Span]) -> None:
        if not a and not b:
            return
        by_label_a: dict[str, set[Span]] = defaultdict(set)
        by_label_b: dict[str, set[Span]] = defaultdict(set)
        for s in a:
            by_label_a[s[2]].add(s)
        for s in b:
            by_label_b[s[2]].add(s)
        for label in by_label_a.keys() | by_label_b.keys():
            la, lb = by_label_a[label], by_label_b[label]
            tp = len(la & lb)
            exact = self.exact[label]
            exact.tp += tp
            exact.fp += len(lb) - tp
            exact.fn += len(la) - tp
            hit_a = hit_b = 0
            for s in la:
                for o in lb:
                    if o[0] < s[1] and s[0] < o[1]:
                        hit_a += 1
                        break
            for s in lb:
                for o in la:
                    if o[0] < s[1] and s[0] < o[1]:
                        hit_b += 1
                        break
            over = self.overlap[label]
            over.matched_a += hit_a
            over.unmatched_a += len(la) - hit_a
            over.matched_b += hit_b
            over.unmatched_b += len(lb) - hit_b

    def report(self) -> dict[str, object]:
        micro_exact, micro_overlap = Counts(), OverlapCounts()
        per_label: dict[str, object] = {}
        for label in sorted(set(self.exact) | set(self.overlap)):
            micro_exact.add(self.exact[label])
            micro_overlap.add(self.overlap[label])
            per_label[label] = {"exact": self.exact[label].scores(), "overlap": self.overlap[label].scores()}
        return {"per_label": per_label, "exact": micro_exact.scores(), "overlap": micro_overlap.scores()}


def pairs_of(names: Sequence[str]) -> list[tuple[str, str]]:
    return list(combinations(sorted(names), 2))


@dataclass(frozen=True)
class Disagreement:
    """How much the annotators of one document disagree: ``disputed`` of its ``distinct`` annotations.

    The one definition behind the review queue's score, the review panel's heading and the ranking
    of `annotator agreement`:

    - an *annotation* is a span (layer, label, start, end, stance target) or a document label
      (task, target, label) that one or more of the compared annotators made; identical ones by
      several annotators are one distinct annotation, and an annotator's duplicates count once;
    - the *compared annotators* of a document are those who marked it done (with "include
      unfinished work": also those with a span or label on it); gold never counts;
    - a distinct annotation is *disputed* unless every compared annotator made it, and there are
      two or more of them (one annotator agrees with nobody). Two annotators giving a document
      different stances are two disputed annotations, one giving it and the other not, one;
    - the score is disputed / distinct (0 when nobody annotated anything).
    """

    disputed: int
    distinct: int

    @property
    def score(self) -> float:
        return self.disputed / self.distinct if self.distinct else 0.0

    def __str__(self) -> str:
        return f"{self.disputed} of {self.distinct} disputed ({format_score(self.score)})"


def format_score(score: float) -> str:
    """A disagreement score as every view shows it."""
    return f"{score:.2f}"


def is_disputed(made_by: Iterable[str], compared: Iterable[str]) -> bool:
    """Whether an annotation that ``made_by`` made is disputed among the ``compared`` annotators."""
    everyone = set(compared)
    return len(everyone) < 2 or not everyone <= set(made_by)


def document_disagreement(made_by: Iterable[Iterable[str]], compared: Iterable[str]) -> Disagreement:
    """The ``Disagreement`` of a document from who made each of its distinct annotations."""
    everyone = set(compared)
    flags = [is_disputed(who, everyone) for who in made_by]
    return Disagreement(sum(flags), len(flags))
