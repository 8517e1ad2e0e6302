"""Token classification: the app's units as tokens, cut at every span boundary; BIO tags and back."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from annotator.core.units import Known, units

Span = tuple[int, int, str]  # start, end, label (code points, end-exclusive)
Token = tuple[int, int]

_CLUSTER = regex.compile(r"\X")
_FORMAT = regex.compile(r"\p{Cf}")


def _gap(cluster: str) -> bool:
    """Whitespace and invisible format characters (bidi controls): between tokens, in none."""
    return cluster[0].isspace() or _FORMAT.match(cluster) is not None


def tokenize(text: str, spans: Sequence[Span], known: Known | None = None) -> list[Token]:
    """Tokens as (start, end): the units of ``text`` (the rule of word snapping, so a proclitic
    before a word starting with ال is its own token), and each other cluster (a punctuation
    mark, a symbol, an emoji) on its own. Whitespace and bidi controls separate and are dropped,
    except where a span begins or ends with them (then they belong to the span's first or last
    token, so the span is recovered exactly). Every span boundary is a cut, so "وكوريا" with
    the entity "كوريا" gives the tokens "و" and "كوريا" whether or not ``known`` knows it."""
    owner: list[int | None] = [None] * len(text)  # which piece each character is in
    pieces = 0
    for a, b in units(text, known):
        owner[a:b] = [pieces] * (b - a)
        pieces += 1
    for m in _CLUSTER.finditer(text):
        if owner[m.start()] is None and not _gap(m.group()):
            owner[m.start():m.end()] = [pieces] * (m.end() - m.start())
            pieces += 1
    for s, e, _ in spans:  # edge gaps join the span's first or last piece
        inside = [i for i in range(s, e) if owner[i] is not None]
        if not inside:
            owner[s:e] = [pieces] * (e - s)
            pieces += 1
            continue
        owner[s:inside[0]] = [owner[inside[0]]] * (inside[0] - s)
        owner[inside[-1] + 1:e] = [owner[inside[-1]]] * (e - inside[-1] - 1)
    cuts = {p for s, e, _ in spans for p in (s, e)}
    tokens: list[Token] = []
    start: int | None = None
    for i, piece in enumerate(owner):
        if start is not None and (piece != owner[start] or i in cuts):
            tokens.append((start, i))
            start = None
        if start is None and piece is not None:
            start = i
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
