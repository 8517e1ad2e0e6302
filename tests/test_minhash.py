"""MinHash estimates the Jaccard similarity of shingle sets, and LSH bands find the alike as candidates."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import numpy as np

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


def test_signatures_are_the_same_on_every_run_and_machine() -> None:
    """Exports split by story groups must come out alike wherever they are made: the hashes are BLAKE2b's
    (never Python's salted hash()), read little-endian, and the permutations come from a fixed seed."""
    signature = minhash.signature([b"kim j", b"im jo", b"m jon", "كيم ج".encode()])
    assert signature.dtype == np.uint64 and int(signature.max()) < 2**32
    assert signature[:6].tolist() == [382888230, 1864274270, 905751766, 1349772827, 144278180, 762371749]


def test_signatures_and_story_groups_do_not_depend_on_the_hash_seed() -> None:
    texts = [f"Kim Jong Un visited Moscow on day {i} of the talks" for i in range(6)] + \
            [f"قالت الوزارة إن المحادثات ستستأنف في اليوم {i}" for i in range(6)] + ["Nothing alike here at all."]
    script = ("import json, sys; from annotator.core import minhash; from annotator.formats.splits import shingles, "
              "story_ids; texts = json.load(sys.stdin); "
              "print(json.dumps([story_ids(texts), [minhash.signature(shingles(t)).tolist() for t in texts]]))")
    seen = set()
    for seed in ("0", "1", "12345"):  # str and bytes hash differently under each: a hash() would show
        done = subprocess.run([sys.executable, "-c", script], input=json.dumps(texts), capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        seen.add(done.stdout)
    assert len(seen) == 1
    ids, _ = json.loads(seen.pop())
    assert len(set(ids[:6])) == 1 and len(set(ids[6:12])) == 1 and len(set(ids)) == 3
