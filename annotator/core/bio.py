"""Token classification: the app's units as tokens, cut at every span boundary; BIO tags and back.

Whitespace and invisible format characters (Unicode category Cf: LRM, RLM, ALM, the embeddings and
isolates, ZWJ, ZWNJ, the soft hyphen…) are never a token of their own and never at a token's edge,
except at the edge of a span that holds them. Inside a word they stay (a ZWNJ in a Persian word, a
mark the unit rule keeps whole); next to a word they are left out ("\\u200eKCNA" gives the token
"KCNA"), so the B- tag of an entity lands on its first word, never on a mark before it."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import regex

from annotator.core.units import Known, units

Span = tuple[int, int, str]  # start, end, label (code points, end-exclusive)
Token = tuple[int, int]

_CLUSTER = regex.compile(r"\X")


def invisible(ch: str) -> bool:
    """Whitespace or an invisible format character (bidi controls, zero-width joiners, soft hyphen)."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def blank(text: str) -> bool:
    """True when ``text`` holds nothing visible (empty, whitespace and format characters only)."""
    return all(invisible(ch) for ch in text)


def tokenize(text: str, spans: Sequence[Span], known: Known | None = None) -> list[Token]:
    """Tokens as (start, end): the units of ``text`` (the rule of word snapping, so a proclitic
    before a word starting with ال is its own token), and each other cluster (a punctuation
    mark, a symbol, an emoji) on its own. Whitespace and invisible format characters separate and
    are dropped, except where a span begins or ends with them (then they belong to the span's first
    or last token, so the span is recovered exactly). Every span boundary is a cut, so "وكوريا" with
    the entity "كوريا" gives the tokens "و" and "كوريا" whether or not ``known`` knows it; a cut
    never leaves a token of invisible characters (a mark the cut parts from its word is dropped, or
    stays with the span's token). Only a span with nothing visible in it (``blank``) makes a
    token with nothing visible: callers refuse such spans first."""
    owner: list[int | None] = [None] * len(text)  # which piece each character is in
    pieces = 0
    for a, b in units(text, known):
        owner[a:b] = [pieces] * (b - a)
        pieces += 1
    clusters = [(m.start(), m.end()) for m in _CLUSTER.finditer(text)]
    for a, b in clusters:
        if owner[a] is None and not invisible(text[a]):
            owner[a:b] = [pieces] * (b - a)
            pieces += 1
    for s, e, _ in spans:  # invisible edges join the span's first or last visible piece
        inside = [i for i in range(s, e) if owner[i] is not None and not invisible(text[i])]
        if not inside:
            owner[s:e] = [pieces] * (e - s)
            pieces += 1
            continue
        owner[s:inside[0]] = [owner[inside[0]]] * (inside[0] - s)
        owner[inside[-1] + 1:e] = [owner[inside[-1]]] * (e - inside[-1] - 1)
    starts, ends = {s for s, _, _ in spans}, {e for _, e, _ in spans}
    cuts = starts | ends
    raw: list[Token] = []
    start: int | None = None
    for i, piece in enumerate(owner):
        if start is not None and (piece != owner[start] or i in cuts):
            raw.append((start, i))
            start = None
        if start is None and piece is not None:
            start = i
    if start is not None:
        raw.append((start, len(text)))
    after = {a: b for a, b in clusters}
    before = {b: a for a, b in clusters}
    tokens: list[Token] = []
    for a, b in raw:  # a cut can leave marks at a token's edge that no span holds: whole clusters go
        while a < b and a not in starts and a in after and after[a] <= b and blank(text[a:after[a]]):
            a = after[a]
        while b > a and b not in ends and b in before and before[b] >= a and blank(text[before[b]:b]):
            b = before[b]
        if a < b:
            tokens.append((a, b))
    return tokens


def overlap(spans: Sequence[Span]) -> tuple[Span, Span] | None:
    """Two spans that overlap, the first such pair in text order; None when none do."""
    ordered = sorted(spans, key=lambda s: (s[0], s[1]))
    for a, b in zip(ordered, ordered[1:]):
        if b[0] < a[1]:
            return a, b
    return None


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
