"""WebAnno TSV 3.x, as WebAnno and INCEpTION export it: a header (``#FORMAT=WebAnno TSV 3.3``, then one
``#T_SP=``/``#T_CH=``/``#T_RL=`` line per layer naming its columns), then sentences: ``#Text=`` lines and a
row per token (``1-3<TAB>9-14<TAB>plays<TAB>...``) or sub-token (``1-3.1``). The labels are read from one
span-layer column: the named-entity layer's ``value`` (de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity),
else the only span layer there is, else the one ``--layer-field TYPE:FEATURE`` names. A label with an id,
``PER[3]``, on several rows is one span over them all; stacked labels (``PER[1]|LOC[2]``) are one span each;
``*`` is a span without a label (left out with a warning unless ``--map '*=LABEL'``); a span of no length
(``1-2.1<TAB>7-7``) is left out with a warning. Chains, relations and other columns are not read.

The text is rebuilt as WebAnno does (``Tsv3XDeserializer``): each sentence's ``#Text=`` lines, each ended
by a line break, placed at its first token's offset, with spaces where a gap is left.

Offsets count UTF-16 code units, as the format says ("Encoding and Offsets": WebAnno runs on Java, whose
strings are UTF-16; INCEpTION's ``webannotsv.adoc``). Every token row carries its text, which is checked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.core.offsets import count_units, offset_converter
from annotator.formats.foreign.common import Draft, Found, ForeignOptions, Item, Notes, Refused, read_text
from annotator.formats.reading import MAX_DOCUMENT_BYTES

UNIT = "utf16"
SUFFIXES = (".tsv",)
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
_FORMAT = re.compile(r"#FORMAT=WebAnno TSV 3\.(\d+)")
_STACK = re.compile(r"(?<!\\)\|")
_UNIT_ROW = re.compile(r"(\d+)-(\d+)(?:\.(\d+))?")
_TEXT_ESCAPE = re.compile(r"\\(\\|[tnfrb]|[\x00-\x07\x0e-\x1f])")
_VALUE_ESCAPE = re.compile(r"\\(\\|\[|\]|\||_|->|;|t|n|\*)")
_CONTROL = {"t": "\t", "n": "\n", "f": "\f", "r": "\r", "b": "\b"}


@dataclass
class _Span:
    begin: int
    end: int
    label: str | None
    line: int


def read(path: Path, options: ForeignOptions, notes: Notes) -> Iterator[Item]:
    try:
        lines = read_text(path, 8 * MAX_DOCUMENT_BYTES).split("\n")  # rows are longer than the text
    except (OSError, ValueError) as exc:
        yield 0, f"cannot read: {getattr(exc, 'strerror', None) or exc}"
        return
    try:
        yield 0, _draft(path, lines, options, notes)
    except Refused as exc:
        yield exc.line, str(exc)


def _draft(path: Path, lines: list[str], options: ForeignOptions, notes: Notes) -> Draft:
    version = _FORMAT.fullmatch(lines[0].strip()) if lines else None
    if version is None:
        raise Refused(1, f"not WebAnno TSV 3 (the first line is {lines[0][:60]!r}, not '#FORMAT=WebAnno TSV 3.x')")
    columns, body = _columns(lines)
    column = _column(columns, options.layer_field)
    unit = options.unit or UNIT
    text: list[str] = []
    length = 0  # of the text so far, in the file's unit
    sentence: list[str] = []
    units: list[tuple[int, int, int, str]] = []  # (line, begin, end, token) of every row, to check the offsets
    spans: dict[object, _Span] = {}
    for number in range(body, len(lines) + 1):
        line = lines[number - 1] if number <= len(lines) else ""
        if line.startswith("#"):  # a sentence's header: #Text=, #Sentence.id=
            if line.startswith("#Text="):
                sentence.append(_unescape_text(line[len("#Text="):], int(version.group(1))) + "\n")
            continue
        if not line:
            continue
        fields = line.split("\t")
        match = _UNIT_ROW.fullmatch(fields[0])
        offsets = fields[1].split("-") if len(fields) > 1 else []
        if match is None or len(offsets) != 2 or not all(o.isdigit() for o in offsets) or len(fields) < 3 + len(columns):
            raise Refused(number, f"not a token row of this file's {len(columns)} columns: {line[:80]!r}")
        begin, end = int(offsets[0]), int(offsets[1])
        if sentence:  # the first token of a sentence: its text goes in at this offset
            if length > begin and text and text[-1].endswith("\n"):
                text[-1] = text[-1][:-1]
                length -= 1
            if length < begin:
                text.append(" " * (begin - length))
                length = begin
            piece = "".join(sentence)
            text.append(piece)
            length += count_units(piece, unit)
            sentence = []
        units.append((number, begin, end, fields[2]))
        _annotations(fields[3 + column], number, begin, end, spans)
    document = "".join(text)
    _check_tokens(document, units, unit)
    found = []
    for span in spans.values():
        if span.begin >= span.end:
            notes.warn(path, span.line, f"a span of no length at {span.begin}-{span.end} "
                                        f"({span.label or 'no label'}); not imported")
            continue
        found.append(Found(span.begin, span.end, span.label, span.line,
                           f"the {span.label or 'unlabelled'} span from line {span.line}"))
    return Draft(0, document, found, path.stem, status="done")


def _columns(lines: list[str]) -> tuple[list[tuple[str, str, str]], int]:
    """The annotation columns (layer kind, type, feature) in order, and the line the body starts at."""
    columns: list[tuple[str, str, str]] = []
    number = 2
    while number <= len(lines) and lines[number - 1].startswith("#T_"):
        kind, _, declaration = lines[number - 1][1:].partition("=")
        type_name, *features = declaration.split("|")
        columns += [(kind, type_name, f) for f in features] or [(kind, type_name, "")]
        number += 1
    return columns, number


def _column(columns: list[tuple[str, str, str]], wanted: str | None) -> int:
    """The index of the column the labels are read from."""
    spans = [(n, t, f) for n, (kind, t, f) in enumerate(columns)
             if kind == "T_SP" and not f.startswith("ROLE_") and "." not in f]
    layers = list(dict.fromkeys(t for _, t, _ in spans))
    if wanted is not None:
        type_name, _, feature = wanted.partition(":")
        hits = [(n, f) for n, t, f in spans if type_name in (t, t.rsplit(".", 1)[-1]) and (not feature or f == feature)]
        if not hits:
            raise Refused(2, f"--layer-field {wanted}: no such span layer column here (span layers: "
                             f"{_listed(spans)})")
        return hits[0][0]
    named = [n for n, t, f in spans if t == NAMED_ENTITY and f == "value"]
    if named:
        return named[0]
    if len(layers) == 1:
        return spans[0][0]
    raise Refused(2, f"which layer holds the labels? give --layer-field TYPE:FEATURE (span layers: "
                     f"{_listed(spans) or 'none'})")


def _listed(spans: list[tuple[int, str, str]]) -> str:
    return ", ".join(f"{t}:{f}" if f else t for _, t, f in spans)


def _annotations(value: str, number: int, begin: int, end: int, spans: dict[object, _Span]) -> None:
    """Add the row's labels in one column to ``spans``: by id across rows, else one span per stacked label."""
    if value in ("_", ""):
        return
    for index, raw in enumerate(_STACK.split(value)):
        ref = None
        if raw.endswith("]") and not raw.endswith("\\]") and "[" in raw:
            raw, _, ref = raw[:-1].rpartition("[")
        label = None if raw == "*" else _VALUE_ESCAPE.sub(lambda m: _CONTROL.get(m.group(1), m.group(1)), raw)
        key: object = ("id", ref) if ref else ("row", number, index)
        span = spans.get(key)
        if span is None:
            spans[key] = _Span(begin, end, label, number)
        else:  # the same annotation on a later row reaches to that row's end, as WebAnno reads it
            span.end = end


def _unescape_text(text: str, minor: int) -> str:
    """A #Text= line as it was: 3.2 and later escape controls and backslashes; 3.0 and 3.1 wrote Java escapes."""
    if minor <= 1:
        text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return _TEXT_ESCAPE.sub(lambda m: _CONTROL.get(m.group(1), m.group(1)), text)


def _check_tokens(document: str, units: list[tuple[int, int, int, str]], unit: str) -> None:
    """Every row's offsets must select its token in the rebuilt text: the proof that the unit is right."""
    convert = offset_converter(document, unit)
    for number, begin, end, token in units:
        try:
            start, stop = convert(begin), convert(end)
        except ValueError as exc:
            raise Refused(number, f"token {token!r}: {exc}") from None
        if document[start:stop] != token:
            raise Refused(number, f"offsets {begin}-{end} select {document[start:stop]!r} of the text, not the "
                                  f"token {token!r} (is the file's unit not {unit}? see --offsets)")
