"""Suggestions: propagation, gazetteers, and what a suggestion is not (an annotation)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.matching import MatchOptions
from annotator.core.records import parse_record
from annotator.formats.agreement import compute
from annotator.formats.export import Exporter, ExportOptions
from annotator.formats.importer import Importer, collect_files
from annotator.formats.suggest import PatternError, apply_patterns, load_patterns, propagate
from annotator.store.project import Project
from annotator.store.values import DocumentId, NewSuggestion
from tests.conftest import SEEDS

KIM = "كيم جونج أون"


def seeded(project: Project) -> dict[str, DocumentId]:
    files, _ = collect_files([SEEDS])
    Importer(project).run(files)
    return {d.external_id[:3]: d.id for d in project.documents(limit=10)}


def texts(project: Project, doc: DocumentId, annotator: int) -> list[str]:
    text = project.document(doc).text
    return [text[s.start:s.end] for s in project.suggestions(doc, annotator)]  # type: ignore[arg-type]


def test_propagating_kim_jong_un_in_seed_000_then_everywhere(any_project: Project) -> None:
    docs = seeded(any_project)
    me = any_project.annotator("mona")
    text = any_project.document(docs["000"]).text
    start = text.rindex(KIM)
    span = any_project.add_span(docs["000"], me.id, "entities", "PER", start, start + len(KIM))

    here = propagate(any_project, span)
    assert (here.added, here.documents) == (1, 1)
    [other] = any_project.suggestions(docs["000"], me.id)
    assert (other.start, other.end) == (text.index(KIM), text.index(KIM) + len(KIM))
    assert (other.layer, other.label, other.source) == ("entities", "PER", "propagation")
    assert "000_" in other.reason and KIM in other.reason
    assert any_project.suggestions(docs["004"], me.id) == []

    everywhere = propagate(any_project, span, everywhere=True)
    assert everywhere.added == 4  # seed 004 has it four times; 000's other one is already suggested
    seed4 = any_project.document(docs["004"]).text
    assert texts(any_project, docs["004"], me.id) == [KIM] * 4
    assert [s.start for s in any_project.suggestions(docs["004"], me.id)] == [
        i for i in range(len(seed4)) if seed4.startswith(KIM, i)]
    assert everywhere.searched <= 2  # the word index read only the documents that hold every word
    # seed 003 writes "كيم جونغ أون" and "كيم جون أون": other spellings, not suggested
    assert any_project.suggestions(docs["003"], me.id) == []
    # suggestions are the annotator's own
    other_person = any_project.annotator("omar")
    assert any_project.suggestions(docs["004"], other_person.id) == []


def test_a_gazetteer_pattern_leaves_the_proclitic_out_and_stays_out_of_longer_words(any_project: Project,
                                                                                      tmp_path: Path) -> None:
    docs = seeded(any_project)
    any_project.add_records([parse_record({"id": "extra", "text": "قال إن وكوريا الشمالية والكوريا الشماليةين لا."},
                                          any_project.schema)])
    extra = any_project.find_document("extra")
    assert extra is not None
    patterns = tmp_path / "gpe.jsonl"
    patterns.write_text('{"label": "GPE", "pattern": "كوريا الشمالية"}\n'
                        '{"label": "PER", "pattern": [{"lower": "kim"}, {"lower": "jong"}, {"lower": "un"}]}\n',
                        encoding="utf-8")
    me = any_project.annotator("mona")
    done = apply_patterns(any_project, me.id, load_patterns(patterns, any_project.schema), source_name="gpe.jsonl")
    [hit] = any_project.suggestions(extra.id, me.id)
    assert extra.text[hit.start:hit.end] == "كوريا الشمالية"
    assert extra.text[hit.start - 1] == "و"
    assert hit.reason.startswith("gazetteer gpe.jsonl:1")
    seed0 = any_project.document(docs["000"]).text
    assert len(any_project.suggestions(docs["000"], me.id)) == seed0.count("كوريا الشمالية") == 5
    # the token pattern with "lower" matches any case: 001 has "Kim Jong Un" and, in its tags, "Kim jong un"
    assert set(texts(any_project, docs["001"], me.id)) == {"Kim Jong Un", "Kim jong un"}
    assert done.added == sum(len(any_project.suggestions(d.id, me.id)) for d in any_project.documents(limit=10))
    # a second run adds nothing, and rejected suggestions stay rejected
    any_project.reject_suggestions([hit.id], me.id)
    again = apply_patterns(any_project, me.id, load_patterns(patterns, any_project.schema), source_name="gpe.jsonl")
    assert again.added == 0
    assert any_project.suggestions(extra.id, me.id) == []


def exported_spans(project: Project, path: Path, doc: str) -> list[str]:
    Exporter(project, ExportOptions(format="spans", status="any")).run(path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [s["text"] for r in records if r["id"] == doc for s in r["spans"]]


def test_accepting_makes_a_span_and_nothing_is_exported_or_counted_before(any_project: Project,
                                                                          tmp_path: Path) -> None:
    docs = seeded(any_project)
    me, omar = any_project.annotator("mona"), any_project.annotator("omar")
    doc4 = any_project.document(docs["004"])
    text = doc4.text
    start = text.index(KIM)
    added = any_project.add_suggestions(me.id, [NewSuggestion(docs["004"], "entities", "PER", start,
                                                              start + len(KIM), KIM, "propagation", "test")])
    assert added == 1
    any_project.add_span(docs["004"], omar.id, "entities", "PER", start, start + len(KIM))
    for who in (me, omar):
        any_project.set_status(docs["004"], who.id, "done")
    out = tmp_path / "spans.jsonl"
    assert exported_spans(any_project, out, doc4.external_id) == [KIM]  # omar's span only
    pair = compute(any_project, ["mona", "omar"])["spans"]["entities"]["pairs"][0]
    assert pair["exact"]["tp"] == 0  # mona's suggestion is not a span she agreed with

    [s] = any_project.suggestions(docs["004"], me.id)
    accepted, refused = any_project.accept_suggestions([s.id], me.id)
    assert refused == [] and [a[1].start for a in accepted] == [start]
    assert [(x.label, x.start, x.end) for x in any_project.spans(docs["004"], me.id)] == [("PER", start, start + len(KIM))]
    assert any_project.suggestions(docs["004"], me.id) == []
    assert exported_spans(any_project, out, doc4.external_id) == [KIM, KIM]
    assert compute(any_project, ["mona", "omar"])["spans"]["entities"]["pairs"][0]["exact"]["tp"] == 1
    # undo: the span goes, the suggestion comes back
    any_project.restore_suggestions([s], [accepted[0][1]])
    assert any_project.spans(docs["004"], me.id) == []
    assert [x.id for x in any_project.suggestions(docs["004"], me.id)] == [s.id]


def test_a_suggestion_that_would_overlap_stays_one_with_the_reason(any_project: Project) -> None:
    docs = seeded(any_project)
    me = any_project.annotator("mona")
    text = any_project.document(docs["000"]).text
    start = text.index(KIM)
    any_project.add_span(docs["000"], me.id, "entities", "PER", start, start + 3)  # "كيم" alone
    any_project.add_suggestions(me.id, [NewSuggestion(docs["000"], "entities", "PER", start, start + len(KIM), KIM,
                                                      "gazetteer", "test")])
    [s] = any_project.suggestions(docs["000"], me.id)
    accepted, refused = any_project.accept_suggestions([s.id], me.id)
    assert accepted == [] and "overlaps" in refused[0][1]
    assert len(any_project.suggestions(docs["000"], me.id)) == 1


def test_a_suggestion_must_hold_the_text_it_claims(any_project: Project) -> None:
    docs = seeded(any_project)
    me = any_project.annotator("mona")
    with pytest.raises(Exception, match="does not hold"):
        any_project.add_suggestions(me.id, [NewSuggestion(docs["000"], "entities", "PER", 0, 3, "xyz", "x", "y")])
    assert any_project.suggestions(docs["000"], me.id) == []


def test_propagation_options_widen_the_match(project: Project) -> None:
    project.add_records([parse_record({"id": "a", "text": "جاء مصطفى. ثم جاء مصطفي."}, project.schema)])
    doc = project.find_document("a")
    assert doc is not None
    me = project.annotator("mona")
    span = project.add_span(doc.id, me.id, "entities", "PER", 4, 9)
    assert propagate(project, span).added == 0
    assert propagate(project, span, options=MatchOptions(ya=True)).added == 1


@pytest.mark.parametrize("line, why", [
    ('{"label": "GPE"}', "pattern"),
    ('{"label": "NOPE", "pattern": "x"}', "no layer has the label 'NOPE'"),
    ('not json', "Expecting value"),
    ('{"label": "GPE", "pattern": "x", "layer": "stance"}', "layer 'stance' has no label"),
    ('{"label": "FAVOR", "pattern": "x"}', "stance target"),
])
def test_bad_gazetteer_lines_are_named_with_file_and_line(project: Project, tmp_path: Path, line: str,
                                                          why: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"label": "GPE", "pattern": "روسيا"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(PatternError, match=f"bad.jsonl:2: .*{why}"):
        load_patterns(path, project.schema)


def test_cli_suggest_patterns_stores_suggestions_for_the_caller(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.db")
    assert main(["import", str(SEEDS), "--db", db]) == 0
    capsys.readouterr()
    patterns = tmp_path / "p.jsonl"
    patterns.write_text('{"label": "GPE", "pattern": "روسيا"}\n', encoding="utf-8")
    assert main(["suggest", "--patterns", str(patterns), "--db", db, "--as", "mona"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("mona: ") and "suggestions in 3 documents" in out
    assert main(["suggest", "--patterns", str(tmp_path / "missing.jsonl"), "--db", db, "--as", "mona"]) == 2
    assert "missing.jsonl: cannot read" in capsys.readouterr().err


def truth_lines() -> dict[str, list[int]]:
    import tomllib

    data = tomllib.loads((Path(__file__).parent / "data" / "boilerplate_seeds.toml").read_text(encoding="utf-8"))
    return {Path(name).stem: list(lines) for name, lines in data.items()}


def test_cli_boilerplate_on_the_seeds_finds_the_chrome_and_no_article_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.db")
    assert main(["import", str(SEEDS), "--db", db]) == 0
    capsys.readouterr()
    assert main(["suggest", "--boilerplate", "--json", "--db", db]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    with Project.open(db) as project:
        for stem, lines in truth_lines().items():
            text = project.find_document(stem).text  # type: ignore[union-attr]
            mine = [f for f in found if f["document"] == stem]
            assert {text.count("\n", 0, f["start"]) + 1 for f in mine} == set(lines), stem
            for f in mine:  # each is one whole line, stripped, with its reason
                line = text.split("\n")[text.count("\n", 0, f["start"])]
                assert text[f["start"]:f["end"]] == f["text"] == line.strip() and f["reason"]
        # printed, not stored, without --for
        assert project.suggestions(project.find_document(stem).id, project.annotator("mona").id) == []  # type: ignore[union-attr]
    assert main(["suggest", "--boilerplate", "--db", db, "--for", "mona"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == len(found) and out.splitlines()[0].count("\t") >= 4
    assert f"mona: {len(found)} new boilerplate suggestions" in err


def test_recurring_lines_and_lines_marked_elsewhere_are_suggested_with_their_reason(project: Project) -> None:
    from annotator.formats.suggest import find_boilerplate

    banner = "Welcome to the Daily Planet, your home for news"
    body = "The minister said on Sunday that the talks would resume next week, according to officials."
    project.add_records([parse_record({"id": f"d{i}", "text": f"{banner}\n{body} Story {i}.\nSubscribe today\n"},
                                      project.schema) for i in range(3)]
                        + [parse_record({"id": "lone", "text": f"{body}\nPowered by Planet CMS\n"}, project.schema)])
    me = project.annotator("mona")
    lone = project.find_document("lone")
    d0 = project.find_document("d0")
    assert lone is not None and d0 is not None
    start = d0.text.index("Subscribe")
    project.add_span(d0.id, me.id, "boilerplate", "BOILERPLATE", start, start + len("Subscribe today"))
    found = find_boilerplate(project, me.id)
    by = {(f.external_id, f.text): (f.source, f.reason) for f in found}
    assert by[("d1", banner)] == ("recurring", "the same line is in 3 documents")
    assert by[("d2", "Subscribe today")] == ("marked", "marked as boilerplate in d0")
    assert ("d0", "Subscribe today") not in by  # already marked there
    assert not any(body in text for _, text in by)



@pytest.mark.parametrize("text, pattern", [
    ("قال كيم\u061c إن", "كيم"),            # ARABIC LETTER MARK after the name
    ("قال \u2067كيم\u2069 إن", "كيم"),      # bidi isolates round it
    ("وصل كيم🙂 اليوم", "كيم"),              # an emoji newer than SQLite's Unicode tables
    ("cost 100₽ today", "100"),
    ("Agency KCNA\u2069 said", "KCNA"),
])
def test_the_word_index_finds_every_document_the_matcher_would(any_project: Project, text: str,
                                                                pattern: str) -> None:
    any_project.add_records([parse_record({"id": "d", "text": text}, any_project.schema)])
    any_project.index_documents()
    from annotator.core.matching import Matcher

    matcher = Matcher(pattern)
    doc = any_project.find_document("d")
    assert doc is not None and matcher.find(doc.text)
    assert any_project.candidate_documents(matcher.first_forms, matcher.other_terms) == [doc.id]


def test_a_gazetteer_line_of_marks_alone_is_refused_with_its_line_and_nothing_is_suggested(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.db")
    assert main(["import", str(SEEDS), "--db", db]) == 0
    patterns = tmp_path / "p.jsonl"
    patterns.write_text('{"label": "GPE", "pattern": "كوريا"}\n# a comment\u2028with a line separator\n'
                        '{"label": "GPE", "pattern": "\u064b"}\n', encoding="utf-8")
    assert main(["suggest", "--patterns", str(patterns), "--db", db, "--as", "mona"]) == 2
    err = capsys.readouterr().err
    assert "p.jsonl:3: " in err and "no letters" in err and "p.jsonl:2" not in err
    with Project.open(db) as project:
        me = project.annotator("mona")
        assert all(project.suggestions(d.id, me.id) == [] for d in project.documents(limit=10))


def test_undoing_an_accept_after_the_place_was_suggested_anew(any_project: Project) -> None:
    docs = seeded(any_project)
    me = any_project.annotator("mona")
    text = any_project.document(docs["000"]).text
    start = text.index(KIM)
    new = NewSuggestion(docs["000"], "entities", "PER", start, start + len(KIM), KIM, "gazetteer", "test")
    any_project.add_suggestions(me.id, [new])
    [s] = any_project.suggestions(docs["000"], me.id)
    [(_, span)] = any_project.accept_suggestions([s.id], me.id)[0]
    any_project.delete_span(span.id)
    any_project.add_suggestions(me.id, [new])  # suggested again, as a new row
    any_project.restore_suggestions([s], [])  # undo of the accept (its span is gone already)
    assert [(x.start, x.end) for x in any_project.suggestions(docs["000"], me.id)] == [(start, start + len(KIM))]


@pytest.mark.postgresql
def test_an_upgraded_team_project_brings_the_new_tables_under_the_team_rules(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from annotator.store.migrate import alembic_config
    from tests.conftest import fresh_database

    url = fresh_database(tmp_path, "postgresql")
    tag = tmp_path.name[-8:].lower().replace("-", "_")
    sara, omar = f"sara_{tag}", f"omar_{tag}"
    with Project.create(url) as lead:
        lead.add_records([parse_record({"id": "d1", "text": "قال كيم جونج أون وكيم جونج أون"}, lead.schema)])
        lead.set_role(sara, "annotator")
        lead.set_role(omar, "annotator")
    engine = create_engine(url)
    try:  # back to revision 0003, as a project made before suggestions
        with engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, "0003")
    finally:
        engine.dispose()
    Project.open(url).close()  # the owner opens it: upgraded, and the team's rules cover the new tables
    with Project.open(make_url(url).set(username=sara)) as mine:
        doc = mine.find_document("d1")
        assert doc is not None
        me = mine.annotator(sara)
        span = mine.add_span(doc.id, me.id, "entities", "PER", 4, 16)
        assert propagate(mine, span, everywhere=True).added == 1
        assert len(mine.suggestions(doc.id, me.id)) == 1
    with Project.open(make_url(url).set(username=omar)) as other:
        assert other.suggestions(doc.id, other.annotator(sara).id) == []  # row-level security: sara's own


def test_a_story_reprinted_in_three_documents_is_not_boilerplate(project: Project) -> None:
    from annotator.formats.suggest import find_boilerplate

    seed1 = (SEEDS / "001_6baab1ea1730d38d.txt").read_text(encoding="utf-8")
    project.add_records([parse_record({"id": f"copy{i}", "text": seed1}, project.schema) for i in range(3)])
    found = find_boilerplate(project, project.annotator("mona").id)
    lines = {text for f in found if f.external_id == "copy0" for text in [f.text]}
    article = [line.strip() for line in seed1.split("\n")[8:37] if line.strip()]  # lines 9-37: the story
    assert not set(article) & lines
    assert "North Korea Calls For 'Toughest' US Strategy At Party Meeting" not in lines  # the headline
    assert {"Tags", "Most Read", "Real Time Analytics"} <= lines  # the chrome still is


def test_counts_are_of_documents_not_of_patterns(project: Project, tmp_path: Path) -> None:
    docs = seeded(project)
    me = project.annotator("mona")
    patterns = tmp_path / "p.jsonl"
    patterns.write_text('{"label": "GPE", "pattern": "روسيا"}\n{"label": "GPE", "pattern": "موسكو"}\n', encoding="utf-8")
    first = apply_patterns(project, me.id, load_patterns(patterns, project.schema), source_name="p.jsonl")
    holding = {d for d in docs.values() if project.suggestions(d, me.id)}
    assert first.documents == len(holding) and first.searched <= len(docs)
    again = apply_patterns(project, me.id, load_patterns(patterns, project.schema), source_name="p.jsonl")
    assert (again.added, again.documents, again.skipped) == (0, 0, first.added)


def test_propagating_a_span_with_a_trailing_space_does_not_suggest_it_under_itself(project: Project) -> None:
    project.add_records([parse_record({"id": "s", "text": "Sanctions hurt. They said sanctions hurt. Yes."},
                                      project.schema)])
    doc = project.find_document("s")
    assert doc is not None
    me = project.annotator("mona")
    span = project.add_span(doc.id, me.id, "stance", "AGAINST", 10, 16, {"target": "United States"})  # "hurt. "
    assert doc.text[span.start:span.end] == "hurt. "
    propagate(project, span)
    assert [(s.start, doc.text[s.start:s.end]) for s in project.suggestions(doc.id, me.id)] == [(36, "hurt.")]


def test_cli_suggest_for_names_no_typos_and_no_doubles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.db")
    assert main(["import", str(SEEDS), "--db", db]) == 0
    with Project.open(db) as project:
        project.annotator("mona")
    assert main(["suggest", "--boilerplate", "--db", db, "--for", "mnoa"]) == 2
    assert "nobody called 'mnoa'" in capsys.readouterr().err
    assert main(["suggest", "--boilerplate", "--db", db, "--for", "mona", "--for", "mona"]) == 0
    assert capsys.readouterr().err.count("mona: ") == 1
    assert main(["suggest", "--boilerplate", "--db", db, "--min-documents", "1"]) == 2
    assert "2 documents or more" in capsys.readouterr().err
    with Project.open(db) as project:
        assert [a.name for a in project.annotators()] == ["mona"]


def test_a_document_with_a_very_long_word_is_indexed_and_found(any_project: Project) -> None:
    long_word = "ب" * 3000
    any_project.add_records([parse_record({"id": "long", "text": f"قال {long_word} إن روسيا"}, any_project.schema)])
    any_project.index_documents()
    from annotator.core.matching import Matcher

    for pattern in ("روسيا", long_word):
        m = Matcher(pattern)
        assert any_project.candidate_documents(m.first_forms, m.other_terms) == [any_project.find_document("long").id]  # type: ignore[union-attr]
