"""Token classification: tokens cut at whitespace, punctuation and every span boundary; BIO tags and back."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

Span = tuple[int, int, str]  # start, end, label (code points, end-exclusive)
Token = tuple[int, int]


def _kind(ch: str) -> str:
    if ch.isspace():
        return "space"
    if unicodedata.category(ch).startswith("P") or unicodedata.category(ch) == "Cf" and ch not in "\u200c\u200d":
        return "punct"  # punctuation, and bidi controls, each their own token
    return "word"


def tokenize(text: str, spans: Sequence[Span]) -> list[Token]:
    """Tokens as (start, end). Whitespace separates and is dropped, except where a span begins or
    ends with it (then it is a token of the span, so the span is recovered exactly); each
    punctuation mark is a token; every span boundary is a cut, so "والولايات" with the entity
    "الولايات" gives the tokens "و" and "الولايات"."""
    cuts = {p for s, e, _ in spans for p in (s, e)}
    keep_space = set()
    for s, e, _ in spans:
        i = s
        while i < e and text[i].isspace():
            keep_space.add(i)
            i += 1
        j = e - 1
        while j >= s and text[j].isspace():
            keep_space.add(j)
            j -= 1
    tokens: list[Token] = []
    start: int | None = None
    prev = ""
    for i, ch in enumerate(text):
        kind = "glue" if i in keep_space else _kind(ch)  # edge whitespace sticks to its neighbour in the span
        glued = "glue" in (kind, prev)
        boundary = i in cuts or (kind != prev and not glued) or (kind == "punct" and prev != "glue")
        if start is not None and (boundary or kind == "space"):  # "glue" is never "space"
            tokens.append((start, i))
            start = None
        if kind != "space" and start is None:
            start = i
        prev = kind
    if start is not None:
        tokens.append((start, len(text)))
    return tokens


def bio_tags(tokens: Sequence[Token], spans: Sequence[Span]) -> list[str]:
    """B-/I-/O tags; ``spans`` must not overlap and must start and end on token edges."""
    tags = ["O"] * len(tokens)
    starts = {t[0]: k for k, t in enumerate(tokens)}
    ends = {t[1]: k for k, t in enumerate(tokens)}
    for s, e, label in spans:
        first, last = starts.get(s), ends.get(e)
        if first is None or last is None:
            raise ValueError(f"span {s}-{e} does not fall on token edges")
        tags[first] = f"B-{label}"
        for k in range(first + 1, last + 1):
            tags[k] = f"I-{label}"
    return tags


def spans_from_bio(tokens: Sequence[Token], tags: Sequence[str]) -> list[Span]:
    """The spans BIO tags describe: from a B- token to the last I- token of the same label."""
    spans: list[Span] = []
    current: list[int | str] | None = None
    for (start, end), tag in zip(tokens, tags):
        if tag.startswith("I-") and current is not None and current[2] == tag[2:]:
            current[1] = end
            continue
        if current is not None:
            spans.append((int(current[0]), int(current[1]), str(current[2])))
            current = None
        if tag.startswith(("B-", "I-")):
            current = [start, end, tag[2:]]
    if current is not None:
        spans.append((int(current[0]), int(current[1]), str(current[2])))
    return spans


def align_tokens(text: str, tokens: Sequence[str]) -> list[Token]:
    """Offsets of ``tokens`` in ``text``, found in order (what a reader of a BIO file can do)."""
    offsets: list[Token] = []
    at = 0
    for token in tokens:
        start = text.index(token, at)
        offsets.append((start, start + len(token)))
        at = start + len(token)
    return offsets
