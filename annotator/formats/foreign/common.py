"""What the readers of other tools' files share: a document as a reader finds it, the options, the notes
on what was left out, and the JSON and JSON Lines they read (with the line of every item, for messages)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from annotator.core.textio import DecodeError, decode_bytes
from annotator.core.untrusted import UntrustedError, load_json, load_json_at
from annotator.formats.reading import MAX_DOCUMENT_BYTES, lines, open_regular, too_large

Item = tuple[int, Any]  # (line, a decoded JSON value or, as a str, why the item is refused)


class Refused(ValueError):
    """A document is refused, for a reason found at a line of its file."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


@dataclass
class Found:
    """A span as the file gives it, in the file's own offsets, before they are converted and checked."""

    start: int
    end: int
    label: str | None  # None: the file gives the span no label (a WebAnno '*')
    line: int  # where the span is written, for messages (the document's line when the file says no better)
    name: str  # how a message names it: "T3", "label 2", "annotation 1, result 'x7Yq'"
    text: str | None = None  # the span's text, when the file gives it: the offsets are checked against it
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Draft:
    """One annotator's view of one document, read from another tool's file."""

    line: int  # where the document starts (0: the whole file)
    text: str
    spans: list[Found] = field(default_factory=list)
    id: str | None = None  # None: the first 16 hex digits of the text's SHA-256, as for native lines without one
    meta: dict[str, Any] = field(default_factory=dict)
    annotator: str | None = None  # None: --annotator, else 'imported'
    status: str | None = None


@dataclass
class ForeignOptions:
    """The options of ``annotator import --from FORMAT``."""

    unit: str | None = None  # --offsets: overrides the format's unit
    layer: str | None = None  # --layer: the span layer the spans go to (default: the schema's first name layer)
    add_labels: str | None = None  # --add-labels LAYER: labels the layer lacks are added to it
    mapping: dict[str, str] = field(default_factory=dict)  # --map OLD=NEW; NEW "" leaves OLD's spans out
    annotator: str | None = None  # --annotator: whose work, where the file does not say
    layer_field: str | None = None  # --layer-field TYPE:FEATURE (WebAnno TSV): the column the labels are in
    text_field: str | None = None  # --text-field NAME (Label Studio): the data field holding the text


class Notes:
    """What a reader left out on purpose, counted, and its warnings, passed on as they come."""

    def __init__(self, on_warning: Callable[[str], None] | None = None) -> None:
        self.left_out: Counter[str] = Counter()
        self.warnings: list[str] = []
        self.on_warning = on_warning

    def skip(self, what: str, count: int = 1) -> None:
        if count:
            self.left_out[what] += count

    def warn(self, path: Path, line: int, message: str) -> None:
        self._said(f"{path}:{line}: warning: {message}" if line else f"{path}: warning: {message}")

    def take(self, warnings: list[str], left_out: Counter[str]) -> None:
        """Take in the notes another Notes made (a reading process's), as if made here."""
        for text in warnings:
            self._said(text)
        self.left_out.update(left_out)

    def _said(self, text: str) -> None:
        self.warnings.append(text)
        if self.on_warning:
            self.on_warning(text)

    def summary(self) -> str:
        """'not imported: 3 brat relations (R lines), 1 ...', or '' when nothing was left out."""
        if not self.left_out:
            return ""
        return "not imported: " + ", ".join(f"{n} {what}" for what, n in sorted(self.left_out.items()))


def read_text(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """A whole text file (a brat .txt, a CoNLL or TSV file), decoded as a .txt import is, line ends as
    ``\\n``; OSError or ValueError says why it cannot be read (a file over ``limit`` bytes is not read whole)."""
    with open_regular(path) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        mb = 1024 * 1024
        raise ValueError(f"{path.stat().st_size / mb:,.1f} MB is more than such a file may be ({limit // mb} MB); "
                         "split it into smaller files")
    try:
        return decode_bytes(data).text
    except DecodeError as exc:
        raise ValueError(str(exc)) from None


def jsonl_items(path: Path) -> Iterator[Item]:
    """The values of a JSON Lines file, one a line, each with its line number; a line that cannot be
    read gives the reason instead (as a str), in the words of the native import."""
    try:
        fh = open_regular(path)
    except OSError as exc:
        yield 0, f"cannot read: {exc.strerror or exc}"
        return
    with fh:
        for number, raw in enumerate(lines(fh), 1):
            if isinstance(raw, int):
                yield number, too_large(raw)
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                yield number, load_json(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield number, f"not UTF-8 ({exc.reason} at byte {exc.start})"
            except json.JSONDecodeError as exc:
                yield number, f"broken JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})"
            except UntrustedError as exc:
                yield number, f"refused JSON: {exc}"
            except RecursionError:
                yield number, "broken JSON: nested too deeply"




def json_items(path: Path) -> Iterator[Item]:
    """The items of a JSON file holding an array of objects (or one object), each with the line it starts
    on. Broken JSON ends the file there: the reason is given at its line and the rest is not read."""
    try:
        with open_regular(path) as fh:
            text = fh.read().decode("utf-8-sig")
    except OSError as exc:
        yield 0, f"cannot read: {exc.strerror or exc}"
        return
    except UnicodeDecodeError as exc:
        yield 0, f"not UTF-8 ({exc.reason} at byte {exc.start})"
        return
    pos, line, counted = _skip(text, 0), 1, 0
    single = not text.startswith("[", pos)
    if not single:
        pos = _skip(text, pos + 1)
    while pos < len(text) and (single or text[pos] != "]"):
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            value, end = load_json_at(text, pos)
        except json.JSONDecodeError as exc:
            yield exc.lineno, f"broken JSON ({exc.msg} at column {exc.colno}); the rest of the file was not read"
            return
        except UntrustedError as exc:
            yield line, f"refused JSON: {exc}; the rest of the file was not read"
            return
        except RecursionError:
            yield line, "broken JSON: nested too deeply; the rest of the file was not read"
            return
        yield line, value
        if single:
            pos = _skip(text, end)
            if pos < len(text):
                yield line, "more than one JSON value in the file (expected an array of tasks or one task)"
            return
        pos = _skip(text, end)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif not text.startswith("]", pos):
            yield text.count("\n", 0, pos) + 1, "broken JSON (expected ',' or ']'); the rest of the file was not read"
            return


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def is_offset(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
