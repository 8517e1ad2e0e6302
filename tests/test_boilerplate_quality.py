"""benchmarks/boilerplate_quality.py and its corpus code on a tiny hand-made corpus (two pages, no download):
the counts and figures the benchmark prints, the line labels, the rendering of HTML into lines, and the
reading of trafilatura's snippet tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_saved = list(sys.path)
sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
try:
    from boilerplate_corpus import realworld_snippets  # type: ignore[import-not-found]
    from boilerplate_labels import (ARTICLE, BOILERPLATE, SnippetReport,  # type: ignore[import-not-found]
                                    detect_language, label_by_reference, label_by_snippets, render)
    from boilerplate_quality import (PAGE_SYSTEMS, Tally, as_json, metrics, report,  # type: ignore[import-not-found]
                                     score, tally)
finally:
    sys.path[:] = _saved  # boilerplate_quality puts the benchmarks folder and the checkout first too

A, B = ARTICLE, BOILERPLATE
EN = {"id": "en/storm", "lang": "en", "url": "https://example.com/storm", "source": "hand",
      "lines": ["Home", "World",
                "Storm hits the coast as thousands leave their homes",
                "The storm reached the coast early on Tuesday, and officials said that thousands of people had left "
                "their homes before it arrived in the night, most of them by car and some of them on foot, with the "
                "roads to the north full until the morning.",
                "Rescue teams were sent to the towns that were hit the worst, where the water was still rising in the "
                "afternoon and many of the roads were closed, and the mayor said that it would take weeks before the "
                "people who had left could go back.",
                "Most Read", "Share this article"],
      "labels": [B, B, None, A, A, B, B],
      "html": "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
              "<h1>Storm hits the coast as thousands leave their homes</h1><p>{}</p><p>{}</p>"
              "<aside><h3>Most Read</h3></aside><div>Share this article</div></body></html>"}
EN["html"] = EN["html"].format(EN["lines"][3], EN["lines"][4])
AR = {"id": "ar/flood", "lang": "ar", "url": "https://example.org/flood", "source": "hand",
      "lines": ["الرئيسية", "اقرأ أيضاً",
                "قالت السلطات إن الفيضانات التي ضربت المدينة يوم الثلاثاء أجبرت آلاف السكان على مغادرة منازلهم، "
                "وإن فرق الإنقاذ ما زالت تعمل في الأحياء المتضررة.",
                "وأضافت أن المياه غمرت عددا من الطرق الرئيسية، وأن المدارس ستبقى مغلقة حتى نهاية الأسبوع بسبب "
                "الأضرار التي لحقت بها.",
                "جميع الحقوق محفوظة © 2024"],
      "labels": [B, B, A, A, B],
      "html": ""}
AR["html"] = "<html lang='ar'><body>" + "".join(f"<p>{line}</p>" for line in AR["lines"]) + "</body></html>"
CORPUS = [EN, AR]


def test_a_line_counts_as_kept_unless_suggested_and_unscored_lines_do_not_count() -> None:
    t = tally(EN["lines"], EN["labels"], suggested={0, 2, 3, 5})  # two chrome lines, the headline, an article line
    assert (t.article, t.boilerplate, t.kept_article, t.kept_boilerplate) == (2, 4, 1, 2)
    first, second = len(EN["lines"][3]), len(EN["lines"][4])
    assert (t.article_chars, t.removed_article_chars) == (first + second, first)
    assert t.removed_boilerplate_chars == len("Home") + len("Most Read")
    m = metrics(t)
    assert m["article_precision"] == pytest.approx(1 / 3) and m["article_recall"] == pytest.approx(1 / 2)
    assert m["article_f1"] == pytest.approx(0.4)
    assert m["boilerplate_precision"] == pytest.approx(2 / 3) and m["boilerplate_recall"] == pytest.approx(2 / 4)
    assert m["page_mean_article_f1"] == pytest.approx(0.4)
    assert metrics(Tally())["article_precision"] is None  # nothing scored: no figure rather than a zero


def test_the_systems_on_two_hand_made_pages() -> None:
    results = score(CORPUS, PAGE_SYSTEMS)
    assert set(results) == {"en", "ar", "all"}
    everything = results["all"]["keep everything"]
    assert (everything.pages, everything.article, everything.boilerplate) == (2, 4, 7)
    assert (everything.kept_article, everything.kept_boilerplate) == (4, 7)
    # ours: every chrome line of both pages gone, every article line kept (alone and in a project)
    for system in ("classify (each page alone)", "find_boilerplate (one project)"):
        ours = results["all"][system]
        assert (ours.kept_article, ours.kept_boilerplate, ours.removed_article_chars) == (4, 0, 0), system
        assert metrics(ours)["article_f1"] == 1.0
    # jusText on the English lines keeps the two long paragraphs; on the Arabic ones (none of 200
    # characters, so nothing anchors the article) it keeps nothing
    assert (results["en"]["jusText alone, on the lines"].kept_article,
            results["ar"]["jusText alone, on the lines"].kept_article) == (2, 0)
    html = results["en"]["jusText alone, on the HTML"]
    assert (html.kept_article, html.kept_boilerplate) == (2, 0)
    table = report(results, "lang").split("lang all: ")[1].splitlines()
    assert table[0] == "2 pages, 4 article lines, 7 boilerplate lines (scored)"
    assert table[3].split()[-8:] == ["1.000", "1.000", "1.000", "1.000", "1.000", "0.000", "1.000", "1.000"]
    assert as_json(results, "lang", Path("corpus.jsonl"))["groups"]["all"]["keep everything"]["article_recall"] == 1.0


def test_lines_are_labelled_against_a_full_reference() -> None:
    lines = ["Menu", "Storm hits the coast", "The storm reached the coast early on Tuesday.",
             "The storm reached the coast early on Tuesday. Read more about storms on our site every day.",
             "Subscribe to our newsletter", "sent", "2"]
    reference = ["The storm reached the coast early on Tuesday.", "Rescue teams were sent."]
    assert label_by_reference(lines, reference, titles=["Storm hits the coast"]) == [
        B, None, A, None, B, None, B]  # a headline, a half-article line and a short line in the text: not scored


def test_snippets_label_the_lines_that_hold_them() -> None:
    lines = ["Tags: storms, coast", "The storm reached the coast", "early on Tuesday.", "Most Read", "Most Read"]
    seen = SnippetReport()
    labels = label_by_snippets(lines, inside=["coast early on", "Most", "Nowhere"], outside=["Tags:", "Most Read"],
                               report=seen)
    assert labels == [B, A, A, B, B]  # a snippet across a line break marks both lines
    assert (seen.missing, seen.ambiguous) == (["Nowhere"], ["Most"])


def test_a_page_renders_to_one_line_per_block_without_scripts_or_head() -> None:
    html = ("<?xml version='1.0' encoding='utf-8'?><html><head><title>T</title></head><body>"
            "<div>Top <b>story</b>\n  today<script>var x = 1;</script></div><ul><li>One</li><li>Two<br>Three</li></ul>"
            "<p>Tail <!-- hidden --> text</p><pre>a  b\nc</pre><select><option>Pick</option></select></body></html>")
    assert render(html) == ["Top story today", "One", "Two", "Three", "Tail text", "a b", "c"]


def test_languages_are_told_by_script_and_stopwords() -> None:
    assert detect_language("قالت السلطات إن الفيضانات ضربت المدينة") == "ar"
    assert detect_language("Die Behörden sagten, dass die Flut in der Stadt und auf dem Land") == "de"
    assert detect_language("The authorities said that the flood hit the city and the land") == "en"
    assert detect_language("当局说洪水袭击了这座城市") == "zh"


def test_trafilatura_snippets_are_read_in_order_from_its_test_source() -> None:
    source = '''
MOCK_PAGES = {'http://a.example/1': 'a.html', 'http://b.example/2': 'b.html'}

def test_extract(xmloutput):
    result = load_mock_page('http://a.example/1', xmloutput)
    assert 'Kept' in result and 'Gone' not in result
    result = load_mock_page('http://b.example/2', xmloutput)
    if xmloutput is False:
        assert 'Body' in result and 'Footer' not in result
'''
    assert realworld_snippets(source) == [("http://a.example/1", "a.html", ["Kept"], ["Gone"]),
                                          ("http://b.example/2", "b.html", ["Body"], ["Footer"])]
