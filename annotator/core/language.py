"""A document's language: identified by py3langid's model (``detect_language``), or its script alone (``guess_language``)."""

from __future__ import annotations

import threading
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

import numpy as np
import regex

SAMPLE = 1000  # characters read: enough for a sure answer (a sentence often is), in under 1 ms
_LONG_LINE = 50  # characters: a line this long is taken for article text, not a menu, in the sample
_HEAD = 10 * SAMPLE  # characters at the start of a text in which the sample's long lines are looked for
MIN_LETTERS = 20  # fewer letters than this (outside Arabic script) say nothing: "und"
THRESHOLD = 0.8  # the least probability (varieties added up, see _VARIETY) for an answer other than "und"
LANGUAGE_RULE = "py3langid-0.4/1"  # the rule behind stored languages; a new rule means documents may be detected again
UNDETERMINED = "und"
_SCRIPT_SAMPLE = 4000  # characters guess_language counts

# The model's labels that have no ISO 639-1 code of their own but belong to a language that has one
# (ISO 639-3 macrolanguages): their probabilities count for it. The model is asked to choose among
# these, the ISO 639-1 codes and "zxx" (no language: numbers, markup), which answers "und"; its other
# labels (Acehnese, Nigerian Pidgin, Ancient Greek …) are left out, since no code could name them and
# short English took a fifth of its probability from Nigerian Pidgin.
_VARIETY = {"ary": "ar", "arz": "ar", "wuu": "zh", "yue": "zh", "uzs": "uz", "gug": "gn", "kik": "ki",
            "fuv": "ff", "sdh": "ku", "ltg": "lv"}
_NO_LANGUAGE = "zxx"
# The scripts (the first word of a letter's Unicode name) of the model's languages that are not written in
# Latin letters alone. An answer must be written in the text's main script: the model knows scripts by
# their bytes, and took Cherokee for Korean (0.75), whose letters share their first UTF-8 byte.
_WRITTEN_IN = {
    "ARABIC": "ar fa ur ps ug ku uz", "CYRILLIC": "ru uk be bg mk sr kk ky tg tt ba mn uz", "GREEK": "el",
    "HEBREW": "he", "ARMENIAN": "hy", "GEORGIAN": "ka", "DEVANAGARI": "hi mr ne sa", "BENGALI": "bn as",
    "GURMUKHI": "pa", "GUJARATI": "gu", "ORIYA": "or", "TAMIL": "ta", "TELUGU": "te", "KANNADA": "kn",
    "MALAYALAM": "ml", "SINHALA": "si", "THAI": "th", "LAO": "lo", "KHMER": "km", "MYANMAR": "my",
    "TIBETAN": "dz", "ETHIOPIC": "am", "HANGUL": "ko", "CJK": "zh ja", "HIRAGANA": "ja", "KATAKANA": "ja",
}
_ALSO_LATIN = ("sr", "uz", "ku")
_SCRIPTS = {code: {script for script, codes in _WRITTEN_IN.items() if code in codes.split()}
                  | ({"LATIN"} if code in _ALSO_LATIN else set())
            for code in " ".join(_WRITTEN_IN.values()).split()}  # any other language: Latin
_VOTE = 500  # letters whose scripts are counted to find the main one
_NOT_LETTER = regex.compile(r"\P{L}+")
# letters of Persian and Urdu that Arabic does not write (پ چ ژ گ ک ی ے ں ٹ ڈ ڑ ہ): without any of
# them an Arabic-script text cannot be Persian or Urdu, and the model need not be asked
_PERSIAN_URDU = regex.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc\u06d2\u06ba\u0679\u0688\u0691\u06c1]")
_ARABIC_SCRIPT_LANGUAGES = ("fa", "ur")  # what an Arabic-script text may be said to be besides "ar"

_lock = threading.Lock()
_loaded: tuple[Any, list[str], Any] | None = None  # the identifier, the codes it answers, each label's code


def _model() -> tuple[Any, list[str], Any]:
    """py3langid's identifier with probabilities (its model ships in the package: nothing is fetched), the
    codes its labels count for (``_VARIETY``; "zxx" for none) and, per label, its code's index. Loaded on
    first use (about 1 s: the model is xz-compressed), then kept."""
    global _loaded
    with _lock:
        if _loaded is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

            class Identifier(LanguageIdentifier):  # type: ignore[misc]  # untyped
                """Scores in float32: the model's weights are float16, which numpy multiplies without BLAS
                (2.4 ms a document, not 1.1). The same probabilities."""

                __slots__ = ()

                def _sparse_score(self, visits: Any, table: Any) -> Any:
                    rows = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
                    counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
                    return np.log1p(counts) @ table[rows].astype(np.float32) + self.nb_pc

            identifier = Identifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages([label for label in identifier.labels
                                      if len(label) == 2 or label in _VARIETY or label == _NO_LANGUAGE])
            labels = [_VARIETY.get(str(label), str(label)) for label in identifier.nb_classes]
            codes = sorted(set(labels))
            _loaded = identifier, codes, np.array([codes.index(code) for code in labels], dtype=np.intp)
        return _loaded


def _best(sample: str) -> tuple[str, float]:
    """The likeliest code and its probability, a variety's counted for its language ("zxx": no language)."""
    identifier, codes, index = _model()
    # one probability per label, in the identifier's order (py3langid 0.4's own step before rank(), which
    # would also sort them and make a list of pairs: a fifth of the time on a short sample)
    merged = np.bincount(index, weights=identifier._decide(sample), minlength=len(codes))
    best = int(merged.argmax())
    return codes[best], float(merged[best])


@lru_cache(maxsize=8192)
def _script(letter: str) -> str:
    """A letter's script, as the first word of its Unicode name ("LATIN", "ARABIC", "CJK", "HANGUL" …)."""
    return "LATIN" if letter < "\u0250" else unicodedata.name(letter, "?").partition(" ")[0]


def _sample(text: str) -> str:
    """What is read: the first ``SAMPLE`` characters of the lines of ``_LONG_LINE`` characters or more (the
    article's, rather than a menu's) near the start; the text's start when it has none."""
    long = "\n".join(line for line in text[:_HEAD].split("\n") if len(line) >= _LONG_LINE)
    return long[:SAMPLE] if len(long) >= MIN_LETTERS else text[:SAMPLE]


def detect_language(text: str) -> str:
    """The language of ``text`` as an ISO 639-1 code ("de", "ar", "zh" …), or "und" when unsure.

    Read from a sample of ``SAMPLE`` characters (``_sample``: long lines first). Arabic script (most of the letters) is always "ar",
    unless the model is sure (``THRESHOLD``) that it is Persian ("fa") or Urdu ("ur"). Any other text
    needs ``MIN_LETTERS`` letters and a language whose probability, its varieties added up (Moroccan
    and Egyptian Arabic count for Arabic, Wu and Cantonese for Chinese), is ``THRESHOLD`` or more and
    that is written in the text's main script; else, and for a language without an ISO 639-1 code
    (or a script the model does not know), it is "und".
    """
    sample = _sample(text)
    letters = _NOT_LETTER.sub("", sample)
    if not letters:
        return UNDETERMINED
    votes = Counter(map(_script, letters[:_VOTE]))
    main = votes.most_common(1)[0][0]
    if votes["ARABIC"] * 2 >= sum(votes.values()):
        if not _PERSIAN_URDU.search(sample):
            return "ar"
        best, probability = _best(sample)
        return best if best in _ARABIC_SCRIPT_LANGUAGES and probability >= THRESHOLD else "ar"
    if len(letters) < MIN_LETTERS:
        return UNDETERMINED
    best, probability = _best(sample)
    return best if len(best) == 2 and probability >= THRESHOLD and main in _SCRIPTS.get(best, ("LATIN",)) else UNDETERMINED


def guess_language(text: str) -> str:
    """Return ``"ar"`` when most letters are Arabic script, ``"en"`` when most are Latin, else ``"und"``.

    A script count, not a language model: what the text view needs to choose fonts. Documents get
    their language from ``detect_language``.
    """
    arabic = latin = other = 0
    for ch in text[:_SCRIPT_SAMPLE]:
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
