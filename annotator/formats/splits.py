"""Train/dev/test splits by document, with near-duplicates (the same story from two outlets) kept together."""

from __future__ import annotations

import random
import re
from collections.abc import Hashable, Sequence

from annotator.core import minhash
from annotator.core.errors import AnnotatorError

SHINGLE = 5          # characters: robust to different wording, tokenisation and Arabic clitics
THRESHOLD = 0.15     # estimated Jaccard similarity of shingle sets above which two texts are one story
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = str.maketrans("أإآٱ", "اااا")
_NON_WORD = re.compile(r"[\W_]+")


def parse_split(spec: str) -> list[tuple[str, float]]:
    """``train=0.8,dev=0.1,test=0.1`` → [("train", 0.8), ...]; the shares must add up to 1."""
    parts: list[tuple[str, float]] = []
    for item in spec.split(","):
        name, _, share = item.partition("=")
        name = name.strip()
        try:
            value = float(share)
        except ValueError:
            raise AnnotatorError(f"--split: {item!r} is not NAME=SHARE (like train=0.8)") from None
        if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not 0 < value <= 1:
            raise AnnotatorError(f"--split: {item!r}: a name of letters and digits and a share between 0 and 1")
        if name in dict(parts):
            raise AnnotatorError(f"--split: {name!r} is named twice")
        parts.append((name, value))
    if abs(sum(v for _, v in parts) - 1) > 1e-6:
        raise AnnotatorError(f"--split: the shares add up to {sum(v for _, v in parts):g}, not 1")
    return parts


def shingles(text: str) -> set[bytes]:
    """Character 5-grams of the text with punctuation, tashkeel and tatweel removed and alef unified."""
    norm = _NON_WORD.sub(" ", _TASHKEEL.sub("", text.lower()).translate(_ALEF)).strip()
    return {norm[i:i + SHINGLE].encode("utf-8") for i in range(max(len(norm) - SHINGLE + 1, 1))}


class StoryGroups:
    """Union of documents whose MinHash signatures say they are near-duplicates (``core.minhash``)."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.bands = minhash.Bands()
        self.threshold = threshold
        self.signatures: dict[Hashable, minhash.Signature] = {}
        self.parent: dict[Hashable, Hashable] = {}
        self.order: list[Hashable] = []
        self.position: dict[Hashable, int] = {}

    def add(self, key: Hashable, text: str) -> None:
        signature = minhash.signature(shingles(text))
        self.parent[key] = key
        self.position[key] = len(self.order)
        self.order.append(key)
        for other in self.bands.candidates(signature):
            # LSH only proposes candidates (banding lets pairs far below the threshold through): join
            # those whose estimated similarity reaches it, or chains of chance matches join unrelated stories
            if minhash.similarity(signature, self.signatures[other]) >= self.threshold:
                self._union(key, other)
        self.bands.insert(key, signature)
        self.signatures[key] = signature

    def _find(self, key: Hashable) -> Hashable:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def _union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            first, last = sorted((ra, rb), key=self.position.__getitem__)
            self.parent[last] = first

    def groups(self) -> list[list[Hashable]]:
        by_root: dict[Hashable, list[Hashable]] = {}
        for key in self.order:
            by_root.setdefault(self._find(key), []).append(key)
        return list(by_root.values())


def story_ids(texts: Sequence[str]) -> list[int]:
    """One story-group id per text, in order: near-duplicates share one (``StoryGroups``)."""
    groups = StoryGroups()
    for k, text in enumerate(texts):
        groups.add(k, text)
    group_of = {k: g for g, members in enumerate(groups.groups()) for k in members}
    return [int(group_of[k]) for k in range(len(texts))]


def assign(groups: Sequence[Sequence[Hashable]], split: Sequence[tuple[str, float]], seed: int) -> dict[Hashable, str]:
    """Each group to one split: groups in a seeded random order, each to the split furthest below its share."""
    order = list(groups)
    random.Random(seed).shuffle(order)
    total = sum(len(g) for g in order)
    counts = {name: 0 for name, _ in split}
    result: dict[Hashable, str] = {}
    for group in order:
        name = max(split, key=lambda p: (p[1] * total - counts[p[0]]) / p[1])[0]
        counts[name] += len(group)
        for key in group:
            result[key] = name
    return result
