"""Tokens for the tools people train with (Prodigy, spaCy, CoNLL): spans without edge whitespace,
whitespace tokens as spaCy makes them, and sentences.

The word tokens are ``annotator.core.bio.tokenize``'s. These formats cannot hold whitespace inside a
word token (a CoNLL line splits at it; spaCy counts an entity that starts or ends with whitespace
as invalid), so a span is first trimmed of the whitespace at its edges (``visible_span``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from annotator.core.bio import Token, invisible

SENTENCE_ENDS = frozenset(".!?؟…。۔")  # a token of these ends a sentence ...
CLOSERS = frozenset("»\"'”’)]}›")         # ... and so do the quotes and brackets that follow it


class Spaced(NamedTuple):
    """A token of a text that tokens and their trailing spaces give back (spaCy's words and spaces,
    Prodigy's tokens): ``ws`` when one space follows it; ``space`` for a token of whitespace."""

    start: int
    end: int
    ws: bool = False
    space: bool = False


def visible_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``-``end`` without the whitespace at its edges, and without the invisible marks on the far
    side of that whitespace; marks that touch the span's first or last letter stay. The same span
    when it has no whitespace at its edges; an empty span (start == end) when nothing in it is visible."""
    a = start
    while a < end and invisible(text[a]):
        a += 1
    if a == end:
        return start, start
    lead = next((i + 1 for i in range(a - 1, start - 1, -1) if text[i].isspace()), start)
    b = end
    while invisible(text[b - 1]):
        b -= 1
    trail = next((i for i in range(b, end) if text[i].isspace()), end)
    return lead, trail


def spaced(text: str, tokens: Sequence[Token]) -> list[Spaced]:
    """``tokens`` with what lies between them, as spaCy tokenizes: the first space after a token is
    its ``ws``; every other run of whitespace (a line break, a second space, leading whitespace) is
    a token of its own. Invisible format characters between tokens belong to none (they are no
    token of their own): the tokens and spaces give the text back without them."""
    out: list[Spaced] = []
    at = 0
    for start, end in [*tokens, (len(text), len(text))]:
        i = at
        if out:
            while i < start and not text[i].isspace():
                i += 1  # marks between the token and its space
            if i < start and text[i] == " ":
                out[-1] = out[-1]._replace(ws=True)
                i += 1
        while i < start:
            if text[i].isspace():
                j = i
                while j < start and text[j].isspace():
                    j += 1
                out.append(Spaced(i, j, space=True))
                i = j
            else:
                i += 1
        if start < end:
            out.append(Spaced(start, end))
        at = end
    return out


def sentences(text: str, tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int]]:
    """The tokens' sentences as (first, last + 1) token indices: a line break starts one, and so does a
    token after whitespace that follows . ! ? ؟ … (and the quotes or brackets closing after them),
    unless it starts with a lower-case letter ("e.g. this"). Never inside a span: a token tagged I-
    continues its sentence."""
    out: list[tuple[int, int]] = []
    first = 0
    ended = False
    for k in range(1, len(tokens)):
        gap = text[tokens[k - 1][1]:tokens[k][0]]
        word = text[tokens[k][0]:tokens[k][1]]
        previous = text[tokens[k - 1][0]:tokens[k - 1][1]]
        ended = previous in SENTENCE_ENDS or (ended and previous in CLOSERS)
        breaks = "\n" in gap or (ended and any(ch.isspace() for ch in gap) and not word[:1].islower())
        if breaks and not tags[k].startswith("I-"):
            out.append((first, k))
            first = k
    if tokens:
        out.append((first, len(tokens)))
    return out
