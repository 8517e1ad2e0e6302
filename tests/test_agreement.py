"""`annotator agreement` on small hand-computed projects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.records import parse_record
from annotator.formats.agreement import compute
from annotator.store.project import Project


def line(ext: str, text: str, who: str, spans: list[tuple[int, int, str]], russia: str | None,
         status: str = "done") -> dict[str, object]:
    return {"id": ext, "text": text, "annotator": who, "status": status,
            "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans],
            "doc_labels": [{"task": "stance", "target": "Russia", "label": russia}] if russia else []}


@pytest.fixture
def two(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "two.db")
    t1, t2 = "Kim met Putin in Moscow.", "Seoul said nothing."
    records = [line("d1", t1, "ann", [(0, 3, "PER"), (8, 13, "PER"), (17, 23, "GPE")], "FAVOR"),
               line("d1", t1, "bob", [(0, 3, "PER"), (8, 13, "PER"), (17, 23, "LOC")], "NEUTRAL"),
               line("d2", t2, "ann", [(0, 5, "GPE")], "UNRELATED"),
               line("d2", t2, "bob", [(0, 5, "GPE")], "UNRELATED"),
               line("d3", "Unfinished text here.", "ann", [(0, 10, "ORG")], "FAVOR", status="in_progress"),
               line("d3", "Unfinished text here.", "bob", [], "AGAINST")]
    project.add_records([parse_record(r, project.schema) for r in records])
    return project


def test_hand_computed_figures(two: Project) -> None:
    report = compute(two)
    assert report["documents"] == 2  # d3: ann has not marked it done
    russia = report["doc_labels"]["stance/Russia"]
    [pair] = russia["pairs"]
    assert pair["annotators"] == ["ann", "bob"] and pair["n"] == 2
    assert pair["observed_agreement"] == 0.5
    assert round(pair["cohen_kappa"], 3) == 0.333  # po 0.5, pe 0.25
    assert pair["confusion"] == {"FAVOR": {"NEUTRAL": 1}, "UNRELATED": {"UNRELATED": 1}}
    assert report["doc_labels"]["stance/United States"]["pairs"][0]["cohen_kappa"] is None  # nobody labelled it
    [spans] = report["spans"]["entities"]["pairs"]
    assert spans["f1_exact"] == 0.75 and spans["exact"]["tp"] == 3  # LOC vs GPE on Moscow
    assert spans["per_label"]["PER"]["exact"]["f1"] == 1.0
    assert spans["per_label"]["LOC"]["exact"]["precision"] == 0.0
    # GPE and LOC on Moscow, FAVOR and NEUTRAL: 4 of the 6 distinct annotations are disputed
    assert report["disagreement"][0] == {"id": "d1", "excerpt": "Kim met Putin in Moscow.", "score": 4 / 6,
                                         "disputed": 4, "distinct": 6, "doc_label_disagreements": 2,
                                         "span_disagreements": 2, "annotators": ["ann", "bob"]}


def test_unfinished_documents_on_request(two: Project) -> None:
    report = compute(two, include_unfinished=True)
    assert report["documents"] == 3
    [pair] = report["spans"]["entities"]["pairs"]
    assert pair["exact"]["fn"] == 2  # ann's ORG on d3 has no match in bob's nothing


def test_one_annotator_gives_no_pairs_and_no_errors(two: Project) -> None:
    report = compute(two, ["ann"])
    assert report["documents"] == 0
    assert report["doc_labels"]["stance/Russia"] == {"krippendorff_alpha": None, "alpha_units": 0,
                                                     "fleiss_kappa": None, "fleiss_items": 0,
                                                     "observed_agreement": None, "pairs": []}
    assert report["spans"]["entities"] == {"character_alpha": None, "characters": 0, "pairs": []}


def test_cli_json_has_the_documented_keys(two: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agreement", "--db", str(two.url.database), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    figures = report["doc_labels"]["stance/Russia"]
    assert {"krippendorff_alpha", "fleiss_kappa", "pairs"} <= set(figures)
    assert {"annotators", "cohen_kappa", "n"} <= set(figures["pairs"][0])
    pair = report["spans"]["entities"]["pairs"][0]
    assert {"annotators", "f1_exact", "f1_overlap", "per_label"} <= set(pair)
    assert main(["agreement", "--db", str(two.url.database), "--annotators", "ann,zed"]) == 2
    assert "nobody called 'zed'" in capsys.readouterr().err
    assert main(["agreement", "--db", str(two.url.database)]) == 0
    assert "Cohen's kappa 0.333" in capsys.readouterr().out


def test_alpha_with_a_second_value_nobody_else_gave_is_defined(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "odd.db")
    records = [line("d1", "Kim met Putin.", "ann", [], "FAVOR"), line("d1", "Kim met Putin.", "bob", [], "FAVOR"),
               line("d2", "Seoul said nothing.", "ann", [], "AGAINST"), line("d2", "Seoul said nothing.", "bob", [], None)]
    project.add_records([parse_record(r, project.schema) for r in records])
    assert compute(project)["doc_labels"]["stance/Russia"]["krippendorff_alpha"] is None  # one pairable value only


def test_stance_evidence_is_compared_with_its_target(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "targets.db")
    text = "Kim met Putin."
    records = []
    for who, target in (("ann", "Russia"), ("bob", "United States")):
        records.append(parse_record({"id": "d1", "text": text, "annotator": who, "status": "done",
                                     "spans": [{"start": 8, "end": 13, "label": "AGAINST", "layer": "stance",
                                                "attrs": {"target": target}}]}, project.schema))
    project.add_records(records)
    [pair] = compute(project)["spans"]["stance"]["pairs"]
    assert pair["f1_exact"] == 0.0 and set(pair["per_label"]) == {"AGAINST@Russia", "AGAINST@United States"}


def test_by_default_only_those_who_finished_work_are_compared(two: Project) -> None:
    two.set_role("rita", "reviewer")  # reviews, never annotates
    carl = two.annotator("carl")
    d3 = two.find_document("d3")
    assert d3 is not None
    two.set_status(d3.id, carl.id, "in_progress")  # started, finished nothing
    assert compute(two)["annotators"] == ["ann", "bob"]
    assert compute(two, include_unfinished=True)["annotators"] == ["ann", "bob", "carl"]
    assert compute(two, annotators=["ann", "rita"])["annotators"] == ["ann", "rita"]  # asked for by name
