"""Agreement sorts a batch's spans by packing their keys into one number (``_sort_order``): the order must be
lexsort's exactly, ties included, or documents' figures would shift; keys too wide to pack use lexsort."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.formats.agreement_tally import _sort_order


@pytest.mark.parametrize("widths", [
    (3, 10, 5_000, 60_000),          # annotator, end, start, document × label: packed
    (2, 1 << 31, 1 << 31, 1 << 20),  # positions near 2**31: too wide to pack, lexsort
    (1, 1, 1, 1),                    # every key the same: the original order
], ids=["packed", "too wide", "all ties"])
def test_sort_order_is_lexsorts(widths: tuple[int, ...]) -> None:
    rng = np.random.default_rng(3)
    keys = tuple(rng.integers(0, w, 2_000, dtype=np.int64) for w in widths)
    keys = tuple(np.concatenate([k, k[:300]]) for k in keys)  # repeated rows: ties must keep their order
    assert np.array_equal(_sort_order(*keys), np.lexsort(keys))


def test_sort_order_of_nothing_and_of_negative_keys() -> None:
    assert len(_sort_order(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))) == 0
    keys = (np.array([3, -1, 2, -1]), np.array([0, 0, 1, 1]))
    assert np.array_equal(_sort_order(*keys), np.lexsort(keys))
