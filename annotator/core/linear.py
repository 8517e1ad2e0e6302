"""A small multinomial logistic regression over hashed sparse features, in numpy alone.

Rows come in as feature-name → value mappings and classes as names, so any classifier of the app can
use it: the document-label (stance) model and the boilerplate line classifier (``core.line_model``).
Feature names are
hashed (CRC-32, salted by ``seed``) into ``2**bits`` buckets with a sign taken from the hash, so
colliding features cancel rather than add up on average (Weinberger et al. 2009); no vocabulary is
kept. Training minimises the summed cross-entropy plus ``l2 / 2`` times the squared weights (the
per-class biases are not penalised) by full-batch L-BFGS with a backtracking line search: the problem
is smooth and convex, so the result depends on the data alone, not on the order rows come in or on
any random start. Probabilities are the softmax of the scores divided by a ``temperature`` (1 unless
``calibrate`` fitted one on held-out rows: Guo et al. 2017's temperature scaling, which keeps each row's
most probable class and makes the probabilities match how often it is right).

Only the buckets that training saw get weights, and only those are stored (``to_bytes``): a bucket no
training row touched has weight 0 whatever ``l2`` is.

Why not scikit-learn: its ``HashingVectorizer`` and ``LogisticRegression`` do the same, but would add
scikit-learn and SciPy (about 100 MB installed) to a desktop program for one small convex problem;
numpy is already a dependency. The price is this module, whose optimiser is tested against
closed-form cases in ``tests/test_linear.py``.
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

LINEAR_VERSION = "linear-1"  # the hashing and the stored format; a model of another version is not read
_MAGIC = b"ANNOTATOR-LINEAR\n"
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Row = Mapping[str, float]


def hashed(names: Sequence[str], bits: int, seed: int) -> tuple[Ints, Floats]:
    """Each feature name's bucket (below ``2**bits``) and sign (+1 or -1)."""
    mask = (1 << bits) - 1
    codes = np.fromiter((zlib.crc32(n.encode("utf-8"), seed) for n in names), dtype=np.int64, count=len(names))
    signs = np.where((codes >> 31) & 1, -1.0, 1.0)
    return codes & mask, signs


@dataclass(frozen=True)
class _Sparse:
    """A sparse matrix as coordinate lists (duplicates add up): ``rows``, ``cols``, ``vals``. Weights and
    gradients are class-major (classes × features), so each product is one ``bincount`` per class over
    contiguous memory: quicker in numpy than any sort-and-reduce for a handful of classes."""

    rows: Ints
    cols: Ints
    vals: Floats
    shape: tuple[int, int]

    def dot(self, weights: Floats) -> Floats:
        """(self @ weights.T).T: each class's scores of every row (classes × rows)."""
        out = np.empty((weights.shape[0], self.shape[0]))
        for c, w in enumerate(weights):
            out[c] = np.bincount(self.rows, self.vals * w[self.cols], minlength=self.shape[0])
        return out

    def tdot(self, grad: Floats) -> Floats:
        """(self.T @ grad.T).T, for ``grad`` of classes × rows."""
        out = np.empty((grad.shape[0], self.shape[1]))
        for c, g in enumerate(grad):
            out[c] = np.bincount(self.cols, self.vals * g[self.rows], minlength=self.shape[1])
        return out


def _coordinates(rows: Sequence[Row], bits: int, seed: int) -> tuple[Ints, Ints, Floats]:
    """(row index, bucket, signed value) of every feature of every row."""
    names: list[str] = []
    values: list[float] = []
    counts: list[int] = []
    for row in rows:
        names.extend(row.keys())
        values.extend(row.values())
        counts.append(len(row))
    buckets, signs = hashed(names, bits, seed)
    index = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    return index, buckets, signs * np.asarray(values, dtype=np.float64)


def _softmax(scores: Floats) -> Floats:
    shifted = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    out: Floats = e / e.sum(axis=1, keepdims=True)
    return out


@dataclass
class LinearModel:
    """A trained classifier: the classes, the weights of the buckets training saw, and what training said
    (``info``: rows, features, iterations, the final loss)."""

    classes: tuple[str, ...]
    buckets: Ints   # sorted bucket numbers that have weights
    weights: Floats  # one row per class, one column per bucket (of ``buckets``)
    bias: Floats     # one per class
    bits: int = 18
    seed: int = 0
    l2: float = 1.0
    info: dict[str, Any] = field(default_factory=dict)
    temperature: float = 1.0

    def scores(self, rows: Sequence[Row]) -> Floats:
        """The raw class scores of each row (rows × classes)."""
        index, buckets, vals = _coordinates(rows, self.bits, self.seed)
        at = np.searchsorted(self.buckets, buckets)
        at = np.minimum(at, max(len(self.buckets) - 1, 0))
        known = (self.buckets[at] == buckets) if len(self.buckets) else np.zeros(len(buckets), dtype=bool)
        matrix = _Sparse(index[known], at[known], vals[known], (len(rows), len(self.buckets)))
        out: Floats = matrix.dot(self.weights).T + self.bias
        return out

    def predict_proba(self, rows: Sequence[Row]) -> Floats:
        """Each row's probability of each class (rows × classes, in the order of ``classes``)."""
        return _softmax(self.scores(rows) / self.temperature)

    def predict(self, rows: Sequence[Row]) -> list[tuple[str, float]]:
        """Each row's most probable class and its probability."""
        proba = self.predict_proba(rows)
        best = proba.argmax(axis=1)
        return [(self.classes[int(k)], float(proba[i, k])) for i, k in enumerate(best)]

    def to_bytes(self) -> bytes:
        header = json.dumps({"version": LINEAR_VERSION, "classes": list(self.classes), "bits": self.bits,
                             "seed": self.seed, "l2": self.l2, "buckets": len(self.buckets), "info": self.info,
                             "temperature": self.temperature},
                            ensure_ascii=False, sort_keys=True).encode("utf-8")
        return (_MAGIC + struct.pack(">I", len(header)) + header + self.buckets.astype("<i4").tobytes()
                + self.weights.astype("<f4").tobytes() + self.bias.astype("<f8").tobytes())

    @classmethod
    def from_bytes(cls, data: bytes) -> LinearModel:
        """The model ``to_bytes`` wrote; ValueError for anything else or another version's."""
        if not data.startswith(_MAGIC):
            raise ValueError("not a linear model")
        at = len(_MAGIC)
        (n_header,) = struct.unpack(">I", data[at:at + 4])
        at += 4
        header = json.loads(data[at:at + n_header].decode("utf-8"))
        if header.get("version") != LINEAR_VERSION:
            raise ValueError(f"a linear model of version {header.get('version')!r}; this program reads {LINEAR_VERSION!r}")
        at += n_header
        n, k = int(header["buckets"]), len(header["classes"])
        sizes = (4 * n, 4 * n * k, 8 * k)
        if len(data) != at + sum(sizes):
            raise ValueError("a linear model cut short or with bytes to spare")
        buckets = np.frombuffer(data, dtype="<i4", count=n, offset=at).astype(np.int64)
        weights = np.frombuffer(data, dtype="<f4", count=n * k, offset=at + sizes[0]).astype(np.float64).reshape(k, n)
        bias = np.frombuffer(data, dtype="<f8", count=k, offset=at + sizes[0] + sizes[1]).astype(np.float64)
        return cls(tuple(header["classes"]), buckets, weights, bias, int(header["bits"]), int(header["seed"]),
                   float(header["l2"]), dict(header.get("info", {})), float(header["temperature"]))


Progress = Callable[[int, int], None]  # (iterations done, at most); may raise to cancel


def calibrate(model: LinearModel, rows: Sequence[Row], labels: Sequence[str], *, lowest: float = 1 / 3,
              highest: float = 3.0) -> float:
    """The temperature (between ``lowest`` and ``highest``) that makes ``model``'s probabilities of
    ``labels`` most likely on these held-out rows; 1 without rows of a known class. A golden-section
    search on its logarithm (the log-likelihood is smooth and has one maximum in the temperature)."""
    known = [(row, model.classes.index(label)) for row, label in zip(rows, labels) if label in model.classes]
    if not known:
        return 1.0
    scores = model.scores([row for row, _k in known])
    truth = np.array([k for _row, k in known])

    def loss(log_t: float) -> float:
        z = scores / math.exp(log_t)
        top = z.max(axis=1)
        return float(np.sum(top + np.log(np.exp(z - top[:, None]).sum(axis=1)) - z[np.arange(len(z)), truth]))

    a, b = math.log(lowest), math.log(highest)
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        if loss(c) <= loss(d):
            b = d
        else:
            a = c
    return round(math.exp((a + b) / 2), 4)


def fit(rows: Sequence[Row], labels: Sequence[str], *, bits: int = 18, seed: int = 0, l2: float = 1.0,
        min_rows: int = 1, max_iterations: int = 200, tolerance: float = 1e-5,
        progress: Progress | None = None) -> LinearModel:
    """A model of ``labels`` given ``rows`` (one label per row; the classes are the distinct labels, sorted).

    ``l2`` is the penalty on the squared weights against the *summed* loss (as scikit-learn's ``1/C``).
    A bucket that fewer than ``min_rows`` rows have is left out (weight 0): a feature of one row teaches
    little and costs as much as any. Training stops when the largest gradient entry falls below ``tolerance`` times the number of rows,
    the loss stops falling, or after ``max_iterations``. ``progress(done, max_iterations)`` hears each
    iteration; an exception it raises comes out of ``fit``."""
    if len(rows) != len(labels):
        raise ValueError(f"{len(rows)} rows and {len(labels)} labels")
    if not 1 <= bits <= 30:
        raise ValueError("bits: 1 to 30")
    classes = tuple(sorted(set(labels)))
    if not classes:
        raise ValueError("nothing to learn from: no rows")
    index, buckets, vals = _coordinates(rows, bits, seed)
    if min_rows > 1:
        pairs = np.unique(index * (1 << bits) + buckets)  # each (row, bucket) once
        present = np.bincount(pairs & ((1 << bits) - 1), minlength=1 << bits)
        keep = present[buckets] >= min_rows
        index, buckets, vals = index[keep], buckets[keep], vals[keep]
    used, cols = np.unique(buckets, return_inverse=True)
    matrix = _Sparse(index, cols.astype(np.int64), vals, (len(rows), len(used)))
    k = len(classes)
    y = np.zeros((k, len(rows)))  # class-major, as the weights
    y[[classes.index(label) for label in labels], np.arange(len(rows))] = 1.0
    n_w = len(used) * k

    def loss(theta: Floats) -> tuple[float, Floats]:
        w, b = theta[:n_w].reshape(k, len(used)), theta[n_w:]
        scores = matrix.dot(w) + b[:, None]
        top = scores.max(axis=0)
        log_z = top + np.log(np.exp(scores - top).sum(axis=0))
        value = float(np.sum(log_z) - np.sum(scores * y)) + 0.5 * l2 * float(np.dot(theta[:n_w], theta[:n_w]))
        diff = np.exp(scores - log_z) - y
        grad = np.concatenate([(matrix.tdot(diff) + l2 * w).ravel(), diff.sum(axis=1)])
        return value, grad

    theta, iterations, value = _lbfgs(loss, np.zeros(n_w + k), max_iterations, tolerance * max(1, len(rows)), progress)
    info = {"rows": len(rows), "features": int(len(used)), "iterations": iterations, "loss": round(value, 6)}
    return LinearModel(classes, used.astype(np.int64), theta[:n_w].reshape(k, len(used)), theta[n_w:], bits, seed,
                       l2, info)


def _lbfgs(f: Callable[[Floats], tuple[float, Floats]], x: Floats, max_iterations: int, tolerance: float,
           progress: Progress | None, memory: int = 10) -> tuple[Floats, int, float]:
    """Minimise ``f`` (value and gradient) from ``x`` by L-BFGS (Nocedal and Wright, algorithm 7.4) with
    an Armijo backtracking line search. Returns the point, the iterations taken and the value there."""
    value, grad = f(x)
    pairs: list[tuple[Floats, Floats, float]] = []  # (s, y, 1 / y·s), newest last
    done = 0
    for done in range(1, max_iterations + 1):
        if float(np.abs(grad).max(initial=0.0)) <= tolerance:
            return x, done - 1, value
        q = grad.copy()
        alphas = []
        for s, y, rho in reversed(pairs):
            a = rho * float(np.dot(s, q))
            alphas.append(a)
            q -= a * y
        if pairs:
            s, y, _ = pairs[-1]
            q *= float(np.dot(s, y)) / float(np.dot(y, y))
        else:
            q /= max(1.0, float(np.linalg.norm(grad)))
        for (s, y, rho), a in zip(pairs, reversed(alphas)):
            q += s * (a - rho * float(np.dot(y, q)))
        direction = -q
        slope = float(np.dot(grad, direction))
        if slope >= 0:  # not a descent direction (round-off): start again from the gradient
            pairs.clear()
            direction, slope = -grad, -float(np.dot(grad, grad))
        step = 1.0
        while True:
            new_x = x + step * direction
            new_value, new_grad = f(new_x)
            if new_value <= value + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, y = new_x - x, new_grad - grad
        sy = float(np.dot(s, y))
        if sy > 1e-12:
            pairs.append((s, y, 1.0 / sy))
            del pairs[:-memory]
        improved = value - new_value
        x, value, grad = new_x, new_value, new_grad
        if progress is not None:
            progress(done, max_iterations)
        if step < 1e-10 or improved <= 1e-14 * max(1.0, abs(value)):  # no more to gain at float precision
            break
    return x, done, value if math.isfinite(value) else float("inf")
