"""The entity recommender: a CRF trained on the project's own spans, on the CPU, in seconds.

``train`` learns a linear-chain CRF (CRFsuite, L-BFGS with elastic-net regularisation) over the
tokens and features of ``annotator.core.ner_features``; word clusters learned from all the
project's text (``annotator.core.word_clusters``) carry what a few hundred labelled documents
teach to words they never contain. ``predict`` finds spans in a text, each with a confidence.

A model is bytes (``Model.to_bytes``; a database BLOB): CRFsuite's model file, the cluster table,
the feature groups and ``MODEL_VERSION``; ``Model.from_bytes`` refuses a model of another version,
which is then trained again.

The gazetteer feature is learned fairly: in training, a document sees the names of the *other*
documents' spans (five folds; of those, a random half) and the names given that no training span
holds, as a new document later sees the names of the documents the model was trained on. Were
every training entity "known", the model would learn to find only known names; were every name of
the other folds known, it would still lean on the gazetteer alone where names repeat (seen on a
corpus of a few recurring names: nothing found without the names).
"""

from __future__ import annotations

import json
import random
import struct
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pycrfsuite  # type: ignore[import-untyped]

from annotator.core.bio import Span, Token, spans_from_bio
from annotator.core.ner_features import FULL, Names, NameSource, features, labels, sequences
from annotator.core.word_clusters import EMPTY, WordClusters, learn_clusters, text_forms

# the version of the rule that turns text into tokens and features, and of the stored format:
# a stored model of another version is not loaded (train it again)
MODEL_VERSION = "crf-1"
_MAGIC = b"ANNOTATOR-CRF\n"
FOLDS = 5
NAME_SHARE = 0.5  # of the other folds' names, the share a training document sees
Progress = Callable[[int, int], None]  # (steps done, steps in all); may raise to cancel


class Labelled(NamedTuple):
    """A document's text and its entity spans (start, end, label; code points, end-exclusive)."""

    text: str
    spans: Sequence[Span]


class Suggestion(NamedTuple):
    """A span the model proposes, with its confidence in (0, 1] (see ``predict``)."""

    start: int
    end: int
    label: str
    score: float


@dataclass
class Model:
    """A trained recommender. ``info`` holds what training reports (documents, tokens, settings).
    It keeps one CRFsuite tagger once it has predicted: use a model from one thread at a time."""

    crf: bytes
    clusters: WordClusters
    feature_groups: frozenset[str]
    labels: tuple[str, ...]
    info: dict[str, Any] = field(default_factory=dict)
    version: str = MODEL_VERSION
    _tagger: Any = field(default=None, repr=False, compare=False)

    def tagger(self) -> Any:
        """CRFsuite's tagger over ``crf`` (which must stay alive as long as the tagger: it is kept here)."""
        if self._tagger is None:
            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self.crf)
            self._tagger = tagger
        return self._tagger

    def to_bytes(self) -> bytes:
        header = json.dumps({"version": self.version, "feature_groups": sorted(self.feature_groups), "labels": list(self.labels),
                             "info": self.info}, ensure_ascii=False).encode("utf-8")
        table = self.clusters.to_bytes()
        return _MAGIC + struct.pack(">II", len(header), len(table)) + header + table + self.crf

    @classmethod
    def from_bytes(cls, data: bytes) -> Model:
        if not data.startswith(_MAGIC):
            raise ValueError("not a recommender model")
        at = len(_MAGIC)
        n_header, n_table = struct.unpack(">II", data[at:at + 8])
        at += 8
        header = json.loads(data[at:at + n_header].decode("utf-8"))
        if header.get("version") != MODEL_VERSION:
            raise ValueError(f"a model of version {header.get('version')!r}; this program reads {MODEL_VERSION!r}")
        at += n_header
        clusters = WordClusters.from_bytes(data[at:at + n_table]) if n_table else EMPTY
        return cls(data[at + n_table:], clusters, frozenset(header["feature_groups"]), tuple(header["labels"]),
                   header.get("info", {}))


def _without_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Spans in text order, a span that overlaps one kept before it (the longer first) left out."""
    kept: list[Span] = []
    for s in sorted(spans, key=lambda x: (x[0], -x[1], x[2])):
        if s[1] > s[0] and (not kept or s[0] >= kept[-1][1]):
            kept.append(s)
    return kept


def _fold_names(documents: Sequence[Labelled], given: Names, seed: int) -> list[Names]:
    """The names each training document sees (see the module's docstring): of the other folds'
    span names, a random ``NAME_SHARE`` (seeded), so the gazetteer is never a sure sign."""
    own = [{tuple(text_forms(doc.text[s:e])): label for s, e, label in doc.spans} for doc in documents]
    in_training = set().union(*own) if own else set()
    outside = {forms: label for forms, label in given.gazetteer.items() if forms not in in_training}
    folds = []
    for k in range(min(FOLDS, len(documents))):
        others: dict[tuple[str, ...], str] = {}
        for i, spans in enumerate(own):
            if i % FOLDS != k:
                others.update(spans)
        rng = random.Random(seed * 1000 + k)
        names = Names()
        for forms, label in [*outside.items(), *(item for item in sorted(others.items()) if rng.random() < NAME_SHARE)]:
            names.add(" ".join(forms), label)
        folds.append(names)
    return [folds[i % FOLDS] for i in range(len(documents))]


def train(documents: Sequence[Labelled], names: NameSource | Names = (), unlabelled: Iterable[str] = (), *,
          clusters: WordClusters | None = None, feature_groups: frozenset[str] = FULL, c1: float = 0.05,
          c2: float = 0.01, max_iterations: int = 100, progress: Progress | None = None,
          seed: int = 0) -> Model:
    """A model trained on ``documents`` (texts and their entity spans: every entity of a document
    must be marked, as in a document marked done; overlapping spans keep the longer).

    ``names`` are the names the project knows besides (gazetteers; a mapping gives each its
    label); ``unlabelled`` is all the project's text, from which word clusters are learned with
    the documents' own texts (give ``clusters`` to reuse ones learned before). ``feature_groups``:
    which of ``ner_features.FEATURE_GROUPS`` describe a token (``PLAIN`` is the baseline). ``c1`` and ``c2``
    are CRFsuite's L1 and L2 penalties. ``progress(done, total)`` is called after the clusters
    and after each training iteration (training may converge before ``total``); an exception it
    raises (a cancel) stops training at once and comes out of ``train``.
    """
    total = max_iterations + 1
    if clusters is None:
        clusters = learn_clusters([*unlabelled, *(d.text for d in documents)], seed=seed) \
            if feature_groups & {"cluster", "clitic"} else EMPTY
    if progress:
        progress(1, total)
    given = Names.of(names)
    trainer = _Trainer(progress, total)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations,
                        "feature.possible_transitions": True})
    seen: set[str] = set()
    tokens = 0
    for doc, doc_names in zip(documents, _fold_names(documents, given, seed)):
        spans = _without_overlaps(doc.spans)
        seen.update(s[2] for s in spans)
        for line in sequences(doc.text, spans, doc_names):
            trainer.append(features(doc.text, line, feature_groups, clusters, doc_names), labels(line, spans))
            tokens += len(line)
    with tempfile.TemporaryDirectory(prefix="annotator-crf-") as folder:
        path = Path(folder) / "model.crfsuite"
        if tokens:
            trainer.train(str(path))
            crf = path.read_bytes()
        else:
            crf = b""
    info = {"documents": len(documents), "tokens": tokens,
            "c1": c1, "c2": c2, "max_iterations": max_iterations, "vocabulary": len(clusters.table)}
    return Model(crf, clusters, frozenset(feature_groups), tuple(sorted(seen)), info)


class _Trainer(pycrfsuite.Trainer):  # type: ignore[misc]
    """CRFsuite's trainer, silent, reporting each iteration to ``progress``."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        super().__init__(verbose=True)  # verbose: the log parser calls on_iteration
        self._progress = progress
        self._total = total

    def on_iteration(self, log: str, info: dict[str, Any]) -> None:
        if self._progress:
            self._progress(min(1 + int(info["num"]), self._total), self._total)

    def on_start(self, log: str) -> None: ...
    def on_featgen_progress(self, log: str, percent: float) -> None: ...
    def on_featgen_end(self, log: str) -> None: ...
    def on_prepared(self, log: str) -> None: ...
    def on_prepare_error(self, log: str) -> None: ...
    def on_optimization_end(self, log: str) -> None: ...
    def on_end(self, log: str) -> None: ...


def _span_score(tagger: Any, tags: Sequence[str], first: int, last: int) -> float:
    """The span's confidence: the least of the marginal probabilities that its first token is B-,
    each later token I- of its label, and the token after it not I- of that label. Each is the
    probability of an event the span's being exactly right implies, so the least of them bounds
    that probability from above; unlike a product it does not fall with the span's length."""
    label = tags[first][2:]
    known = set(tagger.labels())
    probs = [float(tagger.marginal(tags[first], first))]  # B- (I- only where the tagging starts a span with it)
    probs += [float(tagger.marginal("I-" + label, t)) if "I-" + label in known else 0.0
              for t in range(first + 1, last + 1)]
    if last + 1 < len(tags) and "I-" + label in known:
        probs.append(1.0 - float(tagger.marginal("I-" + label, last + 1)))
    return min(1.0, max(1e-6, min(probs)))


def predict(model: Model, text: str, names: NameSource | Names = ()) -> list[Suggestion]:
    """The spans the model finds in ``text`` (the most probable tagging), in text order.

    Offsets are code points into ``text``; every span is whole tokens, so it starts and ends on
    grapheme-cluster boundaries and never holds a proclitic split off before it ("والولايات
    المتحدة" gives "الولايات المتحدة"). ``names``: the project's names (give a prepared
    ``Names`` when predicting many documents). The score is explained at ``_span_score``.
    """
    if not model.crf:
        return []
    known = Names.of(names)
    tagger = model.tagger()
    found: list[Suggestion] = []
    for line in sequences(text, (), known):
        tagger.set(features(text, line, model.feature_groups, model.clusters, known))
        tags = tagger.tag()
        found += _suggestions(tagger, line, tags)
    return found


def _suggestions(tagger: Any, line: Sequence[Token], tags: Sequence[str]) -> list[Suggestion]:
    starts = {tok[0]: k for k, tok in enumerate(line)}
    ends = {tok[1]: k for k, tok in enumerate(line)}
    return [Suggestion(s, e, label, _span_score(tagger, tags, starts[s], ends[e]))
            for s, e, label in spans_from_bio(line, tags)]


def uncertainty(model: Model, text: str, names: NameSource | Names = ()) -> float:
    """How unsure the model is about a text, from 0 (sure of every token) to nearly 1: the mean over its
    tokens of 1 − the marginal probability of the token's most probable tag (least confidence, averaged
    so that a long document is not more uncertain for its length). 0 for a model with nothing learnt."""
    if not model.crf:
        return 0.0
    known = Names.of(names)
    tagger = model.tagger()
    labels = tagger.labels()
    total, tokens = 0.0, 0
    for line in sequences(text, (), known):
        tagger.set(features(text, line, model.feature_groups, model.clusters, known))
        for t in range(len(line)):
            total += 1.0 - max(float(tagger.marginal(label, t)) for label in labels)
        tokens += len(line)
    return total / tokens if tokens else 0.0
