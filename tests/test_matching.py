"""Arabic-aware name matching: what propagation and gazetteers find, as exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.errors import AnnotatorError
from annotator.core.matching import LOOSEST, MatchOptions, Matcher, index_terms, normalize
from annotator.core.matching import terms as _terms

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def found(pattern: str, text: str, options: MatchOptions = MatchOptions()) -> list[str]:
    return [text[s:e] for s, e in Matcher(pattern, options).find(text)]


def test_seed_000_holds_kim_jong_un_twice() -> None:
    text = (SEEDS / "000_4eee2279a2a81452.txt").read_text(encoding="utf-8")
    spans = Matcher("كيم جونج أون").find(text)
    assert [text[s:e] for s, e in spans] == ["كيم جونج أون", "كيم جونج أون"]
    assert spans[0][0] == text.index("كيم جونج أون")


def test_a_proclitic_stays_outside_the_match() -> None:
    text = "قال إن وكوريا الشمالية ولكوريا الشمالية"
    spans = Matcher("كوريا الشمالية").find(text)
    assert [text[s:e] for s, e in spans] == ["كوريا الشمالية"]  # two proclitics are not one
    assert text[spans[0][0] - 1] == "و"
    for prefix in "وفبلك":
        assert found("روسيا", f"زار {prefix}روسيا أمس") == ["روسيا"]


def test_no_match_inside_a_longer_word() -> None:
    assert found("كوريا الشمالية", "الكوريا الشمالية") == []
    assert found("كوريا الشمالية", "كوريا الشماليةين") == []
    assert found("مصر", "مصرية ومصري") == []
    assert found("Kim", "Kimberly and Akim") == []
    assert found("كوريا الشمالية", "كوريا الشمالية، وروسيا") == ["كوريا الشمالية"]


def test_tashkeel_tatweel_and_alef_forms_are_ignored_and_kept_in_the_span() -> None:
    text = "التقى كِيمُ جونج إون وكيـم جونج اون"
    assert found("كيم جونج أون", text) == ["كِيمُ جونج إون", "كيـم جونج اون"]
    assert found("كيم", "قال كيمٌ") == ["كيمٌ"]  # the last letter's tanween is inside the span


def test_ya_and_ta_marbuta_only_as_options() -> None:
    assert found("مصطفي", "قال مصطفى") == []
    assert found("مصطفي", "قال مصطفى", MatchOptions(ya=True)) == ["مصطفى"]
    assert found("القاهره", "في القاهرة") == []
    assert found("القاهره", "في القاهرة", MatchOptions(ta_marbuta=True)) == ["القاهرة"]


def test_english_is_case_aware_unless_asked() -> None:
    text = "Kim Jong Un met KIM JONG UN and kim jong un"
    assert found("Kim Jong Un", text) == ["Kim Jong Un"]
    assert found("Kim Jong Un", text, MatchOptions(ignore_case=True)) == ["Kim Jong Un", "KIM JONG UN", "kim jong un"]
    assert found("Kim Jong Un", "Kim  Jong\tUn") == ["Kim  Jong\tUn"]
    assert found("Kim Jong Un", "Kim Jong\nUn") == []  # a name does not run over a paragraph break


def test_offsets_survive_characters_outside_the_bmp_and_length_changing_case() -> None:
    text = "😀 İSTANBUL and 😀😀 Ankara"  # "İ" lowers to two characters
    spans = Matcher("ankara", MatchOptions(ignore_case=True)).find(text)
    assert [text[s:e] for s, e in spans] == ["Ankara"]
    assert spans[0][0] == text.index("Ankara")


def test_patterns_edged_with_punctuation_need_no_word_boundary_there() -> None:
    assert found("U.S.", "the U.S. and U.S.-led") == ["U.S.", "U.S."]


def held(pattern: str, text: str) -> bool:
    """Whether a word index of ``text`` answers a search for ``pattern`` (as suggesting.candidates asks)."""
    matcher, words = Matcher(pattern), index_terms(text)
    return bool(words & set(matcher.first_forms)) and set(matcher.other_terms) <= words


def test_index_terms_hold_what_a_search_asks_for() -> None:
    assert {"وكوريا", "الشماليه", "والولايات"} <= index_terms("وكوريا الشمالية والولايات المتحدة")
    assert held("كوريا الشمالية", "قال إن وكوريا الشمالية")
    assert not held("كوريا الشمالية", "قال إن كوريا الجنوبية")
    assert normalize("أَحمد", LOOSEST).text == "احمد"


def test_an_empty_pattern_is_refused() -> None:
    for empty in ("  ", "\u064b", "ـ"):
        with pytest.raises(AnnotatorError, match="no letters"):
            Matcher(empty)


def test_a_pattern_led_by_a_mark_still_needs_a_word_boundary() -> None:
    assert found("\u0651 A", "xxA A") == ["A"]


arabic = st.text(alphabet="كيمجونأإآاوفبلرسىةه ،.\u064e\u0651\u0640", max_size=40)


@given(arabic, st.sampled_from(["كيم", "جون أون", "روسيا", "أون"]))
def test_every_match_is_the_pattern_in_its_normal_form(text: str, pattern: str) -> None:
    for start, end in Matcher(pattern).find(text):
        assert normalize(text[start:end]).text == normalize(pattern).text
        assert held(pattern, text)  # a search through the word index would have read this document


@given(st.text(alphabet="abcİKß كيمأإى\u064e\u0651\u0640😀", max_size=30),
       st.sampled_from([MatchOptions(), LOOSEST, MatchOptions(ya=True)]))
def test_every_normalised_character_maps_back_to_the_letter_it_came_from(text: str, options: MatchOptions) -> None:
    norm = normalize(text, options)
    sources = [norm.source(i) for i in range(len(norm.text))]
    assert sources == sorted(sources)
    for i, j in enumerate(sources):
        assert norm.text[i] in normalize(text[j], options).text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_the_index_words_are_the_matchers_words(text: str) -> None:
    assert index_terms(text) == set(_terms(text))


def test_greek_final_sigma_and_sharp_s_fold_without_context() -> None:
    assert found("ΟΔΟΣ", "ΟΔΟΣ.Α") == ["ΟΔΟΣ"]
    assert found("οδος", "ΟΔΟΣ.Α and İstanbul ΟΔΟΣ x", MatchOptions(ignore_case=True)) == ["ΟΔΟΣ", "ΟΔΟΣ"]
    assert found("strasse", "die Straße", MatchOptions(ignore_case=True)) == ["Straße"]
    assert held("ΑΣ", "ΑΣ.Β")


def test_a_name_does_not_run_over_any_line_or_paragraph_separator() -> None:
    for separator in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029":
        assert found("Kim Jong", f"Kim{separator}Jong") == [], repr(separator)
    assert found("Kim Jong", "Kim\u00a0Jong") == ["Kim\u00a0Jong"]  # a no-break space is a space


def test_very_long_words_are_cut_alike_in_the_index_and_the_search() -> None:
    word = "ب" * 3000
    assert max(len(w) for w in index_terms(f"قال {word} أمس")) <= 100
    assert held(word, f"قال {word} أمس")
