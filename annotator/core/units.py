"""What a word is: the one unit rule of word snapping, the BIO tokens and the matcher's proclitics.

A **unit** is a run of word clusters: grapheme clusters (a letter with its marks, a flag, an emoji
sequence; ``regex``'s ``\\X``) whose first character is a letter, a digit, a mark or a private-use
character. Tatweel is a letter. Inside a unit, and only between two word clusters, an apostrophe
(' ’), a hyphen (- ‐ ‑) or an invisible format character (LRM, RLM, soft hyphen…; not the
zero-width space) keeps the word whole ("don't", "al-Assad", "O'Brien"), and so do . , ٫ ٬
between two digits ("10,000", "١٠٬٠٠٠", "3.5"). Single letters each followed by a period make
one unit with their last period ("U.S.", "e.g.", "أ.د."). Whitespace, punctuation (، ؛ ؟ « »
included), symbols and emoji, and bidi controls are never at a unit's edges.

A single **proclitic** (و ف ب ل ك) before a word is a unit of its own when the rest of the word
has at least two letters and either starts with the article ال followed by at least two letters
("والولايات" is "و" + "الولايات"; "والد" stays whole) or is a name the project knows ("وكوريا"
with "كوريا" known). Otherwise the word stays whole: "وقال", "ولكوريا" (two proclitics), and
"للولايات" (ل + ال is written لل, so the rest "لولايات" does not start with ال). Likewise an
English possessive 's (or ’s) after a letter is a unit of its own ("Korea's" is "Korea" + "'s"),
as in CoNLL and spaCy tokens. Snapping never leaves a clitic at a selection's edge: it counts as
its word ("والولايات المتحدة" and "North Korea's" snap to "الولايات المتحدة" and "North Korea").

Which names are known is the caller's: ``known`` is any ``Known`` callable, asked with the rest
of the word exactly as the text writes it (marks, tatweel and all);
``annotator.core.matching.KnownNames`` builds one from names in the matcher's loosest form.

Offsets are ``str`` indices (code points), end-exclusive. Unit edges always fall on grapheme
cluster boundaries (``annotator.core.offsets.cluster_boundaries`` lists those for hit testing).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import NamedTuple

import regex

from annotator.core.offsets import is_cluster_boundary, snap_to_clusters

PROCLITICS = "وفبلك"
# A word's characters: here, in the matcher's word boundaries and in the word index.
WORD_CHARACTER = r"[\p{L}\p{N}\p{M}\p{Co}]"

Known = Callable[[str], bool]

_CLUSTER = regex.compile(r"\X")
_W = r"(?:(?=" + WORD_CHARACTER + r")\X)"              # a word cluster
_L = r"(?:(?=\p{L})\X)"                                 # a letter cluster
_JOIN = r"(?:(?=['’\-‐‑]|(?!\u200b)\p{Cf})\X)"           # keeps two word clusters in one unit
_NUMJOIN = r"(?:(?<=\p{Nd})(?=[.,٫٬]\p{Nd})\X)"          # keeps two digits in one unit
_ABBREVIATION = _L + r"(?:(?=\.)\X" + _L + r")+(?:(?=\.)\X)?(?!" + _W + ")"
_WORD_RUN = _W + r"+(?:(?:" + _JOIN + "|" + _NUMJOIN + ")" + _W + "+)*"
# A unit (group 1: an abbreviation, group 2: a word) or one cluster that is not in a unit: every
# match starts and ends on a cluster boundary.
_SCAN = regex.compile("(" + _ABBREVIATION + ")|(" + _WORD_RUN + r")|\X")
_TATWEEL = "\u0640"
_POSSESSIVE = regex.compile(r"(?<=\p{L})['’][sS]$")


class Unit(NamedTuple):
    """A unit's offsets, and whether it is a clitic that belongs to a neighbouring word: 1 for a
    proclitic (its word follows), -1 for an English possessive 's (its word precedes), else 0."""

    start: int
    end: int
    clitic: int = 0


def units(text: str, known: Known | None = None) -> list[tuple[int, int]]:
    """The units of ``text`` in order, as (start, end)."""
    return [(u.start, u.end) for u in unit_list(text, known)]


def unit_list(text: str, known: Known | None = None, offset: int = 0) -> list[Unit]:
    """The units of ``text`` with their clitic flags; offsets shifted by ``offset``."""
    found: list[Unit] = []
    for m in _SCAN.finditer(text):
        if m.group(1) is not None:
            found.append(Unit(offset + m.start(), offset + m.end()))
        elif m.group(2) is not None:
            split = proclitic_end(m.group(2), known)
            start, end = offset + m.start(), offset + m.end()
            if split:
                found.append(Unit(start, start + split, 1))
                start += split
            if _POSSESSIVE.search(m.group(2)):
                found += [Unit(start, end - 2), Unit(end - 2, end, -1)]
            else:
                found.append(Unit(start, end))
    return found


def proclitic_end(word: str, known: Known | None = None) -> int:
    """Where the rest of ``word`` starts when its first letter is a proclitic of its own, else 0."""
    if not word or word[0] not in PROCLITICS:
        return 0
    first = _CLUSTER.match(word)
    assert first is not None
    rest = word[first.end():]
    return first.end() if rest_after_proclitic(rest, known) else 0


def rest_after_proclitic(rest: str, known: Known | None = None) -> bool:
    """True when ``rest``, the word after a proclitic letter, makes that letter a unit: at least
    two letters, and the article ال with at least two letters after it, or a known name."""
    letters = [c for c in rest if unicodedata.category(c)[0] == "L" and c != _TATWEEL]
    if len(letters) < 2:
        return False
    skeleton = "".join(letters).replace("ٱ", "ا")  # alef wasla: "وَٱلْ" in vowelled text
    if skeleton.startswith("ال") and len(skeleton) >= 4:
        return True
    return known is not None and known(rest)


# -- snapping ------------------------------------------------------------------------------------

def _at_gap(text: str, pos: int) -> bool:
    """True when no unit crosses ``pos``: the text's ends, or a whitespace cluster starts there."""
    return pos <= 0 or pos >= len(text) or (text[pos].isspace() and is_cluster_boundary(text, pos))


def _units_around(text: str, lo: int, hi: int, known: Known | None) -> list[Unit]:
    """The units of the part of ``text`` that holds [lo, hi], widened to where no unit crosses."""
    lo, hi = max(0, min(lo, len(text))), max(0, min(hi, len(text)))
    while not _at_gap(text, lo):
        lo -= 1
    while not _at_gap(text, hi):
        hi += 1
    return unit_list(text[lo:hi], known, lo)


def _whole(found: list[Unit], k: int) -> int:
    """The index of the word a clitic belongs to (the unit's own index if it is none)."""
    return k + found[k].clitic


def snap(text: str, start: int, end: int, known: Known | None = None) -> tuple[int, int]:
    """A selection widened and trimmed to whole units: what a drag or a double-click selects.

    The result runs from the first unit the selection touches to the last (touching one code
    point is enough), so edge whitespace, punctuation, symbols and bidi controls are left out.
    A clitic counts as its word: touching "و" of "والولايات" touches "الولايات"; a proclitic
    at the start is left out ("والولايات المتحدة" gives "الولايات المتحدة") while one inside
    stays ("قال والولايات"), and so is a possessive 's at the end ("Korea's" gives "Korea").
    An empty selection (a caret) takes the unit holding the character at ``start``, else the
    unit that ends there. A selection that touches no unit (only spaces, punctuation, emoji)
    gives the empty selection at ``start``, moved back to a cluster boundary. ``start`` and
    ``end`` may come in either order and are clamped to the text; the result is ordered.
    """
    lo, hi = sorted((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    found = _units_around(text, lo - 1, hi + 1, known)  # a caret looks at its neighbours
    if lo == hi:
        touched = [k for k, u in enumerate(found) if u.start <= lo < u.end] or \
                  [k for k, u in enumerate(found) if u.end == lo]
    else:
        touched = [k for k, u in enumerate(found) if u.start < hi and u.end > lo]
    if not touched:
        caret = snap_to_clusters(text, lo, lo)[0]
        return caret, caret
    return found[_whole(found, touched[0])].start, found[_whole(found, touched[-1])].end


def _nearest(text: str, pos: int, known: Known | None, forward: bool, edge: str) -> int | None:
    """The nearest start or end (``edge``) of a unit that is not a clitic, strictly after
    (``forward``) or before ``pos``; None when there is none. Reads a growing window only."""
    width = 64
    while True:
        lo, hi = (pos, pos + width) if forward else (pos - width, pos)
        found = _units_around(text, lo, hi, known)
        edges = [u.start if edge == "start" else u.end for u in found if not u.clitic]
        if forward and (after := [e for e in edges if e > pos]):
            return after[0]
        if not forward and (before := [e for e in edges if e < pos]):
            return before[-1]
        if (forward and hi >= len(text)) or (not forward and lo <= 0):
            return None
        width *= 2


def next_unit_boundary(text: str, pos: int, known: Known | None = None) -> int:
    """The end of the next unit after ``pos`` in logical order (the unit ``pos`` is inside
    included): where Ctrl+Shift+(next) takes a selection's end. A clitic's end is never one (a
    snapped selection never ends on a clitic). ``pos`` when no unit ends after it."""
    found = _nearest(text, pos, known, True, "end")
    return pos if found is None else found


def previous_unit_boundary(text: str, pos: int, known: Known | None = None) -> int:
    """The start of the unit before ``pos`` in logical order (the unit ``pos`` is inside
    included): where Ctrl+Shift+(previous) takes a selection's start. A clitic's start is never
    one (a snapped selection never starts with a clitic). ``pos`` when no unit starts before it."""
    found = _nearest(text, pos, known, False, "start")
    return pos if found is None else found


def step_selection(text: str, anchor: int, cursor: int, forward: bool,
                   known: Known | None = None) -> tuple[int, int]:
    """Ctrl+Shift+arrow by one unit in logical order (``forward``: toward the end of the text).

    Returns the new (anchor, cursor). When the selection grows, the cursor goes to the next
    unit end (``next_unit_boundary``) or the previous unit start; when it shrinks, to the next
    unit start or the previous unit end, and a selection shrunk past its anchor becomes empty
    at the anchor. The result is snapped like a drag (``snap``), so it holds whole units with
    no whitespace, punctuation or clitic at its edges; the anchor moves to its unit's edge
    when it was not on one. Nothing changes when there is no unit left to move to.
    """
    if forward and cursor < anchor or not forward and cursor > anchor:  # shrinking
        new = _nearest(text, cursor, known, forward, "start" if forward else "end")
        if new is None or (new >= anchor if forward else new <= anchor):
            return anchor, anchor
        lo, hi = snap(text, new, anchor, known)
        return (hi, lo) if forward else (lo, hi)
    new = _nearest(text, cursor, known, forward, "end" if forward else "start")
    if new is None:
        return anchor, cursor
    lo, hi = snap(text, anchor, new, known)
    return (lo, hi) if forward else (hi, lo)


# -- what a selection holds, shown ----------------------------------------------------------------

_SHOWN = {" ": "·", "\t": "⇥", "\n": "⏎", "\r": "⏎", "\u00a0": "⍽"}


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def visible(text: str) -> str:
    """``text`` with its whitespace made visible (· for a space, ⍽ a no-break space, ⇥ a tab, ⏎ a line
    break) and invisible format characters (bidi marks, zero-width joiners…) as ¦."""
    return "".join(_SHOWN.get(ch, "·" if ch.isspace() else "¦" if _invisible(ch) else ch) for ch in text)


def edge_problem(text: str) -> str | None:
    """What a span's text has at its edges that a reader cannot see: whitespace or an invisible format
    character at its start, its end, or both; None when its edges are visible characters."""
    begins, ends = bool(text) and _invisible(text[0]), bool(text) and _invisible(text[-1])
    if begins and ends:
        return "begins and ends with an invisible character (whitespace or a control)"
    if begins:
        return "begins with an invisible character (whitespace or a control)"
    if ends:
        return "ends with an invisible character (whitespace or a control)"
    return None
