"""Native JSONL records: every refusal has a reason; line endings normalised with spans moved along."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.records import RecordError, parse_record
from annotator.core.schema import Schema, load_schema_file
from annotator.resources import resource_path


@pytest.fixture(scope="module")
def schema() -> Schema:
    return load_schema_file(resource_path("schema.toml"))


def span(start: int, end: int, label: str, **extra: Any) -> dict[str, Any]:
    return {"start": start, "end": end, "label": label, **extra}


@pytest.mark.parametrize("value, reason", [
    ([1, 2], "not a JSON object but an array"),
    ({"id": "a"}, "no 'text' field"),
    ({"id": "a", "text": 42}, "'text' is a number, not a string"),
    ({"id": "a", "text": "  \n"}, "empty or only whitespace"),
    ({"id": ["x"], "text": "t"}, "'id' must be"),
    ({"id": "a", "text": "t", "meta": []}, "'meta' is an array"),
    ({"id": "a", "text": "Kim", "spans": [span(0, 4, "PER")], "annotator": "x"}, "outside the text"),
    ({"id": "a", "text": "Kim", "spans": [span(2, 2, "PER")], "annotator": "x"}, "not before end"),
    ({"id": "a", "text": "Kim", "spans": [span(0, 3, "NOPE")], "annotator": "x"}, "unknown label 'NOPE'"),
    ({"id": "a", "text": "Kim", "spans": [span(0, 3, "PER", layer="nope")], "annotator": "x"}, "unknown layer"),
    ({"id": "a", "text": "Kim", "spans": [span(0, 3, "PER", text="Ki")], "annotator": "x"}, "is not the text at 0-3"),
    ({"id": "a", "text": "قَالَ", "spans": [span(0, 1, "PER")], "annotator": "x"}, "splits a character from its marks"),
    ({"id": "a", "text": "Kim Jong", "spans": [span(0, 3, "PER"), span(2, 8, "PER")], "annotator": "x"}, "overlap in layer 'entities'"),
    ({"id": "a", "text": "Kim", "spans": [span(0, 3, "FAVOR")], "annotator": "x"}, "needs attrs.target"),
    ({"id": "a", "text": "Kim", "spans": [span(0, 3, "FAVOR", attrs={"target": "Mars"})], "annotator": "x"}, "needs attrs.target"),
    ({"id": "a", "text": "Kim", "doc_labels": [{"task": "stance", "target": "Mars", "label": "FAVOR"}], "annotator": "x"}, "target 'Mars'"),
    ({"id": "a", "text": "Kim", "doc_labels": [{"task": "stance", "target": "Russia", "label": "YES"}], "annotator": "x"}, "unknown label 'YES'"),
    ({"id": "a", "text": "Kim", "doc_labels": [{"task": "mood", "label": "FAVOR"}], "annotator": "x"}, "unknown task"),
    ({"id": "a", "text": "Kim", "status": "finished", "annotator": "x"}, "'status' 'finished'"),
    ({"id": "a", "text": "Kim", "spans": [span(0, 3, "PER")]}, "names no annotator"),
])
def test_refusals_give_the_reason(schema: Schema, value: Any, reason: str) -> None:
    with pytest.raises(RecordError, match=reason.replace("(", r"\(")):
        parse_record(value, schema)


def test_label_finds_its_layer_and_stance_span_keeps_target(schema: Schema) -> None:
    rec = parse_record({"id": 7, "text": "روسيا حليف", "annotator": "sara", "status": "done",
                        "spans": [span(0, 5, "GPE"), span(0, 10, "FAVOR", attrs={"target": "Russia"})],
                        "doc_labels": [{"task": "stance", "target": "Russia", "label": "FAVOR"}]}, schema)
    assert rec.external_id == "7"
    assert rec.language == "ar"
    assert [(s.layer, s.label, s.attrs) for s in rec.spans] == [("entities", "GPE", {}), ("stance", "FAVOR", {"target": "Russia"})]
    assert rec.doc_labels[0].target == "Russia"


def test_crlf_text_is_normalised_and_spans_move_with_it(schema: Schema) -> None:
    text = "Seoul\r\nsaid\r\nKim Jong Un left."
    start = text.index("Kim")
    rec = parse_record({"id": "c", "text": text, "annotator": "x", "spans": [span(start, start + 11, "PER")]}, schema)
    assert "\r" not in rec.text
    assert rec.text[rec.spans[0].start:rec.spans[0].end] == "Kim Jong Un"


def test_missing_id_is_derived_from_the_text(schema: Schema) -> None:
    a = parse_record({"text": "same text"}, schema)
    b = parse_record({"text": "same text"}, schema)
    assert a.external_id == b.external_id and len(a.external_id) == 16


def test_language_from_meta_wins(schema: Schema) -> None:
    assert parse_record({"text": "کره شمالی", "meta": {"lang": "fa"}}, schema).language == "fa"
    assert parse_record({"text": "North Korea held a party meeting on Sunday, state media said."}, schema).language == "en"
    assert parse_record({"text": "North Korea"}, schema).language == "und"  # too short to tell
