"""The stance model beside a session, without Qt: training falls due after the project's number of newly
done documents with a label of the task (a project that labels no stance never trains a stance model),
and only for a lead."""

from __future__ import annotations

from annotator.app.session import Session
from annotator.app.stance_advice import StanceAdvisor
from annotator.formats.stance import stance_task, train_stance_model
from annotator.store.learned import ModelSettings
from annotator.store.project import Project

from tests.stance_corpus import stance_project


def test_training_falls_due_after_the_settings_number_of_newly_done_documents(project: Project) -> None:
    stance_project(project)
    project.set_model_settings(ModelSettings(retrain_every=3))
    project.set_role("sara", "lead")
    train_stance_model(project, stance_task(project, None), "sara")  # it saw the 30 done documents
    session = Session(project, project.annotator("sara"))
    advisor = StanceAdvisor(session)
    due: list[int] = []
    advisor.trainingDue.connect(lambda: due.append(len(due)))
    for k in range(1, 4):  # three more done without a stance label: nothing to learn from
        doc = project.find_document(f"stance-u{k}")
        assert doc is not None
        session.open_document(doc.id)
        session.set_status("done")
    assert due == []
    for k in range(1, 4):  # labelled now: the third makes three more to learn from
        doc = project.find_document(f"stance-u{k}")
        assert doc is not None
        session.open_document(doc.id)
        session.set_status("in_progress")
        session.set_doc_label("stance", "Russia", "AGAINST")
        session.set_status("done")
        assert len(due) == (1 if k == 3 else 0)
    omar = Session(project, project.annotator("omar"))  # an annotator's window never trains
    StanceAdvisor(omar).trainingDue.connect(lambda: due.append(len(due)))
    doc = project.find_document("stance-u4")
    assert doc is not None
    omar.open_document(doc.id)
    omar.set_status("done")
    assert len(due) == 1  # omar (an annotator) may not train: his window never asks
