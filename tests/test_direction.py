"""A paragraph's direction comes from its first letter (annotator.core.direction)."""

from __future__ import annotations

import pytest

from annotator.core.direction import Direction, paragraph_direction

RLM, LRM, ALM = "\u200f", "\u200e", "\u061c"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
RLE, PDF = "\u202b", "\u202c"

CASES: list[tuple[str, str, Direction | None]] = [
    ("flag first, Arabic", "🇰🇵 قالت كوريا الشمالية", "rtl"),
    ("two flags and fire, Arabic (tricky/emoji_before_entity)", "🇰🇵🔥 أعلن كيم جونغ أون", "rtl"),
    ("flag first, English", "🇺🇸 The United States said", "ltr"),
    ("emoji first, English", "😀 Kim spoke for hours", "ltr"),
    ("emoji first, Arabic", "😀🔥 كيم", "rtl"),
    ("Latin digits first, Arabic", "2024 قالت وسائل إعلام", "rtl"),
    ("Arabic-Indic digits first, Arabic", "١٠٬٠٠٠ جندي", "rtl"),
    ("Arabic digits first, English", "٢٠٢٤ North Korea", "ltr"),
    ("date first, Arabic", "29/12/2024 - قالت", "rtl"),
    ("a Latin source first, Arabic", "CNN: قالت كوريا الشمالية", "ltr"),
    ("quote first, Arabic", "\"الولايات المتحدة\" هي", "rtl"),
    ("guillemet first, Arabic", "«عدوانية» قال", "rtl"),
    ("curly quote and bracket first, Arabic", "“(كيم)”", "rtl"),
    ("punctuation first, English", "— North Korea", "ltr"),
    ("RLM first, Arabic (tricky/bidi_controls)", f"{RLM}قال {RLI}KCNA{PDI} إن", "rtl"),
    ("RLM first, English: marks do not decide", f"{RLM}North Korea", "ltr"),
    ("LRM first, Arabic: marks do not decide", f"{LRM}قال", "rtl"),
    ("ALM first, English", f"{ALM}Kim", "ltr"),
    ("Latin in an LRI first, Arabic after it", f"{LRI}KCNA{PDI} قالت", "rtl"),
    ("Latin in an FSI first, Arabic after it", f"{FSI}US-ROK{PDI} تدريبات", "rtl"),
    ("nested isolates skipped", f"{RLI}{LRI}US{PDI}كيم{PDI} Kim", "ltr"),
    ("unclosed isolate: no letter outside it", f"{LRI}KCNA قالت", None),
    ("embedding does not hide its letters", f"{RLE}Kim{PDF} قال", "ltr"),
    ("tashkeel (tricky/tashkeel)", "قَالَ كِيمُ جُونْغ أُون", "rtl"),
    ("a lone mark before the first letter", "\u064eكيم", "rtl"),
    ("Persian with ZWNJ", "کره\u200cشمالی", "rtl"),
    ("tatweel first, then Arabic", "ـــكيم", "rtl"),
    ("tatweel first is an Arabic letter (Lm, AL)", "ـــKim", "rtl"),
    ("Hebrew", "12 צפון קוריאה", "rtl"),
    ("Syriac", "ܟܝܡ", "rtl"),
    ("Thaana", "ކިމް", "rtl"),
    ("N'Ko", "ߞߌߡ", "rtl"),
    ("Greek", "🇬🇷 Βόρεια Κορέα", "ltr"),
    ("Han", "😀 朝鲜", "ltr"),
    ("a neutral modifier letter (prime, class ON) first, Arabic", "ʹكيم", "rtl"),
    ("Arabic after tatweel is right-to-left even in a Latin quote", "ـ \"Kim\"", "rtl"),
    ("leading whitespace, English (seed 001)", " date 2024-12-29 World", "ltr"),
    ("empty line", "", None),
    ("whitespace only", " \t ", None),
    ("digits and punctuation only", "2024-12-29 (10,000) %", None),
    ("emoji only", "🇰🇵😀🔥", None),
    ("controls only", f"{RLM}{LRM}{LRI}{PDI}", None),
    ("the paragraph ends at a line break", "2024\nكيم", None),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in CASES], ids=[name for name, _, _ in CASES])
def test_paragraph_direction_comes_from_the_first_letter(text: str, expected: Direction | None) -> None:
    assert paragraph_direction(text) == expected
