"""Decode input bytes to the stored text: BOM-aware, UTF-8 first, legacy encodings detected."""

from __future__ import annotations

import codecs
import re
import hashlib
from dataclasses import dataclass

from charset_normalizer import from_bytes  # the detector for everything else

# Byte-order marks, longest first so UTF-32 LE is not taken for UTF-16 LE.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# The legacy encodings Arabic and English news come in, most likely first.
LEGACY_ENCODINGS = ("cp1256", "iso8859_6", "cp1252", "iso8859_15", "iso8859_1")


_WORD = re.compile(r"\w+")
_ARABIC = re.compile("[\u0600-\u06FF]")
_LATIN = re.compile("[A-Za-z\u00C0-\u00FF]")
_ACCENTED = re.compile("[\u00C0-\u00FF]")


def _expected(ch: str) -> bool:
    """A character Arabic or English news is made of: ASCII, Western European letters, Arabic."""
    cp = ord(ch)
    return (32 <= cp < 127 or ch in "\n\t" or 0xC0 <= cp <= 0xFF or 0x0600 <= cp <= 0x06FF
            or cp in (0xA0, 0xAB, 0xBB, 0x200C, 0x200D, 0x200E, 0x200F) or 0x2010 <= cp <= 0x2026)


def _likely_legacy(data: bytes) -> tuple[str, str] | None:
    """The legacy encoding under which the bytes read as Arabic or Western text, if one does clearly.

    charset-normalizer is built for long texts in many languages; on a short Windows-1256 or
    Windows-1252 file it may answer Big5 or Windows-1250 ("crčme"). For this tool's corpora,
    these few encodings are tried first and the one whose characters are the expected kind
    wins; anything else goes to the detector.
    """
    best: tuple[float, str, str] | None = None
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:65536]
        words = _WORD.findall(sample)
        mixed = sum(1 for w in words if _ARABIC.search(w) and _LATIN.search(w))  # "اa": a wrong guess
        latin = len(_LATIN.findall(sample))
        accented = len(_ACCENTED.findall(sample))  # beyond a third of Latin letters: Cyrillic or Greek misread
        score = (sum(map(_expected, sample)) / max(len(sample), 1) - mixed / max(len(words), 1)
                 - max(0.0, accented / max(latin, 1) - 0.33))
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None or best[0] < 0.97:
        return None
    return best[1], best[2]


class DecodeError(ValueError):
    """The bytes are not text we can annotate; the message says why."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def normalize_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n``; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise DecodeError("not a text file (it contains NUL characters)")
    if not text.strip():
        raise DecodeError("empty file" if not text else "only whitespace, nothing to annotate")


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a text file's bytes into the text we store.

    Order: a byte-order mark decides; else strict UTF-8; else the encoding
    charset-normalizer finds (Windows-1256 and the like). NUL bytes, undecodable
    bytes, and empty or whitespace-only input raise DecodeError.
    """
    if not data:
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {encoding} byte-order mark but is not valid {encoding}: {exc.reason} at byte {exc.start + len(bom)}") from None
            text = normalize_newlines(text)
            _check_text(text)
            return DecodedText(text, encoding)
    if b"\x00" in data:
        raise DecodeError("not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        legacy = _likely_legacy(data)
        if legacy is not None:
            text, encoding = legacy
        else:
            best = from_bytes(data).best()
            if best is None or best.encoding is None:
                raise DecodeError("not text in any encoding we recognise (binary data?)") from None
            encoding = best.encoding
            text = str(best)
    text = normalize_newlines(text)
    _check_text(text)
    if _control_ratio(text) > 0.05:
        raise DecodeError(f"not a text file (too many control characters when read as {encoding})")
    return DecodedText(text, encoding)


def _control_ratio(text: str) -> float:
    """Share of C0 control characters other than tab, newline and form feed."""
    sample = text[:65536]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\f")
    return bad / len(sample)
