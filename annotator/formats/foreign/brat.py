"""brat standoff: a ``.ann`` file beside each ``.txt``. Text-bound annotations (``T1<TAB>Person 0 5<TAB>text``)
become spans; attributes (``A``, and the older ``M``) and notes (``#``) on them go into the span's attrs;
relations (``R``), events (``E``, with their trigger T lines), equivalences (``*``) and normalisations
(``N``) are counted and reported as not imported. A discontinuous span (``0 5;7 9``) is not imported, with a
warning: a span here is one stretch of text, and its pieces are not entities of their own.

Offsets count code points: brat's server reads the text with Python's universal newlines and checks every
annotation as ``text[start:end]`` of that unicode string (``server/src/annotation.py``); line ends are
``\\n`` here too. Every T line carries its text, so a file made on a UTF-16 (narrow) Python is caught."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.formats.foreign.common import Draft, Found, ForeignOptions, Item, Notes, Refused, read_text
from annotator.formats.reading import MAX_DOCUMENT_BYTES

UNIT = "codepoints"
SUFFIXES = (".ann",)
_OFFSETS = re.compile(r"\d+ \d+(;\d+ \d+)*")
LEFT_OUT = {"R": "brat relations (R)", "E": "brat events (E)", "*": "brat equivalences (*)",
            "N": "brat normalisations (N)"}


def read(path: Path, options: ForeignOptions, notes: Notes) -> Iterator[Item]:
    txt = path.with_suffix(".txt")
    try:
        text = read_text(txt)
    except FileNotFoundError:
        yield 0, f"no {txt.name} beside it (brat keeps the text in a .txt file of the same name)"
        return
    except (OSError, ValueError) as exc:
        yield 0, f"{txt.name}: {getattr(exc, 'strerror', None) or exc}"
        return
    try:
        lines = read_text(path, 64 * MAX_DOCUMENT_BYTES).split("\n")
    except ValueError as exc:
        if "empty" not in str(exc) and "whitespace" not in str(exc):
            yield 0, str(exc)
            return
        lines = []  # an empty .ann: the text, annotated with nothing
    except OSError as exc:
        yield 0, f"cannot read: {exc.strerror or exc}"
        return
    try:
        spans = _spans(path, lines, notes)
    except Refused as exc:
        yield exc.line, str(exc)
        return
    yield 0, Draft(0, text, spans, path.stem, status="done")


def _spans(path: Path, lines: list[str], notes: Notes) -> list[Found]:
    bound: dict[str, Found] = {}
    triggers: set[str] = set()
    extras: list[tuple[int, str, str, Any]] = []  # (line, target, attribute name or "note", value)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        ann_id, _, rest = line.partition("\t")
        kind = ann_id[:1]
        if kind == "T":
            found = _textbound(number, ann_id, rest, path, notes)
            if found is not None:
                bound[ann_id] = found
        elif kind in "AM":
            fields = rest.split()
            if len(fields) not in (2, 3):
                raise Refused(number, f"{ann_id}: an attribute is 'Name Target [Value]', not {rest!r}")
            extras.append((number, fields[1], fields[0], fields[2] if len(fields) == 3 else True))
        elif kind == "#":
            fields = rest.split("\t", 1)
            head = fields[0].split()
            if len(head) != 2 or len(fields) != 2:
                raise Refused(number, f"{ann_id}: a note is 'AnnotatorNotes Target<TAB>text', not {rest!r}")
            extras.append((number, head[1], "note", fields[1]))
        elif kind in LEFT_OUT:
            notes.skip(LEFT_OUT[kind])
            if kind == "E":  # E1<TAB>Type:T5 Role:T3 ...: T5 is the event's trigger, not an entity
                triggers.add(rest.split()[0].partition(":")[2] if rest.split() else "")
        else:
            raise Refused(number, f"{ann_id!r} is not a brat annotation (T, A, M, #, R, E, *, N)")
    for number, target, name, value in extras:
        found = bound.get(target)
        if found is None or target in triggers:
            notes.skip("brat attributes and notes on relations and events")
        elif name == "note":
            found.attrs["note"] = f"{found.attrs['note']}\n{value}" if "note" in found.attrs else value
        else:
            found.attrs[name] = value
    notes.skip("brat event triggers (T)", sum(1 for t in triggers if t in bound))
    return [found for ann_id, found in bound.items() if ann_id not in triggers]


def _textbound(number: int, ann_id: str, rest: str, path: Path, notes: Notes) -> Found | None:
    head, tab, given = rest.partition("\t")
    label, _, offsets = head.partition(" ")
    if not tab or not label or not _OFFSETS.fullmatch(offsets.strip()):
        raise Refused(number, f"{ann_id}: a text-bound annotation is 'Type START END<TAB>text', not {rest!r}")
    pieces = [tuple(map(int, piece.split())) for piece in offsets.strip().split(";")]
    if len(pieces) > 1:
        notes.warn(path, number, f"{ann_id} ({label}) is discontinuous ({offsets.strip()}); a span here is one "
                                 "stretch of text, so it is not imported")
        notes.skip("discontinuous brat spans")
        return None
    (start, end), = pieces
    return Found(start, end, label, number, f"{ann_id} ({label})", given)
