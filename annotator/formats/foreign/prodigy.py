"""Prodigy's JSON Lines (``prodigy db-out``): ``text``, ``spans`` with ``start``, ``end``, ``label`` (and
``token_start``/``token_end`` into ``tokens``), and ``answer``. Only accepted answers are imported, marked
done for their annotator (``_annotator_id``, else ``_session_id``, else ``--annotator``); rejected and
ignored answers are counted and left out, and so are binary answers (``_view_id`` "ner", from ``ner.teach``:
one suggested span each, the rest of the text unannotated).

Offsets count code points: Prodigy is Python, and its spans are spaCy character offsets (``token.idx``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.formats.foreign.common import (Draft, Found, ForeignOptions, Item, Notes, is_offset, json_type,
                                              jsonl_items)

UNIT = "codepoints"
SUFFIXES = (".jsonl",)
BINARY_VIEWS = ("ner", "classification", "binary")


def read(path: Path, options: ForeignOptions, notes: Notes) -> Iterator[Item]:
    for line, value in jsonl_items(path):
        if isinstance(value, str):
            yield line, value
            continue
        try:
            draft = _draft(line, value, notes)
        except ValueError as exc:
            yield line, str(exc)
            continue
        if draft is not None:
            yield line, draft


def _draft(line: int, value: Any, notes: Notes) -> Draft | None:
    if not isinstance(value, dict):
        raise ValueError(f"not a JSON object but {json_type(value)}")
    text = value.get("text")
    if not isinstance(text, str):
        raise ValueError("no 'text' string (an image or audio task?)")
    answer = value.get("answer")
    if answer in ("reject", "ignore"):
        notes.skip(f"Prodigy answers '{answer}'")
        return None
    if answer != "accept":
        raise ValueError(f"'answer' is {answer!r}, not 'accept', 'reject' or 'ignore'")
    if value.get("_view_id") in BINARY_VIEWS:
        notes.skip(f"binary Prodigy answers (_view_id {value['_view_id']!r}: one suggestion each, not the whole text)")
        return None
    tokens = value.get("tokens") if isinstance(value.get("tokens"), list) else None
    spans = []
    raw_spans = value.get("spans", [])
    if not isinstance(raw_spans, list):
        raise ValueError(f"'spans' is {json_type(raw_spans)}, not an array")
    for n, span in enumerate(raw_spans, 1):
        if not isinstance(span, dict) or not isinstance(span.get("label"), str):
            raise ValueError(f"span {n} has no 'label' string")
        name = f"span {n} ({span['label']})"
        start, end = _offsets(span, tokens, name)
        given = span.get("text") if isinstance(span.get("text"), str) else None
        spans.append(Found(start, end, span["label"], line, name, given))
    if isinstance(value.get("accept"), list):
        notes.skip("Prodigy choices (accept)", len(value["accept"]))
    if isinstance(value.get("relations"), list):
        notes.skip("Prodigy relations", len(value["relations"]))
    who = value.get("_annotator_id") or value.get("_session_id")
    meta = dict(value["meta"]) if isinstance(value.get("meta"), dict) else {}
    doc_id = value.get("id") if isinstance(value.get("id"), str) else None
    return Draft(line, text, spans, doc_id, meta, who if isinstance(who, str) else None, "done")


def _offsets(span: dict[str, Any], tokens: list[Any] | None, name: str) -> tuple[int, int]:
    """The span's character offsets: its start and end, checked against its tokens when it names them;
    from its tokens when it gives only token_start and token_end."""
    by_tokens = None
    first, last = span.get("token_start"), span.get("token_end")
    if is_offset(first) and is_offset(last) and tokens is not None:
        if not (0 <= first <= last < len(tokens) and isinstance(tokens[first], dict) and isinstance(tokens[last], dict)
                and is_offset(tokens[first].get("start")) and is_offset(tokens[last].get("end"))):
            raise ValueError(f"{name}: token_start {first} and token_end {last} are not tokens of the line")
        by_tokens = (tokens[first]["start"], tokens[last]["end"])
    start, end = span.get("start"), span.get("end")
    if not (is_offset(start) and is_offset(end)):
        if by_tokens is None:
            raise ValueError(f"{name}: no 'start' and 'end' (nor token_start and token_end into 'tokens')")
        return by_tokens
    if by_tokens is not None and by_tokens != (start, end):
        raise ValueError(f"{name}: start-end {start}-{end} is not its tokens' {by_tokens[0]}-{by_tokens[1]} "
                         f"(token_start {first}, token_end {last})")
    return start, end
