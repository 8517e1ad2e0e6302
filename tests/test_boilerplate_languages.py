"""Boilerplate in the document's own language: German, Spanish, French, Turkish and Russian pages give their
chrome and no article line; without a stoplist the classifier abstains (only recurring and marked lines are
suggested there, and the outcome says so); the import stores the detected language; a project whose
languages an older version guessed from the script is detected again, for the search and by the lead."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from annotator.app.jobs import Progress
from annotator.app.suggest_jobs import boilerplate
from annotator.cli import main
from annotator.core.boilerplate import Cues, LineHit, analyse, classify
from annotator.core.language import LANGUAGE_RULE, detect_language, guess_language
from annotator.core.records import parse_record
from annotator.formats.importer import Importer
from annotator.formats.suggest import BoilerplateFound, search_boilerplate
from annotator.store.project import Project
from tests.pages import CHEROKEE, CHROME_LINES, PAGES, PARAGRAPHS


def page(lang: str, *more: str) -> str:
    return "\n".join([*PAGES[lang], *more]) + "\n"


def numbers(text: str, hits: list[LineHit] | list[BoilerplateFound]) -> list[int]:
    """The 1-based line numbers of the hits, each checked to be its whole stripped line."""
    found = []
    for h in hits:
        number = text.count("\n", 0, h.start) + 1
        assert text[h.start:h.end] == text.split("\n")[number - 1].strip()
        found.append(number)
    return found


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_page_gives_its_chrome_and_no_article_line(lang: str) -> None:
    text = page(lang)
    hits = classify(text, detect_language(text))
    assert numbers(text, hits) == CHROME_LINES  # the headline (3) and the article (4-6) are not suggested
    # without the chrome phrases, the stoplist of the page's language alone tells the same lines apart
    hits = classify(text, detect_language(text), Cues((), (), ()))
    assert numbers(text, hits) == CHROME_LINES
    assert all(h.reason.startswith("jusText: short") for h in hits)


@pytest.mark.parametrize("lang", ["und", "zh", "ja", "qqq"])
def test_without_a_stoplist_the_classifier_says_nothing(lang: str) -> None:
    """Not even what needs no stopword (a chrome phrase, a copyright sign, a repeated line): the document's
    article cannot be told from its chrome, so nothing is judged against it."""
    text = page("de", "Home", "© 2024 Tagesbote", "Teilen auf Facebook und Twitter", "Teilen auf Facebook und Twitter")
    assert classify(text, "de") != []
    seen = analyse(text, lang)
    assert seen.abstained and seen.reasons == [None] * len(seen.spans)
    assert classify(text, lang) == []
    assert not analyse(text, "de").abstained


def three_sites() -> list[dict[str, object]]:
    """A Chinese site's three stories (banner and footer recur), a German story reprinted three times with
    its language given as "und", and a Cherokee page."""
    banner, footer = "首页 | 新闻 | 体育 | 财经", "版权所有 © 2024 新华日报"
    stories = [PARAGRAPHS["zh"],
               "市议会周一晚上投票通过了修建新有轨电车线路的计划。该线路预计三年内建成，将连接火车站和大学城。",
               "据警方称，周末的暴雨没有造成人员伤亡。气象部门提醒市民，未来两天仍可能出现强降雨天气。"]
    records: list[dict[str, object]] = [{"id": f"zh{i}", "text": f"{banner}\n{story}\n{footer}\n"}
                                        for i, story in enumerate(stories)]
    records += [{"id": f"und{i}", "text": page("de"), "meta": {"lang": "und"}} for i in range(3)]
    records.append({"id": "chr", "text": f"{CHEROKEE}\n{footer}\n"})
    return records


def test_in_a_language_without_stoplist_only_recurring_and_marked_lines_are_suggested(project: Project) -> None:
    project.add_records([parse_record(r, project.schema) for r in three_sites()])
    assert {d: project.find_document(d).language for d in ("zh0", "und0", "chr")} == {  # type: ignore[union-attr]
        "zh0": "zh", "und0": "und", "chr": "und"}
    search = search_boilerplate(project, project.annotator("mona").id)
    assert search.unknown_language == {"zh": 3, "und": 4} and search.documents == 7
    assert {f.source for f in search.lines} == {"recurring"}
    by_doc: dict[str, list[str]] = {}
    for f in search.lines:
        by_doc.setdefault(f.external_id, []).append(f.text)
    assert by_doc["zh1"] == ["首页 | 新闻 | 体育 | 财经", "版权所有 © 2024 新华日报"]  # the story is not
    assert by_doc["chr"] == ["版权所有 © 2024 新华日报"]
    # the reprinted story recurs too, but its running text and headline are not suggested: only its chrome
    assert by_doc["und2"] == [PAGES["de"][i - 1] for i in CHROME_LINES]
    assert "7 documents in a language without a stoplist (und 4, zh 3)" in search.notes()[0]


def test_the_import_stores_the_detected_language_and_meta_lang_still_wins(tmp_path: Path) -> None:
    lines = [{"id": lang, "text": page(lang)} for lang in PAGES]
    lines += [{"id": "zh", "text": PARAGRAPHS["zh"]}, {"id": "fa", "text": PARAGRAPHS["fa"]},
              {"id": "short", "text": "Newsletter abonnieren"},
              {"id": "given", "text": page("de"), "meta": {"lang": "EN"}}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    (tmp_path / "story.txt").write_text(PARAGRAPHS["ru"], encoding="utf-8")
    with Project.create(tmp_path / "p.db") as project:
        report = Importer(project).run([source, tmp_path / "story.txt"])
        assert report.imported == len(lines) + 1 and not report.rejected
        stored = {d.external_id: d.language for d in project.documents()}
    assert stored == {"de": "de", "es": "es", "fr": "fr", "ru": "ru", "tr": "tr", "zh": "zh", "fa": "fa", "short": "und",
                      "given": "en", "story": "ru"}


def old_project(db: Path) -> None:
    """A project as an older version left it: languages from the script count (Latin pages "en", Cyrillic "und"),
    and no rule recorded."""
    with Project.create(db) as project:
        records = [parse_record({"id": lang, "text": page(lang)}, project.schema) for lang in PAGES]
        records = [replace(r, language=guess_language(r.text)) for r in records]
        records.append(parse_record({"id": "given", "text": page("de"), "meta": {"lang": "en"}}, project.schema))
        project.add_records(records)
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM settings WHERE key = 'language_rule'"))
    engine.dispose()


def test_an_older_version_s_languages_are_detected_again_for_the_search(tmp_path: Path) -> None:
    old_project(tmp_path / "old.db")
    with Project.open(tmp_path / "old.db") as project:
        assert project.language_rule() is None
        assert project.find_document("de").language == "en"  # type: ignore[union-attr]
        search = search_boilerplate(project)
        assert search.redetected == len(PAGES)  # not "given", whose language the import was told
        for lang in PAGES:
            mine = [f for f in search.lines if f.external_id == lang]
            assert numbers(page(lang), mine) == CHROME_LINES, lang
        assert "'annotator languages --detect' stores them" in search.notes()[-1]
        assert project.find_document("de").language == "en"  # type: ignore[union-attr]  # nothing written


def test_the_lead_stores_the_languages_detected_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "old.db")
    old_project(tmp_path / "old.db")
    assert main(["languages", "--db", db]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["en\t5", "und\t1"]
    assert "5 documents have a language an older version guessed" in err
    assert main(["languages", "--detect", "--db", db]) == 0
    out, err = capsys.readouterr()
    assert "5 documents detected again, 5 changed language" in err and "en → de: 1" in err
    assert sorted(out.splitlines()) == ["de\t1", "en\t1", "es\t1", "fr\t1", "ru\t1", "tr\t1"]
    with Project.open(db) as project:
        assert project.language_rule() == LANGUAGE_RULE
        assert project.find_document("given").language == "en"  # type: ignore[union-attr]  # meta.lang wins
        assert search_boilerplate(project).redetected == 0
    assert main(["languages", "--json", "--db", db]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rule"] == LANGUAGE_RULE and report["older_rule"] == 0 and report["languages"]["de"] == 1


def test_only_a_lead_detects_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "old.db")
    old_project(tmp_path / "old.db")
    with Project.open(db) as project:
        project.set_role("lena", "lead")
        project.set_role("sara", "annotator")
    assert main(["languages", "--detect", "--db", db, "--as", "sara"]) == 2
    assert "'languages --detect' is for a lead" in capsys.readouterr().err
    with Project.open(db) as project:
        assert project.find_document("de").language == "en"  # type: ignore[union-attr]
    assert main(["languages", "--db", db, "--as", "sara"]) == 0  # looking is for everyone


def test_the_command_and_the_app_say_where_the_classifier_kept_silent(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.db")
    with Project.create(db) as project:
        project.add_records([parse_record(r, project.schema) for r in three_sites()]
                            + [parse_record({"id": "de", "text": page("de")}, project.schema)])
        said = boilerplate(project.annotator("mona").id, project, Progress())
    assert "7 documents in a language without a stoplist (und 4, zh 3)" in said
    capsys.readouterr()
    assert main(["suggest", "--boilerplate", "--json", "--db", db]) == 0
    out, err = capsys.readouterr()
    found = [json.loads(line) for line in out.splitlines()]
    assert "annotator: 7 documents in a language without a stoplist (und 4, zh 3): only lines marked or " \
           "recurring elsewhere suggested there" in err
    assert sorted(f["text"] for f in found if f["document"] == "de") == sorted(PAGES["de"][i - 1] for i in CHROME_LINES)
    assert {f["source"] for f in found if f["document"] != "de"} == {"recurring"}
