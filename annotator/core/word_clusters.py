"""Word clusters learned without labels from all of a project's text: the recommender's recall.

A few hundred labelled documents name only a fraction of the names and contexts a project holds;
the unlabelled text holds the rest. Words that occur in the same contexts ("قال" and "أكد", "روسيا"
and "الصين", "وزير" and "رئيس") get the same cluster id, so what the model learned about one
carries to the others, including words no labelled document contains.

How (all numpy, seeded, a few seconds for 2 MB of text):

1. The text's units (``annotator.core.units``: a proclitic before ال is a word of its own) in
   their loosest matching form (``annotator.core.matching``), digits written as 0.
2. Counts of each of the ``vocabulary`` most frequent words (at least ``min_count`` times) beside
   each of the ``contexts`` most frequent ones, left and right apart, within two words (the
   nearer word counts 1, the further 0.5): directional contexts separate names from verbs better
   than a bag of neighbours.
3. Positive pointwise mutual information (context counts smoothed to the power 0.75), reduced to
   ``dims`` dimensions by a randomized truncated SVD (Halko et al.), rows scaled to unit length.
4. k-means (k-means++ start, cosine) into each of ``sizes`` numbers of clusters: a fine and a
   coarse partition, as Brown clusters' bit-string prefixes give several granularities.

A word outside the vocabulary has no cluster (the model then relies on its spelling).
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from annotator.core.matching import LOOSEST, normalize
from annotator.core.units import units

CLUSTER_RULE_VERSION = 1  # bump when the same text gives different clusters
_DIGIT = re.compile(r"\d")
Matrix = npt.NDArray[np.float32]


def word_form(word: str) -> str:
    """A word's form for the model: its loosest matching form, each digit written as 0."""
    return _DIGIT.sub("0", normalize(word, LOOSEST).text)


def text_forms(text: str) -> list[str]:
    """The forms of a text's units, in order (one pass of normalisation over the whole text)."""
    plain = _DIGIT.sub("0", normalize(text, LOOSEST).text)
    return [plain[a:b] for a, b in units(plain)]


@dataclass(frozen=True)
class WordClusters:
    """Cluster ids of the vocabulary's words, one table per partition (finest first)."""

    sizes: tuple[int, ...]
    table: dict[str, tuple[int, ...]]

    def of(self, form: str) -> tuple[int, ...] | None:
        """The word's cluster in each partition, or None when it is not in the vocabulary."""
        return self.table.get(form)

    def to_bytes(self) -> bytes:
        words = sorted(self.table)
        body = {"version": CLUSTER_RULE_VERSION, "sizes": list(self.sizes), "words": words,
                "ids": [list(self.table[w]) for w in words]}
        return zlib.compress(json.dumps(body, ensure_ascii=False).encode("utf-8"), 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> WordClusters:
        body = json.loads(zlib.decompress(data).decode("utf-8"))
        if body.get("version") != CLUSTER_RULE_VERSION:
            raise ValueError(f"word clusters of rule version {body.get('version')}, not {CLUSTER_RULE_VERSION}")
        return cls(tuple(body["sizes"]), {w: tuple(ids) for w, ids in zip(body["words"], body["ids"])})


EMPTY = WordClusters((), {})


def learn_clusters(texts: Iterable[str], *, vocabulary: int = 10000, contexts: int = 1500,
                   min_count: int = 3, dims: int = 64, sizes: Sequence[int] = (300, 60),
                   seed: int = 0) -> WordClusters:
    """Word clusters of ``texts`` (see the module's docstring). Deterministic for a given seed."""
    counts: Counter[str] = Counter()
    docs = [text_forms(t) for t in texts]
    for forms in docs:
        counts.update(forms)
    ranked = [w for w, c in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0])) if c >= min_count]
    words = ranked[:vocabulary]
    if len(words) < 2 * max(sizes, default=1):
        sizes = tuple(s for s in sizes if 2 * s <= len(words))
        if not sizes:
            return EMPTY
    n_ctx = min(contexts, len(words))
    index = {w: i for i, w in enumerate(words)}
    vectors = _reduce(_cooccurrences(docs, index, len(words), n_ctx), dims, seed)
    partitions = [_kmeans(vectors, k, seed + i) for i, k in enumerate(sizes)]
    table = {w: tuple(int(p[i]) for p in partitions) for i, w in enumerate(words)}
    return WordClusters(tuple(sizes), table)


def _cooccurrences(docs: list[list[str]], index: dict[str, int], n_words: int, n_ctx: int) -> Matrix:
    """PPMI of each target word (row) with each context word on its left, then on its right
    (columns); the nearer word counts 1, the one beyond 0.5. Counted on the cells that occur only."""
    flat = np.fromiter((index.get(w, -1) for forms in docs for w in forms + [""]), dtype=np.int64)
    # "" separates documents: -1, never a word, so no window crosses two texts
    cells, weights = [], []
    for distance, weight in ((1, 1.0), (2, 0.5)):
        left, right = flat[:-distance], flat[distance:]
        for target, context, side in ((right, left, 0), (left, right, n_ctx)):  # context on the left, then right
            keep = (target >= 0) & (context >= 0) & (context < n_ctx)
            cells.append(target[keep] * (2 * n_ctx) + side + context[keep])
            weights.append(np.full(int(keep.sum()), weight))
    unique, inverse = np.unique(np.concatenate(cells), return_inverse=True)
    count = np.bincount(inverse, weights=np.concatenate(weights)).astype(np.float64)
    return _ppmi(unique // (2 * n_ctx), unique % (2 * n_ctx), count, (n_words, 2 * n_ctx))


def _ppmi(rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], count: npt.NDArray[np.float64],
          shape: tuple[int, int]) -> Matrix:
    """Positive PMI with the context distribution smoothed (power 0.75), as in Levy et al. 2015."""
    total = float(count.sum()) or 1.0
    p_row = np.bincount(rows, weights=count, minlength=shape[0]) / total
    p_col = np.bincount(cols, weights=count, minlength=shape[1]) ** 0.75
    p_col /= float(p_col.sum()) or 1.0
    pmi = np.log(count / total) - np.log(p_row[rows]) - np.log(p_col[cols])
    dense = np.zeros(shape, dtype=np.float32)
    dense[rows, cols] = np.maximum(pmi, 0.0)
    return dense


def _reduce(matrix: Matrix, dims: int, seed: int) -> Matrix:
    """Rows of ``matrix`` in ``dims`` dimensions (randomized SVD, two power iterations), unit length."""
    rng = np.random.default_rng(seed)
    k = min(dims, min(matrix.shape) - 1)
    probe = rng.standard_normal((matrix.shape[1], k + 10)).astype(np.float32)
    basis, _ = np.linalg.qr(matrix @ probe)
    for _ in range(2):
        basis, _ = np.linalg.qr(matrix.T @ basis)
        basis, _ = np.linalg.qr(matrix @ basis)
    small = basis.T @ matrix
    u, s, _ = np.linalg.svd(small, full_matrices=False)
    vectors = (basis @ u[:, :k]) * np.sqrt(s[:k])
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Matrix = np.asarray(vectors / np.where(norms > 0, norms, 1.0), dtype=np.float32)
    return unit


def _kmeans(vectors: Matrix, k: int, seed: int, iterations: int = 25) -> npt.NDArray[np.int64]:
    """Cluster ids of unit-length ``vectors``: k-means++ start, Lloyd steps on cosine similarity."""
    rng = np.random.default_rng(seed)
    n = vectors.shape[0]
    centres = np.empty((k, vectors.shape[1]), dtype=np.float32)
    centres[0] = vectors[rng.integers(n)]
    distance = np.maximum(2.0 - 2.0 * (vectors @ centres[0]), 0.0)
    for j in range(1, k):
        weights = distance.astype(np.float64)
        total = weights.sum()
        pick = rng.choice(n, p=weights / total) if total > 0 else rng.integers(n)
        centres[j] = vectors[pick]
        distance = np.minimum(distance, np.maximum(2.0 - 2.0 * (vectors @ centres[j]), 0.0))
    assigned = np.zeros(n, dtype=np.int64)
    for step in range(iterations):
        new = np.argmax(vectors @ centres.T, axis=1)
        if step and np.array_equal(new, assigned):
            break
        assigned = new
        sums = np.zeros_like(centres)
        np.add.at(sums, assigned, vectors)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        centres = np.where(empty[:, None], centres, sums / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    return assigned
