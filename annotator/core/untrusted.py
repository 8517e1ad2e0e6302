"""Untrusted strings and JSON: what both back ends store alike, names without control characters, text safe to print."""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

# Characters that move the cursor, end a line, retitle a terminal or reorder what follows: C0 and C1
# controls, DEL, the line and paragraph separators, bidi embeddings, overrides and isolates, and lone
# surrogates (which no encoder can write).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
MAX_INT_DIGITS = sys.get_int_max_str_digits() or 4300  # Python refuses to parse longer integers
MAX_DEPTH = 100  # nesting in meta and attrs


class UntrustedError(ValueError):
    """A value is refused; the message says why (the caller adds where)."""


def _describe(ch: str) -> str:
    cp = ord(ch)
    if 0xD800 <= cp <= 0xDFFF:
        return f"a lone surrogate (U+{cp:04X}), not valid Unicode"
    if cp == 0:
        return "a NUL character (U+0000)"
    if 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
        return f"a bidi override or isolate (U+{cp:04X})"
    return f"a control character (U+{cp:04X})"


def check_name(value: str, what: str) -> None:
    """Refuse an id or a name (document id, annotator, label, target) holding a character that is unsafe to print."""
    found = _UNSAFE.search(value)
    if found:
        raise UntrustedError(f"{what} holds {_describe(found.group())}")


def check_text(value: str, what: str) -> None:
    """Refuse text that no back end can store alike: NUL (PostgreSQL refuses it) and lone surrogates."""
    if "\x00" in value:
        raise UntrustedError(f"{what} holds {_describe(chr(0))}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UntrustedError(f"{what} holds {_describe(value[exc.start])}") from None


def check_json(value: Any, path: str, depth: int = 0) -> None:
    """Refuse a decoded JSON value that SQLite and PostgreSQL would not store and give back alike:
    strings (keys too) with NUL or lone surrogates, numbers that are not finite, nesting past MAX_DEPTH.
    ``path`` names the value (``meta``); the message names the part at fault (``'meta.note[2]'``)."""
    if isinstance(value, str):
        check_text(value, f"'{path}'")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise UntrustedError(f"'{path}' holds {value!r}, which is not a JSON number")
    elif isinstance(value, (dict, list)):
        if depth >= MAX_DEPTH:
            raise UntrustedError(f"'{path}' is nested more than {MAX_DEPTH} deep")
        if isinstance(value, dict):
            for key, item in value.items():
                check_text(key, f"a key of '{path}'")
                check_json(item, f"{path}.{printable(key)}", depth + 1)
        else:
            for n, item in enumerate(value):
                check_json(item, f"{path}[{n}]", depth + 1)


def _constant(name: str) -> Any:
    raise UntrustedError(f"{name} is not a JSON number")


def _real(digits: str) -> float:
    value = float(digits)
    if not math.isfinite(value):
        raise UntrustedError(f"{digits} is too large for a JSON number")
    return value


# One decoder for every line: json.loads with these arguments builds a new one (and its scanner) each call.
_DECODER = json.JSONDecoder(parse_constant=_constant, parse_float=_real)


def load_json(text: str) -> Any:
    """json.loads, refusing NaN, Infinity, numbers that overflow and integers too long to parse
    (UntrustedError); broken JSON raises json.JSONDecodeError as usual."""
    if text.startswith("\ufeff"):  # as json.loads says it
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    try:
        return _DECODER.decode(text)
    except (json.JSONDecodeError, UntrustedError):
        raise
    except ValueError:  # the only other one: int() refusing a number longer than the limit (default parsing is fast)
        raise UntrustedError(f"a number has more than {MAX_INT_DIGITS:,} digits") from None


def load_json_at(text: str, pos: int) -> tuple[Any, int]:
    """The JSON value that starts at ``pos`` of ``text`` and where it ends (``json.JSONDecoder.raw_decode``),
    refusing what ``load_json`` refuses: for files that hold many values in one text."""
    try:
        value, end = _DECODER.raw_decode(text, pos)
    except (json.JSONDecodeError, UntrustedError):
        raise
    except ValueError:
        raise UntrustedError(f"a number has more than {MAX_INT_DIGITS:,} digits") from None
    return value, end


def printable(value: object, keep: str = "") -> str:
    """``str(value)`` safe to print on a terminal: controls, separators, bidi overrides and isolates and
    lone surrogates become escapes (``\\x1b``, ``\\n``, ``\\u202e``), but for the characters in ``keep``
    (a whole file's ``"\\n\\t"``). Everything else (Arabic, marks, RLM/LRM, emoji) is printed as it is."""
    text = str(value)
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def printable_json(text: str) -> str:
    """JSON text (from json.dumps, ``ensure_ascii=False``) safe to print and still the same JSON: what
    json.dumps leaves raw (C1 controls, separators, bidi overrides, lone surrogates) becomes ``\\uXXXX``."""
    return _UNSAFE.sub(lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    cp = ord(ch)
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"
