"""Finding every occurrence of a name: Arabic-aware matching for propagation and gazetteers.

The stored text is never changed; matching runs on a normalised copy that remembers, for each
of its characters, where it came from, so every match maps back to exact ``str`` offsets.

Normalisation always drops tashkeel (the short-vowel and other Arabic marks) and tatweel, and
writes every alef form (أ إ آ ٱ) as ا. As options it also writes ى as ي, ة as ه, and folds case.

A match must start and end on word boundaries (between a word character and anything else),
with one exception: a name may follow a single proclitic (و ف ب ل ك), which stays outside the
match ("وكوريا" holds "كوريا"). That is the unit rule of ``annotator.core.units`` with the name
sought as the known name: the proclitic letters, the word characters and the rule itself
(``rest_after_proclitic``: at least two letters after the proclitic) come from there. The
matcher's boundaries are finer than units: "Kim" is found in "Kim's" and "Assad" in "al-Assad".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from annotator.core.errors import AnnotatorError
from annotator.core.offsets import splits_cluster
from annotator.core.units import PROCLITICS, WORD_CHARACTER, rest_after_proclitic

TATWEEL = "\u0640"
# Arabic marks dropped by normalisation: harakat, tanween, shadda, sukun, superscript alef,
# Quranic annotation marks.
_MARK_RANGES = [(0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC),
                (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED)]
DROPPED = frozenset([TATWEEL] + [chr(c) for lo, hi in _MARK_RANGES for c in range(lo, hi + 1)])
ALEFS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}
_WORD = WORD_CHARACTER  # a word's characters, here, in units and in the word index
_WORD_CHAR = regex.compile(_WORD)
_TERM = regex.compile(_WORD + "+")
_SPACES = r"[^\S\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+"  # white space that is not a line break (str.splitlines)
MAX_TERM = 100  # characters of a word the index keeps: PostgreSQL's GIN refuses long entries
# The version of the rule that turns a text into index words (``index_terms``, ``terms``, the
# normalisation and ``_WORD`` above). A word index records the version it was built by and is
# rebuilt when this differs, so bump it with any change that splits or folds any text differently
# (tests/test_matching.py pins the words of tricky texts to it).
WORD_RULE_VERSION = 1


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


_DROPPED = re.compile("[" + "".join(sorted(DROPPED)) + "]")  # the standard re: quicker for a plain class


@lru_cache(maxsize=8)
def _replacements(options: MatchOptions) -> tuple[tuple[str, str], ...]:
    pairs = list(ALEFS.items())
    if options.ya:
        pairs.append(("ى", "ي"))
    if options.ta_marbuta:
        pairs.append(("ة", "ه"))
    return tuple(pairs)


class Normalized:
    """A normalised copy of a text and the way back to the original's indices (worked out only
    when asked: most texts a search reads hold no match)."""

    def __init__(self, text: str, original: str, options: MatchOptions, one_to_one_case: bool = True) -> None:
        self.text = text
        self._original = original
        self._options = options
        self._one_to_one_case = one_to_one_case  # case folding changed no letter's length
        self._dropped: list[int] | None = None
        self._origin: list[int] | None = None

    def source(self, index: int) -> int:
        """The original index of the normalised character at ``index``."""
        if not self._one_to_one_case:
            if self._origin is None:
                self._origin = _origin(self._original, self._options)
            return self._origin[index]
        if len(self.text) == len(self._original):
            return index  # nothing dropped (and no letter folded into two)
        if self._dropped is None:
            self._dropped = [m.start() for m in _DROPPED.finditer(self._original)]
        # the kept character with ``index`` kept ones before it: the least j = index + (dropped ones up to j)
        k = 0
        while True:
            seen = bisect.bisect_right(self._dropped, index + k)
            if seen == k:
                return index + k
            k = seen


def _origin(text: str, options: MatchOptions) -> list[int]:
    kept = [i for i, c in enumerate(text) if c not in DROPPED]
    if options.ignore_case:  # a letter may fold to two ("ß", "İ"): each piece comes from its letter
        plain = dict(_replacements(options))
        kept = [i for i in kept for _ in plain.get(text[i], text[i]).casefold()]
    return kept


def normalize(text: str, options: MatchOptions = MatchOptions()) -> Normalized:
    """The matching form of ``text``, with the way back to the original's offsets."""
    out = _DROPPED.sub("", text) if _DROPPED.search(text) else text
    for letter, plain in _replacements(options):  # str.replace: ten times faster than str.translate here
        if letter in out:
            out = out.replace(letter, plain)
    one_to_one = True
    if options.ignore_case:
        # casefold, letter by letter: no context (Greek final sigma), and ß = ss
        folded = out.casefold()
        if len(folded) != len(out):  # some letter became two: keep the pieces in step with _origin
            one_to_one = False
        out = folded
    return Normalized(out, text, options, one_to_one)


def terms(text: str) -> list[str]:
    """The words of a text in the loosest matching form: what an index stores and is asked for."""
    return [w[:MAX_TERM] for w in _TERM.findall(normalize(text, LOOSEST).text)]


def index_terms(text: str) -> set[str]:
    """Every distinct word of a document in its loosest form: what a word index holds.

    The same words as ``terms``, found faster: most space-separated pieces are a word already
    (letters and digits only, which ``str.isalnum`` checks in C); only the others are split."""
    words: set[str] = set()
    for piece in normalize(text, LOOSEST).text.split():
        if piece.isalnum():
            words.add(piece[:MAX_TERM])
        else:
            words.update(w[:MAX_TERM] for w in _TERM.findall(piece))
    return words


def loose_key(text: str) -> str:
    """A text in its loosest form with its spaces collapsed: what makes two lines or spans "the same"."""
    return normalize(" ".join(text.split()), LOOSEST).text


def with_proclitics(word: str) -> list[str]:
    """A word and the word after each proclitic: the forms an index may hold it in."""
    return [word] + [(p + word)[:MAX_TERM] for p in PROCLITICS]


class KnownNames:
    """The names a project knows (its spans, suggestions, gazetteers), as ``units.Known``: is
    the rest of a word after a proclitic the first word of one of them? Compared in the loosest
    form (tashkeel, tatweel, alef forms, ى/ي, ة/ه and case do not matter)."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._first: set[str] = set()
        self.update(names)

    def update(self, names: Iterable[str]) -> None:
        for name in names:
            words = terms(name)
            if words:
                self._first.add(words[0])

    def __call__(self, rest: str) -> bool:
        words = terms(rest)
        return len(words) == 1 and words[0] in self._first

    def __len__(self) -> int:
        return len(self._first)


class Matcher:
    """Finds a name (a pattern) in texts: at word boundaries, after at most one proclitic."""

    def __init__(self, pattern: str, options: MatchOptions = MatchOptions()) -> None:
        self.pattern = pattern
        self.options = options
        body = normalize(pattern, options).text.split()
        if not body:
            raise AnnotatorError(f"“{pattern}” has no letters to match (only spaces, marks or tatweel)")
        core = _SPACES.join(regex.escape(w) for w in body)  # any run of spaces (not a line break) between words
        # the name sought is known by definition, so a proclitic may precede it if it has two letters
        proclitic = rest_after_proclitic(body[0], known=lambda rest: True)
        head = r"(?<!" + _WORD + r")" + (r"(?:[" + PROCLITICS + r"](?=" + core + r"))?" if proclitic else "") \
            if _WORD_CHAR.match(body[0][0]) else ""
        tail = r"(?!" + _WORD + r")" if _WORD_CHAR.match(body[-1][-1]) else ""
        self._regex = regex.compile(head + "(" + core + ")" + tail)
        # what an index must hold for a match: the first word perhaps after a proclitic, then the rest
        words_loose = list(dict.fromkeys(terms(pattern)))
        self.first_forms = with_proclitics(words_loose[0]) if words_loose else []
        self.other_terms = [w for w in words_loose[1:] if w != words_loose[0]]

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
