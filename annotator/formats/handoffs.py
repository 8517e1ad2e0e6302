"""Hand-offs to the tools people train with: Prodigy JSONL, CoNLL (IOB2) and spaCy's DocBin, all on
the app's own tokens (``core.bio.tokenize``), so an entity glued to a proclitic ("و" + "الولايات")
stays a token of its own. spaCy is an optional extra, imported only when a DocBin is written."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, Protocol, TextIO

from annotator.core.bio import Span, Token, bio_tags, tokenize
from annotator.core.errors import AnnotatorError
from annotator.core.handoff import Spaced, sentences, spaced, visible_span
from annotator.core.schema import Schema
from annotator.formats.shapes import Line, Notice, meta, unfit
from annotator.store.exporting import AnnotationSet, DocumentExport

DOCSTART = "-DOCSTART- -X- O O"  # CoNLL-2003's document line, the one spaCy's converter splits at
SPACY_EXTRA = 'spaCy is not installed: pip install "annotator[spacy]" (spaCy 3.7 or later) to export --format spacy'


def _prepared(doc: DocumentExport, aset: AnnotationSet,
              layers: Sequence[str]) -> Notice | tuple[list[Span], list[Token], int]:
    """The set's spans of ``layers`` without edge whitespace, the tokens, and how many spans lost edge
    whitespace; or why the set cannot be written (overlapping spans, a span with nothing visible)."""
    spans: list[Span] = []
    trimmed = 0
    for s in aset.spans:
        if s.layer in layers:
            start, end = visible_span(doc.text, s.start, s.end)
            if start == end:
                return Notice("blank", doc.external_id, aset.annotator)
            trimmed += (start, end) != (s.start, s.end)
            spans.append((start, end, s.label))
    spans.sort()
    notice = unfit(doc, aset.annotator, spans)
    return notice or (spans, tokenize(doc.text, spans), trimmed)


def _sets(doc: DocumentExport, layers: Sequence[str]) -> Iterator[Notice | tuple[AnnotationSet, list[Span],
                                                                                 list[Token]]]:
    for aset in doc.sets:
        got = _prepared(doc, aset, layers)
        if isinstance(got, Notice):
            yield got
            continue
        spans, tokens, trimmed = got
        if trimmed:
            yield Notice("trimmed", doc.external_id, aset.annotator, trimmed)
        yield aset, spans, tokens


def _indices(all_tokens: Sequence[Spaced], spans: Sequence[Span]) -> list[tuple[int, int, str]]:
    """Each span as (first token, last token) indices into ``all_tokens``, inclusive."""
    starts = {t.start: i for i, t in enumerate(all_tokens) if not t.space}
    ends = {t.end: i for i, t in enumerate(all_tokens) if not t.space}
    return [(starts[s], ends[e], label) for s, e, label in spans]


def prodigy(doc: DocumentExport, schema: Schema, layers: Sequence[str], bare: bool) -> Iterator[Line | Notice]:
    """Prodigy's ner_manual task: the text, its tokens (whitespace tokens where spaCy makes them) and
    the spans with their first and last token (``token_end`` inclusive), accepted, by the annotator."""
    for got in _sets(doc, layers):
        if isinstance(got, Notice):
            yield got
            continue
        aset, spans, tokens = got
        all_tokens = spaced(doc.text, tokens)
        yield {"id": doc.external_id, "text": doc.text, "meta": meta(doc),
               "tokens": [{"text": doc.text[t.start:t.end], "start": t.start, "end": t.end, "id": i, "ws": t.ws}
                          for i, t in enumerate(all_tokens)],
               "spans": [{"start": s, "end": e, "token_start": first, "token_end": last, "label": label,
                          "text": doc.text[s:e]}
                         for (s, e, label), (first, last, _) in zip(spans, _indices(all_tokens, spans))],
               "answer": "accept", "_view_id": "ner_manual", "_annotator_id": aset.annotator,
               "_session_id": aset.annotator}


def conll(doc: DocumentExport, schema: Schema, layers: Sequence[str], bare: bool) -> Iterator[Line | Notice]:
    """CoNLL: tokens with IOB2 tags, in sentences (``ConllWriter`` writes them)."""
    for got in _sets(doc, layers):
        if isinstance(got, Notice):
            yield got
            continue
        aset, spans, tokens = got
        tags = bio_tags(tokens, spans)
        yield {"id": doc.external_id, "annotator": aset.annotator, "tokens": [doc.text[a:b] for a, b in tokens],
               "ner_tags": tags, "sentences": sentences(doc.text, tokens, tags)}


def spacy(doc: DocumentExport, schema: Schema, layers: Sequence[str], bare: bool) -> Iterator[Line | Notice]:
    """spaCy: words and spaces that give the text back, entities as token ranges, sentence starts
    (``SpacyWriter`` makes the Doc objects)."""
    for got in _sets(doc, layers):
        if isinstance(got, Notice):
            yield got
            continue
        aset, spans, tokens = got
        all_tokens = spaced(doc.text, tokens)
        first = {tokens[a][0] for a, _ in sentences(doc.text, tokens, bio_tags(tokens, spans))}
        yield {"id": doc.external_id, "annotator": aset.annotator, "meta": meta(doc),
               "words": [doc.text[t.start:t.end] for t in all_tokens], "spaces": [t.ws for t in all_tokens],
               "sent_starts": [k == 0 or t.start in first for k, t in enumerate(all_tokens)],
               "ents": [[a, b + 1, label] for a, b, label in _indices(all_tokens, spans)]}


SHAPES = {"prodigy": prodigy, "conll": conll, "spacy": spacy}
SUFFIXES = {"conll": ".conll", "spacy": ".spacy"}  # the others write .jsonl


class Writer(Protocol):
    def write(self, line: Line) -> None: ...

    def finish(self) -> None: ...


class JsonlWriter:
    """One JSON object a line."""

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh

    def write(self, line: Line) -> None:
        self.fh.write(json.dumps(line, ensure_ascii=False) + "\n")

    def finish(self) -> None:
        pass


class ConllWriter:
    """IOB2 CoNLL: ``-DOCSTART- -X- O O`` and a blank line before each document, then one token and its
    tag a line (separated by a space), a blank line after each sentence."""

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh

    def write(self, line: Line) -> None:
        out = [DOCSTART, ""]
        for a, b in line["sentences"]:
            out += [f"{token} {tag}" for token, tag in zip(line["tokens"][a:b], line["ner_tags"][a:b])]
            out.append("")
        self.fh.write("\n".join(out) + "\n")

    def finish(self) -> None:
        pass


def require_spacy() -> Any:
    """spaCy's modules, or an error saying how to install the extra."""
    try:
        import spacy
        from spacy.tokens import Doc, DocBin
        from spacy.vocab import Vocab
    except ImportError:
        raise AnnotatorError(SPACY_EXTRA) from None
    return spacy, Doc, DocBin, Vocab


class SpacyWriter:
    """A DocBin (``.spacy``) of Doc objects made from the app's words and spaces, written at the end;
    each Doc's user_data holds the document's ``id``, ``annotator`` and ``meta``."""

    def __init__(self, fh: BinaryIO) -> None:
        _, self._doc, doc_bin, vocab = require_spacy()
        self.fh = fh
        self.vocab = vocab()
        self.bin = doc_bin(store_user_data=True)

    def write(self, line: Line) -> None:
        doc = self._doc(self.vocab, words=line["words"], spaces=line["spaces"],
                        sent_starts=line["sent_starts"] or None,
                        ents=_iob(line["ents"], len(line["words"])))
        doc.user_data.update({"id": line["id"], "annotator": line["annotator"], "meta": line["meta"]})
        self.bin.add(doc)

    def finish(self) -> None:
        self.fh.write(self.bin.to_bytes())


def _iob(ents: Sequence[Sequence[Any]], n: int) -> list[str]:
    """Entity token ranges as the IOB tags Doc(ents=...) takes, every other token "O"."""
    tags = ["O"] * n
    for a, b, label in ents:
        tags[a] = f"B-{label}"
        for k in range(a + 1, b):
            tags[k] = f"I-{label}"
    return tags


def writer(fmt: str, fh: Any) -> Writer:
    if fmt == "conll":
        return ConllWriter(fh)
    if fmt == "spacy":
        return SpacyWriter(fh)
    return JsonlWriter(fh)
