"""A draft read from another tool's file becomes a native record: offsets converted exactly from the file's
unit to code points and checked against the span texts the file gives, labels renamed (--map) and put in
one layer, and then the native checks (parse_record) as for any native line."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.offsets import UNITS, offset_converter
from annotator.core.records import DocumentRecord, RecordError, parse_record
from annotator.core.schema import Schema
from annotator.formats.foreign.common import Draft, Found, ForeignOptions, Notes
from annotator.formats.reading import DEFAULT_ANNOTATOR

UNLABELLED = "*"  # how --map names the spans a file gives no label (WebAnno's '*')
UNIT_NAMES = {"codepoints": "code points", "utf16": "UTF-16 units", "graphemes": "grapheme clusters"}
_SPAN_N = re.compile(r"^span (\d+)(:| is)")


def target_layer(schema: Schema, options: ForeignOptions) -> str:
    """The layer the spans go to: --layer, else the layer of --add-labels, else the schema's first name layer."""
    if options.layer and options.add_labels and options.layer != options.add_labels:
        raise InputError("--add-labels", f"adds labels to {options.add_labels!r} but --layer puts the spans in "
                                         f"{options.layer!r}; name one layer")
    name = options.layer or options.add_labels
    if name is None:
        names = schema.name_layers()
        if not names:
            raise InputError("--layer", "the schema has no layer of names; say which layer the spans go to")
        return names[0]
    if schema.layer(name) is None:
        raise InputError("--layer" if options.layer else "--add-labels",
                         f"the schema has no layer {name!r} (layers: {', '.join(l.name for l in schema.layers)})")
    return name


class Converter:
    """Turns drafts into native records for one schema, layer and offset unit."""

    def __init__(self, schema: Schema, options: ForeignOptions, unit: str | None, notes: Notes) -> None:
        self.schema = schema
        self.layer = target_layer(schema, options)
        self.mapping = options.mapping
        self.unit = unit
        self.notes = notes
        self.annotator = options.annotator or DEFAULT_ANNOTATOR

    def label(self, found: Found) -> str | None:
        """The label a span takes here (after --map), or None when it is left out."""
        name = self.mapping.get(found.label if found.label is not None else UNLABELLED, found.label)
        return name or None

    def labels(self, draft: Draft) -> Counter[str]:
        """The labels of a draft's spans as they will be stored (for the check before anything is stored)."""
        return Counter(label for label in map(self.label, draft.spans) if label is not None)

    def unknown(self, labels: Counter[str]) -> Counter[str]:
        layer = self.schema.layer(self.layer)
        assert layer is not None
        return Counter({name: n for name, n in labels.items() if layer.label(name) is None})

    def record(self, path: Path, draft: Draft) -> tuple[int, DocumentRecord | str]:
        """(line, the native record), or (line, why the draft is refused) naming the span at fault."""
        convert: Callable[[int], int] | None = None
        spans: list[dict[str, object]] = []
        kept: list[Found] = []
        for found in draft.spans:
            label = self.label(found)
            if label is None:
                if found.label is None:
                    self.notes.warn(path, found.line, f"{found.name}: a span without a label (give --map '*=LABEL' "
                                                      "to import such spans); not imported")
                else:
                    self.notes.skip(f"spans labelled {found.label!r} (--map {found.label}=)")
                continue
            if self.unit is None:  # the reader counted the offsets itself (CoNLL): code points already
                start, end = found.start, found.end
            else:
                try:
                    convert = convert or offset_converter(draft.text, self.unit)
                    start, end = convert(found.start), convert(found.end)
                except ValueError as exc:
                    return found.line or draft.line, f"{found.name}: {exc}"
            if found.text is not None and draft.text[start:end] != found.text:
                return found.line or draft.line, self._mismatch(draft.text, found, start, end)
            spans.append({"start": start, "end": end, "label": label, "layer": self.layer, "attrs": found.attrs})
            kept.append(found)
        value = {"text": draft.text, "meta": draft.meta, "spans": spans}
        if draft.id is not None:
            value["id"] = draft.id
        if draft.annotator is not None:
            value["annotator"] = draft.annotator
        if draft.status is not None:
            value["status"] = draft.status
        try:
            return draft.line, parse_record(value, self.schema, self.annotator, source=str(path))
        except RecordError as exc:
            return self._placed(str(exc), kept, draft.line)

    def _mismatch(self, text: str, found: Found, start: int, end: int) -> str:
        """Why the offsets do not select the span's text, with the unit under which they would, if one does."""
        assert found.text is not None and self.unit is not None
        hint = ""
        for unit in UNITS:
            if unit == self.unit:
                continue
            try:
                convert = offset_converter(text, unit)
                s, e = convert(found.start), convert(found.end)
            except ValueError:
                continue
            if text[s:e] == found.text:
                hint = f"; counted in {UNIT_NAMES[unit]} they fit: give --offsets {unit}"
                break
        return (f"{found.name}: offsets {found.start}-{found.end} (in {UNIT_NAMES[self.unit]}) select "
                f"{text[start:end]!r}, but the file says the span is {found.text!r}{hint}")

    @staticmethod
    def _placed(message: str, kept: list[Found], line: int) -> tuple[int, str]:
        """A native check's refusal, its 'span N' named as the file names that span, at that span's line."""
        match = _SPAN_N.match(message)
        if match and 0 < int(match.group(1)) <= len(kept):
            found = kept[int(match.group(1)) - 1]
            return found.line or line, found.name + message[match.end(1):]
        return line, message
