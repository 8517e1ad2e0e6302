"""The word index is derived data: built by one word rule, it is rebuilt when a build splits words differently."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from annotator.cli import main
from annotator.core.matching import WORD_RULE_VERSION, Matcher, index_terms
from annotator.core.records import parse_record
from annotator.formats.suggest import propagate
from annotator.store.project import Project

OLD_SPLIT = {"وصل كيم🙂 اليوم": ["وصل", "كيم🙂", "اليوم"]}  # an older rule glued the emoji to the name


def two_documents(project: Project) -> tuple[int, int]:
    project.add_records([parse_record({"id": "plain", "text": "قال كيم اليوم"}, project.schema),
                         parse_record({"id": "emoji", "text": "وصل كيم🙂 اليوم"}, project.schema)])
    plain, emoji = project.find_document("plain"), project.find_document("emoji")
    assert plain is not None and emoji is not None
    return plain.id, emoji.id


def set_rule(conn: Connection, value: str) -> None:
    conn.execute(text("UPDATE settings SET value = :v WHERE key = 'word_index_rule'"), {"v": value})


def index_as_an_older_build_did(project: Project, recorded: str) -> None:
    """Rewrite the index with words split by an older rule (OLD_SPLIT), recorded as ``recorded``."""
    with project.engine.begin() as conn:
        docs = conn.execute(text("SELECT id, text FROM documents ORDER BY id")).all()
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("INSERT INTO search_index (search_index) VALUES ('delete-all')")
            conn.exec_driver_sql("INSERT INTO search_index (rowid, terms) VALUES (?, ?)",
                                 [(i, " ".join(OLD_SPLIT.get(t) or index_terms(t))) for i, t in docs])
        else:
            for i, t in docs:
                conn.execute(text("UPDATE search_terms SET terms = :w WHERE document_id = :d"),
                             {"w": sorted(OLD_SPLIT.get(t) or index_terms(t)), "d": i})
        set_rule(conn, recorded)


def rule_of(project: Project) -> str | None:
    with project.engine.connect() as conn:
        return conn.execute(text("SELECT value FROM settings WHERE key = 'word_index_rule'")).scalar()


def test_an_index_built_by_an_older_word_rule_is_rebuilt_and_the_search_finds_what_it_missed(
        any_project: Project) -> None:
    plain, emoji = two_documents(any_project)
    assert any_project.index_documents() == 2
    assert rule_of(any_project) == str(WORD_RULE_VERSION)  # recorded when the index is built
    kim = Matcher("كيم")

    # the stale index, taken for current, hides the document its rule split differently
    index_as_an_older_build_did(any_project, str(WORD_RULE_VERSION))
    assert any_project.candidate_documents(kim.first_forms, kim.other_terms) == [plain]

    # recorded as built by the older rule, as an earlier build left it: the next catch-up rebuilds it
    index_as_an_older_build_did(any_project, str(WORD_RULE_VERSION - 1))
    assert any_project.count_unindexed() == 2
    me = any_project.annotator("mona")
    span = any_project.add_span(plain, me.id, "entities", "PER", 4, 7)
    outcome = propagate(any_project, span, everywhere=True)  # the search catches the index up first
    assert outcome.added == 1
    assert [(s.start, s.end, s.label) for s in any_project.suggestions(emoji, me.id)] == [(4, 7, "PER")]
    assert rule_of(any_project) == str(WORD_RULE_VERSION)
    assert any_project.count_unindexed() == 0
    assert any_project.candidate_documents(kim.first_forms, kim.other_terms) == [plain, emoji]


def test_an_index_an_earlier_build_made_without_recording_its_rule_is_rebuilt_by_the_next_import(
        any_project: Project, target: str, tmp_path: Path) -> None:
    plain, emoji = two_documents(any_project)
    any_project.index_documents()
    index_as_an_older_build_did(any_project, "unused")
    with any_project.engine.begin() as conn:
        conn.execute(text("DELETE FROM settings WHERE key = 'word_index_rule'"))
    kim = Matcher("كيم")
    # until the catch-up, a search reads every document rather than trust the old words
    assert any_project.candidate_documents(kim.first_forms, kim.other_terms) == [plain, emoji]
    new = tmp_path / "new.jsonl"
    new.write_text('{"id": "new", "text": "Kim was there"}\n', encoding="utf-8")
    assert main(["import", str(new), "--db", target]) == 0  # import catches the index up: all of it, anew
    assert rule_of(any_project) == str(WORD_RULE_VERSION)
    assert any_project.count_unindexed() == 0
    assert any_project.candidate_documents(kim.first_forms, kim.other_terms) == [plain, emoji]
    with any_project.engine.connect() as conn:  # the index itself holds the words of this build's rule
        if conn.dialect.name == "sqlite":
            hits = conn.exec_driver_sql("SELECT rowid FROM search_index WHERE search_index MATCH '\"كيم\"'").all()
        else:
            hits = conn.execute(text("SELECT document_id FROM search_terms WHERE terms @> ARRAY['كيم']")).all()
    assert sorted(h[0] for h in hits) == [plain, emoji]


def test_an_index_of_a_newer_build_is_left_to_it_and_searches_read_every_document(any_project: Project) -> None:
    plain, emoji = two_documents(any_project)
    any_project.index_documents()
    index_as_an_older_build_did(any_project, str(WORD_RULE_VERSION + 1))
    any_project.add_records([parse_record({"id": "later", "text": "كيم"}, any_project.schema)])
    later = any_project.find_document("later")
    assert later is not None
    assert any_project.index_documents() == 0  # not cleared, and no words of this build's rule mixed in
    assert rule_of(any_project) == str(WORD_RULE_VERSION + 1)
    kim = Matcher("كيم")
    assert any_project.candidate_documents(kim.first_forms, kim.other_terms) == [plain, emoji, later.id]


@pytest.mark.postgresql
def test_an_annotator_who_may_not_renew_a_stale_team_index_still_finds_every_document(tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    from tests.conftest import fresh_database

    url = fresh_database(tmp_path, "postgresql")
    sara = f"sara_{tmp_path.name[-8:].lower().replace('-', '_')}"
    with Project.create(url) as lead:
        plain, emoji = two_documents(lead)
        lead.index_documents()
        lead.set_role(sara, "annotator")
        index_as_an_older_build_did(lead, str(WORD_RULE_VERSION - 1))
    with Project.open(make_url(url).set(username=sara)) as mine:
        assert mine.index_documents() == 0  # may not clear the team's index
        me = mine.annotator(sara)
        span = mine.add_span(plain, me.id, "entities", "PER", 4, 7)
        assert propagate(mine, span, everywhere=True).added == 1
        assert [(s.start, s.end) for s in mine.suggestions(emoji, me.id)] == [(4, 7)]
    with Project.open(url) as lead:  # the lead's next catch-up renews it for everyone
        assert lead.index_documents() == 2
        assert rule_of(lead) == str(WORD_RULE_VERSION)


# The words the rule of WORD_RULE_VERSION 1 makes of tricky texts. When this fails, words are split or
# folded differently now: bump core.matching.WORD_RULE_VERSION (every project's index is then rebuilt on
# its next catch-up) and write the new words here under the new version.
RULE_WORDS = {1: {
    "وَصَلَ كيمُ🙂 اليوم": ["اليوم", "كيم", "وصل"],
    "قال \u2067كيم\u2069 إن": ["ان", "قال", "كيم"],
    "Straße KCNA\u2069 said 100₽": ["100", "kcna", "said", "strasse"],
    "والولايات المتحدة – ٢٠٢٤": ["المتحده", "والولايات", "٢٠٢٤"],
    "رئيـــس ى ة أإآٱ": ["اااا", "رئيس", "ه", "ي"],
    "x" * 120: ["x" * 100],
}}


def test_the_word_rule_version_names_the_words_the_index_is_built_from() -> None:
    assert WORD_RULE_VERSION in RULE_WORDS, "a new WORD_RULE_VERSION needs its words in RULE_WORDS"
    pinned = RULE_WORDS[WORD_RULE_VERSION]
    assert {t: sorted(index_terms(t)) for t in pinned} == pinned
