"""MinHash signatures and LSH banding: which texts may be near-duplicates, and how alike they are.

The construction is the standard one (Broder's MinHash; LSH banding as in Leskovec, Rajaraman and
Ullman, *Mining of Massive Datasets*, ch. 3), in numpy: each shingle is hashed to 32 bits (the first
four bytes of its BLAKE2b digest, then MurmurHash3's finaliser), permuted by ``NUM_PERM`` random odd
multipliers and offsets modulo 2^32 (bijections, as datasketch's "affine32" scheme), and the minimum
of each permutation kept. Two signatures agree in a position with probability equal to the Jaccard
similarity of the two shingle sets. Banding: ``BANDS`` bands of ``ROWS`` positions; texts that agree
on a whole band are candidates. (datasketch's MinHashLSH chooses the same 51 × 2 bands for a threshold
of 0.15 and 128 permutations; it needs SciPy to choose them, which would add 65 MB to the desktop
build for one integral, so the bands are fixed here.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable

import numpy as np
import numpy.typing as npt

NUM_PERM = 128
BANDS, ROWS = 51, 2  # candidates at similarity s with probability 1 - (1 - s^2)^51: 0.68 at 0.15, 0.9999 at 0.4
_MASK = np.uint64(0xFFFFFFFF)
_CHUNK = 4096  # shingles permuted at a time: a long text never holds shingles × permutations at once

Signature = npt.NDArray[np.uint64]


def _permutations(seed: int) -> tuple[Signature, Signature]:
    rng = np.random.RandomState(seed)
    a = rng.randint(1, 2**32, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd: a bijection mod 2^32
    b = rng.randint(0, 2**32, size=NUM_PERM, dtype=np.uint64)
    return a, b


_A, _B = _permutations(1)


def _hashes(shingles: Iterable[bytes]) -> Signature:
    digests = b"".join([hashlib.blake2b(s, digest_size=4).digest() for s in shingles])
    raw = np.frombuffer(digests, dtype="<u4").astype(np.uint64)
    # MurmurHash3's 32-bit finaliser: every input bit reaches every output bit
    h = raw ^ (raw >> np.uint64(16))
    h = (h * np.uint64(0x85EBCA6B)) & _MASK
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & _MASK
    return h ^ (h >> np.uint64(16))


def signature(shingles: Iterable[bytes]) -> Signature:
    """The MinHash signature of a set of shingles (an empty set: all positions at the maximum)."""
    hashes = _hashes(shingles)
    result = np.full(NUM_PERM, _MASK, dtype=np.uint64)
    for start in range(0, len(hashes), _CHUNK):
        block = hashes[start:start + _CHUNK, None]
        permuted = (block * _A + _B) & _MASK  # uint64 wraps modulo 2^64; the mask takes it modulo 2^32
        np.minimum(result, permuted.min(axis=0), out=result)
    return result


def similarity(a: Signature, b: Signature) -> float:
    """The estimated Jaccard similarity: the share of positions where the two signatures agree."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


class Bands:
    """An LSH index: keys whose signatures agree on a whole band are each other's candidates."""

    def __init__(self) -> None:
        self._buckets: list[dict[bytes, list[Hashable]]] = [{} for _ in range(BANDS)]

    def candidates(self, sig: Signature) -> set[Hashable]:
        found: set[Hashable] = set()
        for band, bucket in enumerate(self._buckets):
            found.update(bucket.get(sig[band * ROWS:(band + 1) * ROWS].tobytes(), ()))
        return found

    def insert(self, key: Hashable, sig: Signature) -> None:
        for band, bucket in enumerate(self._buckets):
            bucket.setdefault(sig[band * ROWS:(band + 1) * ROWS].tobytes(), []).append(key)
