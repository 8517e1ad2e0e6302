"""Code points vs UTF-16 (Qt) positions, and grapheme clusters that spans must not split."""

from __future__ import annotations

import pytest

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.offsets import cluster_boundaries, from_utf16, is_cluster_boundary, splits_cluster, to_utf16

from tests.conftest import TRICKY

EMOJI_TEXT = (TRICKY / "emoji_before_entity.txt").read_text(encoding="utf-8")


def test_emoji_shift_qt_positions_and_conversion_undoes_it() -> None:
    start = EMOJI_TEXT.index("كيم جونغ أون")
    end = start + len("كيم جونغ أون")
    # three emoji code points before the name (a flag is two), each two UTF-16 units
    assert to_utf16(EMOJI_TEXT, start) == start + 3
    assert from_utf16(EMOJI_TEXT, to_utf16(EMOJI_TEXT, start)) == start
    assert from_utf16(EMOJI_TEXT, to_utf16(EMOJI_TEXT, end)) == end
    assert EMOJI_TEXT.encode("utf-16-le")[2 * to_utf16(EMOJI_TEXT, start):2 * to_utf16(EMOJI_TEXT, end)].decode("utf-16-le") == "كيم جونغ أون"


@pytest.mark.parametrize("text", ["", "abc", "😀", "a😀b🇰🇵c", "كيم 😀 جونغ", EMOJI_TEXT])
def test_round_trip_at_every_index(text: str) -> None:
    for i in range(len(text) + 1):
        assert from_utf16(text, to_utf16(text, i)) == i
    assert to_utf16(text, len(text)) == len(text.encode("utf-16-le")) // 2


def test_out_of_range_is_an_error() -> None:
    with pytest.raises(ValueError):
        to_utf16("abc", 4)
    with pytest.raises(ValueError):
        from_utf16("a😀", 4)


@pytest.mark.parametrize("text, start, end, splits", [
    ("قَالَ", 0, 1, True),     # the qaf without its fatha
    ("قَالَ", 0, 2, False),
    ("قَالَ", 0, 5, False),
    ("🇰🇵x", 0, 1, True),      # half a flag
    ("🇰🇵x", 0, 2, False),
    ("کره\u200cشمالی", 0, 3, True),   # ZWNJ belongs with the letter before it
    ("کره\u200cشمالی", 0, 4, False),
    ("a\r\nb", 0, 2, True),
])
def test_splits_cluster(text: str, start: int, end: int, splits: bool) -> None:
    assert splits_cluster(text, start, end) is splits


def test_boundaries_include_both_ends() -> None:
    assert cluster_boundaries("قَا") == [0, 2, 3]


def test_inside_a_surrogate_pair_rounds_down() -> None:
    assert from_utf16("a😀b", 2) == 1


TRICKY_CHARS = "aب \nق\u064e\u0651\u200c\u200d\r😀\U0001F3FD\U0001F1F0\U0001F1F5\ufe0f\u0600\u1100\u1161\uac00\u0e33\u200f\u2067\u2069\u0640"


@given(st.text(alphabet=TRICKY_CHARS, max_size=40))
def test_fast_boundary_check_agrees_with_full_segmentation(text: str) -> None:
    bounds = set(cluster_boundaries(text))
    assert [p for p in range(len(text) + 1) if is_cluster_boundary(text, p)] == sorted(bounds)
