"""Language identification: short news paragraphs in eleven languages, "und" when unsure, Arabic script stays
Arabic unless surely Persian or Urdu; and which of jusText's stoplists a language code names."""

from __future__ import annotations

import subprocess
import sys

import justext  # type: ignore[import-untyped]
import pytest

from annotator.core.language import SAMPLE, detect_language, guess_language
from annotator.core.stoplists import known_codes, stoplist_name
from tests.pages import CHEROKEE, MADE_UP, PAGES, PARAGRAPHS


@pytest.mark.parametrize("lang", sorted(PARAGRAPHS))
def test_a_short_paragraph_is_told_apart(lang: str) -> None:
    assert detect_language(PARAGRAPHS[lang]) == lang


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_page_with_its_chrome_is_its_article_s_language(lang: str) -> None:
    assert detect_language("\n".join(PAGES[lang])) == lang


@pytest.mark.parametrize("text", [
    "", "   \n ", "12:45", "© 2024", "OK", "North Korea",              # nothing, or too little to tell
    "Teilen auf Facebook", "Newsletter abonnieren", "Partager sur Twitter",  # a chrome line alone
    "Kim Jong Un met Putin in Vladivostok.",                         # names say nothing of a language
    MADE_UP,                                                         # no language the model knows
    CHEROKEE,                                                        # a script the model does not know
])
def test_too_short_or_unknown_is_und(text: str) -> None:
    assert detect_language(text) == "und"


@pytest.mark.parametrize("text", [
    "قال",                        # one word
    "کره شمالی",                  # Persian letters, too short to be sure: Arabic script stays Arabic
    "ﻛﻮﺭﻳﺎ ﺍﻟﺸﻤﺎﻟﻴﺔ",              # presentation forms
    "2024 🇰🇵 قالت وكالة الأنباء المركزية الكورية إن كيم جونغ أون التقى بوتين. Reuters",
])
def test_arabic_script_is_arabic_unless_surely_persian_or_urdu(text: str) -> None:
    assert detect_language(text) == "ar"


def test_only_the_start_is_read() -> None:
    german = PARAGRAPHS["de"] + "\n"
    text = german * (SAMPLE // len(german) + 1) + PARAGRAPHS["en"] * 100
    assert detect_language(text) == "de"


def test_guess_language_still_counts_scripts() -> None:
    """The text view chooses fonts with it: Latin-script text is "en" there, whatever its language."""
    assert [guess_language(t) for t in (PARAGRAPHS["ar"], PARAGRAPHS["de"], PARAGRAPHS["zh"])] == ["ar", "en", "und"]


def test_the_model_works_offline() -> None:
    """The model ships in the package: detecting in a process that cannot open a socket works."""
    code = ("import socket\n"
            "def refuse(*a, **k): raise OSError('no network here')\n"
            "socket.socket = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
            "from annotator.core.language import detect_language\n"
            f"print(detect_language({PARAGRAPHS['fr']!r}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "fr"


@pytest.mark.parametrize("tag, name", [
    ("de", "German"), ("de-AT", "German"), ("DE_ch", "German"), ("deu", "German"), ("ger", "German"),
    ("German", "German"), ("es", "Spanish"), ("fr", "French"), ("tr", "Turkish"), ("ru", "Russian"),
    ("ar", "Arabic"), ("ar_EG", "Arabic"), ("en", "English"), ("fa", "Persian"), ("ur", "Urdu"),
    ("no", "Norwegian_Bokmal"), ("nn", "Norwegian_Nynorsk"), ("Low Saxon", "Low_Saxon"),
    ("und", None), ("zh", None), ("ja", None), ("xx", None), ("", None), ("pa", None),
])
def test_a_language_tag_names_its_stoplist(tag: str, name: str | None) -> None:
    assert stoplist_name(tag) == name


def test_every_iso_code_names_a_stoplist_justext_has() -> None:
    lists = set(justext.get_stoplists())
    assert len(known_codes()) >= 80
    assert {stoplist_name(code) for code in known_codes()} <= lists
    assert {"de", "es", "fr", "tr", "ru", "it", "pt", "nl", "pl", "el", "he", "hi", "ko"} <= known_codes()
