"""Decoding rules of DESIGN.md: BOMs, UTF-8 first, legacy encodings detected, junk refused."""

from __future__ import annotations

import codecs

import pytest

from annotator.core.textio import DecodeError, decode_bytes, normalize_newlines, sha256_text

from tests.conftest import TRICKY

ARABIC = "قالت وكالة الأنباء المركزية الكورية إن كيم جونغ أون التقى بوتين في فلاديفوستوك.\n"


@pytest.mark.parametrize("name", ["utf8_bom_arabic.txt", "cp1256_arabic.txt", "utf16le_bom_arabic.txt"])
def test_arabic_in_any_encoding_decodes_to_the_same_text(name: str) -> None:
    text = decode_bytes((TRICKY / name).read_bytes()).text
    assert text == ARABIC
    assert "\ufeff" not in text
    assert "كيم جونغ أون" in text


@pytest.mark.parametrize("data, text", [
    (codecs.BOM_UTF16_BE + "كيم\r\n".encode("utf-16-be"), "كيم\n"),
    (codecs.BOM_UTF32_LE + "Kim".encode("utf-32-le"), "Kim"),
    ("ab\r\ncd\ref".encode(), "ab\ncd\nef"),
    ("قَالَ\u200f \u2067KCNA\u2069 ـــ".encode(), "قَالَ\u200f \u2067KCNA\u2069 ـــ"),  # nothing but line ends changes
])
def test_decoding_keeps_everything_but_line_endings(data: bytes, text: str) -> None:
    assert decode_bytes(data).text == text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b" \n\t\r\n ", "whitespace"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    (b"abc\x00def", "not a text file"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "not valid utf-8"),
    (bytes(range(1, 32)) * 20, "control characters"),
])
def test_junk_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=f"(?i){reason}"):
        decode_bytes(data)


def test_newlines_and_hash() -> None:
    assert normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
    assert sha256_text("كيم") == "c099a8d2d73e0c031e703707063fd9c44ca4dbd5762907c7ea47af5b1d5d56b8"  # of the UTF-8 bytes


@pytest.mark.parametrize("text, encoding", [
    ("كيم", "cp1256"),                       # three letters: too short for a general detector
    ("Pyongyang: كيم جونغ أون", "cp1256"),
    ("قالت وكالة الأنباء", "iso8859_6"),
    ("Ça va très bien, merci.", "cp1252"),   # not "اa va" (0xC7 is alef in Windows-1256)
    ("crème brûlée", "cp1252"),              # not "crčme" (Windows-1250)
    ("Größe über Äpfel", "cp1252"),
    ("Привет, как дела? Это тест.", "cp1251"),  # other scripts still go to charset-normalizer
    ("Ελληνικά κείμενα εδώ", "cp1253"),
])
def test_legacy_encodings_read_back_the_original(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)).text == text
