"""Web pages as lines, and each line's label: how benchmarks/boilerplate_corpus.py turns a page and its
reference into the corpus that benchmarks/boilerplate_quality.py scores. Nothing here is tuned on the pages.

**Rendering** (``render``), as a scraper that keeps everything would: lxml.html parses the page; ``head``,
``script``, ``style``, ``noscript``, ``template``, form ``select``s, ``svg``, ``math``, ``iframe``,
``object``, ``embed``, ``canvas`` and comments are dropped; every block-level element (``BLOCKS``) and
every ``<br>`` ends a line, inline elements run on; whitespace collapses to single spaces; ``pre`` keeps
its line breaks; empty lines go.

**Labels** (one per line; None: not scored):

- a *full* reference (the article text a package's tests expect, rendered by the same rule when it is
  HTML): a line equal to a reference line is article; a line of 8 characters or more is article when
  80 % or more of its 8-character pieces occur in the reference, boilerplate when 20 % or fewer do, not
  scored in between; a shorter line is boilerplate when it occurs nowhere in the reference, else not
  scored. The headline (an ``<h1>`` or the reference's title) is not scored unless the reference has it:
  references differ on whether it belongs to the article, and our suggestions never take it.
- *snippets* (strings a page's text must hold or must not hold): every line holding a "must not"
  string is boilerplate; the line holding a "must" string is article when exactly one does (a string
  found more than once says nothing); a snippet cut by a line break marks every line it covers; a line
  both ways is not scored; the others are not scored.
- a *prefix* (the start of the article): its paragraphs are "must" snippets.

**Language** (``detect_language``): the script of the text (Arabic, Han, kana, Hangul, Thai, Myanmar,
Cyrillic), and for Latin script the jusText stoplist (of ``LATIN``) that covers most of its words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import justext  # type: ignore[import-untyped]
import lxml.html
from charset_normalizer import from_bytes

ARTICLE, BOILERPLATE = "article", "boilerplate"
DROPPED = frozenset({"head", "script", "style", "noscript", "template", "select", "svg", "math", "iframe",
                     "object", "embed", "canvas"})
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "button", "label",
    "option", "textarea",
})
GRAM = 8  # characters in a piece of a line compared with the reference
ARTICLE_SHARE, BOILERPLATE_SHARE = 0.8, 0.2
JUSTEXT_NAMES = {"ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fr": "French", "it": "Italian",
                 "ko": "Korean", "lv": "Latvian", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ru": "Russian"}
LATIN = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "lv")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


# -- rendering ----------------------------------------------------------------------------------

def decode(data: bytes) -> str:
    """A page's bytes as text: UTF-8 when they are, else the charset the page declares, else a guess."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:8192])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("utf-8", "replace")


def tree(html: str) -> Any:
    return lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1) or "<html></html>")


def render(html: str) -> list[str]:
    """The page's text, one line per block-level element (see the module docstring)."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    def add(text: str | None, pre: int) -> None:
        if not text:
            return
        if pre:
            first, *rest = text.split("\n")
            current.append(first)
            for piece in rest:
                flush()
                current.append(piece)
        else:
            current.append(text)

    stack: list[tuple[Any, bool, int]] = [(tree(html), False, 0)]
    while stack:
        el, closing, pre = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else None  # None: a comment or processing instruction
        if closing:
            if tag in BLOCKS:
                flush()
            add(el.tail, pre - (tag == "pre"))
            continue
        if tag is None or tag in DROPPED:
            add(el.tail, pre)
            continue
        if tag == "br":
            flush()
            add(el.tail, pre)
            continue
        if tag in BLOCKS:
            flush()
        inner = pre + (tag == "pre")
        add(el.text, inner)
        stack.append((el, True, inner))
        stack.extend((child, False, inner) for child in reversed(el))
    flush()
    return lines


def headings(html: str) -> list[str]:
    """The text of the page's ``<h1>`` elements, as rendered."""
    return [t for h in tree(html).iter("h1") if (t := " ".join(h.text_content().split()))]


def page_lang(html: str) -> str | None:
    """The ``lang`` (or ``xml:lang``) attribute of the page's ``<html>`` element."""
    root = tree(html)
    value = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or root.get("xml:lang")
    return value.strip().lower() if value and value.strip() else None


# -- labels -------------------------------------------------------------------------------------

def norm(text: str) -> str:
    """Text as compared: NFKC, without zero-width characters and soft hyphens, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_INVISIBLE).split())


def _grams(text: str) -> Iterator[str]:
    return (text[i:i + GRAM] for i in range(len(text) - GRAM + 1))


def label_by_reference(lines: list[str], reference: Iterable[str], titles: Iterable[str] = ()) -> list[str | None]:
    """Each line's label against the full article text (see the module docstring)."""
    ref = [n for n in map(norm, reference) if n]
    exact, blob = set(ref), "\n".join(ref)
    pieces = set(_grams(" ".join(ref)))
    headline = {norm(t) for t in titles} - exact
    labels: list[str | None] = []
    for line in map(norm, lines):
        if line in exact:
            labels.append(ARTICLE)
        elif line in headline:
            labels.append(None)
        elif len(line) < GRAM:
            labels.append(None if line in blob else BOILERPLATE)
        else:
            grams = list(_grams(line))
            share = sum(g in pieces for g in grams) / len(grams)
            labels.append(ARTICLE if share >= ARTICLE_SHARE else BOILERPLATE if share <= BOILERPLATE_SHARE else None)
    return labels


@dataclass
class SnippetReport:
    """How the snippets of one page matched: those found nowhere, and "must" snippets found more than once."""

    missing: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)


def _occurrences(normed: list[str], snippet: str) -> list[range]:
    """The line ranges that each occurrence of ``snippet`` covers, in the lines joined by spaces."""
    starts, at = [], 0
    for line in normed:
        starts.append(at)
        at += len(line) + 1
    blob = " ".join(normed)
    found, i = [], blob.find(snippet)
    while i >= 0:
        first = _line_at(starts, i)
        found.append(range(first, _line_at(starts, i + len(snippet) - 1) + 1))
        i = blob.find(snippet, i + 1)
    return found


def _line_at(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def label_by_snippets(lines: list[str], inside: Iterable[str], outside: Iterable[str],
                      report: SnippetReport | None = None) -> list[str | None]:
    """Each line's label from "must hold" (``inside``) and "must not hold" (``outside``) snippets."""
    report = report if report is not None else SnippetReport()
    normed = [norm(line) for line in lines]
    votes: list[set[str]] = [set() for _ in lines]
    for snippets, label in ((inside, ARTICLE), (outside, BOILERPLATE)):
        for snippet in filter(None, map(norm, snippets)):
            where = _occurrences(normed, snippet)
            if not where:
                report.missing.append(snippet)
            elif label == ARTICLE and len(where) > 1:
                report.ambiguous.append(snippet)
            else:
                for covered in where:
                    for i in covered:
                        votes[i].add(label)
    return [next(iter(v)) if len(v) == 1 else None for v in votes]


# -- language -----------------------------------------------------------------------------------

def _script(ch: str) -> str | None:
    cp = ord(ch)
    if 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF or 0xFB50 <= cp <= 0xFEFF:
        return "ar"
    if 0x3040 <= cp <= 0x30FF:
        return "kana"
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF:
        return "han"
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF:
        return "ko"
    if 0x0E00 <= cp <= 0x0E7F:
        return "th"
    if 0x1000 <= cp <= 0x109F:
        return "my"
    if 0x0400 <= cp <= 0x04FF:
        return "ru"
    return "latin" if ch.isalpha() and (cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF) else None


def detect_language(text: str) -> str:
    """A language code from the script of ``text``, and for Latin script from jusText's stoplists."""
    scripts = Counter(s for s in map(_script, text) if s)
    if not scripts:
        return "und"
    top = scripts.most_common(1)[0][0]
    if top in ("han", "kana"):
        return "ja" if scripts["kana"] > scripts["han"] / 10 else "zh"
    if top != "latin":
        return top
    words = [w.strip(".,;:!?\"'()[]«»„“”‘’").casefold() for w in text.split()]
    cover = {lang: sum(w in _stoplist(lang) for w in words) for lang in LATIN}
    return max(LATIN, key=lambda lang: cover[lang])


_STOPLISTS: dict[str, frozenset[str]] = {}


def _stoplist(lang: str) -> frozenset[str]:
    if lang not in _STOPLISTS:
        _STOPLISTS[lang] = frozenset(w.casefold() for w in justext.get_stoplist(JUSTEXT_NAMES[lang]))
    return _STOPLISTS[lang]
