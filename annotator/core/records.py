"""Native JSONL records: one annotator's view of one document, validated against a schema."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter, lt
from typing import Any, NamedTuple

from annotator.core.language import detect_language
from annotator.core.offsets import PLAIN_PAIRS, cluster_cut
from annotator.core.schema import Schema
from annotator.core.textio import sha256_text
from annotator.core.untrusted import UntrustedError, check_json, check_name, check_text

STATUSES = ("todo", "in_progress", "done", "skipped")


class _NoAttrs(Mapping[str, Any]):
    """The attrs of a span that has none, shared by all of them: it cannot be changed (a shared ``{}``
    could be) and it pickles as itself (a ``types.MappingProxyType`` does not pickle)."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"

    def __reduce__(self) -> str:
        return "NO_ATTRS"


NO_ATTRS: Mapping[str, Any] = _NoAttrs()  # the attrs of every span that has none (compare with ``is``)
_NO_ATTRS_KEY = "[]"  # attrs_key({})


class RecordError(ValueError):
    """A record is refused; the message is the reason."""


class SpanRecord(NamedTuple):
    """One span of a record. A named tuple, not a frozen dataclass: an import makes one per span, and a
    tuple is built three times faster. ``attrs`` is never changed (the shared empty default included)."""

    start: int
    end: int
    label: str
    layer: str
    attrs: Mapping[str, Any] = NO_ATTRS

    def key(self) -> tuple[str, str, int, int, str]:
        return (self.layer, self.label, self.start, self.end, attrs_key(self.attrs) if self.attrs else _NO_ATTRS_KEY)


@dataclass(frozen=True)
class DocLabelRecord:
    task: str
    target: str  # "" when the task has no targets
    label: str


@dataclass(frozen=True)
class DocumentRecord:
    external_id: str
    text: str
    meta: Mapping[str, Any]
    language: str
    annotator: str | None = None
    status: str | None = None
    spans: tuple[SpanRecord, ...] = ()
    doc_labels: tuple[DocLabelRecord, ...] = ()
    source: str = ""  # where it was imported from

    @property
    def has_annotations(self) -> bool:
        return bool(self.spans or self.doc_labels or self.status)


def attrs_key(attrs: Mapping[str, Any]) -> str:
    """Span attributes as a comparable key: two spans are the same span when these are equal too."""
    return repr(sorted(attrs.items()))


def parse_record(value: Any, schema: Schema, default_annotator: str | None = None, source: str = "") -> DocumentRecord:
    """Validate one decoded JSON value as a native record, or raise RecordError with the reason.

    Line endings in ``text`` become ``\\n`` and span offsets move with them.
    """
    if not isinstance(value, dict):
        raise RecordError(f"not a JSON object but {_json_type(value)}")
    if "text" not in value:
        raise RecordError("no 'text' field")
    raw_text = value["text"]
    if not isinstance(raw_text, str):
        raise RecordError(f"'text' is {_json_type(raw_text)}, not a string")
    if not raw_text.strip():
        raise RecordError("'text' is empty or only whitespace")
    _checked(check_text, raw_text, "'text'")
    ext_id = value.get("id")
    if ext_id is not None:
        if isinstance(ext_id, bool) or not isinstance(ext_id, (str, int)) or not str(ext_id).strip():
            raise RecordError("'id' must be a non-empty string or an integer")
        _check_short(str(ext_id), "'id'")
    meta = value.get("meta", {})
    if not isinstance(meta, dict):
        raise RecordError(f"'meta' is {_json_type(meta)}, not an object")
    _checked(check_json, meta, "meta")
    annotator = value.get("annotator", default_annotator)
    if annotator is not None:
        if not isinstance(annotator, str) or not annotator.strip():
            raise RecordError("'annotator' must be a non-empty string")
        annotator = annotator.strip()
        _check_short(annotator, "'annotator'")
    status = value.get("status")
    if status is not None and status not in STATUSES:
        raise RecordError(f"'status' {status!r} is not one of {', '.join(STATUSES)}")
    spans = _spans(value.get("spans", []), raw_text, schema)
    doc_labels = _doc_labels(value.get("doc_labels", []), schema)
    if (spans or doc_labels or status) and annotator is None:
        raise RecordError("has annotations but names no annotator")
    text, spans = _normalize(raw_text, spans)
    if ext_id is None:
        ext_id = sha256_text(text)[:16]  # of the stored text: CRLF and LF copies are one document
    lang = meta.get("lang")
    if lang is not None and (not isinstance(lang, str) or not 0 < len(lang.strip()) <= 16):
        raise RecordError("'meta.lang' must be a language code of 1 to 16 characters, like 'ar' or 'en'")
    if isinstance(lang, str):
        _checked(check_name, lang, "'meta.lang'")
    language = lang.strip().lower() if isinstance(lang, str) else detect_language(text)
    return DocumentRecord(str(ext_id), text, meta, language, annotator, status, spans, doc_labels, source)


MAX_NAME = 255  # ids, annotator names and targets are stored in 255-character columns


def _checked(check: Callable[[Any, str], None], value: Any, what: str) -> None:
    """Run one of core.untrusted's checks, its refusal becoming a RecordError."""
    try:
        check(value, what)
    except UntrustedError as exc:
        raise RecordError(str(exc)) from None


def _check_short(value: str, what: str) -> None:
    _checked(check_name, value, what)
    if len(value) > MAX_NAME:
        raise RecordError(f"{what} is longer than {MAX_NAME} characters")


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _spans(value: Any, text: str, schema: Schema) -> tuple[SpanRecord, ...]:
    """Every span checked, in one tight loop (an import checks hundreds of thousands): a label's layer is
    resolved once per record, empty attrs skip the JSON check, and a span edge is segmented into grapheme
    clusters only where it touches a mark or another character that may join its neighbour."""
    if not isinstance(value, list):
        raise RecordError(f"'spans' is {_json_type(value)}, not an array")
    if not value:
        return ()
    length = len(text)
    plain = PLAIN_PAIRS.get  # None (not known yet) and False both send the edge to cluster_cut
    by_label: dict[str, tuple[str, tuple[str, ...]]] = {}  # label -> (layer, its targets), for spans naming no layer
    by_layer: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
    found: dict[tuple[str, str, int, int, str], SpanRecord] = {}  # by key: the same span twice is one
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise RecordError(f"span {n} is {_json_type(item)}, not an object")
        try:
            start: Any = item["start"]
            end: Any = item["end"]
        except KeyError:
            start = end = None
        if (type(start) is not int or type(end) is not int) and not _integers(start, end):
            raise RecordError(f"span {n}: 'start' and 'end' must be integers")
        if start < 0 or end > length:
            raise RecordError(f"span {n}: {start}-{end} is outside the text ({length} characters)")
        if start >= end:
            raise RecordError(f"span {n}: start {start} is not before end {end}")
        given = item.get("text")
        if given is not None and given != text[start:end]:
            raise RecordError(f"span {n}: 'text' {given!r} is not the text at {start}-{end} ({text[start:end]!r})")
        if (start and not plain(text[start - 1:start + 1])) or (end < length and not plain(text[end - 1:end + 1])):
            cut = cluster_cut(text, start, end)
            if cut is not None:
                raise RecordError(f"span {n}: {start}-{end} splits a character from its marks at {cut}")
        try:
            label = item["label"]
        except KeyError:
            label = None
        if not isinstance(label, str):
            raise RecordError(f"span {n}: 'label' must be a string")
        named = item.get("layer")
        resolved = (by_label.get(label) if named is None
                    else by_layer.get((label, named)) if isinstance(named, str) else None)
        if resolved is None:
            resolved = _layer_of(schema, label, named, n)
            if named is None:
                by_label[label] = resolved
            elif isinstance(named, str):
                by_layer[(label, named)] = resolved
        layer, targets = resolved
        attrs = item.get("attrs", NO_ATTRS)
        if attrs is NO_ATTRS:
            key = _NO_ATTRS_KEY
        elif not isinstance(attrs, dict):
            raise RecordError(f"span {n}: 'attrs' is {_json_type(attrs)}, not an object")
        elif attrs:
            try:
                check_json(attrs, "attrs")
            except UntrustedError as exc:
                raise RecordError(f"span {n}: {exc}") from None
            key = attrs_key(attrs)
        else:
            attrs, key = NO_ATTRS, _NO_ATTRS_KEY
        if targets and attrs.get("target") not in targets:
            raise RecordError(f"span {n}: a {layer!r} span needs attrs.target, one of {', '.join(targets)}")
        found[(layer, label, start, end, key)] = _new_span(SpanRecord, (start, end, label, layer, attrs))
    unique = list(found.values())
    _check_overlaps(unique, schema)
    return tuple(unique)


_new_span = tuple.__new__  # SpanRecord's fields straight into the tuple, without its Python-level __new__


def _layer_of(schema: Schema, label: str, named: Any, n: int) -> tuple[str, tuple[str, ...]]:
    """The layer a span of ``label`` (in the layer ``named``, if given) goes to, and that layer's targets."""
    try:
        layer = schema.layer_for(label, named)
    except ValueError as exc:
        raise RecordError(f"span {n}: {exc}") from None
    return layer.name, schema.targets_of(layer)


def _integers(start: Any, end: Any) -> bool:
    """Both are integers (an int subclass too), not booleans: the slow path of the common ``type(x) is int``."""
    return (isinstance(start, int) and isinstance(end, int)
            and not isinstance(start, bool) and not isinstance(end, bool))


_START_END = itemgetter(0, 1)
_START = itemgetter(0)
_END = itemgetter(1)


def _check_overlaps(spans: list[SpanRecord], schema: Schema) -> None:
    """Refuse two spans that overlap in a layer that does not allow it: sorted by start, each span must
    end before the next one starts (compared in C, over the layers the record uses)."""
    if len(spans) < 2:
        return
    used = {s.layer for s in spans}
    for layer in schema.layers:
        name = layer.name
        if layer.allow_overlap or name not in used:
            continue
        mine = sorted(spans if len(used) == 1 else [s for s in spans if s.layer == name], key=_START_END)
        if any(map(lt, map(_START, mine[1:]), map(_END, mine))):  # a start before the end of the span before it
            a, b = next((a, b) for a, b in zip(mine, mine[1:]) if b.start < a.end)
            raise RecordError(f"spans {a.start}-{a.end} and {b.start}-{b.end} overlap in layer {name!r}, "
                              "which does not allow overlaps")


def _doc_labels(value: Any, schema: Schema) -> tuple[DocLabelRecord, ...]:
    if not isinstance(value, list):
        raise RecordError(f"'doc_labels' is {_json_type(value)}, not an array")
    labels: dict[tuple[str, str], DocLabelRecord] = {}
    for n, item in enumerate(value, 1):
        where = f"doc_label {n}"
        if not isinstance(item, dict):
            raise RecordError(f"{where} is {_json_type(item)}, not an object")
        task_name = item.get("task")
        task = schema.task(task_name) if isinstance(task_name, str) else None
        if task is None:
            raise RecordError(f"{where}: unknown task {task_name!r}")
        target = item.get("target") or ""
        if task.targets and target not in task.targets:
            raise RecordError(f"{where}: target {target!r} is not one of {', '.join(task.targets)}")
        if not task.targets and target:
            raise RecordError(f"{where}: task {task.name!r} has no targets")
        label = item.get("label")
        if not isinstance(label, str) or task.label(label) is None:
            raise RecordError(f"{where}: unknown label {label!r} for task {task.name!r}")
        previous = labels.get((task.name, target))
        if previous is not None and previous.label != label:
            raise RecordError(f"{where}: task {task.name!r} target {target!r} labelled twice ({previous.label}, {label})")
        labels[(task.name, target)] = DocLabelRecord(task.name, target, label)
    return tuple(labels.values())


def _normalize(text: str, spans: tuple[SpanRecord, ...]) -> tuple[str, tuple[SpanRecord, ...]]:
    """Turn line endings into ``\\n`` and move every span offset with the text."""
    if "\r" not in text:
        return text, spans
    new_index = [0] * (len(text) + 1)
    out: list[str] = []
    i = 0
    while i < len(text):
        new_index[i] = len(out)
        ch = text[i]
        if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            new_index[i + 1] = len(out)
            out.append("\n")
            i += 2
            continue
        out.append("\n" if ch == "\r" else ch)
        i += 1
    new_index[len(text)] = len(out)
    moved = tuple(SpanRecord(new_index[s.start], new_index[s.end], s.label, s.layer, s.attrs) for s in spans)
    return "".join(out), moved
