"""Guess a document's language from its script: Arabic script, Latin script, or undetermined."""

from __future__ import annotations

import unicodedata

_SAMPLE = 4000


def guess_language(text: str) -> str:
    """Return ``"ar"`` when most letters are Arabic script, ``"en"`` when most are Latin, else ``"und"``.

    A script count, not a language model: Persian or Urdu come out as ``"ar"``;
    give the language in the import's ``meta.lang`` to say otherwise.
    """
    arabic = latin = other = 0
    for ch in text[:_SAMPLE]:
        if not ch.isalpha():
            continue
        cp = ord(ch)
        if 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
            arabic += 1
        elif cp < 0x0250 or "LATIN" in unicodedata.name(ch, ""):
            latin += 1
        else:
            other += 1
    total = arabic + latin + other
    if total == 0:
        return "und"
    if arabic / total >= 0.5:
        return "ar"
    if latin / total >= 0.5:
        return "en"
    return "und"
