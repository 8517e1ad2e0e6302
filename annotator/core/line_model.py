"""The boilerplate line classifier a project learns from its own marks.

The hand-set rules of ``annotator.core.boilerplate`` (jusText's stopword density, chrome phrases,
repeats) were written for news sites in general; a project's own sites each have their own chrome.
Once annotators have marked boilerplate in some documents, a logistic regression
(``annotator.core.linear``) over each line's features learns what boilerplate looks like *there*:

- its length in characters and words, sentence punctuation at its end and inside it;
- stopword density in the document's language (jusText's stoplist; none in a language without one);
- digits, link-like tokens (``http``, ``www.``, ``@``, ``#``, ``|``, ``»``, ``•`` …), title-cased words;
- its place in the document (first, last, which tenth) and whether it is the headline;
- how many documents *of the same site* hold the same line (``formats.suggest`` counts them);
- what the rules made of it (jusText's class, a chrome phrase, a section end, a repeat in the document);
- the words of a short line (up to ``SHORT_WORDS``): a site's own "Read more" in any language;
- the same few features of the lines before and after it (chrome comes in runs).

``rows`` describes each line of a document; ``train`` learns from documents whose boilerplate lines
are known; ``LineModel.scores`` gives each line's probability of being boilerplate.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex

from annotator.core.boilerplate import Analysis, cue_key, stopword_density
from annotator.core.linear import LinearModel, Progress, Row, fit

LINE_VERSION = "lines-1"
BOILERPLATE, ARTICLE = "boilerplate", "article"
SHORT_WORDS = 8
_LINK = regex.compile(r"https?://|www\.|\.com\b|\.org\b|\.net\b|@\w|#\w|[|»«›‹•·→←▸▶►]")
_SENTENCE_END = regex.compile(r"[.!?؟…؛;:]['\"”’»)\]]*$")
_SENTENCE_INSIDE = regex.compile(r"[.!?؟][\s]")
_DIGIT = regex.compile(r"\d")
_WORD = regex.compile(r"\w+")
_MAGIC = b"ANNOTATOR-LINES\n"


class LabelledLines(NamedTuple):
    """One document's lines as ``rows`` describes them, and which of them are boilerplate."""

    rows: Sequence[Row]
    boilerplate: Sequence[bool]


def _bucket(value: float, edges: Sequence[float]) -> int:
    return next((k for k, edge in enumerate(edges) if value < edge), len(edges))


def _own(line: str, stoplist: frozenset[str] | None) -> dict[str, float]:
    """The features of a line that its neighbours also lend it."""
    words = line.split()
    f: dict[str, float] = {
        f"len={_bucket(len(line), (15, 30, 50, 80, 120, 200, 400))}": 1.0,
        f"words={_bucket(len(words), (2, 4, 7, 12, 20, 40))}": 1.0,
    }
    if _SENTENCE_END.search(line):
        f["end."] = 1.0
    if stoplist is not None and words:
        f[f"stop={_bucket(stopword_density(line, stoplist), (0.01, 0.1, 0.2, 0.3, 0.4))}"] = 1.0
    return f


def rows(text: str, analysis: Analysis, stoplist: frozenset[str] | None, site_counts: Sequence[int],
         site_documents: int) -> list[Row]:
    """One row of features per line of ``analysis.spans``. ``stoplist``: the folded stopwords of the
    document's language, None when it has none; ``site_counts``: per line, how many documents of the
    document's site hold the same line (1: only this one); ``site_documents``: documents of that site."""
    lines = [text[s:e] for s, e in analysis.spans]
    n = len(lines)
    own = [_own(line, stoplist) for line in lines]
    out: list[Row] = []
    for i, line in enumerate(lines):
        f = dict(own[i])
        f["bias"] = 1.0
        if stoplist is None:
            f["no stoplist"] = 1.0
        inside = len(_SENTENCE_INSIDE.findall(line))
        f[f"sentences={_bucket(inside, (1, 2, 4))}"] = 1.0
        digits = len(_DIGIT.findall(line)) / max(1, len(line))
        f[f"digits={_bucket(digits, (0.01, 0.05, 0.15, 0.3))}"] = 1.0
        links = len(_LINK.findall(line))
        if links:
            f[f"links={_bucket(links, (2, 4))}"] = 1.0
        words = _WORD.findall(line)
        latin = [w for w in words if w[:1].isalpha() and w[:1].isascii()]
        if len(latin) >= 2:
            f[f"titlecase={_bucket(sum(w[:1].isupper() for w in latin) / len(latin), (0.3, 0.6, 0.9))}"] = 1.0
        if i == 0:
            f["first"] = 1.0
        if i == n - 1:
            f["last"] = 1.0
        f[f"tenth={min(9, 10 * i // max(1, n))}"] = 1.0
        f[f"from end={_bucket(n - 1 - i, (1, 3, 6))}"] = 1.0
        if i == analysis.title:
            f["title"] = 1.0
        count = site_counts[i] if i < len(site_counts) else 1
        f[f"site repeats={_bucket(count, (2, 3, 6, 21))}"] = 1.0
        if site_documents >= 4 and count > 1:
            f[f"site share={_bucket(count / site_documents, (0.1, 0.3, 0.6))}"] = 1.0
        f["jt good" if analysis.good[i] else "jt bad"] = 1.0
        reason = analysis.reasons[i]
        if reason:
            f["rule=" + _reason_kind(reason)] = 1.0
        if len(words) <= SHORT_WORDS:
            key = cue_key(line)
            if key:
                f["line=" + key] = 1.0
            for w in key.split():
                f["w=" + w] = 1.0
        for d, name in ((-1, "prev"), (1, "next")):
            j = i + d
            if 0 <= j < n:
                for k, v in own[j].items():
                    f[f"{name} {k}"] = v
                f[f"{name} jt {'good' if analysis.good[j] else 'bad'}"] = 1.0
            else:
                f[f"{name} none"] = 1.0
        out.append(f)
    return out


def _reason_kind(reason: str) -> str:
    for kind in ("chrome phrase", "starts with chrome", "after", "repeated", "copyright", "low stopword",
                 "short", "middling"):
        if kind in reason:
            return kind
    return "other"


@dataclass
class LineModel:
    """A trained line classifier: the logistic regression and what training said."""

    linear: LinearModel

    def scores(self, document_rows: Sequence[Row]) -> list[float]:
        """Each line's probability of being boilerplate."""
        if not document_rows:
            return []
        proba = self.linear.predict_proba(document_rows)
        k = self.linear.classes.index(BOILERPLATE)
        return [float(p) for p in proba[:, k]]

    def to_bytes(self) -> bytes:
        version = LINE_VERSION.encode("ascii")
        return _MAGIC + struct.pack(">I", len(version)) + version + self.linear.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> LineModel:
        if not data.startswith(_MAGIC):
            raise ValueError("not a boilerplate line model")
        at = len(_MAGIC)
        (n,) = struct.unpack(">I", data[at:at + 4])
        version = data[at + 4:at + 4 + n].decode("ascii", "replace")
        if version != LINE_VERSION:
            raise ValueError(f"a line model of version {version!r}; this program reads {LINE_VERSION!r}")
        return cls(LinearModel.from_bytes(data[at + 4 + n:]))


def train(documents: Sequence[LabelledLines], *, l2: float = 1.0, progress: Progress | None = None) -> LineModel:
    """Learn from documents whose boilerplate lines are known (both classes must occur)."""
    all_rows = [r for d in documents for r in d.rows]
    labels = [BOILERPLATE if b else ARTICLE for d in documents for b in d.boilerplate]
    if len(set(labels)) < 2:
        raise ValueError("the marked documents hold only one class of line: nothing to tell apart")
    return LineModel(fit(all_rows, labels, l2=l2, progress=progress))


def line_labels(spans: Sequence[tuple[int, int]], marked: Sequence[tuple[int, int]]) -> list[bool]:
    """Which lines are boilerplate: at least half of a line's characters lie in marked spans."""
    out = []
    for s, e in spans:
        covered = sum(max(0, min(e, me) - max(s, ms)) for ms, me in marked)
        out.append(2 * covered >= e - s)
    return out
