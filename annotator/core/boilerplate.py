"""Boilerplate suggestions for one document: the lines that look like site chrome, each with a reason."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path

import justext  # type: ignore[import-untyped]  # jusText ships no type hints
import regex
from justext.core import classify_paragraphs, revise_paragraph_classification  # type: ignore[import-untyped]
from justext.paragraph import Paragraph  # type: ignore[import-untyped]

from annotator.core.errors import InputError
from annotator.core.matching import MatchOptions, normalize
from annotator.core.stoplists import stoplist_name
from annotator.core.units import PROCLITICS
from annotator.resources import resource_path

_NOT_WORD = regex.compile(r"[\p{P}\p{Sm}\p{Sk}\p{Cf}\s]+")  # punctuation, arrows, bidi marks: spaces in a cue key
_EDGE_PUNCT = regex.compile(r"^[\p{P}\p{S}\p{Cf}]+|[\p{P}\p{S}\p{Cf}]+$")
_SENTENCE_END = regex.compile(r"[.!?؟…:;؛]\W*$")
_FOLD = MatchOptions(ya=True, ignore_case=True)  # the matching form of core.matching, ى as ي, any case
_REPEAT_WORDS = 3  # a repeated line has at least this many words
_CREDIT_WORDS = 3  # a copy may carry this many more words (a photo credit: "AFP", "Getty Images")
_TITLE_WORDS = 4
_WRAP_WIDTH = 40  # characters of a line that a wrapped paragraph goes on after
_MENU_RUN = 5    # short lines in a row that make a menu
_MENU_WORDS = 3  # words in a menu's line, at most
_SHORT_STORY_LENGTH = 70  # jusText's length_low
_WINDOW = 1000  # lines jusText classifies at once
_COPYRIGHT = "jusText: copyright sign"


@dataclass(frozen=True)
class LineHit:
    """A line suggested as boilerplate: its stripped extent and why."""

    start: int  # str offset of the line's first non-space character
    end: int  # end-exclusive, just after its last non-space character
    reason: str


@dataclass(frozen=True)
class Cues:
    """Chrome phrases (see resources/boilerplate_cues.toml): whole lines, line starts, and section headers."""

    whole_line: tuple[str, ...]
    line_start: tuple[str, ...]
    section_end: tuple[str, ...]

    @cached_property
    def whole_line_keys(self) -> frozenset[str]:
        return frozenset(cue_key(c) for c in (*self.whole_line, *self.section_end))

    @cached_property
    def section_end_keys(self) -> frozenset[str]:
        return frozenset(cue_key(c) for c in self.section_end)

    @cached_property
    def line_start_keys(self) -> tuple[tuple[str, str], ...]:
        return tuple((cue_key(c), c) for c in self.line_start)

    def starts(self, key: str) -> str | None:
        """The line-start cue that a line's key begins with (on a word boundary), if any."""
        for cue, phrase in self.line_start_keys:
            if key.startswith(cue) and (len(key) == len(cue) or key[len(cue)] == " " or not cue[-1].isalnum()):
                return phrase
        return None


def _fold(text: str) -> str:
    """Case-folded, without tashkeel and tatweel, alef forms as ا and ى as ي: the form words are compared in."""
    return normalize(text, _FOLD).text


def cue_key(line: str) -> str:
    """A line or cue as compared: folded, punctuation as single spaces, a count at either end dropped."""
    words = _NOT_WORD.sub(" ", _fold(line)).split()
    while words and words[0].isdigit():
        words.pop(0)
    while words and words[-1].isdigit():
        words.pop()
    return " ".join(words)


def load_cues(path: Path | None = None) -> Cues:
    """Read a cues file; the default is the packaged resources/boilerplate_cues.toml. A broken file raises InputError."""
    path = path or resource_path("boilerplate_cues.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read cues: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(str(path), f"not valid UTF-8 TOML: {exc}") from None
    fields = ("whole_line", "line_start", "section_end")
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise InputError(str(path), f"unknown key {unknown[0]!r} (allowed: {', '.join(fields)})")
    lists: list[tuple[str, ...]] = []
    for name in fields:
        value = data.get(name, [])
        if not isinstance(value, list):
            raise InputError(str(path), f"'{name}' must be a list of phrases")
        for n, v in enumerate(value, 1):
            if not isinstance(v, str) or not cue_key(v):
                raise InputError(str(path), f"'{name}' entry {n} ({v!r}): a phrase needs letters or digits")
        lists.append(tuple(value))
    return Cues(*lists)


@lru_cache(maxsize=1)
def _default_cues() -> Cues:
    return load_cues()


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, stripped of surrounding whitespace (``str.isspace`` characters)."""
    spans, at = [], 0
    for line in text.split("\n"):
        body = line.strip()
        if body:
            start = at + len(line) - len(line.lstrip())
            spans.append((start, start + len(body)))
        at += len(line) + 1
    return spans


def _word(token: str) -> str:
    return _bare(_fold(token))


def _bare(folded: str) -> str:
    """A folded word without the punctuation at its edges (most words have none: checked in C first)."""
    return folded if folded[:1].isalnum() and folded[-1:].isalnum() else _EDGE_PUNCT.sub("", folded)


def _stoplist(lang: str) -> frozenset[str] | None:
    """The stoplist for a language tag ("de", "ar-EG", "German": see ``core.stoplists``), or None when
    jusText has none for it ("und", "zh", an unknown tag): then the classifier says nothing."""
    name = stoplist_name(lang)
    return None if name is None else _folded_stoplist(name)


def stoplist_for(lang: str) -> frozenset[str] | None:
    """The folded stoplist of a language tag, None when jusText has none for it (see ``_stoplist``)."""
    return _stoplist(lang)


def stopword_density(line: str, stoplist: frozenset[str]) -> float:
    """The share of a line's words in a folded stoplist, as the classifier counts them."""
    words = _fold(line).split()
    return sum(_bare(w) in stoplist for w in words) / len(words) if words else 0.0


@lru_cache(maxsize=None)  # one per language met (at most jusText's hundred), each folded once
def _folded_stoplist(name: str) -> frozenset[str]:
    """jusText's stoplist, folded; Arabic words also with one proclitic glued on (و ف ب ل ك, and ل + ال = لل)."""
    words = {_word(w) for w in justext.get_stoplist(name)} - {""}
    if name == "Arabic":
        words |= {c + w for w in words for c in PROCLITICS}
        words |= {"لل" + w[2:] for w in words if w.startswith("ال")}
    return frozenset(words)


class _Path:
    dom = "body.p"
    xpath = "/body/p"


class _Line(Paragraph):  # type: ignore[misc]  # Paragraph is untyped
    """One line as a jusText paragraph; its words are folded and stripped of edge punctuation before the
    stoplist look-up, and its text is worked out once (jusText's ``text`` re-joins it on every use)."""

    def __init__(self, line: str) -> None:
        super().__init__(_Path())
        # jusText's append_text normalises whitespace with a Python callback per space; a line
        # (no line break in it) comes out the same from split and join, in C
        self._text: str = " ".join(line.split())
        self.text_nodes.append(self._text)
        self._stopwords: int | None = None  # jusText asks more than once, always with one stoplist's words

    @property
    def text(self) -> str:
        return self._text

    def stopwords_count(self, stopwords: frozenset[str]) -> int:
        # jusText passes its own lower-cased copy of our (folded) stoplist: the same words, another object
        if self._stopwords is None:
            self._stopwords = sum(_bare(w) in stopwords for w in _fold(self._text).split())  # folded once
        return self._stopwords


def _justext(lines: list[str], stoplist: frozenset[str]) -> tuple[list[bool], list[str | None]]:
    """Per line: whether jusText calls it good, and a reason where it calls it bad.

    jusText's context pass is quadratic in a run of short lines, so a very long document is
    classified in windows of ``_WINDOW`` lines (each a page of its own for jusText)."""
    if len(lines) > _WINDOW:
        good: list[bool] = []
        reasons: list[str | None] = []
        for at in range(0, len(lines), _WINDOW):
            part = _justext(lines[at:at + _WINDOW], stoplist)
            good += part[0]
            reasons += part[1]
        return good, reasons
    paragraphs = [_Line(line) for line in lines]
    classify_paragraphs(paragraphs, stoplist)
    if not any(p.cf_class == "good" for p in paragraphs):
        # No paragraph is long enough (200 characters) to anchor the article, as in a story told in
        # one-sentence paragraphs: then any dense paragraph of 70 characters or more anchors it.
        classify_paragraphs(paragraphs, stoplist, length_high=_SHORT_STORY_LENGTH)
    revise_paragraph_classification(paragraphs)
    return [p.class_type == "good" for p in paragraphs], [_bad_reason(p, stoplist) for p in paragraphs]


def _wrapped(lines: list[str], stoplist: frozenset[str]) -> tuple[list[bool], list[str | None]]:
    """``_justext`` on paragraphs rather than lines where the text was wrapped at a fixed width (an e-mail,
    a plain-text page, a ``<pre>``): a line of ``_WRAP_WIDTH`` characters or more without sentence punctuation
    at its end, followed by one that starts with a small letter, goes on in it. Each line gets its
    paragraph's verdict."""
    groups: list[list[int]] = []
    for i, line in enumerate(lines):
        if groups and _continues(lines[i - 1], line):
            groups[-1].append(i)
        else:
            groups.append([i])
    if len(groups) == len(lines):
        return _justext(lines, stoplist)
    good, reasons = _justext([" ".join(lines[i] for i in g) for g in groups], stoplist)
    line_good: list[bool] = [False] * len(lines)
    line_reasons: list[str | None] = [None] * len(lines)
    for g, ok, why in zip(groups, good, reasons):
        for i in g:
            line_good[i], line_reasons[i] = ok, why
    return line_good, line_reasons


def _continues(line: str, following: str) -> bool:
    first = next((c for c in following if c.isalpha()), "")
    return len(line) >= _WRAP_WIDTH and first.islower() and not _SENTENCE_END.search(line)


def _bad_reason(p: _Line, stoplist: frozenset[str]) -> str | None:
    """Why jusText put a paragraph in its "bad" class, in words; None when it did not."""
    if p.class_type != "bad":
        return None
    text: str = p.text
    density: float = p.stopwords_density(stoplist)
    if p.cf_class == "bad":
        return _COPYRIGHT if "\xa9" in text else f"jusText: low stopword density ({density:.2f})"
    if p.cf_class == "short":
        unpunctuated = "" if _SENTENCE_END.search(text) else ", no sentence punctuation"
        return f"jusText: short{unpunctuated}, among boilerplate"
    return f"jusText: middling stopword density ({density:.2f}), among boilerplate"


def _repeats(lines: list[str]) -> dict[int, int]:
    """Lines (of enough words) that occur twice or more, also when one copy adds a short credit ("… AFP"):
    each mapped to another copy."""
    where: defaultdict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        words = line.split()
        if len(words) >= _REPEAT_WORDS:
            where[" ".join(words)].append(i)
    found: dict[int, int] = {}
    for text, copies in where.items():
        words = text.split(" ")
        cut = range(1, min(_CREDIT_WORDS, len(words) - _REPEAT_WORDS) + 1)
        shorter = [" ".join(words[:-k]) for k in cut] + [" ".join(words[k:]) for k in cut]
        bare = [where[t][0] for t in shorter if t in where]  # the same line without the credit
        if len(copies) > 1 or bare:
            for n, i in enumerate(copies):
                found[i] = copies[n - 1] if len(copies) > 1 else bare[0]
        for j in bare:
            found.setdefault(j, copies[0])
    return found


def _heading_like(line: str) -> bool:
    return len(line.split()) >= _TITLE_WORDS and not _SENTENCE_END.search(line)


@dataclass(frozen=True)
class Analysis:
    """What the classifier made of each non-blank line of a document (``spans``, in text order)."""

    spans: list[tuple[int, int]]
    reasons: list[str | None]  # why the line looks like boilerplate; None: it does not
    good: list[bool]           # jusText's "good" class: article-like text (when abstaining: lines of 70 characters or more)
    title: int | None          # the headline (never suggested), if one was found
    abstained: bool = False    # no stoplist for the document's language: the classifier made no suggestion


def classify(text: str, lang: str, cues: Cues | None = None) -> list[LineHit]:
    """Lines of one document that look like boilerplate, in text order, each with the reason of its strongest source.

    ``lang`` names the language (ISO 639-1, as ``core.language.detect_language`` gives it) and so
    jusText's stoplist. Sources, strongest first: a chrome phrase (whole line or line start), the rest
    of the page after a section header such as "Most Read", a line repeated in the document, and
    jusText's "bad" class. The title is never suggested.

    A language without a stoplist ("und", "zh" …) gives no suggestion at all: without its stopwords
    nothing tells article from chrome (German read with the English stoplist is all "bad", like a
    page of menus), so nothing is judged.

    jusText judges a line by its length and stopword density against the lines around it, so it
    never has the last word on a whole document: where every line would be suggested and some only
    on jusText's word (a headline-only document, a brief of a few short lines), those lines are not
    suggested. Only chrome phrases, section ends, repeats and a copyright sign can make a document
    all boilerplate (and, in ``formats.suggest``, lines marked or recurring in other documents).
    """
    found = analyse(text, lang, cues)
    return [LineHit(s, e, reason) for (s, e), reason in zip(found.spans, found.reasons) if reason]


def analyse(text: str, lang: str, cues: Cues | None = None) -> Analysis:
    """``classify``, with what else it worked out: which lines jusText calls good, and the title."""
    if cues is None:
        cues = _default_cues()
    spans = line_spans(text)
    lines = [text[s:e] for s, e in spans]
    stoplist = _stoplist(lang)
    if not lines:
        return Analysis([], [], [], None, abstained=stoplist is None)
    if stoplist is None:
        return _abstain(spans, lines)
    good, jt_reasons = _wrapped(lines, stoplist)

    keys = [cue_key(line) for line in lines]
    chrome: dict[int, str] = {}
    for i, (line, key) in enumerate(zip(lines, keys)):
        if key in cues.whole_line_keys:
            chrome[i] = f"chrome phrase “{line}”"
        elif (phrase := cues.starts(key)) is not None:
            chrome[i] = f"starts with chrome phrase “{phrase}”"
    numbers = _line_numbers(text, spans)
    repeated = {i: f"repeated in this document (also line {numbers[j]})" for i, j in _repeats(lines).items()}
    body = [g and i not in chrome and i not in repeated for i, g in enumerate(good)]

    body_chars = list(accumulate((len(line) if b else 0 for line, b in zip(lines, body)), initial=0))
    after: dict[int, str] = {}
    for i, key in enumerate(keys):
        # more article text before the header than after it, or none on the page at all (a page of links)
        before, rest = body_chars[i], body_chars[-1] - body_chars[i + 1]
        if key in cues.section_end_keys and (before > rest or before == rest == 0):
            after = {j: f"after “{lines[i]}”, where the article has ended" for j in range(i + 1, len(lines))}
            break

    title = _title(lines, body, {*chrome, *repeated})
    menus = _menus(lines, title, body)

    reasons = [chrome.get(i) or after.get(i) or (None if i == title else repeated.get(i) or jt_reasons[i] or menus.get(i))
               for i in range(len(lines))]
    marked = {*chrome, *after, *repeated} | {i for i, r in enumerate(jt_reasons) if r == _COPYRIGHT}
    if all(reasons) and len(marked) < len(lines):
        # jusText alone would leave nothing of the document: its only content is not boilerplate for being short
        reasons = [r if i in marked else None for i, r in enumerate(reasons)]
    return Analysis(spans, reasons, good, title)


def _menus(lines: list[str], title: int | None, body: list[bool]) -> dict[int, str]:
    """Runs of at least ``_MENU_RUN`` short lines (``_MENU_WORDS`` words or fewer, no sentence punctuation,
    no digits): a menu, a list of sections or tags, which jusText may call good between two paragraphs.
    A run with article text (``body``) right before and right after it is a list in the article (a team's
    players, a cast) and is left alone."""
    found: dict[int, str] = {}
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        short = (i < len(lines) and i != title and 0 < len(line.split()) <= _MENU_WORDS
                 and not _SENTENCE_END.search(line) and not any(c.isdigit() for c in line))
        if short:
            run.append(i)
            continue
        inside = run and run[0] > 0 and i < len(lines) and body[run[0] - 1] and body[i]
        if len(run) >= _MENU_RUN and not inside:
            found.update({j: f"one of {len(run)} short lines in a row: a menu" for j in run})
        run = []
    return found


def _title(lines: list[str], body: list[bool], chrome: set[int]) -> int | None:
    """The headline: the longest heading-like line before the body. A line printed twice before the body
    is more often a photo caption, so not one of those (nor chrome)."""
    first_body = next((i for i, b in enumerate(body) if b), 0)
    titles = [i for i in range(first_body) if i not in chrome and _heading_like(lines[i])]
    return max(titles, key=lambda i: len(lines[i]), default=None)


def _abstain(spans: list[tuple[int, int]], lines: list[str]) -> Analysis:
    """A document in a language without a stoplist: no line is suggested. Lines of 70 characters or more
    stand for its article text (``good``), so that a story reprinted in other documents still protects its
    running text from the "recurring" source (see ``formats.suggest``), and the headline is found before them."""
    body = [len(line) >= _SHORT_STORY_LENGTH for line in lines]
    return Analysis(spans, [None] * len(lines), body, _title(lines, body, set(_repeats(lines))), abstained=True)


def _line_numbers(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """The 1-based line number of each span."""
    numbers, line, at = [], 1, 0
    for start, _ in spans:
        line += text.count("\n", at, start)
        at = start
        numbers.append(line)
    return numbers
