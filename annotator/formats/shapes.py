"""The JSONL shapes: one function per format turns a document and its annotation sets into lines."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.bio import Span, bio_tags, blank, overlap, tokenize
from annotator.core.cleaning import Cleaner, paragraphs
from annotator.core.errors import AnnotatorError
from annotator.core.schema import Schema
from annotator.store.exporting import DocumentExport
from annotator.store.values import SpanView

FORMATS = ("native", "spans", "bio", "stance", "boilerplate", "prodigy", "conll", "spacy")
TOKEN_FORMATS = ("bio", "prodigy", "conll", "spacy")  # tokens and tags: no overlapping spans

Line = dict[str, Any]


class ExportError(AnnotatorError):
    """The export cannot be written as asked; the message names the document."""


@dataclass(frozen=True)
class Notice:
    """What a shape tells the export instead of a line: a document (one annotator's set) it left out,
    and why ("overlap": spans overlap within the exported layers; "blank": a span holds nothing
    visible), or ("trimmed") how many spans it wrote without the whitespace at their edges."""

    kind: str
    document: str
    annotator: str
    count: int = 1


def default_layers(schema: Schema, fmt: str) -> tuple[str, ...]:
    """The layers a format exports unless --layers says otherwise: every layer for native and stance
    (which pick their own), else the entity layer (the schema's first name layer)."""
    names = tuple(layer.name for layer in schema.layers)
    if fmt in ("native", "stance"):
        return names
    if fmt == "boilerplate":
        boilerplate_layer(schema)  # refuses a schema without one, before anything is written
    return tuple(schema.name_layers()[:1]) or names[:1]


def meta(doc: DocumentExport, *, full: bool = True) -> dict[str, Any]:
    """The line's ``meta``: the document's own (``full``) with ``lang``, its language, always set.
    The training formats carry ``lang`` alone: a document's other meta differs in shape from one
    document to the next, which a table loader (Hugging Face datasets, pandas) refuses."""
    return ({**doc.meta, "lang": doc.language} if full else {"lang": doc.language})


def unfit(doc: DocumentExport, annotator: str, spans: Sequence[Span]) -> Notice | None:
    """Why tokens and tags cannot hold these spans (overlapping, or one holds nothing visible); None when they can."""
    if any(blank(doc.text[s:e]) for s, e, _ in spans):
        return Notice("blank", doc.external_id, annotator)
    if overlap(spans):
        return Notice("overlap", doc.external_id, annotator)
    return None


def span_json(span: SpanView, text: str, *, layer: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label}
    if layer:
        out["layer"] = span.layer
    if span.attrs:
        out["attrs"] = dict(sorted(span.attrs.items()))
    out["text"] = text[span.start:span.end]
    return out


def _head(doc: DocumentExport) -> Line:
    return {"id": doc.external_id, "text": doc.text, "meta": meta(doc)}


def native(doc: DocumentExport, schema: Schema, layers: Sequence[str], bare: bool) -> Iterator[Line]:
    """The import format: one line per annotator; a document nobody annotated gets a bare line."""
    if not doc.sets and bare:
        yield _head(doc)
    for aset in doc.sets:
        line = _head(doc) | {"annotator": aset.annotator}
        if aset.status is not None:
            line["status"] = aset.status
        line["spans"] = [span_json(s, doc.text) for s in aset.spans]
        line["doc_labels"] = [{"task": d.task, **({"target": d.target} if d.target else {}), "label": d.label}
                              for d in aset.doc_labels]
        yield line


def spans(doc: DocumentExport, schema: Schema, layers: Sequence[str], bare: bool) -> Iterator[Line]:
    """Prodigy/spaCy: text and character spans of the chosen layers, per annotator."""
    for aset in doc.sets:
        chosen = [s for s in aset.spans if s.layer in layers]
        yield _head(doc) | {"annotator": aset.annotator,
                            "spans": [span_json(s, doc.text, layer=len(layers) > 1) for s in chosen]}


def bio(doc: DocumentExport, schema: Schema, layers: Sequence[str], bare: bool) -> Iterator[Line | Notice]:
    """Hugging Face token classification: tokens cut at every span boundary, BIO tags. A set whose
    spans overlap (or hold nothing visible) is left out, and told."""
    for aset in doc.sets:
        triples = sorted((s.start, s.end, s.label) for s in aset.spans if s.layer in layers)
        notice = unfit(doc, aset.annotator, triples)
        if notice:
            yield notice
            continue
        tokens = tokenize(doc.text, triples)
        yield {"id": doc.external_id, "annotator": aset.annotator,
               "tokens": [doc.text[a:b] for a, b in tokens], "ner_tags": bio_tags(tokens, triples),
               "text": doc.text, "meta": meta(doc, full=False)}


def stance(doc: DocumentExport, schema: Schema, layers: Sequence[str], bare: bool) -> Iterator[Line]:
    """One line per document, annotator and labelled target, with the evidence spans for it."""
    for aset in doc.sets:
        for label in aset.doc_labels:
            task = schema.task(label.task)
            if task is None or not task.targets:
                continue
            evidence_layers = {lay.name for lay in schema.layers if lay.target_task == task.name}
            evidence = [span_json(s, doc.text, layer=False) for s in aset.spans
                        if s.layer in evidence_layers and s.attrs.get("target") == label.target]
            for item in evidence:
                item.pop("attrs", None)
            yield {"id": doc.external_id, "annotator": aset.annotator, "text": doc.text, "meta": meta(doc, full=False),
                   "task": task.name,
                   "target": label.target, "label": label.label, "evidence": evidence}


def boilerplate_layer(schema: Schema) -> str:
    layer = schema.boilerplate_layer()
    if layer is None:
        raise ExportError("the schema has no boilerplate layer")
    return layer.name


def boilerplate(doc: DocumentExport, schema: Schema, layers: Sequence[str], bare: bool) -> Iterator[Line]:
    """Boilerplate spans, paragraphs flagged, the clean text, and entities moved into it."""
    bp_layer = boilerplate_layer(schema)
    entity_layers = [name for name in layers if name != bp_layer]
    for aset in doc.sets:
        removed = sorted((s.start, s.end) for s in aset.spans if s.layer == bp_layer)
        cleaner = Cleaner(doc.text, removed)
        paras = [{"start": s, "end": e, "boilerplate": e > s and cleaner.removes(s, e) and _covered(s, e, removed)}
                 for s, e in paragraphs(doc.text)]
        entities = []
        for span in aset.spans:
            if span.layer in entity_layers and not cleaner.removes(span.start, span.end):
                start = cleaner.move(span.start)
                # nothing inside it is removed, but a line feed at its end may go with the next paragraph
                end = min(start + (span.end - span.start), len(cleaner.text))
                entities.append({"start": start, "end": end, "label": span.label, "text": cleaner.text[start:end]})
        yield {"id": doc.external_id, "annotator": aset.annotator, "text": doc.text, "meta": meta(doc, full=False),
               "boilerplate": [{"start": s, "end": e} for s, e in removed], "paragraphs": paras,
               "clean_text": cleaner.text, "entities": entities}


def _covered(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether [start, end) lies wholly inside the union of ``ranges``."""
    at = start
    for s, e in ranges:
        if s > at:
            break
        at = max(at, e)
    return at >= end


SHAPES = {"native": native, "spans": spans, "bio": bio, "stance": stance, "boilerplate": boilerplate}


def check_line(line: Line) -> str | None:
    """Every span in a line holds the text it points at, and so does every token that says where it
    lies (Prodigy's), and a span's first and last token start and end where it does; the reason
    when one does not."""
    for key, base in (("spans", "text"), ("evidence", "text"), ("entities", "clean_text")):
        for span in line.get(key, ()):
            if line[base][span["start"]:span["end"]] != span["text"]:
                return f"{key} {span['start']}-{span['end']}: text {span['text']!r} is not what the document holds there"
    tokens = [t for t in line.get("tokens", ()) if isinstance(t, dict)]
    for token in tokens:
        if line["text"][token["start"]:token["end"]] != token["text"]:
            return f"token {token['start']}-{token['end']}: text {token['text']!r} is not what the document holds there"
    for span in line.get("spans", ()) if tokens else ():
        if (tokens[span["token_start"]]["start"], tokens[span["token_end"]]["end"]) != (span["start"], span["end"]):
            return f"spans {span['start']}-{span['end']}: its tokens do not start and end where it does"
    return None
