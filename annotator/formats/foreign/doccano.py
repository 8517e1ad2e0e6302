"""doccano's sequence-labelling exports: JSON Lines (or a JSON array) with ``label`` as [[start, end, label],
...] or ``entities`` as [{start_offset, end_offset, label}] (the relation-extraction export).

Offsets count UTF-16 code units: doccano's annotation component (doccano/v-annotator, ``Text.ts``) takes
positions from the browser's JavaScript strings, and only a project made with "Count grapheme clusters as one
character" converts them to grapheme clusters (``--offsets graphemes`` for such a project); see doccano issue
#2290. doccano writes no span text, so a wrong unit shows as spans in the wrong place: check a few."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.formats.foreign.common import (Draft, Found, ForeignOptions, Item, Notes, is_offset, json_items,
                                              json_type, jsonl_items)

UNIT = "utf16"
SUFFIXES = (".jsonl", ".json")


def read(path: Path, options: ForeignOptions, notes: Notes) -> Iterator[Item]:
    items = json_items(path) if path.suffix.lower() == ".json" else jsonl_items(path)
    for line, value in items:
        if isinstance(value, str):
            yield line, value
            continue
        try:
            yield line, _draft(line, value, notes)
        except ValueError as exc:
            yield line, str(exc)


def _draft(line: int, value: Any, notes: Notes) -> Draft:
    if not isinstance(value, dict):
        raise ValueError(f"not a JSON object but {json_type(value)}")
    text = value.get("text", value.get("data"))
    if not isinstance(text, str):
        raise ValueError("no 'text' string")
    spans: list[Found] = []
    labels = value.get("label", value.get("labels"))
    if isinstance(labels, list) and labels and all(isinstance(x, str) for x in labels):
        notes.skip("doccano document categories (text classification)", len(labels))
    elif labels is not None:
        if not isinstance(labels, list):
            raise ValueError(f"'label' is {json_type(labels)}, not an array of [start, end, label]")
        for n, item in enumerate(labels, 1):
            if not (isinstance(item, list) and len(item) == 3 and is_offset(item[0]) and is_offset(item[1])
                    and isinstance(item[2], str)):
                raise ValueError(f"label {n} is not [start, end, label]: {item!r}")
            spans.append(Found(item[0], item[1], item[2], line, f"label {n} ({item[2]})"))
    entities = value.get("entities")
    if entities is not None:
        if not isinstance(entities, list):
            raise ValueError(f"'entities' is {json_type(entities)}, not an array")
        for n, item in enumerate(entities, 1):
            if isinstance(item, list) and len(item) == 3:  # the intent-and-slots export writes them as triples
                item = {"start_offset": item[0], "end_offset": item[1], "label": item[2]}
            if not (isinstance(item, dict) and is_offset(item.get("start_offset")) and is_offset(item.get("end_offset"))
                    and isinstance(item.get("label"), str)):
                raise ValueError(f"entity {n} is not {{start_offset, end_offset, label}}: {item!r}")
            spans.append(Found(item["start_offset"], item["end_offset"], item["label"], line,
                               f"entity {n} ({item['label']})"))
    for key, what in (("relations", "doccano relations"), ("cats", "doccano document categories (text classification)"),
                      ("Comments", "doccano comments")):
        if isinstance(value.get(key), list):
            notes.skip(what, len(value[key]))
    meta = dict(value["meta"]) if isinstance(value.get("meta"), dict) else {}
    doc_id = value.get("id")
    if is_offset(doc_id):  # doccano's own database number: kept, but the text names the document
        meta["doccano_id"] = doc_id
        doc_id = None
    return Draft(line, text, spans, doc_id if isinstance(doc_id, str) else None, meta,
                 status="done" if spans else None)
