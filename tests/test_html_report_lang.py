"""`annotator agreement --html FILE --lang ar`: the report in Arabic, right to left, project data shown as stored."""

from __future__ import annotations

import html
import re
import string
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.records import parse_record
from annotator.core.schema import parse_schema
from annotator.formats import html_report, report_text
from annotator.formats.agreement import compute
from annotator.store.project import Project

SCHEMA = """
name = "news"

[[layers]]
name = "entities_كيانات"
description = "Entities."
style = "box"

  [[layers.labels]]
  name = "PER_شخص"
  color = "#e6194b"
  key = "p"
  description = "A person."

  [[layers.labels]]
  name = "مكان"
  color = "#4363d8"
  key = "l"
  description = "A place."

  [[layers.labels]]
  name = "ORG"
  color = "#3cb44b"
  key = "o"
  description = "An organisation."

[[layers]]
name = "boilerplate"
description = "Not the article."
style = "band"

  [[layers.labels]]
  name = "BOILERPLATE"
  color = "#a9a9a9"
  key = "b"
  description = "Site chrome."

[[tasks]]
name = "stance"
description = "Stance."
targets = ["روسيا", "USA-2024"]

  [[tasks.labels]]
  name = "FAVOR_مؤيد"
  color = "#2e8b57"
  key = "1"
  description = "For."

  [[tasks.labels]]
  name = "معارض"
  color = "#dc143c"
  key = "2"
  description = "Against."
"""

TEXT = "التقى بوتين في موسكو مع وفد من NATO أمس. Kim met Putin."
OTHER = "خبر آخر عن روسيا وUSA اليوم."
B, M, N = TEXT.index("بوتين"), TEXT.index("موسكو"), TEXT.index("NATO")
SARA, MO, KIM = "Sara سارة", "محمد (Mo)", "Kim-Lee"  # names of either direction, and of both
PROJECT = "Gulf News أخبار الخليج"
STORED = [SARA, MO, KIM, "PER_شخص", "مكان", "ORG", "BOILERPLATE", "FAVOR_مؤيد", "معارض", "entities_كيانات",
          "stance/روسيا", "stance/USA-2024", "خبر-12", "AFP-2024-07", PROJECT, "Kim met Putin"]
ALLOWED = {"Krippendorff", "Cohen", "Fleiss", "F1"}  # the metrics' names, as the literature writes them


def record(ext: str, who: str, spans: list[tuple[int, int, str]], stance: str, status: str = "done") -> dict[str, object]:
    return {"id": ext, "text": TEXT if ext == "خبر-12" else OTHER, "annotator": who, "status": status,
            "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans],
            "doc_labels": [{"task": "stance", "target": "روسيا", "label": stance}]}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Three annotators who disagree (negative κ included), and one whose work is unfinished."""
    path = tmp_path / "news.db"
    with Project.create(path, schema=parse_schema(SCHEMA)) as project:
        records = [record("خبر-12", SARA, [(B, B + 5, "PER_شخص"), (M, M + 5, "مكان"), (N, N + 4, "ORG"),
                                           (0, 10, "BOILERPLATE")], "FAVOR_مؤيد"),
                   record("خبر-12", MO, [(B, B + 5, "PER_شخص"), (M, M + 5, "PER_شخص"), (0, 12, "BOILERPLATE")], "معارض"),
                   record("خبر-12", KIM, [(B, B + 5, "PER_شخص"), (N, N + 4, "ORG")], "معارض"),
                   record("AFP-2024-07", SARA, [], "معارض"), record("AFP-2024-07", MO, [], "معارض"),
                   record("AFP-2024-07", KIM, [], "FAVOR_مؤيد"),
                   record("AFP-2024-07", "لينا Lina", [], "معارض", status="skipped")]
        project.add_records([parse_record(r, project.schema) for r in records])
        project.set_role(KIM, "reviewer")
    return path


def render(db: Path, lang: str) -> str:
    """The report, with time spent in all three forms (seconds, minutes, hours) so each is translated."""
    with Project.open(db) as project:
        report, stats = compute(project), project.stats()
    times = iter([42.0, 600.0, 3900.0, 0.0])
    stats = replace(stats, progress=[replace(p, seconds=next(times)) for p in stats.progress])
    return html_report.render(report, PROJECT, stats, lang)


ISOLATED = re.compile(r'<(span|td|th|text)\b[^>]*\bdir="auto"[^>]*>[^<]*</\1>|\u2068[^\u2069]*\u2069')


def visible_text(page: str) -> str:
    """What a reader sees or hears, project data left out: the text between tags, tooltips
    (title) and image descriptions (aria-label), with every isolated piece of project data removed."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    page = ISOLATED.sub(" ", page)
    attributes = re.findall(r'\b(?:title|aria-label)="([^"]*)"', page)
    return html.unescape(" ".join([re.sub(r"<[^>]*>", " ", page), *attributes]))


def test_arabic_report_is_right_to_left_with_no_english_words_left(db: Path) -> None:
    page = render(db, "ar")
    assert page.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    assert "Most disagreement" not in page and "الوثائق الأكثر اختلافًا" in page
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", visible_text(page)))
    assert words <= ALLOWED, words - ALLOWED
    assert {"Krippendorff", "Cohen", "F1"} <= words
    for arabic in ("مكتملة", "متخطّاة", "42 ث", "10 د", "1 س 05 د", "مراجِع", "مصفوفة الالتباس", "غير معرَّف"):
        assert arabic in page, arabic
    assert "text-align: start" in page  # headers and cells start at the right, like the text


def test_english_words_would_be_caught(db: Path) -> None:
    """The check above is not vacuous: the English page, read the same way, is full of English."""
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", visible_text(render(db, "en"))))
    assert {"Agreement", "report", "Progress", "exact", "overlap", "done", "min"} <= words


def test_stored_names_labels_and_ids_are_isolated_as_stored(db: Path) -> None:
    page = re.sub(r"<style>.*?</style>", "", render(db, "ar"), flags=re.S)
    for value in STORED:
        assert html.escape(value) in page, value  # shown, untranslated
    rest = ISOLATED.sub(" ", page)
    for value in STORED:
        assert html.escape(value) not in rest, value  # and nowhere outside an isolate
    assert f'<td><span dir="auto">{html.escape("AFP-2024-07")}</span></td>' in page  # the cell keeps its right alignment


def test_negative_figures_keep_their_minus_in_front(db: Path) -> None:
    """Seen: in a right-to-left cell "-0.250" showed as "0.250-" (the minus sign is a neutral character)."""
    page = render(db, "ar")
    assert re.search(r'<span dir="ltr">-\d\.\d{3}</span>', page)
    assert not re.search(r"(?<!<span dir=\"ltr\">)-\d\.\d{3}", page)


def test_charts_read_from_the_right_in_arabic(db: Path) -> None:
    """The per-label columns: the first label (sorted) leftmost in English, rightmost in Arabic."""
    def label_x(page: str) -> list[float]:
        chart = re.search(r"<svg[^>]*aria-label=\"F1[^>]*>.*?</svg>", page, flags=re.S)
        assert chart is not None
        return [float(x) for x in re.findall(r'<text class="lab" dir="auto" x="([\d.]+)"', chart.group(0))]

    english, arabic = label_x(render(db, "en")), label_x(render(db, "ar"))
    assert len(english) >= 2 and english == sorted(english) and arabic == sorted(arabic, reverse=True)


def test_lang_en_is_the_default_byte_for_byte(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain, english = tmp_path / "plain.html", tmp_path / "english.html"
    assert main(["agreement", "--db", str(db), "--html", str(plain)]) == 0
    printed = capsys.readouterr().out
    assert main(["agreement", "--db", str(db), "--html", str(english), "--lang", "en"]) == 0
    assert capsys.readouterr().out == printed
    assert plain.read_bytes() == english.read_bytes()
    assert '<html lang="en">' in plain.read_text(encoding="utf-8") and 'dir="rtl"' not in plain.read_text(encoding="utf-8")


def test_only_the_report_is_arabic(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Scripts parse what the command prints: it stays English with --lang ar, in text and JSON."""
    for extra in ([], ["--json"]):
        assert main(["agreement", "--db", str(db), *extra]) == 0
        printed = capsys.readouterr().out
        out = tmp_path / "ar.html"
        assert main(["agreement", "--db", str(db), "--html", str(out), "--lang", "ar", *extra]) == 0
        captured = capsys.readouterr()
        assert captured.out == printed and f"report written to {out}" in captured.err
        assert '<html lang="ar" dir="rtl">' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["--lang", "fr"], "argument --lang: invalid choice: 'fr' (choose from 'en', 'ar')"),
    (["--lang", "AR"], "invalid choice: 'AR'"),
])
def test_an_unknown_language_is_refused(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        args: list[str], message: str) -> None:
    out = tmp_path / "r.html"
    with pytest.raises(SystemExit) as exit_:
        main(["agreement", "--db", str(db), "--html", str(out), *args])
    assert exit_.value.code == 2 and message in capsys.readouterr().err and not out.exists()


def test_lang_without_a_report_is_refused(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agreement", "--db", str(db), "--lang", "ar"]) == 2
    captured = capsys.readouterr()
    assert "--lang is the language of the --html report" in captured.err and captured.out == ""


def test_every_language_has_every_entry_with_the_same_placeholders() -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    english = report_text.TEXTS["en"]
    assert set(report_text.TEXTS) == set(report_text.LANGUAGES) and report_text.LANGUAGES[0] == "en"
    for lang, table in report_text.TEXTS.items():
        assert table.keys() == english.keys(), (lang, table.keys() ^ english.keys())
        for key, template in table.items():
            assert fields(template) == fields(english[key]), (lang, key)
            assert "<" not in template and "&" not in template, (lang, key)  # plain text: no markup to escape
    with pytest.raises(ValueError, match="no report text for language 'fr'"):
        report_text.texts("fr")
