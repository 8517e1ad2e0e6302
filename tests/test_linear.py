"""The hashed-feature logistic regression (``annotator.core.linear``): it reaches the optimum of its
objective, its probabilities are the ones that optimum implies, and a model is the same bytes every time."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.core.linear import LinearModel, fit, hashed


def test_without_features_the_probabilities_are_the_class_shares() -> None:
    model = fit([{}] * 10, ["a"] * 7 + ["b"] * 3)
    assert model.classes == ("a", "b")
    assert model.predict_proba([{}])[0] == pytest.approx([0.7, 0.3], abs=1e-4)


def test_the_weights_found_are_the_optimum_of_the_penalised_loss() -> None:
    """At the optimum the gradient is zero: for every feature and class, the feature's sum of
    (probability - truth) over the rows equals -l2 times its weight; for every class, that sum is 0."""
    rng = np.random.default_rng(3)
    names = [f"f{k}" for k in range(30)]
    rows = [{n: float(rng.random()) for n in rng.choice(names, 6, replace=False)} for _ in range(80)]
    labels = [("x", "y", "z")[int(sum(r.get(n, 0) for n in names[:10]) * 3) % 3] for r in rows]
    l2 = 0.3
    model = fit(rows, labels, l2=l2, tolerance=1e-9, max_iterations=500)
    proba = model.predict_proba(rows)
    truth = np.array([[label == c for c in model.classes] for label in labels], dtype=float)
    diff = proba - truth
    assert np.abs(diff.sum(axis=0)).max() < 1e-5  # the biases, unpenalised
    buckets, signs = hashed(names, model.bits, model.seed)
    for name, bucket, sign in zip(names, buckets, signs):
        column = np.array([r.get(name, 0.0) for r in rows]) * sign
        at = int(np.searchsorted(model.buckets, bucket))
        assert model.buckets[at] == bucket
        np.testing.assert_allclose(column @ diff, -l2 * model.weights[:, at], atol=1e-5)


def test_separable_classes_are_learned_and_unseen_features_count_for_nothing() -> None:
    rows = [{"x": 1.0, f"n{i}": 0.1} for i in range(20)] + [{"y": 1.0} for _ in range(20)]
    model = fit(rows, ["A"] * 20 + ["B"] * 20, l2=0.1)
    assert [label for label, _p in model.predict([{"x": 1.0}, {"y": 1.0}])] == ["A", "B"]
    assert all(p > 0.95 for _label, p in model.predict([{"x": 1.0}, {"y": 1.0}]))
    np.testing.assert_allclose(model.predict_proba([{"never seen": 5.0}]), model.predict_proba([{}]))


def test_a_model_is_the_same_bytes_each_time_and_reads_back() -> None:
    rows = [{"a": 1.0, "b": 0.5}, {"b": 1.0}, {"c": 2.0}, {"a": 0.2, "c": 1.0}] * 3
    labels = ["p", "q", "r", "p"] * 3
    first, second = fit(rows, labels), fit(rows, labels)
    assert first.to_bytes() == second.to_bytes()
    again = LinearModel.from_bytes(first.to_bytes())
    assert again.classes == first.classes and again.info == first.info
    np.testing.assert_allclose(again.predict_proba(rows), first.predict_proba(rows), atol=1e-5)  # float32 weights
    assert fit(rows, labels, seed=1).to_bytes() != first.to_bytes()  # the seed salts the hash


@pytest.mark.parametrize("data, message", [
    (b"not a model", "not a linear model"),
    (b"ANNOTATOR-LINEAR\n\x00\x00\x00\x10{\"version\": \"x\"}", "version 'x'"),
])
def test_anything_else_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LinearModel.from_bytes(data)


def test_a_model_cut_short_is_refused() -> None:
    data = fit([{"a": 1.0}, {"b": 1.0}], ["x", "y"]).to_bytes()
    with pytest.raises(ValueError, match="cut short"):
        LinearModel.from_bytes(data[:-3])
