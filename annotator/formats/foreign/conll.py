"""CoNLL-style token-per-line files: ``TOKEN ... TAG``, the tag in the last column (columns split by tabs,
or by spaces in a line without tabs); a blank line ends a sentence, a ``-DOCSTART-`` line starts a
document, and a line beginning with ``#`` is a comment (unless it is the token ``#`` with a tag).

The text is rebuilt: the tokens of a sentence joined by single spaces, one sentence a line. So the original
spacing (no space before a full stop, a line break inside a sentence) is not what is stored; offsets are
counted on the rebuilt text, so ``--offsets`` does not apply.

Tags: IOB2 (BIO), IOB1 and BIOES/BILOU are all read by one rule: ``B-X`` starts a span, ``I-X`` (``E-X``,
``L-X``) continues a span of X or else starts one (as IOB1 means it), ``E-X``/``L-X`` then close it,
``S-X``/``U-X`` is a span of one token, and a tag without a prefix is a span of X (the IO scheme)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from annotator.formats.foreign.common import Draft, Found, ForeignOptions, Item, Notes, Refused, read_text
from annotator.formats.reading import MAX_DOCUMENT_BYTES

UNIT = None  # no offsets in the file: the reader counts them on the text it rebuilds
SUFFIXES = (".conll", ".conll03", ".iob", ".iob1", ".iob2", ".bio", ".bioes", ".txt")
_TAG = re.compile(r"(?:([BIESLU])[-_])?(.+)")


def read(path: Path, options: ForeignOptions, notes: Notes) -> Iterator[Item]:
    try:
        lines = read_text(path, 64 * MAX_DOCUMENT_BYTES).split("\n")  # a file of many documents
    except (OSError, ValueError) as exc:
        yield 0, f"cannot read: {getattr(exc, 'strerror', None) or exc}"
        return
    try:
        documents = list(_documents(lines))
    except Refused as exc:
        yield exc.line, f"{exc}; nothing of this file was imported"
        return
    for n, (line, sentences) in enumerate(documents, 1):
        doc_id = path.stem if len(documents) == 1 else f"{path.stem}-{n}"
        yield line, _draft(line, doc_id, sentences)


Token = tuple[int, str, str]  # (line, token, tag)


def _documents(lines: list[str]) -> Iterator[tuple[int, list[list[Token]]]]:
    """(first line, sentences) per document; a sentence is its tokens."""
    sentences: list[list[Token]] = []
    sentence: list[Token] = []
    first = 0
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        fields = line.split("\t") if "\t" in line else line.split()
        fields = [f.strip() for f in fields]
        if fields and fields[0] == "-DOCSTART-":
            if sentence:
                sentences.append(sentence)
            if sentences:
                yield first, sentences
            sentences, sentence, first = [], [], 0
            continue
        if not line:
            if sentence:
                sentences.append(sentence)
            sentence = []
            continue
        if line.startswith("#") and not (len(fields) >= 2 and _is_tag(fields[-1])):
            continue  # a comment: "# sent_id = 3", "# text = ..."
        if len(fields) < 2:
            raise Refused(number, f"a token without a tag: {line!r} (a line is TOKEN ... TAG)")
        sentence.append((number, fields[0], fields[-1]))
        first = first or number
    if sentence:
        sentences.append(sentence)
    if sentences:
        yield first, sentences


def _is_tag(tag: str) -> bool:
    return tag == "O" or bool(re.fullmatch(r"[BIESLU][-_].+", tag))


def _draft(line: int, doc_id: str, sentences: list[list[Token]]) -> Draft:
    """The rebuilt text and its spans, decoded from the tags."""
    parts: list[str] = []
    spans: list[Found] = []
    open_span: list[int | str] | None = None  # [start, end, label, line] of the span being read
    pos = 0

    def close() -> None:
        nonlocal open_span
        if open_span is not None:
            start, end, label, at = open_span
            spans.append(Found(int(start), int(end), str(label), int(at), f"the {label} span from line {at}"))
            open_span = None

    for s, sentence in enumerate(sentences):
        if s:
            parts.append("\n")
            pos += 1
        for t, (number, token, tag) in enumerate(sentence):
            if t:
                parts.append(" ")
                pos += 1
            start, end = pos, pos + len(token)
            parts.append(token)
            pos = end
            if tag == "O":
                close()
                continue
            match = _TAG.fullmatch(tag)
            prefix, label = (match.group(1), match.group(2)) if match else (None, tag)
            continues = open_span is not None and open_span[2] == label and prefix in ("I", "E", "L", None)
            if continues:
                assert open_span is not None
                open_span[1] = end
            else:
                close()
                open_span = [start, end, label, number]
            if prefix in ("E", "L", "S", "U"):
                close()
        close()  # a span never runs over a sentence break
    return Draft(line, "".join(parts), spans, doc_id, status="done")
