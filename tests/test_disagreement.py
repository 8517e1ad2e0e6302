"""One disagreement per document: the review queue, the review panel's candidates and `annotator agreement` agree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.agreement import Disagreement, document_disagreement
from annotator.core.records import parse_record
from annotator.formats.agreement import rank_documents
from annotator.app.review import candidates, disagreement
from annotator.store.project import Project

TEXT = "Kim met Putin in Moscow."
KIM, PUTIN, MOSCOW = (0, 3), (8, 13), (17, 23)


def work(who: str, spans: list[tuple[tuple[int, int], str]], labels: dict[str, str], status: str = "done") -> dict[str, Any]:
    return {"id": "d1", "text": TEXT, "annotator": who, "status": status,
            "spans": [{"start": s, "end": e, "label": label} for (s, e), label in spans],
            "doc_labels": [{"task": "stance", "target": target, "label": label} for target, label in labels.items()]}


CASES = {
    # two annotators, two stances each given differently: 2 + 2 disputed label candidates; old queue: 1 item each
    "labels differ": ([work("ann", [(KIM, "PER"), (MOSCOW, "GPE")], {"Russia": "FAVOR", "United States": "AGAINST"}),
                       work("bob", [(KIM, "PER"), (MOSCOW, "LOC")], {"Russia": "NEUTRAL", "United States": "FAVOR"})],
                      False, Disagreement(6, 7)),
    # a label only one gave is disputed (old queue: not an item at all)
    "label missing": ([work("ann", [(KIM, "PER")], {"Russia": "FAVOR"}), work("bob", [(KIM, "PER")], {})],
                      False, Disagreement(1, 2)),
    # three annotators: one distinct span, not one per pair
    "three": ([work("ann", [(KIM, "PER"), (PUTIN, "PER")], {}), work("bob", [(KIM, "PER")], {}),
               work("cy", [(KIM, "PER")], {})], False, Disagreement(1, 2)),
    # with unfinished work: a status without a span or label is no work (cy opened it only)
    "opened only": ([work("ann", [(KIM, "PER")], {}, "in_progress"), work("bob", [(KIM, "PER")], {}),
                     work("cy", [], {}, "in_progress")], True, Disagreement(0, 1)),
    # not done, so not compared; gold never counts
    "unfinished left out": ([work("ann", [(KIM, "PER")], {}), work("bob", [(KIM, "PER")], {}),
                             work("cy", [(PUTIN, "PER")], {}, "in_progress")], False, Disagreement(0, 1)),
}


def _panel(project: Project, unfinished: bool) -> Disagreement:
    """What the review panel counts: the candidates of the annotators compared (as MainWindow picks them)."""
    doc = project.find_document("d1")
    assert doc is not None
    names = {a.id: a.name for a in project.annotators()}
    spans, labels = project.spans(doc.id), project.doc_labels(doc.id)
    done = {a for a, st in project.statuses(doc.id).items() if st == "done"}
    compared = done | {s.annotator_id for s in spans} | {d.annotator_id for d in labels} if unfinished else done
    present = sorted(names[a] for a in compared)
    rows = candidates(names, present, [s for s in spans if s.annotator_id in compared],
                      [d for d in labels if d.annotator_id in compared],
                      project.spans(doc.id, gold=True), project.doc_labels(doc.id, gold=True))
    return disagreement(rows)


@pytest.mark.parametrize("case", CASES)
def test_queue_panel_and_cli_agree(tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    records, unfinished, expected = CASES[case]
    project = Project.create(tmp_path / "p.db")
    assert all(not isinstance(r, str) for r in project.add_records([parse_record(r, project.schema) for r in records]))
    doc = project.find_document("d1")
    assert doc is not None
    project.add_span(doc.id, project.annotators()[0].id, "entities", "ORG", *MOSCOW, gold=True)  # gold is no vote
    assert _panel(project, unfinished) == expected
    [ranked] = rank_documents(project, include_unfinished=unfinished)
    assert ranked.disagreement == expected and ranked.score == expected.score
    assert main(["agreement", "--db", str(tmp_path / "p.db"), "--json"]
                + (["--include-unfinished"] if unfinished else [])) == 0
    [row] = json.loads(capsys.readouterr().out)["disagreement"]
    assert (row["disputed"], row["distinct"], row["score"]) == (expected.disputed, expected.distinct, expected.score)


def test_one_annotator_agrees_with_nobody() -> None:
    assert document_disagreement([{"ann"}, {"ann"}], ["ann"]) == Disagreement(2, 2)
    assert document_disagreement([], ["ann", "bob"]).score == 0.0
    assert str(Disagreement(12, 13)) == "12 of 13 disputed (0.92)"
