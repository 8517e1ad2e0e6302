"""Finding every occurrence of a name: Arabic-aware matching for propagation and gazetteers.

The stored text is never changed; matching runs on a normalised copy that remembers, for each
of its characters, where it came from, so every match maps back to exact ``str`` offsets.

Normalisation always drops tashkeel (the short-vowel and other Arabic marks) and tatweel, and
writes every alef form (أ إ آ ٱ) as ا. As options it also writes ى as ي, ة as ه, and folds case.

A match must start and end on word boundaries, with one exception: an Arabic name may follow
a single proclitic (و ف ب ل ك), which stays outside the match ("وكوريا" holds "كوريا").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from annotator.core.offsets import splits_cluster

PROCLITICS = "وفبلك"
TATWEEL = "\u0640"
# Arabic marks dropped by normalisation: harakat, tanween, shadda, sukun, superscript alef,
# Quranic annotation marks.
_MARK_RANGES = [(0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC),
                (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED)]
DROPPED = frozenset([TATWEEL] + [chr(c) for lo, hi in _MARK_RANGES for c in range(lo, hi + 1)])
ALEFS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}
_WORD = r"[\p{L}\p{N}\p{M}]"
_WORD_CHAR = regex.compile(_WORD)
_TERM = regex.compile(_WORD + "+")


@dataclass(frozen=True)
class MatchOptions:
    """How loosely two spellings match. Tashkeel, tatweel and alef forms are always ignored."""

    ya: bool = False           # ى matches ي
    ta_marbuta: bool = False   # ة matches ه
    ignore_case: bool = False  # English (and any cased script) without regard to case

    def describe(self) -> str:
        extra = [name for name, on in (("ى=ي", self.ya), ("ة=ه", self.ta_marbuta),
                                       ("any case", self.ignore_case)) if on]
        return ", ".join(extra)


LOOSEST = MatchOptions(ya=True, ta_marbuta=True, ignore_case=True)


@lru_cache(maxsize=8)
def _table(options: MatchOptions) -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): None for c in DROPPED}
    table.update({ord(k): v for k, v in ALEFS.items()})
    if options.ya:
        table[ord("ى")] = "ي"
    if options.ta_marbuta:
        table[ord("ة")] = "ه"
    return table


@dataclass(frozen=True)
class Normalized:
    """A normalised copy of a text and, for each of its characters, its index in the original."""

    text: str
    origin: tuple[int, ...] | None  # None: the copy has the original's indices

    def source(self, index: int) -> int:
        return index if self.origin is None else self.origin[index]


def normalize(text: str, options: MatchOptions = MatchOptions()) -> Normalized:
    """The matching form of ``text``, with the way back to the original's offsets."""
    table = _table(options)
    out = text.translate(table)
    origin: list[int] | None = None
    if len(out) != len(text):  # something was dropped: remember where each kept character was
        origin = [i for i, c in enumerate(text) if c not in DROPPED]
    if options.ignore_case:
        lowered = out.lower()
        if len(lowered) != len(out):  # a letter that lowers to two ("İ"): map character by character
            base = origin if origin is not None else list(range(len(out)))
            pieces = [c.lower() for c in out]
            origin = [base[i] for i, piece in enumerate(pieces) for _ in piece]
            lowered = "".join(pieces)
        out = lowered
    return Normalized(out, None if origin is None else tuple(origin))


def terms(text: str) -> list[str]:
    """The words of a text in the loosest matching form: what an index stores and is asked for."""
    return _TERM.findall(normalize(text, LOOSEST).text)


def index_terms(text: str) -> set[str]:
    """Every distinct word of a document, and each word that follows a proclitic without it,
    so that a search for "كوريا" finds a document that only has "وكوريا"."""
    words = set(terms(text))
    words.update([w[1:] for w in words if len(w) > 1 and w[0] in PROCLITICS])
    return words


class Matcher:
    """Finds a name (a pattern) in texts: at word boundaries, after at most one proclitic."""

    def __init__(self, pattern: str, options: MatchOptions = MatchOptions()) -> None:
        self.pattern = pattern
        self.options = options
        body = normalize(pattern.strip(), options).text
        words = [regex.escape(w) for w in body.split()]
        if not words:
            raise ValueError("an empty pattern matches nothing")
        core = r"[^\S\n]+".join(words)  # any run of spaces (not a line break) between words
        head = r"(?<!" + _WORD + r")(?:[" + PROCLITICS + r"](?=" + core + r"))?" if _WORD_CHAR.match(body[0]) else ""
        tail = r"(?!" + _WORD + r")" if _WORD_CHAR.match(body[-1]) else ""
        self._regex = regex.compile(head + "(" + core + ")" + tail)
        self.terms = list(dict.fromkeys(terms(pattern)))  # what an index must hold for a match

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every occurrence in ``text``, as offsets into ``text`` itself."""
        norm = normalize(text, self.options)
        found: list[tuple[int, int]] = []
        for m in self._regex.finditer(norm.text):
            start = norm.source(m.start(1))
            end = norm.source(m.end(1) - 1) + 1
            while end < len(text) and text[end] in DROPPED:  # the last letter's marks belong to it
                end += 1
            if not splits_cluster(text, start, end):
                found.append((start, end))
        return found


def same_name(a: str, b: str, options: MatchOptions = MatchOptions()) -> bool:
    """Whether two strings are the same name under ``options`` (used to group suggestions)."""
    return normalize(" ".join(a.split()), options).text == normalize(" ".join(b.split()), options).text


def is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LNM"
