"""One user action, one transaction, without a display: a failure in the middle of a compound action,
of its undo or of its redo leaves the project and the undo stack as they were, and says why."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from annotator.app.session import Session
from annotator.core.errors import ProjectBusy, ProjectError
from annotator.formats.importer import Importer, collect_files
from annotator.formats.suggest import propagate
from annotator.core.matching import MatchOptions
from annotator.store import deleting
from annotator.store.project import Project

from tests.conftest import SEEDS

SEED = "000_4eee2279a2a81452"


@pytest.fixture
def session(any_project: Project) -> Iterator[Session]:
    Importer(any_project).run(collect_files([SEEDS])[0])
    me = any_project.annotator("sara")
    session = Session(any_project, me)
    said: list[str] = []
    session.failed.connect(said.append)
    session.said = said  # type: ignore[attr-defined]
    doc = any_project.find_document(SEED)
    assert doc is not None
    session.open_document(doc.id)
    yield session


def stored(session: Session, *, gold: bool = False) -> list[tuple[str, str, str]]:
    doc = session.document
    assert doc is not None
    who = None if gold else session.annotator.id
    return [(s.layer, s.label, doc.text[s.start:s.end]) for s in session.project.spans(doc.id, who, gold=gold)]


def fail_on_call(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, number: int | set[int],
                 error: Exception = ProjectError("disk I/O error (injected)")) -> None:
    """Make the ``number``-th call(s) of ``owner.name`` raise ``error``; the others run as usual."""
    original = getattr(owner, name)
    calls = {"n": 0}
    numbers = number if isinstance(number, set) else {number}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] in numbers:
            raise error
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)


def paragraphs(session: Session, count: int) -> list[tuple[int, int]]:
    text = session.document.text  # type: ignore[union-attr]
    found, start = [], 0
    while len(found) < count:
        end = text.index("\n", start)
        if text[start:end].strip():
            found.append((start, end))
        start = end + 1
    return found


def mark_boilerplate(session: Session, pieces: list[tuple[int, int]]) -> None:
    """What Ctrl+B over several paragraphs does."""
    with session.macro(f"mark {len(pieces)} paragraph(s) as boilerplate"):
        for s, e in pieces:
            session.tag("boilerplate", "BOILERPLATE", s, e)


def test_ctrl_b_over_paragraphs_is_one_step_and_a_failure_in_the_middle_stores_none(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    pieces = paragraphs(session, 3)
    with monkeypatch.context() as patch:
        fail_on_call(patch, session.project, "add_span", 2)
        mark_boilerplate(session, pieces)
    assert stored(session) == [] and session.spans() == [] and session.undo_stack.count() == 0
    assert session.said == ["disk I/O error (injected)"]  # type: ignore[attr-defined]
    assert session.status() == "todo" and session.project.status(session.document.id, session.annotator.id) == "todo"  # type: ignore[union-attr]
    mark_boilerplate(session, pieces)
    assert len(stored(session)) == 3 and session.undo_stack.count() == 1
    assert session.status() == "in_progress"  # the first action, in the same transaction


def test_a_failed_undo_leaves_the_stack_and_the_project_agreeing(session: Session,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    mark_boilerplate(session, paragraphs(session, 3))
    with monkeypatch.context() as patch:
        # busy on the second delete, and again on the second try of the whole undo (deletes 1-3, then 4-6)
        fail_on_call(patch, session.project, "delete_span", {2, 5}, ProjectBusy("the project is busy (injected)"))
        assert not session.undo()
    assert len(stored(session)) == 3 and len(session.spans()) == 3  # the first delete was rolled back
    assert session.undo_stack.can_undo() and not session.undo_stack.can_redo()
    assert session.said[-1].startswith("cannot undo 'mark 3 paragraph(s) as boilerplate': not saved")  # type: ignore[attr-defined]
    with monkeypatch.context() as patch:  # busy once: the whole undo is tried again and goes through
        fail_on_call(patch, session.project, "delete_span", 2, ProjectBusy("the project is busy (injected)"))
        assert session.undo() and stored(session) == []
    assert session.redo() and len(stored(session)) == 3
    assert session.undo()
    assert stored(session) == [] and session.undo_stack.can_redo()
    with monkeypatch.context() as patch:
        fail_on_call(patch, session.project, "restore_span", 3)
        assert not session.redo()
    assert stored(session) == [] and session.spans() == [] and session.undo_stack.can_redo()
    assert session.redo() and len(stored(session)) == 3


def test_taking_gold_that_replaces_gold_is_whole_or_nothing(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    text = session.document.text  # type: ignore[union-attr]
    at = text.index("كوريا الشمالية")
    session.project.set_role("sara", "reviewer")
    session.switch_annotator("sara")
    session.set_review(True)
    assert session.gold
    session.take("entities", "LOC", at, at + len("كوريا"), {})
    assert stored(session, gold=True) == [("entities", "LOC", "كوريا")]
    with monkeypatch.context() as patch:
        fail_on_call(patch, session.project, "add_span", 1)
        session.take("entities", "GPE", at, at + len("كوريا الشمالية"), {})
    assert stored(session, gold=True) == [("entities", "LOC", "كوريا")]  # the delete was rolled back too
    assert session.undo_stack.count() == 1
    session.take("entities", "GPE", at, at + len("كوريا الشمالية"), {})
    assert stored(session, gold=True) == [("entities", "GPE", "كوريا الشمالية")]
    assert session.undo_stack.count() == 2 and session.undo()
    assert stored(session, gold=True) == [("entities", "LOC", "كوريا")]


def tag_and_propagate(session: Session, *, everywhere: bool) -> None:
    """Tag the first "كوريا الشمالية" GPE and suggest it at its other places (as Ctrl+P's job does)."""
    text = session.document.text  # type: ignore[union-attr]
    at = text.index("كوريا الشمالية")
    span = session.tag("entities", "GPE", at, at + len("كوريا الشمالية"))
    assert span is not None
    propagate(session.project, span, everywhere=everywhere, options=MatchOptions())
    session.suggestions_made()


def test_accepting_many_suggestions_is_one_transaction(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    tag_and_propagate(session, everywhere=True)
    ids = session.same_everywhere(session.suggestions()[0])
    assert len(ids) > 3
    before = session.undo_stack.count()
    with monkeypatch.context() as patch:
        patch.setattr(deleting, "suggestions", _raise(ProjectError("disk I/O error (injected)")))
        assert session.accept(ids, "accept GPE everywhere") == 0
    assert session.undo_stack.count() == before and len(stored(session)) == 1
    assert len(session.project.same_suggestions(session.suggestions()[0])) == len(ids)  # all still suggested
    assert session.accept(ids, "accept GPE everywhere") == len(ids)
    assert session.undo()
    assert len(session.project.same_suggestions(session.suggestions()[0])) == len(ids)


def _raise(error: Exception) -> Callable[..., None]:
    def raising(*_: Any, **__: Any) -> None:
        raise error
    return raising


def test_a_step_stored_but_not_shown_is_not_reported_as_failed(session: Session,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Undoing a reject opens its document again; if reading it fails then, the undo still happened."""
    tag_and_propagate(session, everywhere=False)
    suggestion = session.suggestions()[0]
    session.reject([suggestion], "reject GPE")
    other = session.project.find_document("003_336e19fc3d449e98")
    assert other is not None
    session.open_document(other.id)
    with monkeypatch.context() as patch:
        patch.setattr(session.project, "work", _raise(ProjectBusy("the project is busy (injected)")))
        assert session.undo()  # stored: reported as done, with why the window could not follow
    assert session.said[-1].startswith("undo 'reject GPE': done, but the window could not show")  # type: ignore[attr-defined]
    assert session.project.suggestions(suggestion.document_id, session.annotator.id) != []  # open again
    assert session.undo_stack.can_redo() and session.undo_stack.redo_text() == "reject GPE"


def test_the_first_action_does_not_undo_a_status_set_elsewhere(session: Session, target: str) -> None:
    doc = session.document
    assert doc is not None and session.status() == "todo"
    with Project.open(target) as elsewhere:  # the same annotator marks it done in another window
        elsewhere.set_status(doc.id, session.annotator.id, "done")
    at = doc.text.index("كوريا الشمالية")
    session.tag("entities", "GPE", at, at + len("كوريا الشمالية"))
    assert session.project.status(doc.id, session.annotator.id) == "done" and session.status() == "done"
