"""Label Studio's JSON export: an array of tasks (or one task), each with ``data`` and ``annotations``; one
annotation per annotator (``completed_by``), its ``result`` holding regions of type ``labels`` with
``value.start``, ``value.end``, ``value.text`` and ``value.labels``.

Offsets count code points: Label Studio's editor has stored code-point offsets for Text since 2022 (its
test ``web/libs/editor/tests/integration/e2e/ner/emoji.cy.ts``, "Should calculate offsets by code points",
puts "test" after an emoji at 21); older versions stored UTF-16 units (issue #1347), which ``--offsets
utf16`` reads. Every region carries its text, so a wrong unit is caught and named."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.formats.foreign.common import (Draft, Found, ForeignOptions, Item, Notes, is_offset, json_items,
                                              json_type, jsonl_items)

UNIT = "codepoints"
SUFFIXES = (".json", ".jsonl")


def read(path: Path, options: ForeignOptions, notes: Notes) -> Iterator[Item]:
    items = jsonl_items(path) if path.suffix.lower() == ".jsonl" else json_items(path)
    for line, task in items:
        if isinstance(task, str):
            yield line, task
            continue
        try:
            yield from ((line, draft) for draft in _drafts(line, task, options, notes))
        except ValueError as exc:
            yield line, str(exc)


def _drafts(line: int, task: Any, options: ForeignOptions, notes: Notes) -> list[Draft]:
    if not isinstance(task, dict):
        raise ValueError(f"a task is {json_type(task)}, not an object")
    data = task.get("data")
    if not isinstance(data, dict):
        if isinstance(task.get("text"), str) and isinstance(task.get("label"), list):
            raise ValueError("this is Label Studio's JSON-MIN export, which drops who annotated; export JSON")
        raise ValueError("a task without a 'data' object")
    annotations = task.get("annotations", task.get("completions", []))  # "completions": before Label Studio 1.0
    if not isinstance(annotations, list):
        raise ValueError(f"'annotations' is {json_type(annotations)}, not an array")
    text = _text(data, annotations, options.text_field)
    meta = dict(task["meta"]) if isinstance(task.get("meta"), dict) and task["meta"] else {}
    if is_offset(task.get("id")):
        meta["label_studio_id"] = task["id"]
    doc_id = data.get("id") if isinstance(data.get("id"), str) else None
    for key, what in (("predictions", "Label Studio predictions"), ("drafts", "Label Studio drafts")):
        if isinstance(task.get(key), list):
            notes.skip(what, len(task[key]))
    drafts = []
    for n, annotation in enumerate(annotations, 1):
        if not isinstance(annotation, dict):
            raise ValueError(f"annotation {n} is {json_type(annotation)}, not an object")
        if annotation.get("was_cancelled"):
            notes.skip("cancelled (skipped) Label Studio annotations")
            continue
        drafts.append(Draft(line, text, _spans(line, n, annotation, notes), doc_id, meta,
                            _annotator(annotation.get("completed_by")), "done"))
    return drafts or [Draft(line, text, [], doc_id, meta)]


def _text(data: dict[str, Any], annotations: list[Any], field: str | None) -> str:
    """The task's text: --text-field, else data.text, else the field the regions point at (to_name), else
    the one string field of the task."""
    if field is not None:
        if not isinstance(data.get(field), str):
            raise ValueError(f"no string field {field!r} in the task's data (fields: {', '.join(map(repr, data))})")
        return str(data[field])
    if isinstance(data.get("text"), str):
        return str(data["text"])
    names = {r.get("to_name") for a in annotations if isinstance(a, dict) for r in a.get("result") or []
             if isinstance(r, dict)}
    strings = [k for k, v in data.items() if isinstance(v, str)]
    named = [k for k in strings if k in names]
    if len(named) == 1 or len(strings) == 1:
        return str(data[(named or strings)[0]])
    raise ValueError(f"which data field is the text? give --text-field NAME (string fields: "
                     f"{', '.join(map(repr, strings)) or 'none'})")


def _spans(line: int, n: int, annotation: dict[str, Any], notes: Notes) -> list[Found]:
    spans = []
    result = annotation.get("result") or []
    if not isinstance(result, list):
        raise ValueError(f"annotation {n}: 'result' is {json_type(result)}, not an array")
    for region in result:
        kind = region.get("type") if isinstance(region, dict) else None
        if kind != "labels":
            notes.skip(f"Label Studio results of type {kind!r}" if isinstance(kind, str) else "Label Studio results without a type")
            continue
        value = region.get("value")
        name = f"annotation {n}, result {region.get('id', '?')!r}"
        if not isinstance(value, dict) or not isinstance(value.get("labels"), list):
            raise ValueError(f"{name}: 'value' has no 'labels' array")
        if not (is_offset(value.get("start")) and is_offset(value.get("end"))):
            raise ValueError(f"{name}: 'start' and 'end' are not character offsets (a HyperText or Paragraphs "
                             "region?); only Text regions are read")
        given = value.get("text") if isinstance(value.get("text"), str) else None
        for label in value["labels"]:  # several labels on one region: one span each
            if not isinstance(label, str):
                raise ValueError(f"{name}: a label is {json_type(label)}, not a string")
            spans.append(Found(value["start"], value["end"], label, line, f"{name} ({label})", given))
    return spans


def _annotator(who: Any) -> str | None:
    """A name for ``completed_by``: the e-mail address when the export gives the user, else 'label-studio-N'."""
    if isinstance(who, dict):
        email = who.get("email")
        if isinstance(email, str) and email.strip():
            return email.strip()
        who = who.get("id")
    if is_offset(who):
        return f"label-studio-{who}"
    return None
