"""The stance model on a project (both back ends): trained from the finished document labels with a held-out
score (``annotator model train --task stance``), stored beside the entity model without disturbing it,
printed as suggestions (``annotator suggest --stance --json``), and never an annotation: a suggestion
or a decision about one is neither exported nor counted in agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.formats.stance import StanceRecommender, open_suggestions, stance_task, train_stance_model
from annotator.store.project import Project
from annotator.store.values import DocSuggestionView

from tests.stance_corpus import DONE, UNSEEN, stance_project


def _db(project: Project) -> str:
    return project.url.render_as_string(hide_password=False)


def test_train_status_and_suggest_from_the_command_line(any_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    stance_project(any_project)
    db = _db(any_project)
    assert main(["model", "status", "--db", db, "--task", "stance"]) == 0
    assert f"no stance model of task stance yet: {DONE} documents marked done" in capsys.readouterr().out
    assert main(["model", "train", "--db", db, "--as", "sara", "--task", "stance", "--json"]) == 0
    trained = json.loads(capsys.readouterr().out)
    assert (trained["layer"], trained["kind"], trained["documents"]) == ("stance", "stance", DONE)
    assert trained["held_out"] >= 1 and trained["overall"]["f1"] >= 0.8 and trained["overall"]["accuracy"] >= 0.8
    assert set(trained["labels"]) <= {"FAVOR", "AGAINST", "NEUTRAL"} and trained["abstains"] == ["South Korea"]
    assert main(["model", "status", "--db", db, "--task", "stance", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["task"] == "stance" and status["model"]["id"] == trained["id"]
    assert main(["model", "status", "--db", db]) == 0  # the entity model: untouched by the stance model
    assert "no model of layer entities yet" in capsys.readouterr().out
    assert main(["model", "status", "--db", db, "--task", "stance"]) == 0
    table = capsys.readouterr().out
    assert "the stance model: trained on 30 documents by sara" in table and "no suggestions for" in table

    assert main(["suggest", "--stance", "--db", db, "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines and all(set(line) == {"document", "task", "target", "label", "score"} for line in lines)
    assert all(line["score"] >= 0.5 and line["target"] != "South Korea" for line in lines)
    assert not any(line["document"].startswith("stance-") and line["document"][7:].isdigit() for line in lines)
    unseen = {line["target"]: line["label"] for line in lines if line["document"] == UNSEEN}
    assert unseen == {"United States": "FAVOR", "Russia": "AGAINST"}
    assert main(["suggest", "--stance", "--db", db, "--for", "omar"]) == 2
    assert "--for has nothing to store" in capsys.readouterr().err


def test_training_needs_finished_labels_a_known_task_and_a_lead(any_project: Project,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(any_project)
    any_project.annotator("sara")
    assert main(["model", "train", "--db", db, "--as", "sara", "--task", "stance"]) == 2
    assert "learns from documents marked done with a stance label: 0 so far" in capsys.readouterr().err
    assert main(["model", "train", "--db", db, "--as", "sara", "--task", "nope"]) == 2
    assert "no task 'nope'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["model", "train", "--db", db, "--task", "stance", "--layer", "entities"])
    capsys.readouterr()
    any_project.set_role("lena", "lead")
    assert main(["model", "train", "--db", db, "--as", "sara", "--task", "stance"]) == 2
    assert "is for a lead; sara is an annotator" in capsys.readouterr().err
    assert main(["suggest", "--stance", "--db", db]) == 2
    assert "no stance model to suggest with" in capsys.readouterr().err


def test_decisions_keep_a_suggestion_away_and_are_never_exported_nor_counted(
        any_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = any_project
    stance_project(project)
    task = stance_task(project, "stance")
    info = train_stance_model(project, task, "sara").info
    omar = project.annotator("omar").id
    doc = project.find_document(UNSEEN)
    assert doc is not None
    recommender = StanceRecommender(project, "stance")
    shown = open_suggestions(project, omar, [recommender], doc.id, doc.text, set())
    assert {(s.target, s.label) for s in shown} == {("United States", "FAVOR"), ("Russia", "AGAINST")}
    assert all(s.model_id == info.id and s.score >= 0.5 for s in shown)
    us = next(s for s in shown if s.target == "United States")
    project.decide_doc_suggestion(next(s for s in shown if s.target == "Russia"), "rejected")
    assert [s.target for s in open_suggestions(project, omar, [recommender], doc.id, doc.text, set())] == ["United States"]
    # omar's label for the United States: no suggestion there any more either
    assert open_suggestions(project, omar, [recommender], doc.id, doc.text, {("stance", "United States")}) == []
    project.set_status(doc.id, omar, "done")
    out = tmp_path / "stance.jsonl"
    assert main(["export", "--db", _db(project), "--format", "stance", "--annotator", "omar", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == ""  # a suggestion shown, one rejected: no label of omar's
    project.set_doc_label(doc.id, omar, "stance", us.target, us.label)
    project.decide_doc_suggestion(us, "accepted")
    assert main(["export", "--db", _db(project), "--format", "stance", "--annotator", "omar", "-o", str(out)]) == 0
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(e["target"], e["label"]) for e in exported] == [("United States", "FAVOR")]  # his label, once
    # omar labels Russia in five of sara's documents; his decisions about the United States there are no labels
    for k in range(5):
        theirs = project.find_document(f"stance-{k}")
        assert theirs is not None
        project.set_doc_label(theirs.id, omar, "stance", "Russia", "FAVOR")
        for state in ("rejected", "accepted"):
            project.decide_doc_suggestion(DocSuggestionView(theirs.id, omar, "stance", "United States",
                                                            "AGAINST" if state == "rejected" else "FAVOR", 0.9), state)
        project.set_status(theirs.id, omar, "done")
    capsys.readouterr()
    assert main(["agreement", "--db", _db(project), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["doc_labels"]
    assert [p["n"] for p in figures["stance/Russia"]["pairs"]] == [5]
    assert [p["n"] for p in figures["stance/United States"]["pairs"]] == [0]
    decided = project.doc_suggestion_decisions(omar, [doc.id])[doc.id]
    assert [(d.target, d.state) for d in decided] == [("Russia", "rejected"), ("United States", "accepted")]
    assert isinstance(decided[0], DocSuggestionView)


def test_a_stance_model_and_an_entity_layer_of_the_same_name_stay_apart(any_project: Project) -> None:
    """The default schema has a task and a layer both named "stance": each learner reads its own models."""
    stance_project(any_project)
    train_stance_model(any_project, stance_task(any_project, None), "sara")
    assert any_project.models("stance", "crf") == [] and len(any_project.models("stance", "stance")) == 1
    from annotator.formats.learning import Recommender

    assert Recommender(any_project, "stance").current() is None  # an entity model of layer "stance": none
    assert StanceRecommender(any_project, "stance").current() is not None
