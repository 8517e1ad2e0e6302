"""Review mode's one source of what is compared (``annotator.app.review.ReviewWork``), without a display:
it follows the session (document opened, gold taken, undone, mode left) and tells its views once each time."""

from __future__ import annotations

import pytest

from annotator.app.review import Comparison, ReviewWork
from annotator.app.session import Session
from annotator.formats.importer import Importer, collect_files
from annotator.store.project import Project

from tests.conftest import SEEDS

SEED = "000_4eee2279a2a81452"
NAME = "كوريا الشمالية"


@pytest.fixture
def work(any_project: Project) -> tuple[Session, ReviewWork, list[Comparison | None]]:
    """sara marked the seed done with a span, omar tagged the same span and another without finishing; rita reviews."""
    p = any_project
    Importer(p).run(collect_files([SEEDS])[0])
    doc = p.find_document(SEED)
    assert doc is not None
    at = doc.text.index(NAME)
    for who in ("sara", "omar"):
        p.add_span(doc.id, p.annotator(who).id, "entities", "GPE", at, at + len(NAME))
    p.add_span(doc.id, p.annotator("omar").id, "entities", "PER", 0, 3)
    p.set_status(doc.id, p.annotator("sara").id, "done")
    p.set_role("rita", "reviewer")
    p.set_role("lena", "lead")
    session = Session(p, p.annotator("rita"))
    review = ReviewWork(session)
    shown: list[Comparison | None] = []
    review.changed.connect(shown.append)
    session.open_document(doc.id)
    return session, review, shown


def test_nothing_is_compared_outside_review_mode(work: tuple[Session, ReviewWork, list[Comparison | None]]) -> None:
    _session, review, shown = work
    assert review.current is None and shown == []


def test_only_finished_work_is_compared_unless_asked(work: tuple[Session, ReviewWork, list[Comparison | None]]) -> None:
    session, review, shown = work
    session.set_review(True)
    c = review.current
    assert c is not None and shown[-1] is c
    assert c.annotators == ["sara"]  # omar did not mark it done
    assert [(r.label, r.annotators, r.disputed, r.in_gold) for r in c.rows] == [("GPE", ("sara",), True, False)]  # one person agrees with nobody
    review.set_include_unfinished(True)
    c = review.current
    assert c is not None and c.annotators == ["omar", "sara"]
    assert sorted((r.label, r.annotators, r.disputed) for r in c.rows) == [
        ("GPE", ("omar", "sara"), False), ("PER", ("omar",), True)]
    assert str(c.disagreement).startswith("1 of 2 disputed")


def test_taking_into_gold_and_undoing_it_is_shown_each_time(work: tuple[Session, ReviewWork, list[Comparison | None]]) -> None:
    session, review, shown = work
    session.set_review(True)
    c = review.current
    assert c is not None
    row = c.rows[0]
    before = len(shown)
    session.take(row.layer, row.label, row.start, row.end, row.attrs)
    assert len(shown) == before + 1 and review.current is not None and review.current.rows[0].in_gold
    session.undo()
    assert review.current is not None and not review.current.rows[0].in_gold
    session.set_status("adjudicated")
    assert review.current is not None and review.current.adjudicated
    session.set_review(False)
    assert review.current is None and shown[-1] is None
