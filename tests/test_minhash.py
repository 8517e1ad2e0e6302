"""MinHash estimates the Jaccard similarity of shingle sets, and LSH bands find the alike as candidates."""

from __future__ import annotations

import random

from annotator.core import minhash


def shingle_sets(overlap: int, total: int, seed: int) -> tuple[set[bytes], set[bytes]]:
    """Two sets sharing ``overlap`` of ``total`` distinct items: Jaccard overlap / total."""
    rng = random.Random(seed)
    items = [f"w{rng.random()}".encode() for _ in range(total)]
    shared, rest = items[:overlap], items[overlap:]
    half = len(rest) // 2
    return set(shared + rest[:half]), set(shared + rest[half:])


def test_the_estimate_is_close_to_the_true_jaccard_similarity() -> None:
    for true in (0.0, 0.15, 0.5, 0.9, 1.0):
        errors = []
        for seed in range(20):
            a, b = shingle_sets(int(true * 2000), 2000, seed)
            errors.append(minhash.similarity(minhash.signature(a), minhash.signature(b)) - true)
        mean = sum(errors) / len(errors)
        assert abs(mean) < 0.02, (true, mean)  # unbiased
        assert max(abs(e) for e in errors) < 0.15  # 128 permutations: standard error ≤ 0.045


def test_identical_sets_agree_everywhere_and_order_does_not_matter() -> None:
    items = [f"{i:05d}".encode() for i in range(10_000)]  # longer than one chunk of permutations
    first = minhash.signature(items)
    assert minhash.similarity(first, minhash.signature(reversed(items))) == 1.0
    assert minhash.similarity(first, minhash.signature(items[:5000])) < 0.7


def test_bands_propose_the_alike_and_rarely_the_unrelated() -> None:
    bands = minhash.Bands()
    near, far = 0, 0
    for seed in range(40):
        a, b = shingle_sets(1200, 2000, seed)  # similarity 0.6
        _, c = shingle_sets(0, 2000, seed + 1000)
        index = minhash.Bands()
        index.insert("a", minhash.signature(a))
        near += "a" in index.candidates(minhash.signature(b))
        far += "a" in index.candidates(minhash.signature(c))
        bands.insert(seed, minhash.signature(a))
    assert near == 40 and far <= 2
    assert bands.candidates(minhash.signature(set())) == set()
