"""Boilerplate suggestions: the seed articles give exactly their ground truth; cues, repeats, titles and section ends."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from annotator.core.boilerplate import Cues, LineHit, _menus, classify, cue_key, line_spans, load_cues
from annotator.core.errors import InputError
from annotator.core.language import guess_language

DATA = Path(__file__).parent / "data"
SEEDS = Path(__file__).parents[1] / "seeds"
TRUTH = tomllib.loads((DATA / "boilerplate_seeds.toml").read_text(encoding="utf-8"))

EN_BODY = [
    "North Korea will launch its toughest strategy against the United States, state media said on Sunday after a long party meeting.",
    "The report said that the leader had spoken to the officials for a long time and that the plan would be carried out in the coming year.",
    "Analysts in Seoul said that they did not expect the new policy to change much, but that it was a sign of what was to come.",
]
EN_MORE = [
    "The meeting also reviewed the response to the floods earlier this year, and the party said it would help the people who lost their homes.",
    "It was the first time in several years that the country had spoken so openly about the damage, and officials promised to rebuild by spring.",
]
AR_BODY = [
    "قالت وسائل إعلام رسمية يوم الأحد إن كوريا الشمالية ستطلق استراتيجيتها الأكثر صرامة على الإطلاق في مواجهة الولايات المتحدة.",
    "وأضافت الوكالة أن الاجتماع الذي استمر خمسة أيام ناقش خطط العام المقبل، وأن الزعيم ألقى كلمة أمام كبار المسؤولين في الحزب.",
    "وكان المحللون في سول قد توقعوا أن يعلن الحزب عن سياسة جديدة، لكنهم قالوا إن التفاصيل لم تنشر حتى الآن في وسائل الإعلام.",
]


def hit_lines(text: str, hits: list[LineHit]) -> list[int]:
    """The 1-based line numbers of the hits, after checking that each covers exactly its stripped line."""
    numbers = []
    for h in hits:
        number = text.count("\n", 0, h.start) + 1
        assert text[h.start:h.end] == text.split("\n")[number - 1].strip()
        assert h.reason
        numbers.append(number)
    assert numbers == sorted(numbers)
    return numbers


def reasons(text: str, hits: list[LineHit]) -> dict[int, str]:
    return dict(zip(hit_lines(text, hits), (h.reason for h in hits)))


def doc(*lines: str) -> str:
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_seed_gives_its_ground_truth(name: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    hits = classify(text, guess_language(text))
    assert hit_lines(text, hits) == TRUTH[name]
    lines = text.split("\n")
    assert [(h.start, h.end) for h in hits] == [
        span for span in line_spans(text) if text.count("\n", 0, span[0]) + 1 in TRUTH[name]]
    assert all(text[h.start:h.end] == lines[n - 1].strip() for h, n in zip(hits, TRUTH[name]))


def test_seed_reasons_name_their_source() -> None:
    text = (SEEDS / "001_6baab1ea1730d38d.txt").read_text(encoding="utf-8")
    why = reasons(text, classify(text, "en"))
    assert why[1].startswith("jusText: short")
    assert why[6] == "repeated in this document (also line 7)" and why[7] == "repeated in this document (also line 6)"
    assert why[39] == "chrome phrase “Tags”"
    assert why[40].startswith("after “Tags”")
    assert why[54] == "chrome phrase “Editor's Pick”"  # a cue is stronger than the section end
    text = (SEEDS / "002_cb5e77503dd4e336.txt").read_text(encoding="utf-8")
    why = reasons(text, classify(text, "en"))
    assert why[34] == "chrome phrase “اترك تعليقاً”"
    assert why[36] == "starts with chrome phrase “لن يتم نشر عنوان بريدك الإلكتروني”"


def test_arabic_sentence_with_few_bare_stopwords_is_article() -> None:
    """Regression: plain jusText calls 003 line 25 bad (density 0.29): its stopwords carry commas,
    tashkeel and proclitics ("وقبِل", "الشمالي،", "الحالي.")."""
    text = (SEEDS / "003_336e19fc3d449e98.txt").read_text(encoding="utf-8")
    assert text.split("\n")[24].startswith("وقبِل بوتين")
    assert 25 not in hit_lines(text, classify(text, "ar"))


@pytest.mark.parametrize("body, lang", [(EN_BODY, "en"), (AR_BODY, "ar")])
def test_story_of_short_paragraphs_is_article(body: list[str], lang: str) -> None:
    """jusText needs one paragraph of 200 characters to anchor an article; without one, 70 will do."""
    assert all(len(line) < 200 for line in body)
    assert classify(doc(*body), lang) == []


def test_unknown_language_gives_no_suggestion() -> None:
    """Without a stoplist the classifier abstains, chrome phrases and all (it used Arabic and English
    together, and called German articles boilerplate): tests/test_boilerplate_languages.py has more."""
    for name in TRUTH:
        text = (SEEDS / name).read_text(encoding="utf-8")
        assert classify(text, "und") == []


@pytest.mark.parametrize("line, key", [
    ("اقرأ أيضاً", "اقرا ايضا"),
    ("إقـرأ أيضا:", "اقرا ايضا"),
    ("زر الذهاب إلى الأعلى", "زر الذهاب الي الاعلي"),
    ("ٱلتَّعْلِيقَات", "التعليقات"),
    ("\u200fالتعليقات (12)", "التعليقات"),
    ("  Most   READ » ", "most read"),
    ("Tags:", "tags"),
    ("Comments (3)", "comments"),
    ("Editor’s Pick", "editor s pick"),
    ("© 2024 Al-Nour", "© 2024 al nour"),
])
def test_cue_key_folds_case_marks_alef_and_punctuation(line: str, key: str) -> None:
    assert cue_key(line) == key


@pytest.mark.parametrize("line", ["اقرأ أيضاً", "اقرا ايضا", "اقرأ أيضًا:", "إقرأ ايضاً", "READ ALSO:", "Share this »", "  إعلان  "])
def test_cue_variants_match(line: str) -> None:
    text = doc(*EN_BODY[:2], line, EN_BODY[2])
    assert reasons(text, classify(text, "en")) == {3: f"chrome phrase “{line.strip()}”"}


def test_line_start_cues() -> None:
    text = doc("Welcome to Daily News, your home for the latest stories from around the world", *EN_BODY,
               "Copyright 2024 Daily News. All rights reserved.")
    why = reasons(text, classify(text, "en"))
    assert why == {1: "starts with chrome phrase “Welcome to”", 5: "starts with chrome phrase “Copyright”"}


def test_repeated_lines_are_both_hits() -> None:
    caption = "Kim Jong Un at the party meeting in Pyongyang"
    text = doc(caption, *EN_BODY[:2], caption, EN_BODY[2], "Seoul", "Seoul")
    why = reasons(text, classify(text, "en"))
    assert why[1] == "repeated in this document (also line 4)" and why[4] == "repeated in this document (also line 1)"
    assert why[6].startswith("jusText") and why[7].startswith("jusText")  # one word is too few to call a repeat


def test_copy_with_a_credit_counts_as_repeated() -> None:
    caption = "Kim Jong Un at the party meeting in Pyongyang"
    text = doc(caption, caption + " AFP", *EN_BODY, "Photo: Reuters / " + caption)
    assert set(reasons(text, classify(text, "en"))) == {1, 2, 6}
    text = doc(caption, caption + " as seen on Sunday by many", *EN_BODY)  # more than a credit added
    assert 2 not in reasons(text, classify(text, "en"))


@pytest.mark.parametrize("title, body, lang", [
    ("North Korea Vows Toughest Anti-US Strategy At Party Meeting", EN_BODY, "en"),
    ("كوريا الشمالية تتعهد بأقسى استراتيجية ضد الولايات المتحدة", AR_BODY, "ar"),
])
def test_title_is_not_boilerplate(title: str, body: list[str], lang: str) -> None:
    text = doc("World", title, "By", *body)
    assert reasons(text, classify(text, lang)) == {
        1: "jusText: short, no sentence punctuation, among boilerplate",
        3: "jusText: short, no sentence punctuation, among boilerplate",
    }


def test_only_the_longest_heading_is_the_title() -> None:
    text = doc("Politics and world news today", "North Korea Vows Toughest Anti-US Strategy At Party Meeting", *EN_BODY)
    assert list(reasons(text, classify(text, "en"))) == [1]


@pytest.mark.parametrize("body, header, related, lang", [
    (EN_BODY, "Related articles:", ["Kim Jong Un oversees missile test", "South Korea's parliament votes to impeach acting president",
                                    "Putin sends New Year's message to Pyongyang"], "en"),
    (AR_BODY, "مقالات ذات صلة", ["كيم جونج أون يشرف على تجربة صاروخية جديدة", "البرلمان الكوري الجنوبي يصوت على عزل الرئيس بالإنابة",
                                  "بوتين يبعث برسالة تهنئة بالعام الجديد إلى بيونغ يانغ"], "ar"),
])
def test_related_block_after_the_body(body: list[str], header: str, related: list[str], lang: str) -> None:
    text = doc(*body, header, *related, "")
    why = reasons(text, classify(text, lang))
    assert why == {4: f"chrome phrase “{header}”",
                   **{n: f"after “{header}”, where the article has ended" for n in range(5, 5 + len(related))}}


def test_section_header_before_the_body_ends_nothing() -> None:
    text = doc("Read more", *EN_BODY)
    assert list(reasons(text, classify(text, "en"))) == [1]
    text = doc(EN_BODY[0], "Read more", *EN_BODY[1:], *EN_MORE)  # a teaser that unfolds the story
    assert list(reasons(text, classify(text, "en"))) == [2]


def test_a_page_of_chrome_only_is_all_hits() -> None:
    text = doc("Home", "Most Read", "Trump takes office in January", "Kim Jong Un oversees missile test",
               "Share this", "Subscribe to our newsletter for the latest news", "© 2024 Daily News")
    assert hit_lines(text, classify(text, "en")) == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("text", ["", "\n", "  \n\t\n\u00a0 \n"])
def test_empty_text_has_no_hits(text: str) -> None:
    assert classify(text, "en") == []
    assert line_spans(text) == []


def test_line_spans_strip_whitespace_but_not_bidi_marks() -> None:
    text = "  one\n\n\ttwo three \u00a0\n\u200fأربعة\u200f\n"
    assert [text[s:e] for s, e in line_spans(text)] == ["one", "two three", "\u200fأربعة\u200f"]
    assert line_spans("x") == [(0, 1)]


def test_hits_have_offsets_into_the_unnormalised_text() -> None:
    header = "  مقالات ذاتُ صلة  "
    text = doc(*AR_BODY, header, "\u00a0خبر آخر عن كوريا الشمالية")
    hits = classify(text, "ar")
    assert [text[h.start:h.end] for h in hits] == [header.strip(), "خبر آخر عن كوريا الشمالية"]


def test_default_cues_are_broad() -> None:
    cues = load_cues()
    assert 40 <= len(cues.whole_line) + len(cues.section_end) and cues.line_start
    assert {"tags", "most read", "اقرا ايضا", "التعليقات"} <= cues.whole_line_keys
    assert "tags" in cues.section_end_keys and "اقرا ايضا" not in cues.section_end_keys


def test_own_cues_replace_the_default(tmp_path: Path) -> None:
    path = tmp_path / "cues.toml"
    path.write_text('whole_line = ["Weiterlesen"]\nsection_end = ["Mehr zum Thema"]\n', encoding="utf-8")
    cues = load_cues(path)
    assert cues == Cues(("Weiterlesen",), (), ("Mehr zum Thema",))
    text = doc(*EN_BODY, "Weiterlesen", "Tags", "Mehr zum Thema:", "Another story about Korea")
    why = reasons(text, classify(text, "en", cues))
    assert why.pop(5).startswith("jusText")  # "Tags" is no cue of these cues
    assert why == {4: "chrome phrase “Weiterlesen”", 6: "chrome phrase “Mehr zum Thema:”",
                   7: "after “Mehr zum Thema:”, where the article has ended"}


@pytest.mark.parametrize("content, problem", [
    ("whole_line = [", "not valid UTF-8 TOML"),
    ('whole_lines = ["Tags"]', "unknown key 'whole_lines'"),
    ("line_start = 3", "'line_start' must be a list of phrases"),
    ('section_end = ["Tags", "::"]', "'section_end' entry 2 ('::'): a phrase needs letters"),
])
def test_broken_cues_file_is_named(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "cues.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_cues(path)
    assert str(path) in str(info.value) and problem in str(info.value)


@pytest.mark.parametrize(("lines", "lang"), [
    (["North Korea fires ballistic missile into sea"], "en"),                       # a headline and nothing else
    (["كوريا الشمالية تطلق صاروخا باليستيا باتجاه البحر"], "ar"),
    (["Missile launch", "North Korea fired a missile on Sunday, Seoul said.", "Japan protested."], "en"),  # a brief
    (["إطلاق صاروخ", "أطلقت كوريا الشمالية صاروخا يوم الأحد، بحسب سيول.", "واحتجت اليابان."], "ar"),
    (["قمة ثلاثية: كوريا الشمالية، الصين، روسيا، منظومة صواريخ باليستية عابرة للقارات، تجارب نووية جديدة"], "ar"),
])
def test_a_short_documents_only_content_is_not_boilerplate(lines: list[str], lang: str) -> None:
    """Regression: every line of a one- to three-line document was suggested, for being short."""
    assert classify(doc(*lines), lang) == []


@pytest.mark.parametrize(("lines", "lang", "expected"), [
    (["Missile launch", "North Korea fired a missile on Sunday, Seoul said.", "Read more"], "en", [3]),
    (["أطلقت كوريا الشمالية صاروخا يوم الأحد، بحسب سيول.", "© 2024 الجزيرة"], "ar", [2]),
    (["Kim speaks", "Share this", "Share this"], "en", [2, 3]),
])
def test_in_a_short_document_cues_and_repeats_still_count(lines: list[str], lang: str, expected: list[int]) -> None:
    text = doc(*lines)
    assert hit_lines(text, classify(text, lang)) == expected


def test_a_run_of_short_lines_is_a_menu_unless_the_article_stands_round_it() -> None:
    story = ("The coach named his squad for the match on Sunday, and the list surprised many of the fans who "
             "had followed the team through this long and difficult season.")
    after = ("The team will travel to Cairo on Friday, where it will train for two days before the match "
             "against the hosts in the capital.")
    players = ["Mohamed Salah", "Omar Marmoush", "Mostafa Mohamed", "Trezeguet", "Ahmed Hegazi"]
    menu = ["World", "Business", "Sport", "Culture", "Opinion"]
    assert classify("\n".join([story, *players, after]), "en") == []  # the article's own list
    # jusText alone lets short lines through between good ones (a comment thread's "Reply", "Follow"):
    # the run is a menu wherever article text does not stand on both sides of it
    lines = [story, *menu, "Share this", after]
    assert _menus(lines, None, [True] * len(lines)) == {}
    lines = [story, *menu]
    assert _menus(lines, None, [True] * len(lines)) == {k: "one of 5 short lines in a row: a menu" for k in range(1, 6)}


def test_a_paragraph_wrapped_at_a_fixed_width_is_judged_whole() -> None:
    wrapped = ("The remoteStorage protocol lets a user keep the data of their web applications on a server of\n"
               "their choice, and it describes how an application asks for access to one folder of that\n"
               "storage, how the server answers, and how the data are read and written over plain HTTP with\n"
               "the usual methods and status codes that every web developer already knows well.")
    text = "Home\nAbout\n" + wrapped + "\nCopyright 2014 the authors"
    found = {text[h.start:h.end] for h in classify(text, "en")}
    assert not found & set(wrapped.split("\n")) and "Copyright 2014 the authors" in found
