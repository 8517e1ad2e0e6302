"""How good the recommender is: held-out documents, exact-span precision, recall and F1, learning curves.

Every evaluation trains on some documents and scores the spans predicted in the others against
their spans. Near-duplicates (the same story from two outlets) would let the model be tested on
text it was trained on, so documents come in story groups (``groups``: one id per document, as
``annotator.formats.splits`` makes them) and a group is held out whole.

A predicted span counts only when its start, end and label are all a gold span's (exact match);
``overall`` sums the counts of every label (micro average). ``after_proclitic`` scores the spans
that start inside a written word, right after a proclitic letter ("الولايات المتحدة" in
"والولايات المتحدة"), which a word-level tagger cannot find.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.bio import Span
from annotator.core.errors import AnnotatorError
from annotator.core.ner_features import FULL, Names, NameSource
from annotator.core.recommender import Labelled, Model, predict, train
from annotator.core.units import PROCLITICS
from annotator.core.word_clusters import WordClusters, learn_clusters


@dataclass(frozen=True)
class Scores:
    """Counts of exact matches (``tp``), spurious (``fp``) and missed (``fn``) spans."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Scores) -> Scores:
        return Scores(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def figures(self) -> dict[str, float | int]:
        """What a stored report holds: precision, recall and F1 (rounded), gold and predicted counts."""
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "gold": self.tp + self.fn, "predicted": self.tp + self.fp}


@dataclass(frozen=True)
class Evaluation:
    """Scores on the held-out documents, with which documents were used and how long it took."""

    per_label: dict[str, Scores]
    overall: Scores
    after_proclitic: Scores
    train_documents: tuple[int, ...]
    test_documents: tuple[int, ...]
    train_seconds: float = 0.0
    predict_seconds: float = 0.0  # per held-out document, on average
    model: Model | None = field(default=None, repr=False, compare=False)

    def table(self) -> list[dict[str, Any]]:
        """One row per label and one for all (``label`` "ALL"): what a report shows."""
        rows = sorted(self.per_label.items()) + [("ALL", self.overall)]
        return [{"label": name, "precision": s.precision, "recall": s.recall, "f1": s.f1,
                 "gold": s.tp + s.fn, "predicted": s.tp + s.fp} for name, s in rows]


def starts_after_proclitic(text: str, start: int) -> bool:
    """True when ``start`` follows a proclitic letter that begins a written word ("و" of "والولايات")."""
    return start >= 1 and text[start - 1] in PROCLITICS and (start < 2 or not text[start - 2].isalnum())


def score(texts: Sequence[str], gold: Sequence[Iterable[Span]],
          predicted: Sequence[Iterable[Span]]) -> tuple[dict[str, Scores], Scores, Scores]:
    """Exact-span scores per label, over all labels, and over the spans that start after a proclitic."""
    per_label: dict[str, Scores] = {}
    clitic = Scores()
    for text, g, p in zip(texts, gold, predicted):
        gs, ps = {(s[0], s[1], s[2]) for s in g}, {(s[0], s[1], s[2]) for s in p}
        for label in {s[2] for s in gs | ps}:
            gl, pl = {s for s in gs if s[2] == label}, {s for s in ps if s[2] == label}
            per_label[label] = per_label.get(label, Scores()) + Scores(len(gl & pl), len(pl - gl), len(gl - pl))
        gc = {s for s in gs if starts_after_proclitic(text, s[0])}
        pc = {s for s in ps if starts_after_proclitic(text, s[0])}
        clitic = clitic + Scores(len(gc & pc), len(pc - gc), len(gc - pc))
    overall = sum(per_label.values(), Scores())
    return per_label, overall, clitic


def held_out(n: int, groups: Sequence[int] | None = None, share: float = 0.2,
             seed: int = 0) -> tuple[list[int], list[int]]:
    """Document indices for training and for testing: whole story groups, in a seeded random order,
    go to the test side until it holds ``share`` of the documents (at least one), while at least one
    document is left to train on. A group that would take the test side past twice its share is
    passed over (one very large group would otherwise leave too little to train on); when every
    group is that large, the smallest one is the test side."""
    groups = list(range(n)) if groups is None else list(groups)
    if len(groups) != n:
        raise ValueError(f"{len(groups)} group ids for {n} documents")
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    if len(members) < 2:
        raise AnnotatorError(f"cannot hold out documents: the {n} documents make {len(members)} story group(s), "
                             "and a group is never divided")
    order = sorted(members)
    random.Random(seed).shuffle(order)
    target = max(1, math.ceil(share * n - 1e-9))
    test: list[int] = []
    for g in order:  # a group that would take the test side past twice its share waits
        if len(test) >= target:
            break
        if len(test) + len(members[g]) <= 2 * target and len(test) + len(members[g]) < n:
            test += members[g]
    if not test:  # every group is that large: the smallest one that leaves something to train on
        test = min((members[g] for g in order if len(members[g]) < n), key=len)
    chosen = set(test)
    return [i for i in range(n) if i not in chosen], sorted(test)


def _names_for_test(given: Names, documents: Sequence[Labelled], train_idx: Iterable[int]) -> Names:
    """The names a project would know when the model meets new documents: the given ones and the
    spans of the training documents, with their labels."""
    names = Names()
    for forms, label in given.gazetteer.items():
        names.add(" ".join(forms), label)
    for i in train_idx:
        for s, e, label in documents[i].spans:
            names.add(documents[i].text[s:e], label)
    return names


def evaluate_split(documents: Sequence[Labelled], train_idx: Sequence[int], test_idx: Sequence[int], *,
                   names: NameSource | Names = (), clusters: WordClusters | None = None,
                   unlabelled: Iterable[str] = (), **options: Any) -> Evaluation:
    """Train on ``train_idx``, score on ``test_idx``; ``options`` go to ``train``."""
    given = Names.of(names)
    started = time.perf_counter()
    model = train([documents[i] for i in train_idx], given, unlabelled, clusters=clusters, **options)
    trained = time.perf_counter() - started
    known = _names_for_test(given, documents, train_idx)
    started = time.perf_counter()
    predicted = [[(s.start, s.end, s.label) for s in predict(model, documents[i].text, known)] for i in test_idx]
    predicting = (time.perf_counter() - started) / max(1, len(test_idx))
    per_label, overall, clitic = score([documents[i].text for i in test_idx],
                                       [documents[i].spans for i in test_idx], predicted)
    return Evaluation(per_label, overall, clitic, tuple(train_idx), tuple(test_idx), trained, predicting, model)


def evaluate(documents: Sequence[Labelled], *, groups: Sequence[int] | None = None, share: float = 0.2,
             seed: int = 0, names: NameSource | Names = (), unlabelled: Iterable[str] = (),
             **options: Any) -> Evaluation:
    """Hold out ``share`` of the documents (whole story groups, see ``held_out``), train on the
    rest and score the held-out ones. ``names`` and ``unlabelled`` are as for ``train`` (the
    held-out documents' spans are never among the names); ``options`` go to ``train``."""
    train_idx, test_idx = held_out(len(documents), groups, share, seed)
    return evaluate_split(documents, train_idx, test_idx, names=names, unlabelled=unlabelled, seed=seed, **options)


def learning_curve(documents: Sequence[Labelled], sizes: Sequence[int] = (25, 50, 100, 200), *,
                   groups: Sequence[int] | None = None, share: float = 0.2, seed: int = 0,
                   names: NameSource | Names = (), unlabelled: Iterable[str] = (),
                   **options: Any) -> list[tuple[int, Evaluation]]:
    """F1 against the number of training documents: one held-out set (as ``evaluate``), and for
    each size the first that many of the remaining documents (in a seeded random order); sizes
    beyond what is left are dropped. Word clusters are learned once, from all the texts."""
    train_idx, test_idx = held_out(len(documents), groups, share, seed)
    random.Random(seed).shuffle(train_idx)
    unlabelled = list(unlabelled)
    clusters = options.pop("clusters", None)
    if clusters is None and options.get("feature_groups", FULL) & {"cluster", "clitic"}:
        clusters = learn_clusters([*unlabelled, *(d.text for d in documents)], seed=seed)
    curve = []
    for size in sizes:
        if size > len(train_idx):
            continue
        curve.append((size, evaluate_split(documents, train_idx[:size], test_idx, names=names, clusters=clusters,
                                           seed=seed, **options)))
    return curve
