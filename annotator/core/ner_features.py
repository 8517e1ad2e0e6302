"""The entity recommender's tokens and features: the app's units, described for a CRF.

Tokens are those of the BIO export (``annotator.core.bio.tokenize``: the units of word snapping,
each other punctuation mark on its own, a proclitic before ال or before a name the project knows
a token of its own), one sequence per line of text. Each token is described by strings that the
CRF weighs (``FEATURE_GROUPS``); the plain baseline uses only ``word`` and ``affix``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from annotator.core.bio import Span, Token, bio_tags, tokenize
from annotator.core.matching import KnownNames
from annotator.core.units import PROCLITICS
from annotator.core.word_clusters import WordClusters, text_forms, word_form

# what each group adds for a token (w: its form, see word_clusters.word_form)
FEATURE_GROUPS = {
    "word": "w, and w without the article ال",
    "affix": "the first and last 1-3 letters of w",
    "shape": "script (arabic, latin, digit, mixed, other), letter shape, length, first or last of its line",
    "context": "the forms of the two tokens either side, and the pairs (previous, w) and (w, next)",
    "clitic": "a proclitic token, the token after one, and for an unsplit word that starts with a proclitic letter the cluster of the rest",
    "cluster": "the word clusters of w and of its neighbours (fine and coarse)",
    "gazetteer": "inside a name the project knows: B or I, with the name's label, here and at the neighbours",
}
FULL = frozenset(FEATURE_GROUPS)
PLAIN = frozenset({"word", "affix"})
NameSource = Mapping[str, str] | Iterable[str]


@dataclass
class Names:
    """The names a project knows, prepared once for many documents: the tokenisation's known names
    (a proclitic before one is split off) and the gazetteer (name forms → label, "" for none)."""

    gazetteer: dict[tuple[str, ...], str] = field(default_factory=dict)
    known: KnownNames = field(default_factory=KnownNames)
    _first: dict[str, int] = field(default_factory=dict)  # first form → longest name starting with it

    @classmethod
    def of(cls, names: NameSource | Names) -> Names:
        if isinstance(names, Names):
            return names
        labelled = names.items() if isinstance(names, Mapping) else ((n, "") for n in names)
        made = cls()
        for name, label in labelled:
            made.add(name, label or "")
        return made

    def add(self, name: str, label: str = "") -> None:
        forms = tuple(text_forms(name))
        if not forms:
            return
        if label or forms not in self.gazetteer:
            self.gazetteer[forms] = label
        self._first[forms[0]] = max(self._first.get(forms[0], 0), len(forms))
        self.known.update([name])

    def marks(self, forms: Sequence[str]) -> list[str]:
        """For each token: "B-label" / "I-label" ("B" / "I" for a name without label) inside the
        longest known name that starts there (left to right, not overlapping), else ""."""
        out = [""] * len(forms)
        i = 0
        while i < len(forms):
            longest = self._first.get(forms[i], 0)
            for n in range(min(longest, len(forms) - i), 0, -1):
                label = self.gazetteer.get(tuple(forms[i:i + n]))
                if label is not None:
                    suffix = "-" + label if label else ""
                    out[i:i + n] = ["B" + suffix] + ["I" + suffix] * (n - 1)
                    i += n
                    break
            else:
                i += 1
        return out


def script(word: str) -> str:
    """arabic, latin, digit, mixed (letters of two scripts, or letters and digits) or other."""
    kinds = set()
    for ch in word:
        if ch.isdigit():
            kinds.add("digit")
        elif ch.isalpha():
            kinds.add("arabic" if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u08ff"
                      or "\ufb50" <= ch <= "\ufeff" else "latin" if ch.isascii() or "LATIN" in unicodedata.name(ch, "")
                      else "letter")
    if not kinds:
        return "other"
    return kinds.pop() if len(kinds) == 1 else "mixed"


def shape(word: str) -> str:
    """Letter shape with repeats collapsed: "Xx" for "Korea", "X.X." for "U.S.", "d" for "2024", "a"
    for Arabic letters; marks are left out."""
    out: list[str] = []
    for ch in word:
        if unicodedata.category(ch)[0] == "M":
            continue
        c = "d" if ch.isdigit() else "X" if ch.isupper() else "x" if ch.islower() else \
            "a" if ch.isalpha() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:8]


def _length(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3" if n == 3 else "4-5" if n <= 5 else "6-8" if n <= 8 else "9+"


def lines(text: str) -> list[tuple[int, int]]:
    """Each line's (start, end): a line is one sequence for the CRF."""
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def sequences(text: str, spans: Sequence[Span], names: Names) -> list[list[Token]]:
    """The tokens of each line that holds any, as offsets into ``text`` (spans cut tokens, as in
    the BIO export; at prediction there are none)."""
    out = []
    for a, b in lines(text):
        inside = [(s - a, e - a, label) for s, e, label in spans if a <= s and e <= b]
        tokens = [(s + a, e + a) for s, e in tokenize(text[a:b], inside, names.known)]
        if tokens:
            out.append(tokens)
    return out


def labels(tokens: Sequence[Token], spans: Sequence[Span]) -> list[str]:
    """BIO tags of a line's tokens for the spans that lie in it."""
    lo, hi = (tokens[0][0], tokens[-1][1]) if tokens else (0, 0)
    return bio_tags(tokens, [s for s in spans if lo <= s[0] and s[1] <= hi])


def features(text: str, tokens: Sequence[Token], groups: frozenset[str], clusters: WordClusters,
             names: Names) -> list[list[str]]:
    """The CRF's features of each token of one line."""
    raw = [text[s:e] for s, e in tokens]
    forms = [word_form(w) for w in raw]
    n = len(tokens)
    proclitic = [raw[i] in PROCLITICS and i + 1 < n and tokens[i + 1][0] == tokens[i][1] for i in range(n)]
    ids = [clusters.of(f) for f in forms] if "cluster" in groups or "clitic" in groups else [None] * n
    marks = names.marks(forms) if "gazetteer" in groups else [""] * n
    out: list[list[str]] = []
    for i, (w, form) in enumerate(zip(raw, forms)):
        f = ["b"]
        if "word" in groups:
            f.append("w=" + form)
            if form.startswith("ال") and len(form) > 4:
                f.append("st=" + form[2:])
        if "affix" in groups:
            f += [f"p{k}={form[:k]}" for k in (1, 2, 3) if len(form) > k]
            f += [f"x{k}={form[-k:]}" for k in (1, 2, 3) if len(form) > k]
        if "shape" in groups:
            f += ["sc=" + script(w), "sh=" + shape(w), "len=" + _length(len(form))]
            if i == 0:
                f.append("first")
            if i == n - 1:
                f.append("last")
        if "context" in groups:
            for d in (-2, -1, 1, 2):
                j = i + d
                f.append(f"w{d:+d}=" + (forms[j] if 0 <= j < n else "<s>" if j < 0 else "</s>"))
            f.append("w-1|w=" + (forms[i - 1] if i else "<s>") + "|" + form)
            f.append("w|w+1=" + form + "|" + (forms[i + 1] if i + 1 < n else "</s>"))
        if "clitic" in groups:
            if proclitic[i]:
                f.append("pc=" + w)
            if i and proclitic[i - 1]:
                f.append("after_pc=" + raw[i - 1])
            elif not proclitic[i] and len(form) > 3 and form[0] in PROCLITICS:
                rest = clusters.of(form[1:])
                if rest is not None:
                    f.append(f"rest_c={form[0]}{rest[0]}")
        if "cluster" in groups:
            for d in (-1, 0, 1):
                j = i + d
                if 0 <= j < n and (c := ids[j]) is not None:
                    f += [f"c{level}{d:+d}={cid}" for level, cid in enumerate(c)]
            if ids[i] is None:
                f.append("c=none")
        if "gazetteer" in groups:
            for d in (-1, 0, 1):
                j = i + d
                if 0 <= j < n and marks[j]:
                    f.append(f"g{d:+d}={marks[j]}")
                    if len(marks[j]) > 1:
                        f.append(f"g{d:+d}={marks[j][0]}")
        out.append(f)
    return out
