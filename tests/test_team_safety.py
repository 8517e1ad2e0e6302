"""Many writers and a hostile member: busy is told by its error code, two windows never collide on a
unique key, a schema change reaches running programs, and an annotator's raw SQL cannot stop the team."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from annotator.core.errors import ProjectBusy, ProjectError
from annotator.core.records import parse_record
from annotator.core.schema import parse_schema
from annotator.store import engine as engine_module
from annotator.store.project import Project
from annotator.store.values import AnnotatorId, DocumentId, NewSuggestion
from tests.conftest import fresh_database

TEXT = "Kim met Putin in Moscow, then went home."


def _raw(target: str) -> Engine:
    url = target if "://" in target else f"sqlite:///{target}"
    return create_engine(url)


def test_an_error_that_only_reads_like_busy_is_not_retried_as_busy(target: str) -> None:
    """A trigger whose message says "database is locked" is not a lock: it is reported as it is, at once."""
    with Project.create(target) as project:
        project.add_records([parse_record({"id": "d1", "text": TEXT}, project.schema)])
        doc, sara = project.find_document("d1"), project.annotator("sara")
        assert doc is not None
        raw = _raw(target)
        with raw.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("CREATE TRIGGER t BEFORE INSERT ON doc_status BEGIN "
                                     "SELECT RAISE(ABORT, 'database is locked; could not serialize access'); END")
            else:
                conn.exec_driver_sql("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                     "RAISE EXCEPTION 'database is locked; could not serialize access'; END $$")
                conn.exec_driver_sql("CREATE TRIGGER t BEFORE INSERT ON doc_status FOR EACH ROW EXECUTE FUNCTION refuse()")
        raw.dispose()
        started = time.monotonic()
        with pytest.raises(ProjectError, match="^database error: .*database is locked") as refused:
            project.set_status(doc.id, sara.id, "done")
        assert not isinstance(refused.value, ProjectBusy)
        assert time.monotonic() - started < 2


@pytest.mark.postgresql
def test_a_lock_held_by_another_connection_costs_a_bounded_wait_and_says_so(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "LOCK_TIMEOUT_MS", 400)
    url = fresh_database(tmp_path, "postgresql")
    with Project.create(url) as project:
        project.add_records([parse_record({"id": "d1", "text": TEXT}, project.schema)])
        doc, sara = project.find_document("d1"), project.annotator("sara")
        assert doc is not None
        raw = create_engine(url)
        with raw.connect() as holder:
            holder.execute(text("LOCK TABLE doc_status IN ACCESS EXCLUSIVE MODE"))
            started = time.monotonic()
            with pytest.raises(ProjectBusy, match="not saved: the project is busy: a lock held by another "
                                                  "connection kept this waiting over 0.4 s.*second try"):
                project.set_status(doc.id, sara.id, "done")
            assert time.monotonic() - started < 3
            holder.rollback()
        raw.dispose()
        assert project.status(doc.id, sara.id) == "todo"  # nothing half-saved
        project.set_status(doc.id, sara.id, "done")
        assert project.status(doc.id, sara.id) == "done"


def test_two_windows_setting_the_same_status_and_label_at_once_both_succeed(target: str) -> None:
    """Threads released by one barrier write the same (document, annotator) key from two Project objects."""
    rounds = 12
    with Project.create(target) as lead:
        lead.add_records([parse_record({"id": f"d{i}", "text": TEXT}, lead.schema) for i in range(rounds)])
        docs = [d.id for d in lead.documents(limit=rounds)]
        sara = lead.annotator("sara")
    windows = [Project.open(target), Project.open(target)]
    barrier = threading.Barrier(2)
    failures: list[str] = []

    def work(project: Project, label: str) -> None:
        for doc_id in docs:  # a fresh key each round: both find no row and both insert
            try:
                barrier.wait(timeout=30)
                project.set_status(doc_id, sara.id, "in_progress", add_seconds=1.5)
                barrier.wait(timeout=30)
                project.set_doc_label(doc_id, sara.id, "stance", "Russia", label)
            except Exception as exc:  # noqa: BLE001 - any failure is what the test reports
                failures.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=work, args=(w, label)) for w, label in zip(windows, ("FAVOR", "AGAINST"))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert failures == []
        for doc_id in docs:
            work_row = windows[0].work(doc_id, sara.id)
            assert work_row.status == "in_progress"
            [label] = work_row.labels
            assert label.label in ("FAVOR", "AGAINST")
        stats = {p.annotator: p for p in windows[0].stats().progress}
        assert stats["sara"].seconds == pytest.approx(rounds * 3.0)  # both windows' time counted
    finally:
        for w in windows:
            w.close()


def _without_event(source: str) -> str:
    start = source.index('  [[layers.labels]]\n  name = "EVENT"')
    end = source.index("\n\n", start)
    return source[:start] + source[end + 2:]


def test_a_running_program_reads_the_schema_again_after_schema_set_elsewhere(target: str) -> None:
    with Project.create(target) as lead, Project.open(target) as window:
        lead.add_records([parse_record({"id": "d1", "text": TEXT}, lead.schema)])
        doc, sara = window.find_document("d1"), window.annotator("sara")
        assert doc is not None and window.schema.layer("entities").label("EVENT") is not None  # type: ignore[union-attr]
        lead.set_schema(parse_schema(_without_event(lead.schema.source), "new.toml"))  # another program
        with pytest.raises(ProjectError, match="unknown label 'EVENT' in layer 'entities'"):
            window.add_span(doc.id, sara.id, "entities", "EVENT", 0, 3)
        assert window.schema.layer("entities").label("EVENT") is None  # type: ignore[union-attr]
        assert window.schema.source == lead.schema.source
        assert window.spans(doc.id) == []
        assert window.add_span(doc.id, sara.id, "entities", "PER", 0, 3).label == "PER"  # the rest still works


# -- a hostile annotator's raw SQL (PostgreSQL) ------------------------------------------------------


class Team:
    """A team project on the test server: the owner (lead), annotators sara (hostile) and omar, reviewer rana."""

    def __init__(self, tmp_path: Path, docs: int = 3) -> None:
        self.url = fresh_database(tmp_path, "postgresql")
        tag = tmp_path.name[-8:].lower().replace("-", "_")
        self.sara, self.omar, self.rana = f"sara_{tag}", f"omar_{tag}", f"rana_{tag}"
        with Project.create(self.url) as lead:
            lead.add_records([parse_record({"id": f"d{i}", "text": TEXT}, lead.schema) for i in range(docs)])
            for name in (self.sara, self.omar):
                lead.set_role(name, "annotator")
            lead.set_role(self.rana, "reviewer")
            self.docs = [d.id for d in lead.documents(limit=docs)]
        self.hostile = create_engine(make_url(self.url).set(username=self.sara), isolation_level="AUTOCOMMIT")

    def as_omar(self) -> Project:
        return Project.open(make_url(self.url).set(username=self.omar))

    def close(self) -> None:
        self.hostile.dispose()


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Team]:
    monkeypatch.setattr(engine_module, "LOCK_TIMEOUT_MS", 500)
    made = Team(tmp_path)
    yield made
    made.close()


def _timed(call: Callable[[], Any]) -> float:
    started = time.monotonic()
    call()
    return time.monotonic() - started


# Every mode PostgreSQL grants only to a holder of the table's UPDATE, DELETE or TRUNCATE right. Members
# may still take ACCESS SHARE (SELECT) and ROW EXCLUSIVE (INSERT, column UPDATE): those block no read or write.
REFUSED_MODES = ["ROW SHARE", "SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE",
                 "ACCESS EXCLUSIVE"]
MEMBER_TABLES = ["spans", "doc_labels", "suggestions", "doc_status", "documents", "annotators", "settings",
                 "assignments", "search_terms", "gold_spans", "gold_doc_labels", "adjudications", "doc_suggestions"]
GOLD_TABLES = ["gold_spans", "gold_doc_labels", "adjudications"]


def _refused_locks(engine: Engine, tables: list[str]) -> list[str]:
    """The "table mode" pairs whose LOCK TABLE was refused with "permission denied"."""
    refused = []
    with engine.connect() as conn:
        for table in tables:
            for mode in REFUSED_MODES:
                conn.execute(text("BEGIN"))
                try:
                    conn.execute(text(f"LOCK TABLE {table} IN {mode} MODE"))
                except DBAPIError as exc:
                    if "permission denied" in str(exc):
                        refused.append(f"{table} {mode}")
                conn.execute(text("ROLLBACK"))
    return refused


@pytest.mark.postgresql
def test_an_annotator_cannot_lock_any_table(team: Team) -> None:
    """Not even the tables they write and delete from: they hold no table-level UPDATE, DELETE or TRUNCATE."""
    assert _refused_locks(team.hostile, MEMBER_TABLES) == [f"{t} {m}" for t in MEMBER_TABLES for m in REFUSED_MODES]
    with team.hostile.connect() as attacker:
        for statement in ("DELETE FROM spans", "TRUNCATE spans", "DELETE FROM doc_labels", "DELETE FROM suggestions",
                          "DELETE FROM doc_suggestions"):
            attacker.execute(text("BEGIN"))
            with pytest.raises(DBAPIError, match="permission denied"):
                attacker.execute(text(statement))
            attacker.execute(text("ROLLBACK"))


@pytest.mark.postgresql
def test_a_reviewer_cannot_lock_the_gold_tables_they_write(team: Team) -> None:
    reviewer = create_engine(make_url(team.url).set(username=team.rana), isolation_level="AUTOCOMMIT")
    try:
        assert _refused_locks(reviewer, GOLD_TABLES) == [f"{t} {m}" for t in GOLD_TABLES for m in REFUSED_MODES]
        with reviewer.connect() as conn:
            with pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text("DELETE FROM gold_spans"))
    finally:
        reviewer.dispose()


@pytest.mark.postgresql
def test_the_locks_an_annotator_may_still_take_stop_nobody(team: Team) -> None:
    """ACCESS SHARE and ROW EXCLUSIVE (what reading and inserting take) held on every table they write:
    omar's spans, labels, statuses and deletes go through at once, not after a lock timeout."""
    with team.as_omar() as omar, team.hostile.connect() as attacker:
        me = omar.annotator(team.omar).id
        attacker.execute(text("BEGIN"))
        attacker.execute(text("LOCK TABLE spans, doc_labels, suggestions, doc_status IN ROW EXCLUSIVE MODE"))
        attacker.execute(text("LOCK TABLE documents, annotators, settings IN ACCESS SHARE MODE"))

        def work() -> None:
            span = omar.add_span(team.docs[0], me, "entities", "PER", 0, 3)
            omar.update_span(span.id, label="ORG")
            omar.set_doc_label(team.docs[0], me, "stance", "Russia", "FAVOR")
            omar.set_status(team.docs[0], me, "done")
            omar.clear_doc_label(team.docs[0], me, "stance", "Russia")
            omar.delete_span(span.id)

        assert _timed(work) < 0.5  # the lock timeout is 0.5 s: nothing waited for it
        attacker.execute(text("ROLLBACK"))
        assert omar.spans(team.docs[0]) == [] and omar.doc_labels(team.docs[0]) == []
        assert omar.status(team.docs[0], me) == "done"


def _suggest(project: Project, me: AnnotatorId, doc_id: DocumentId) -> list[int]:
    new = [NewSuggestion(doc_id, "entities", "PER", 0, 3, "Kim", "propagation", "test"),
           NewSuggestion(doc_id, "entities", "GPE", 17, 23, "Moscow", "gazetteer", "test")]
    assert project.add_suggestions(me, new) == 2
    return [s.id for s in project.suggestions(doc_id, me)]


@pytest.mark.postgresql
def test_an_annotator_deletes_undoes_and_accepts_through_the_project_api(team: Team) -> None:
    """Without the DELETE right: the Project API opened with sara's login deletes through the functions."""
    with Project.open(make_url(team.url).set(username=team.sara)) as sara:
        me, doc = sara.annotator(team.sara).id, team.docs[0]
        span = sara.add_span(doc, me, "entities", "PER", 0, 3)
        sara.delete_span(span.id)
        assert sara.spans(doc) == []
        sara.restore_span(span)  # undo of the delete
        assert sara.spans(doc) == [span]
        sara.delete_span(span.id)  # redo
        with pytest.raises(ProjectError, match=f"no span {span.id}"):
            sara.delete_span(span.id)
        sara.set_doc_label(doc, me, "stance", "Russia", "AGAINST")
        sara.clear_doc_label(doc, me, "stance", "Russia")
        assert sara.doc_labels(doc) == []
        ids = _suggest(sara, me, doc)
        accepted, refused = sara.accept_suggestions(ids, me)
        assert refused == [] and sara.suggestions(doc, me) == []  # the suggestions went ...
        assert sorted(s.label for s in sara.spans(doc)) == ["GPE", "PER"]  # ... and became spans
        sara.restore_suggestions([v for v, _ in accepted], [s for _, s in accepted])  # undo of the accept
        assert sara.spans(doc) == [] and [s.id for s in sara.suggestions(doc, me)] == ids

        def half_done() -> None:  # one action: a delete, then a failure; the delete is rolled back with it
            sara.accept_suggestions(ids[:1], me)
            raise ProjectError("the second part failed")

        with pytest.raises(ProjectError, match="second part"):
            sara.atomic(half_done)
        assert sara.spans(doc) == [] and [s.id for s in sara.suggestions(doc, me)] == ids
        sara.atomic(lambda: sara.accept_suggestions(ids, me))
        assert sara.suggestions(doc, me) == [] and len(sara.spans(doc)) == 2


@pytest.mark.postgresql
def test_a_reviewer_deletes_gold_and_unadjudicates_through_the_project_api(team: Team) -> None:
    with Project.open(make_url(team.url).set(username=team.rana)) as rana:
        me, doc = rana.annotator(team.rana).id, team.docs[0]
        gold = rana.add_span(doc, me, "entities", "PER", 0, 3, gold=True)
        rana.set_doc_label(doc, me, "stance", "Russia", "FAVOR", gold=True)
        rana.set_adjudicated(doc, me)
        rana.atomic(lambda: (rana.delete_span(gold.id, gold=True), rana.clear_doc_label(doc, me, "stance", "Russia",
                                                                                     gold=True)))
        rana.set_adjudicated(doc, me, False)
        assert rana.spans(doc, gold=True) == [] and rana.doc_labels(doc, gold=True) == []
        assert not rana.is_adjudicated(doc)


@pytest.mark.postgresql
def test_an_annotator_calling_the_delete_functions_on_others_rows_deletes_nothing(team: Team) -> None:
    """The functions delete what the row rules give the caller, and answer 0 for the rest (as a DELETE of
    rows the rules hide would); the gold ones are not even callable by an annotator."""
    with team.as_omar() as omar:
        me, doc = omar.annotator(team.omar).id, team.docs[0]
        span = omar.add_span(doc, me, "entities", "PER", 0, 3)
        omar.set_doc_label(doc, me, "stance", "Russia", "FAVOR")
        ids = _suggest(omar, me, doc)
    with Project.open(team.url) as lead:
        gold = lead.add_span(doc, me, "entities", "PER", 0, 3, gold=True)
        lead.set_adjudicated(doc, me)
    with team.hostile.connect() as attacker:
        calls = {"SELECT annotator_delete_span(:span)": {"span": span.id},
                 "SELECT annotator_clear_doc_label(:doc, :me, 'stance', 'Russia')": {"doc": doc, "me": me},
                 "SELECT annotator_remove_suggestions(CAST(:ids AS bigint[]))": {"ids": ids}}
        for call, values in calls.items():
            assert attacker.execute(text(call), values).scalar_one() == 0, call
        for call in ("SELECT annotator_delete_gold_span(:x)", "SELECT annotator_clear_gold_doc_label(:x, 'stance', '')",
                     "SELECT annotator_unadjudicate(:x)"):
            with pytest.raises(DBAPIError, match="permission denied for function"):
                attacker.execute(text(call), {"x": gold.id})
    with Project.open(make_url(team.url).set(username=team.sara)) as sara:  # nor through the Project API
        with pytest.raises(ProjectError, match=f"no span {span.id}"):
            sara.delete_span(span.id)
        sara.clear_doc_label(doc, me, "stance", "Russia")
    with team.as_omar() as omar:
        assert omar.spans(doc) == [span] and [d.label for d in omar.doc_labels(doc)] == ["FAVOR"]
        assert [s.id for s in omar.suggestions(doc, me)] == ids
    with Project.open(team.url) as lead:
        assert lead.spans(doc, gold=True) == [gold] and lead.is_adjudicated(doc)


@pytest.mark.postgresql
def test_an_annotator_cannot_take_the_locks_that_order_span_writes(team: Team) -> None:
    """Span writes take no advisory lock: holding every advisory key of every document stops nobody."""
    with team.as_omar() as omar, team.hostile.connect() as attacker:
        me = omar.annotator(team.omar)
        for key in (7710, 7711, 0):
            for doc_id in team.docs:
                attacker.execute(text("SELECT pg_advisory_lock(:k, :d)"), {"k": key, "d": doc_id})
        took = _timed(lambda: omar.add_span(team.docs[0], me.id, "entities", "PER", 0, 3))
        assert took < 0.4  # under the lock timeout: it did not wait at all
        assert [s.label for s in omar.spans(team.docs[0])] == ["PER"]
        with pytest.raises(ProjectError, match="overlaps 0-3"):  # the overlap check still holds
            omar.add_span(team.docs[0], me.id, "entities", "ORG", 1, 5)


@pytest.mark.postgresql
def test_an_annotator_cannot_pre_claim_ids_that_others_inserts_would_get(team: Team) -> None:
    columns = "(document_id, annotator_id, layer, label, start, \"end\", attrs, created, updated)"
    with team.hostile.connect() as attacker:
        sara_id = attacker.execute(text("SELECT id FROM annotators WHERE name = :n"), {"n": team.sara}).scalar_one()
        values = {"d": team.docs[0], "a": sara_id}
        attacker.execute(text(f"INSERT INTO spans {columns} VALUES (:d, :a, 'entities', 'PER', 0, 3, '{{}}', now(), now())"),
                         values)
        mine = attacker.execute(text("SELECT max(id) FROM spans")).scalar_one()
        for ahead in (1, 2, 50):
            with pytest.raises(DBAPIError, match="was not handed out by its sequence"):
                attacker.execute(text(f"INSERT INTO spans (id, {columns[1:]} VALUES (:i, :d, :a, 'entities', 'ORG', "
                                      "10, 13, '{}', now(), now())"), {**values, "i": mine + ahead})
            with pytest.raises(DBAPIError, match="was not handed out by its sequence"):
                attacker.execute(text(f"INSERT INTO spans (id, {columns[1:]} OVERRIDING SYSTEM VALUE VALUES (:i, :d, "
                                      ":a, 'entities', 'ORG', 10, 13, '{}', now(), now())"), {**values, "i": mine + ahead})
        with pytest.raises(DBAPIError, match="permission denied"):  # members may not UPDATE the id column at all
            attacker.execute(text("UPDATE spans SET id = :i WHERE id = :m"), {"i": mine + 1, "m": mine})
        with pytest.raises(DBAPIError, match="permission denied"):
            attacker.execute(text("SELECT setval('spans_id_seq', :i)"), {"i": mine + 1000})
    with team.as_omar() as omar:  # omar's next spans get the next ids, as if nothing had happened
        me = omar.annotator(team.omar)
        first = omar.add_span(team.docs[1], me.id, "entities", "PER", 0, 3)
        second = omar.add_span(team.docs[1], me.id, "entities", "GPE", 17, 23)
        assert (first.id, second.id) == (mine + 1, mine + 2)


@pytest.mark.postgresql
def test_an_annotator_cannot_write_the_word_index_and_searches_find_unindexed_documents(team: Team) -> None:
    from annotator.core.matching import index_terms

    with team.hostile.connect() as attacker:
        for doc_id in team.docs:
            with pytest.raises(DBAPIError, match="permission denied"):
                attacker.execute(text("INSERT INTO search_terms (document_id, terms) VALUES (:d, :t)"),
                                 {"d": doc_id, "t": ["nothing"]})
        with pytest.raises(DBAPIError, match="permission denied"):
            attacker.execute(text("DELETE FROM search_terms"))
    with Project.open(make_url(team.url).set(username=team.sara)) as sara:
        assert sara.index_documents() == 0 and sara.count_unindexed() == 3  # nor through the Project API
    with Project.open(team.url) as lead:
        assert lead.index_documents() == 3  # leads (and the owner) write it: 'annotator import' does
        lead.add_records([parse_record({"id": "late", "text": "Putin and Kim again."}, lead.schema)])
        with lead.engine.begin() as conn:  # as a document imported without indexing
            conn.execute(text("DELETE FROM search_terms WHERE document_id = (SELECT id FROM documents "
                              "WHERE external_id = 'late')"))
        late = lead.find_document("late")
        assert late is not None
    with team.as_omar() as omar:
        assert omar.index_documents() == 0  # an annotator does not write the index ...
        assert omar.count_unindexed() == 1
        terms = sorted(index_terms("Putin"))
        found = omar.candidate_documents(terms[:1], terms[1:])
        assert DocumentId(late.id) in found and set(team.docs) <= set(found)  # ... and finds what it lacks


def back_to(made: Team, revision: str, grant: str) -> None:
    """Take the team project back to an earlier revision, with a grant that revision's rules gave
    (``{annotators}`` names the annotators' group role)."""
    from alembic import command

    from annotator.store.migrate import alembic_config

    owner = create_engine(made.url)
    with owner.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        conn.execute(text(grant.format(annotators=f"annotator_{database}_annotators")))
    owner.dispose()


@pytest.mark.postgresql
def test_upgrading_a_team_project_from_0004_re_applies_the_team_rules(tmp_path: Path) -> None:
    """Revision 0005 adds the id guard; opening an 0004 team project upgrades it and takes back grants
    an earlier version gave (annotators writing the word index)."""
    made = Team(tmp_path)
    try:
        back_to(made, "0004", "GRANT INSERT ON search_terms TO {annotators}")  # as 0004's rules did
        with made.hostile.connect() as attacker:  # at 0004 both attacks went through
            attacker.execute(text("INSERT INTO search_terms (document_id, terms) VALUES (:d, '{x}') "
                                  "ON CONFLICT DO NOTHING"), {"d": made.docs[0]})
            assert attacker.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%handed_out_id'")
                                    ).scalar_one() == 0
        with Project.open(made.url) as lead:  # the owner opens it: upgraded to 0005
            assert lead.count_documents() == 3
        with made.hostile.connect() as attacker:
            with pytest.raises(DBAPIError, match="permission denied"):
                attacker.execute(text("INSERT INTO search_terms (document_id, terms) VALUES (:d, '{x}')"),
                                 {"d": made.docs[1]})
            assert attacker.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%handed_out_id'")
                                    ).scalar_one() == 8  # 0005's seven tables, and doc_suggestions (0009)
    finally:
        made.close()


@pytest.mark.postgresql
def test_upgrading_a_team_project_from_0005_takes_back_the_delete_right_that_allowed_table_locks(tmp_path: Path) -> None:
    """Revision 0006 adds the deleting functions; opening an 0005 team project upgrades it, re-applies the
    grants (no DELETE: LOCK TABLE refused) and its annotators' deletes go through the functions."""
    made = Team(tmp_path)
    try:
        back_to(made, "0005", "GRANT UPDATE, DELETE ON spans, doc_labels, suggestions TO {annotators}")  # as 0005's did
        with made.hostile.connect() as attacker:  # at 0005 the lock went through
            attacker.execute(text("BEGIN"))
            attacker.execute(text("LOCK TABLE spans IN ACCESS EXCLUSIVE MODE"))
            attacker.execute(text("ROLLBACK"))
        with Project.open(made.url) as lead:  # the owner opens it: upgraded to 0006
            assert lead.count_documents() == 3
        assert _refused_locks(made.hostile, ["spans", "doc_labels", "suggestions"]) == [
            f"{t} {m}" for t in ("spans", "doc_labels", "suggestions") for m in REFUSED_MODES]
        with Project.open(make_url(made.url).set(username=made.sara)) as sara:
            me = sara.annotator(made.sara).id
            span = sara.add_span(made.docs[0], me, "entities", "PER", 0, 3)
            sara.delete_span(span.id)
            assert sara.spans(made.docs[0]) == []
    finally:
        made.close()
