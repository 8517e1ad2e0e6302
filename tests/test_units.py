"""The unit rule (core/units.py): what a word is for snapping, the BIO tokens and the matcher."""

from __future__ import annotations

import unicodedata

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import matching, units as units_module
from annotator.core.bio import bio_tags, spans_from_bio, tokenize
from annotator.core.matching import KnownNames, Matcher
from annotator.core.offsets import cluster_boundaries, is_cluster_boundary
from annotator.core.units import (next_unit_boundary, previous_unit_boundary, snap, step_selection,
                                  unit_list, units)

from .conftest import SEEDS, TRICKY


def words(text: str, known: KnownNames | None = None) -> list[str]:
    return [text[s:e] for s, e in units(text, known)]


def snapped(text: str, part: str, known: KnownNames | None = None, occurrence: int = 0) -> str:
    """What a drag over the ``occurrence``-th ``part`` of ``text`` selects."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(part, at + 1)
    s, e = snap(text, at, at + len(part), known)
    return text[s:e]


@pytest.mark.parametrize("text, expected", [
    ("والولايات المتحدة", ["و", "الولايات", "المتحدة"]),
    ("وقال", ["وقال"]),                                  # the rest is no word with ال and not known
    ("بالولايات فالولايات كالولايات", ["ب", "الولايات", "ف", "الولايات", "ك", "الولايات"]),
    ("للولايات", ["للولايات"]),                          # ل + ال is written لل: the rest does not start with ال
    ("ولكوريا وبالولايات", ["ولكوريا", "وبالولايات"]),    # two proclitics are not one
    ("وال والد", ["وال", "والد"]),                       # ال needs two letters after it
    ("والدة", ["و", "الدة"]),                            # letters, not meanings: "mother" reads as و + ال
    ("وَٱلْوِلَايَاتِ", ["وَ", "ٱلْوِلَايَاتِ"]),           # vowelled, alef wasla: the mark stays with its letter
    ("كيـــم «الولايات»، 2024؛", ["كيـــم", "الولايات", "2024"]),  # tatweel is a letter; Arabic punctuation
    ('the U.S. said, "hello"', ["the", "U.S.", "said", "hello"]),
    ("don't al-Assad O'Brien rock-'n'-roll", ["don't", "al-Assad", "O'Brien", "rock", "n", "roll"]),
    ("'quoted' -dash- U.S.Army", ["quoted", "dash", "U.S", "Army"]),
    ("North Korea's Kim’s Koreas' it's", ["North", "Korea", "'s", "Kim", "’s", "Koreas", "it", "'s"]),
    ("10,000 ١٠٬٠٠٠ 3.5% $100 2024-12-29 1990.", ["10,000", "١٠٬٠٠٠", "3.5", "100", "2024-12-29", "1990"]),
    ("CNN: قالت KCNAالعربية", ["CNN", "قالت", "KCNAالعربية"]),
    ("\u2067KCNA\u2069 \u200eUS-ROK\u200e exam\u00adple a\u200bb", ["KCNA", "US-ROK", "exam\u00adple", "a", "b"]),
    ("کره\u200cشمالی", ["کره\u200cشمالی"]),              # ZWNJ inside a Persian word
    ("🇰🇵🔥 😀 👨‍👩‍👧 👍🏽", []),                              # emoji and flags are not words
])
def test_units(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_a_known_name_after_a_proclitic_is_its_own_unit() -> None:
    known = KnownNames(["كوريا الشمالية", "كيم جونغ أون"])
    assert words("وكوريا وكيم وقال", known) == ["و", "كوريا", "و", "كيم", "وقال"]
    assert words("وكوريا", None) == ["وكوريا"]
    assert words("وَكُورِيَا فكـوريا", known) == ["وَ", "كُورِيَا", "ف", "كـوريا"]  # marks, tatweel ignored
    assert words("ولكوريا", known) == ["ولكوريا"]
    assert words("وب", KnownNames(["ب"])) == ["وب"]  # the rest has fewer than two letters
    assert not KnownNames([]) ("كوريا") and len(KnownNames(["", "كوريا"])) == 1


@pytest.mark.parametrize("text, part, expected", [
    ("قال إن والولايات المتحدة، وروسيا", "والولايات المتحدة", "الولايات المتحدة"),
    ("قال إن والولايات المتحدة، وروسيا", " والولايات المتحدة، ", "الولايات المتحدة"),
    ("قال إن والولايات المتحدة، وروسيا", "إن والولايات", "إن والولايات"),  # a proclitic inside stays
    ("قال إن والولايات المتحدة، وروسيا", "و", "الولايات"),                  # the proclitic alone: its word
    ("قال إن والولايات المتحدة، وروسيا", "لاي", "الولايات"),                 # part of a word: the whole unit
    ("فقال وقال", "وقال", "وقال"),
    ('the U.S. said, "hello"', 'U.S. said, "hello"', 'U.S. said, "hello'),
    ('the U.S. said, "hello"', ', "hel', "hello"),
    ('the U.S. said, "hello"', "S", "U.S."),
    ("I don't know", "on", "don't"),
    ("in North Korea's army", "North Korea's", "North Korea"),
    ("in North Korea's army", "Korea's army", "Korea's army"),
    ("in North Korea's army", "'s", "Korea"),
    ("🇰🇵🔥 أعلن كيم", "🇰🇵🔥 أعلن", "أعلن"),
    ("‏قال ⁧KCNA⁩ إن", "⁧KCNA⁩", "KCNA"),
    ("ab  , cd", "  , ", ""),                                                   # nothing but gaps: empty
])
def test_a_drag_snaps_to_whole_units(text: str, part: str, expected: str) -> None:
    assert snapped(text, part) == expected


def test_a_drag_knows_the_projects_names() -> None:
    text = "قال إن وكوريا الشمالية وقال"
    assert snapped(text, "وكوريا الشمالية") == "وكوريا الشمالية"
    assert snapped(text, "وكوريا الشمالية", KnownNames(["كوريا الشمالية"])) == "كوريا الشمالية"


def test_a_caret_takes_the_unit_at_it_and_empty_selections_stay_empty() -> None:
    text = "قال والولايات  ،"
    assert snap(text, 0, 0) == (0, 3)
    assert snap(text, 3, 3) == (0, 3)                         # just after a word: that word
    assert snap(text, 4, 4) == (5, 13)                        # on the proclitic: its word
    assert snap(text, 14, 14) == (14, 14)                     # between spaces: nothing
    assert snap(text, 13, 4) == (5, 13)                       # either order
    assert snap(text, -3, 99) == (0, 13)                      # clamped to the text
    flag = "🇰🇵 قال"
    assert snap(flag, 1, 1) == (0, 0)                         # inside a flag: back to its start, never in it


def test_a_selection_on_only_a_flag_or_marks_never_splits_them() -> None:
    text = "🇰🇵 كِيمُ"
    assert snap(text, 1, 2) == (0, 0)
    assert snap(text, 4, 5) == (3, 8)   # a mark alone touches its letter's unit


def _tricky_lines() -> list[str]:
    lines = []
    for name in ("tashkeel.txt", "emoji_before_entity.txt", "bidi_controls.txt", "mixed_digits.txt",
                 "persian_zwnj.txt"):
        lines += [line for line in (TRICKY / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def _check_snap(text: str, start: int, end: int) -> None:
    s, e = snap(text, start, end)
    assert is_cluster_boundary(text, s) and is_cluster_boundary(text, e), (text, start, end)
    assert s <= e
    if s < e:
        last = [m.start() for m in regex.finditer(r"\X", text[s:e])][-1]
        # an abbreviation ("U.S.", "أ.د.") ends with its last period, as the rule says
        clusters = regex.findall(r"\X", text[s:e])
        abbreviation = len(clusters) > 1 and all(c[0].isalpha() for c in clusters[0::2]) \
            and all(c[0] == "." for c in clusters[1::2])
        for ch in (text[s],) if abbreviation else (text[s], text[s + last]):  # first characters of the first and last clusters
            category = unicodedata.category(ch)
            assert not ch.isspace() and category[0] not in "PSZ" and category != "Cf", (text, start, end, s, e)
        assert snap(text, s, e) == (s, e)  # snapping a snapped selection changes nothing
    else:
        assert all(not (u.start < max(start, end) and u.end > min(start, end)) for u in unit_list(text)) \
            or start == end
    lo, hi = sorted((start, end))
    for u in unit_list(text):  # every unit the selection touches is inside, clitics aside
        if u.clitic == 0 and u.start < hi and u.end > lo:
            assert s <= u.start and u.end <= e, (text, start, end)


def test_every_drag_over_the_tricky_lines_stays_on_clusters_and_off_spaces() -> None:
    lines = _tricky_lines()
    assert any("\u064e" in line for line in lines) and any("🇰🇵" in line for line in lines)
    for text in lines:
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                _check_snap(text, start, end)


def test_vowelled_and_emoji_lines_give_whole_words() -> None:
    tashkeel = (TRICKY / "tashkeel.txt").read_text(encoding="utf-8")
    at = tashkeel.index("كِيمُ")
    assert tashkeel[slice(*snap(tashkeel, at + 1, at + 9))] == "كِيمُ جُونْغ"  # from inside كِ to inside جُو
    emoji = (TRICKY / "emoji_before_entity.txt").read_text(encoding="utf-8").strip()
    assert snapped(emoji, "🇰🇵🔥 أعلن كيم جونغ أون") == "أعلن كيم جونغ أون"
    assert snapped(emoji, "😀 ضد الولايات المتحدة.") == "ضد الولايات المتحدة"


_ALPHABET = list("وفبلكالقيم ،.'-a sU1,\u064e\u0651\u0640\u200e\u2067\u2069\u200c\u200d\u0301") + ["🇰🇵", "👍🏽"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=16).map("".join), st.integers(0, 30), st.integers(0, 30))
def test_random_text_snaps_on_clusters(text: str, start: int, end: int) -> None:
    start, end = min(start, len(text)), min(end, len(text))
    _check_snap(text, start, end)
    found = unit_list(text)
    bounds = set(cluster_boundaries(text))
    assert all(u.start in bounds and u.end in bounds and u.start < u.end for u in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_ctrl_shift_arrows_move_by_units() -> None:
    text = "قال إن والولايات المتحدة، وروسيا."
    assert next_unit_boundary(text, 0) == 3
    assert next_unit_boundary(text, 6) == 16                  # over "و", to the end of "الولايات"
    assert next_unit_boundary(text, len("قال إن والولايات المتحدة، وروسيا")) == len("قال إن والولايات المتحدة، وروسيا")
    assert previous_unit_boundary(text, len(text)) == text.index("وروسيا")
    assert previous_unit_boundary(text, 16) == 8              # the start of "الولايات", not of "و"
    assert previous_unit_boundary(text, 8) == 4
    assert previous_unit_boundary(text, 0) == 0
    far = "كيم" + " " * 500 + "، " * 300 + "أون"
    assert next_unit_boundary(far, 3) == len(far) and previous_unit_boundary(far, len(far) - 3) == 0


def _steps(text: str, anchor: int, cursor: int, forward: bool, times: int) -> list[str]:
    seen = []
    for _ in range(times):
        anchor, cursor = step_selection(text, anchor, cursor, forward)
        lo, hi = sorted((anchor, cursor))
        assert snap(text, lo, hi) == (lo, hi) or lo == hi  # every step is a clean selection
        seen.append(text[lo:hi])
    return seen


def test_ctrl_shift_arrows_select_clean_units_both_ways() -> None:
    text = "قال إن والولايات المتحدة، وروسيا."
    assert _steps(text, 0, 0, True, 6) == ["قال", "قال إن", "قال إن والولايات", "قال إن والولايات المتحدة",
                                           "قال إن والولايات المتحدة، وروسيا", "قال إن والولايات المتحدة، وروسيا"]
    end = len(text)  # a caret after the full stop: the full stop is left out
    assert _steps(text, end, end, False, 4) == ["وروسيا", "المتحدة، وروسيا", "الولايات المتحدة، وروسيا",
                                                "إن والولايات المتحدة، وروسيا"]
    # shrinking: from "إن ... وروسيا" forward moves the start, past the anchor the selection empties
    anchor, cursor = len("قال إن والولايات المتحدة، وروسيا"), 4
    assert _steps(text, anchor, cursor, True, 5) == ["الولايات المتحدة، وروسيا", "المتحدة، وروسيا", "وروسيا", "", ""]
    assert _steps(text, 0, 16, False, 3) == ["قال إن", "قال", ""]
    assert step_selection(text, 5, 5, True) == (4, 6)  # a caret inside a word takes the whole word
    english = "Kim met North Korea's army."
    assert _steps(english, 8, 8, True, 3) == ["North", "North Korea", "North Korea's army"]


def test_bio_tokens_split_proclitics_by_the_unit_rule() -> None:
    text = (SEEDS / "000_4eee2279a2a81452.txt").read_text(encoding="utf-8")
    plain = [text[s:e] for s, e in tokenize(text, [])]
    assert "والولايات" in text and "والولايات" not in plain
    assert any(plain[k:k + 3] == ["و", "الولايات", "المتحدة"] for k in range(len(plain)))  # cut by the rule
    assert "للولايات" in plain and "وروسيا" in plain  # no ال after the proclitic, and not known
    assert all(not t.isspace() and t == t.strip() for t in plain)
    # entity spans from the matcher: tokens cut at the proclitics, and the spans come back
    spans = sorted({(s, e, "GPE") for name in ("روسيا", "الولايات المتحدة") for s, e in Matcher(name).find(text)})
    after_proclitic = [s for s, _, _ in spans if text[s - 1] in "وفبلك"]
    assert len(after_proclitic) == 2  # "وروسيا" and "والولايات المتحدة"
    tokens = tokenize(text, spans)
    assert all((s - 1, s) in tokens for s in after_proclitic)
    assert spans_from_bio(tokens, bio_tags(tokens, spans)) == spans
    with_known = [text[s:e] for s, e in tokenize(text, [], KnownNames(["روسيا"]))]
    assert with_known[with_known.index("روسيا") - 1] == "و"


def test_bio_tokens_drop_bidi_controls_and_split_emoji_but_keep_span_edges() -> None:
    text = (TRICKY / "bidi_controls.txt").read_text(encoding="utf-8").strip()
    assert [text[s:e] for s, e in tokenize(text, [])] == \
        ["قال", "KCNA", "إن", "US-ROK", "تدريبات", "«", "عدوانية", "»", "."]
    at = text.index("⁧KCNA⁩")
    span = (at, at + 6, "ORG")  # a span that holds its isolate controls keeps them
    tokens = tokenize(text, [span])
    assert text[slice(*tokens[1])] == "⁧KCNA⁩" and spans_from_bio(tokens, bio_tags(tokens, [span])) == [span]
    emoji = (TRICKY / "emoji_before_entity.txt").read_text(encoding="utf-8")
    assert [emoji[s:e] for s, e in tokenize(emoji, [])][:3] == ["🇰🇵", "🔥", "أعلن"]
    text = "North Korea's army"
    assert [text[s:e] for s, e in tokenize(text, [(6, 13, "GPE")])] == ["North", "Korea", "'s", "army"]


def test_the_matcher_shares_the_proclitics_and_the_rule() -> None:
    assert matching.PROCLITICS is units_module.PROCLITICS
    assert Matcher("كوريا").find("ولكوريا وكوريا") == [(9, 14)]
    assert Matcher("ب").find("وب ب") == [(3, 4)]  # a one-letter name: no proclitic before it, as in units
    assert [text[s:e] for text in ["وكوريا الشمالية"] for s, e in Matcher("كوريا الشمالية").find(text)] == \
        [snapped("وكوريا الشمالية", "وكوريا الشمالية", KnownNames(["كوريا الشمالية"]))]
