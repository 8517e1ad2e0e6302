"""Invisible marks in the tokens that every token format uses: an LRM, RLM or ALM before, after or
inside a word, bidi isolates, ZWNJ in Persian words, Arabic with tashkeel. A mark is never a token of
its own and the B- tag of an entity lands on its word; spans come back exactly. Also the hand-off
helpers: spans without edge whitespace, spaCy's whitespace tokens, sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.bio import bio_tags, blank, invisible, spans_from_bio, tokenize
from annotator.core.handoff import Spaced, sentences, spaced, visible_span
from annotator.core.offsets import splits_cluster

LRM, RLM, ALM, RLI, PDI, ZWNJ = "\u200e", "\u200f", "\u061c", "\u2067", "\u2069", "\u200c"


def tagged(text: str, entity: str, label: str = "X", occurrence: int = 0) -> list[tuple[str, str]]:
    """The (token, tag) pairs of ``text`` with one span on the given occurrence of ``entity``."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(entity, at + 1)
    spans = [(at, at + len(entity), label)]
    tokens = tokenize(text, spans)
    tags = bio_tags(tokens, spans)
    assert spans_from_bio(tokens, tags) == spans  # the span comes back exactly
    assert not any(blank(text[a:b]) for a, b in tokens)  # no token of marks alone
    return [(text[a:b], tag) for (a, b), tag in zip(tokens, tags)]


@pytest.mark.parametrize("text, entity, expected", [
    # an LRM before a Latin word in Arabic text: the word is the token, the mark is left out
    (f"قال {LRM}KCNA إن", "KCNA", [("قال", "O"), ("KCNA", "B-X"), ("إن", "O")]),
    # ... unless the span holds it: then it is part of the word's token, not a token before it
    (f"قال {LRM}KCNA إن", f"{LRM}KCNA", [("قال", "O"), (f"{LRM}KCNA", "B-X"), ("إن", "O")]),
    (f"قال {LRM}كيم {LRM}جونغ إن", f"{LRM}كيم {LRM}جونغ",
     [("قال", "O"), (f"{LRM}كيم", "B-X"), ("جونغ", "I-X"), ("إن", "O")]),
    # marks after the word
    (f"KCNA{LRM} قال", "KCNA", [("KCNA", "B-X"), ("قال", "O")]),
    (f"قال كيم{RLM} إن", "كيم", [("قال", "O"), ("كيم", "B-X"), ("إن", "O")]),
    (f"قال كيم{RLM} إن", f"كيم{RLM}", [("قال", "O"), (f"كيم{RLM}", "B-X"), ("إن", "O")]),
    (f"العدد {ALM}١٢ {ALM}شخصا", "١٢", [("العدد", "O"), ("١٢", "B-X"), ("شخصا", "O")]),
    # isolates around a name, and a mark standing alone between spaces
    (f"قال {RLI}KCNA{PDI} إن", "KCNA", [("قال", "O"), ("KCNA", "B-X"), ("إن", "O")]),
    (f"قال {LRM} كيم", "كيم", [("قال", "O"), ("كيم", "B-X")]),
    # inside a word the unit rule keeps it whole; a span that starts after the mark cuts there, and
    # the mark goes with neither token
    (f"Kim{LRM}Jong met", f"Kim{LRM}Jong", [(f"Kim{LRM}Jong", "B-X"), ("met", "O")]),
    (f"Kim{LRM}Jong met", "Jong", [("Kim", "O"), ("Jong", "B-X"), ("met", "O")]),
    # a proclitic, a mark, then the word: the entity's B- is on the word, never on the mark
    (f"و{LRM}الولايات المتحدة", "الولايات المتحدة", [("و", "O"), ("الولايات", "B-X"), ("المتحدة", "I-X")]),
    (f"و{LRM}الولايات المتحدة", f"{LRM}الولايات المتحدة",
     [("و", "O"), (f"{LRM}الولايات", "B-X"), ("المتحدة", "I-X")]),
    (f"و{RLM}الوفد", f"و{RLM}", [(f"و{RLM}", "B-X"), ("الوفد", "O")]),  # the mark stays in the span's token
    # tashkeel: the proclitic with its vowel is cut off, marks stay on their letters
    ("قَالَ وَالْوِلَايَاتُ الْمُتَّحِدَةُ", "الْوِلَايَاتُ الْمُتَّحِدَةُ",
     [("قَالَ", "O"), ("وَ", "O"), ("الْوِلَايَاتُ", "B-X"), ("الْمُتَّحِدَةُ", "I-X")]),
    (f"زَارَ كِيمُ{RLM} رُوسِيَا", "كِيمُ", [("زَارَ", "O"), ("كِيمُ", "B-X"), ("رُوسِيَا", "O")]),
    (f"زَارَ {LRM}كِيمُ رُوسِيَا", f"{LRM}كِيمُ", [("زَارَ", "O"), (f"{LRM}كِيمُ", "B-X"), ("رُوسِيَا", "O")]),
    # ZWNJ is part of a Persian word, never a separator; before a word it is left out like a bidi mark
    (f"او می{ZWNJ}خواهد کتاب{ZWNJ}ها", f"کتاب{ZWNJ}ها", [("او", "O"), (f"می{ZWNJ}خواهد", "O"), (f"کتاب{ZWNJ}ها", "B-X")]),
    (f"او {ZWNJ}تهران", "تهران", [("او", "O"), ("تهران", "B-X")]),
])
def test_a_mark_is_never_a_token_and_the_b_tag_lands_on_the_word(text: str, entity: str,
                                                                  expected: list[tuple[str, str]]) -> None:
    assert tagged(text, entity) == expected


def test_regression_a_word_with_a_mark_inside_its_unit_before_the_entity() -> None:
    """Seen in a corpus whose words carry a left-to-right mark: the mark made a token of its own
    (tagged like its neighbour) when a span edge parted it from its word."""
    text = f"و{LRM}الولايات"
    assert tagged(text, "الولايات") == [("و", "O"), ("الولايات", "B-X")]
    assert [text[a:b] for a, b in tokenize(text, [])] == ["و", "الولايات"]  # without a span too


MARKS = [LRM, RLM, ALM, RLI, PDI, ZWNJ, "\u200d"]
PIECES = ["كيم", "و", "ال", "ولايات", "Kim", "'s", " ", " ", "\n", "🔥", ".", "َ", *MARKS]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10), st.lists(st.tuples(st.integers(0, 60),
                                                                                     st.integers(1, 20)), max_size=3))
def test_no_token_of_marks_and_spans_come_back(pieces: list[str], cuts: list[tuple[int, int]]) -> None:
    text = "".join(pieces)
    spans: list[tuple[int, int, str]] = []
    for at, length in cuts:
        s, e = at % len(text), min(len(text), at % len(text) + length)
        if (s < e and not blank(text[s:e]) and not splits_cluster(text, s, e)
                and all(e <= a or b <= s for a, b, _ in spans)):
            spans.append((s, e, "X"))
    spans.sort()
    tokens = tokenize(text, spans)
    tags = bio_tags(tokens, spans)
    assert spans_from_bio(tokens, tags) == spans
    starts = {s for s, _, _ in spans}
    for (a, b), tag in zip(tokens, tags):
        assert not blank(text[a:b])
        assert not invisible(text[a]) or a in starts  # a token begins with a mark only where its span does
        if tag.startswith("B-"):
            assert any(not invisible(ch) for ch in text[a:b])


@pytest.mark.parametrize("text, span, expected", [
    ("قال  كيم إن", (3, 8), (5, 8)),                # edge whitespace left out
    (f"قال {LRM} كيم", (3, 9), (6, 9)),             # and the mark beyond it
    (f"قال {LRM}كيم إن", (3, 8), (4, 8)),           # a mark touching the word stays
    (f"كيم{RLM} إن", (0, 5), (0, 4)),
    ("كيم", (0, 3), (0, 3)),
    (f"a {LRM} b", (1, 4), (1, 1)),                  # nothing visible
])
def test_visible_span(text: str, span: tuple[int, int], expected: tuple[int, int]) -> None:
    assert visible_span(text, *span) == expected


def test_whitespace_tokens_as_spacy_makes_them() -> None:
    text = " a  b\n\nc "
    tokens = [(1, 2), (4, 5), (7, 8)]
    assert spaced(text, tokens) == [Spaced(0, 1, space=True), Spaced(1, 2, ws=True), Spaced(3, 4, space=True),
                                    Spaced(4, 5), Spaced(5, 7, space=True), Spaced(7, 8, ws=True)]
    marked = f"قال {LRM}KCNA{LRM} إن"
    got = spaced(marked, tokenize(marked, []))
    assert [(marked[t.start:t.end], t.ws) for t in got] == [("قال", True), ("KCNA", True), ("إن", False)]
    rebuilt = "".join(marked[t.start:t.end] + " " * t.ws for t in got)
    assert rebuilt == marked.replace(LRM, "")  # the marks that belong to no word are in no token


def test_sentences_end_at_full_stops_and_line_breaks_never_inside_an_entity() -> None:
    text = "قال كيم. ثم غادر؟ «نعم.» وصل\nعنوان e.g. this U.S. Army"
    tokens = tokenize(text, [])
    words = [text[a:b] for a, b in tokens]
    found = [words[a:b] for a, b in sentences(text, tokens, ["O"] * len(tokens))]
    assert found == [["قال", "كيم", "."], ["ثم", "غادر", "؟"], ["«", "نعم", ".", "»"], ["وصل"],
                     ["عنوان", "e.g.", "this", "U.S.", "Army"]]
    at = text.index("كيم. ثم")
    spans = [(at, at + len("كيم. ثم"), "X")]
    tokens = tokenize(text, spans)
    tags = bio_tags(tokens, spans)
    first = [text[slice(*tokens[a])] for a, _ in sentences(text, tokens, tags)]
    assert first[:2] == ["قال", "«"]  # no sentence starts inside the entity: "ثم" does not
