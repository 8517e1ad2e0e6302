"""Trained models are stored with the project (both back ends): the newest of a layer is the one in use,
every connection sees the same one, a restart loses nothing, and the settings are the project's."""

from __future__ import annotations

import pytest

from annotator.core.errors import ProjectError
from annotator.store.learned import ModelSettings
from annotator.store.project import Project


def _save(project: Project, data: bytes, f1: float) -> None:
    project.save_model(layer="entities", kind="crf", version="test", trained_by="lena", documents=40, held_out=10,
                       report={"overall": {"precision": f1, "recall": f1, "f1": f1}}, data=data)


def test_the_newest_model_is_in_use_for_every_connection_and_after_a_restart(any_project: Project) -> None:
    assert any_project.latest_model("entities") is None
    _save(any_project, b"first", 0.4)
    _save(any_project, b"\x00second\xff" * 1000, 0.6)
    with Project.open(any_project.url) as other:  # another annotator's connection, or the app restarted
        found = other.latest_model("entities")
        assert found is not None
        info, data = found
        assert data == b"\x00second\xff" * 1000 and info.f1 == 0.6 and (info.documents, info.held_out) == (40, 10)
        assert [m.f1 for m in other.models("entities")] == [0.6, 0.4]  # the history, newest first


def test_a_model_for_a_layer_the_schema_lacks_is_refused(any_project: Project) -> None:
    with pytest.raises(ProjectError, match="no layer 'nope'"):
        any_project.save_model(layer="nope", kind="crf", version="t", trained_by="x", documents=0, held_out=0,
                               report={}, data=b"")
    assert any_project.models() == []


def test_model_settings_are_the_projects(any_project: Project) -> None:
    assert any_project.model_settings() == ModelSettings()
    any_project.set_model_settings(ModelSettings(min_score=0.7, min_f1=0.5, retrain_every=5))
    with Project.open(any_project.url) as other:
        assert other.model_settings() == ModelSettings(0.7, 0.5, 5)
    with pytest.raises(ProjectError, match="between 0 and 1"):
        any_project.set_model_settings(ModelSettings(min_score=1.5))
    assert any_project.model_settings() == ModelSettings(0.7, 0.5, 5)
