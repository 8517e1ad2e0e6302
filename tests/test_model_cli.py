"""The model from the command line (both back ends): ``annotator model train`` prints the held-out
figures, ``model status`` the model in use and its history, ``suggest --model --json`` one line per
suggestion for the documents the model did not learn from, stored for whoever ``--for`` names."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.store.project import Project

from tests.gui.test_model import UNSEEN, learned_project


def _db(project: Project) -> str:
    return project.url.render_as_string(hide_password=False)


def test_train_status_and_suggest_from_the_command_line(any_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    learned_project(any_project)
    db = _db(any_project)
    assert main(["model", "status", "--db", db]) == 0
    assert "no model of layer entities yet: 22 documents marked done" in capsys.readouterr().out
    assert main(["model", "train", "--db", db, "--as", "sara", "--json"]) == 0
    trained = json.loads(capsys.readouterr().out)
    assert trained["documents"] == 22 and trained["layer"] == "entities" and 0 <= trained["overall"]["f1"] <= 1
    assert set(trained["labels"]) <= {"GPE", "ORG", "PER", "LOC"}
    assert main(["model", "status", "--db", db, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["model"]["id"] == trained["id"] and status["history"] == [
        {"id": trained["id"], "documents": 22, "f1": trained["overall"]["f1"]}]
    assert main(["suggest", "--model", "--db", db, "--json", "--min-score", "0.3"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines and all(set(line) == {"document", "start", "end", "label", "text", "score"} for line in lines)
    assert all(line["score"] >= 0.3 for line in lines)
    done = {d.external_id for d in any_project.documents(limit=100) if any_project.statuses(d.id)}
    assert not {line["document"] for line in lines} & done  # never the documents it learned from
    unseen = any_project.find_document(UNSEEN)
    assert unseen is not None
    assert any_project.suggestions(unseen.id, any_project.annotator("omar").id) == []  # printed, not stored
    assert main(["suggest", "--model", "--db", db, "--for", "omar", "--min-score", "0.3"]) == 0
    capsys.readouterr()
    stored = any_project.suggestions(unseen.id, any_project.annotator("omar").id)
    assert stored and all(s.source == "model" and s.reason.startswith("model ") for s in stored)


def test_training_needs_done_documents_and_is_for_leads(any_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(any_project)
    any_project.annotator("sara")
    assert main(["model", "train", "--db", db, "--as", "sara"]) == 2
    assert "the model learns from documents marked done: 0 so far, at least 4 are needed" in capsys.readouterr().err
    any_project.set_role("lena", "lead")
    assert main(["model", "train", "--db", db, "--as", "sara"]) == 2
    assert "is for a lead; sara is an annotator" in capsys.readouterr().err
    assert main(["suggest", "--model", "--db", db]) == 2
    assert "no model of layer entities to suggest with" in capsys.readouterr().err


def test_active_learning_orders_a_queue_by_the_models_uncertainty_mixed_with_random(
        any_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.app.session import Session
    from annotator.core.recommender import Model, uncertainty

    learned_project(any_project)
    db = _db(any_project)
    assert main(["assign", "--db", db, "--annotators", "omar", "--order", "uncertainty"]) == 2  # no model yet
    assert "needs the project's model" in capsys.readouterr().err
    assert not any_project.has_queue(any_project.annotator("omar").id)  # refused before anything was assigned
    assert main(["model", "train", "--db", db, "--as", "sara"]) == 0
    found = any_project.latest_model("entities")
    assert found is not None
    model = Model.from_bytes(found[1])
    omar = any_project.annotator("omar")
    assert main(["assign", "--db", db, "--annotators", "omar", "--order", "uncertainty", "--random-share", "0"]) == 0
    assert "omar: 24 documents to do, the model's most uncertain first" in capsys.readouterr().out
    texts = {doc: text for doc, _e, _l, text in any_project.texts(any_project.queue_todo(omar.id))}
    expected = sorted(texts, key=lambda d: (-uncertainty(model, texts[d]), d))
    session = Session(any_project, omar)
    walked, at = [], None
    for _ in range(len(texts)):  # "next document", finishing each as it goes
        at = session.next_document(at)
        assert at is not None
        walked.append(at)
        any_project.set_status(at, omar.id, "done")
    assert walked == expected and len(set(walked)) == len(texts)


def test_half_random_is_the_default_mix_and_import_order_stays_the_default(any_project: Project,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    learned_project(any_project)
    db = _db(any_project)
    assert main(["model", "train", "--db", db, "--as", "sara"]) == 0
    assert main(["assign", "--db", db, "--annotators", "omar"]) == 0  # the default: import order, no ranks
    omar = any_project.annotator("omar")
    assert any_project.next_ranked(omar.id, None) is None
    from annotator.formats.learning import Recommender, order_by_uncertainty

    recommender = Recommender(any_project, "entities")
    unsure = order_by_uncertainty(any_project, omar.id, recommender, random_share=0.0)
    mixed = order_by_uncertainty(any_project, omar.id, recommender)  # half random: every other place
    assert sorted(mixed) == sorted(unsure) and mixed != unsure
    assert mixed[0] == unsure[0] and mixed[2] == [d for d in unsure if d != mixed[1]][1]
    assert any_project.next_ranked(omar.id, None) == mixed[0]
    capsys.readouterr()
