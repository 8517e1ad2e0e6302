"""The document list's counts, rows, pages and languages, which are read from indexes so that a million
documents stay quick (benchmarks/bench_scale.py), against what listing every document shows."""

from __future__ import annotations

import random

from annotator.core.records import parse_record
from annotator.formats.agreement import compute, rank_documents
from annotator.store.project import Project
from annotator.store.values import DocFilter, DocumentId

STATUSES = ("todo", "in_progress", "done", "skipped")


def _fill(project: Project) -> tuple[int, int, list[DocumentId]]:
    """60 documents in two languages; two annotators with every status (a stored 'todo' row too) and queues."""
    rng = random.Random(7)
    records = [parse_record({"id": f"d{i:02d}", "text": f"Text number {i}.", "meta": {"lang": "ar" if i % 3 else "en"}},
                            project.schema) for i in range(60)]
    project.add_records(records)
    ids = [DocumentId(d.id) for d in project.documents(limit=100)]
    me, other = project.annotator("me").id, project.annotator("other").id
    for doc in ids:
        for who in (me, other):
            choice = rng.choice((*STATUSES, None, None))
            if choice is not None:
                project.set_status(doc, who, choice)
    project.assign(["me", "other"], overlap=0.3, seed=1)
    return me, other, ids


def _listed(project: Project, where: DocFilter) -> list[DocumentId]:
    return [d.id for d in project.documents(where, limit=1000)]


def _filters(me: int) -> list[DocFilter]:
    out = []
    for status in (None, *STATUSES):
        for language in (None, "ar", "en"):
            for assigned in (False, True):
                out.append(DocFilter(annotator=me, status=status, language=language, assigned=assigned))  # type: ignore[arg-type]
    return out + [DocFilter(), DocFilter(language="en"), DocFilter(annotator=me, status="todo", search="number 1")]


def test_counts_and_rows_match_the_list_under_every_filter(any_project: Project) -> None:
    me, _, ids = _fill(any_project)
    for where in _filters(me):
        listed = _listed(any_project, where)
        assert any_project.count_documents(where) == len(listed), where
        assert listed == sorted(listed), where  # import order, a queue too
        for doc in ids[::7]:
            before = sum(1 for d in listed if d < doc)
            assert any_project.document_row(where, doc) == before, (where, doc)
        if listed:
            assert any_project.next_document(where) == listed[0]
            assert any_project.next_document(where, listed[-1]) == listed[0]  # wraps round
            assert any_project.documents(where, offset=1, limit=2) == any_project.documents(where, limit=3)[1:]


def test_todo_count_leaves_out_only_what_i_gave_another_status(project: Project) -> None:
    me, other, ids = _fill(project)
    gave = {d for d in ids if project.status(d, me) != "todo"}
    assert project.count_documents(DocFilter(annotator=me, status="todo")) == len(ids) - len(gave)
    project.set_status(ids[0], other, "done")  # another's status changes nothing of mine
    assert project.count_documents(DocFilter(annotator=me, status="todo")) == len(ids) - len(gave)


def test_languages_are_each_language_once_in_order(any_project: Project) -> None:
    assert any_project.languages() == []
    _fill(any_project)
    any_project.add_records([parse_record({"id": "fr", "text": "Bonjour.", "meta": {"lang": "fr"}}, any_project.schema)])
    assert any_project.languages() == ["ar", "en", "fr"]


def test_agreement_progress_counts_the_documents_it_reads(project: Project) -> None:
    """Agreement reads only documents the annotators worked on; its progress ends at its total."""
    me, other, ids = _fill(project)
    for doc in ids[:10]:
        project.add_span(doc, me, "entities", "PER", 0, 4)
        project.add_span(doc, other, "entities", "PER" if doc % 2 else "ORG", 0, 4)
        project.set_status(doc, me, "done")
        project.set_status(doc, other, "done")
    seen: list[tuple[int, int]] = []
    report = compute(project, ["me", "other"], progress=lambda done, total: seen.append((done, total)))
    both_done = [d for d in ids if project.status(d, me) == "done" and project.status(d, other) == "done"]
    assert report["documents"] == len(both_done)
    assert seen and seen[-1][0] == seen[-1][1] == len({d for d in ids if "done" in (project.status(d, me),
                                                                                   project.status(d, other))})
    ranked = rank_documents(project, ["me", "other"])
    assert sorted(r.id for r in ranked) == sorted(both_done)
    assert {r.id for r in ranked if r.score > 0} == {d for d in ids[:10] if d % 2 == 0}


def test_stats_count_every_annotators_spans_per_layer_and_label(any_project: Project) -> None:
    """``stats`` sums each (layer, label) over the annotators (it groups by annotator first, in an index's order)."""
    me, other, ids = _fill(any_project)
    for k, doc in enumerate(ids[:12]):
        any_project.add_span(doc, me, "entities", "PER", 0, 4)
        if k % 3:
            any_project.add_span(doc, other, "entities", "ORG" if k % 2 else "PER", 5, 9)
    any_project.add_span(ids[0], other, "boilerplate", "BOILERPLATE", 0, 4)
    stats = any_project.stats()
    assert stats.documents == len(ids) == any_project.count_documents()
    assert stats.spans == {"boilerplate": {"BOILERPLATE": 1}, "entities": {"ORG": 4, "PER": 16}}
    assert list(stats.spans) == sorted(stats.spans) and list(stats.spans["entities"]) == ["ORG", "PER"]
