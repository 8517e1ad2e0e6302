"""Who annotates what: every document to one annotator, a share (the overlap) to two or more.

Deterministic for a seed, and balanced: each document goes to the annotators with the fewest
documents so far (counting what they already had), so adding documents later keeps the loads even.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence


def plan_assignment(documents: Sequence[int], annotators: Sequence[str], load: Mapping[str, int],
                    overlap: float, seed: int, copies: int = 2) -> list[tuple[int, str]]:
    """(document, annotator) pairs for ``documents`` (those not assigned yet), in document order.

    ``round(overlap * len(documents))`` of them, chosen at random with ``seed``, go to ``copies``
    annotators (for agreement); the rest to one. ``load`` is how many each annotator has already."""
    if not annotators:
        raise ValueError("no annotators to assign to")
    if not 0 <= overlap <= 1:
        raise ValueError(f"the overlap is a share between 0 and 1, not {overlap}")
    if copies < 2 and overlap > 0:
        raise ValueError("documents in the overlap go to two or more annotators")
    names = sorted(set(annotators))
    rng = random.Random(seed)
    order = sorted(documents)
    rng.shuffle(order)  # the order in which documents are handed out, and which are shared
    shared = set(order[: round(overlap * len(order))])
    counts = {name: load.get(name, 0) for name in names}
    pairs: list[tuple[int, str]] = []
    for doc in order:
        k = min(copies, len(names)) if doc in shared else 1
        turn = {name: rng.random() for name in names}  # ties in loads broken afresh: every pair gets to share
        for name in sorted(names, key=lambda n: (counts[n], turn[n]))[:k]:
            counts[name] += 1
            pairs.append((doc, name))
    return sorted(pairs)
