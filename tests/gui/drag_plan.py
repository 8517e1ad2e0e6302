"""Where a person would drag to select an entity, worked out from what the view paints.

Used by ``tests/gui/test_drags.py`` (pytest-qt's synthetic mouse events, offscreen) and by
``tests/x11/drags.py`` (the real pointer moved by xdotool on an X11 screen). The entities are in
``tests/data/drag/``: every entity mention of seeds 000, 003 and 004, and English, mixed and vowelled
lines, each with the exact characters it should store (no proclitic, no edge space or punctuation).

For each entity, a drag starts at one of several points of its first word and ends at one of several
points of its last word: the outer edge of the outermost letter (one pixel inside it, as drawn), the
centre of that letter, the centre of the word, the proclitic glued before it (if any), and the gap
beside the word (the space or punctuation next to it). Points come from the glyph rectangles the
view paints highlights with (``mark_rects``), so they are where the letters are seen.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import regex
from PySide6.QtCore import QPoint, QRectF

from annotator.core import units
from annotator.core.offsets import step_cluster

_WORD = regex.compile(units.WORD_CHARACTER)
DATA = Path(__file__).resolve().parents[1] / "data" / "drag"


@dataclass(frozen=True)
class Entity:
    doc: str     # the document's external id
    start: int
    end: int
    text: str
    label: str


def seed_entities() -> list[Entity]:
    return [Entity(r["doc"], r["start"], r["end"], r["text"], r["label"])
            for r in map(json.loads, (DATA / "entities.jsonl").read_text(encoding="utf-8").splitlines()) if r]


def line_documents() -> list[dict[str, Any]]:
    """The extra lines, as records the importer takes (``id``, ``text``)."""
    return [json.loads(line) for line in (DATA / "lines.jsonl").read_text(encoding="utf-8").splitlines() if line]


def line_entities() -> list[Entity]:
    return [Entity(r["id"], e["start"], e["end"], e["text"], e["label"]) for r in line_documents() for e in r["entities"]]


class _Piece(NamedTuple):
    id: int
    start: int
    end: int
    layer: str
    label: str


def drawn(view: Any, start: int, end: int) -> QRectF | None:
    """The rectangle ``[start, end)`` is drawn in (viewport coordinates, inner edges), if on one line."""
    rects = view.mark_rects(_Piece(-7, start, end, "", ""))
    if not rects:
        return None
    box = rects[0]
    for r in rects[1:]:
        if abs(r.center().y() - box.center().y()) > 2:  # another line: the piece is not on one line
            return None
        box = box.united(r)
    return box.adjusted(1, 1, -1, -1)  # mark_rects pads a pixel each side


class Point(NamedTuple):
    where: str
    at: QPoint


def _points(view: Any, text: str, first: int, last: int, outer: int, rtl: bool, side: str) -> Iterator[Point]:
    """Points on the word ``[first, last)`` at the entity's ``side`` ("start" or "end"), ``outer`` being
    the position of its outermost character there."""
    cluster = (outer, step_cluster(text, outer, +1)) if side == "start" else (step_cluster(text, outer, -1), outer)
    letter, word = drawn(view, *cluster), drawn(view, first, last)
    if letter is None or word is None:
        return
    y = int(letter.center().y())
    leftmost = (side == "start") != rtl  # the outer edge is the letter's left edge
    yield Point("outer edge", QPoint(int(letter.left()) + 1 if leftmost else int(letter.right()) - 1, y))
    yield Point("letter centre", letter.center().toPoint())
    yield Point("word centre", QPoint(int(word.center().x()), y))
    # what is glued before the first word (a proclitic), then the gap beside the written word
    at = outer
    if side == "start":
        if at > 0 and text[at - 1] in units.PROCLITICS and (at == 1 or not _WORD.match(text[at - 2])):
            glued = drawn(view, at - 1, at)
            if glued is not None:
                yield Point("proclitic", QPoint(int(glued.center().x()), y))
            at -= 1
        beside = (step_cluster(text, at, -1), at) if at > 0 else None
    else:
        beside = (at, step_cluster(text, at, +1)) if at < len(text) else None
    if beside is not None and text[beside[0]] != "\n":
        gap = drawn(view, *beside)
        if gap is not None and abs(gap.center().y() - y) < 3:
            yield Point("gap beside", QPoint(int(gap.center().x()), y))


MIN_DRAG = 6  # pixels: a press and release closer than this is a click (the view's slop is 3)


def drag_pairs(view: Any, entity: Entity) -> list[tuple[Point, Point]]:
    """Every (from, to) drag over ``entity``, both ways, leaving out pairs so close they are a click
    (a one-word entity's word centre to itself)."""
    starts, ends = drag_points(view, entity)
    pairs = [pair for a in starts for b in ends for pair in ((a, b), (b, a))]
    return [(a, b) for a, b in pairs if (a.at - b.at).manhattanLength() >= MIN_DRAG]


def drag_points(view: Any, entity: Entity) -> tuple[list[Point], list[Point]]:
    """Where drags over ``entity`` start (its first word) and end (its last word); the view must show it."""
    text = view.text
    found = units.units(text[entity.start:entity.end])
    first = (entity.start, entity.start + found[0][1]) if found else (entity.start, entity.end)
    last = (entity.start + found[-1][0], entity.end) if found else (entity.start, entity.end)
    rtl = view.is_rtl_at(entity.start) and _strong_rtl(entity.text)
    return (list(_points(view, text, *first, entity.start, rtl, "start")),
            list(_points(view, text, *last, entity.end, rtl, "end")))


def _strong_rtl(text: str) -> bool:
    """Whether an entity runs right to left (an Arabic name; an English name in an Arabic line does not)."""
    import unicodedata

    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return True


def show(view: Any, entity: Entity) -> None:
    """Scroll the entity into the middle of the view."""
    view.select(entity.start, entity.start)
    view.ensureCursorVisible()
    rect = drawn(view, entity.start, entity.end)
    if rect is not None:
        bar = view.verticalScrollBar()
        bar.setValue(bar.value() + int(rect.center().y() - view.viewport().height() / 2))
