"""The entity model in the app, without Qt: training as a background job (``annotator.app.jobs``), the
model's suggestions for each document an annotator opens, and when the project's setting says it is
time to train again (never over an ONNX model a lead chose: that is replaced on demand only).

Suggestions for the opened document are made on the window's side: predicting one document takes a
few milliseconds (``benchmarks/bench_model.py``), and they are stored like propagation's (never
where the annotator has a span, never again once rejected). None are made in review mode: gold
stays human.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from annotator.app.events import Event
from annotator.app.jobs import Job, Progress
from annotator.core.errors import AnnotatorError
from annotator.formats.external import KIND as EXTERNAL
from annotator.formats.learning import (KIND, LONGEST, MIN_DOCUMENTS, Recommender, entity_layer, suggest_from_model,
                                        train_model)
from annotator.store.access import Action
from annotator.store.project import Project
from annotator.store.values import AnnotatorId, DocumentId

if TYPE_CHECKING:
    from annotator.app.session import Session


def _train(layer: str, trained_by: str, project: Project, progress: Progress) -> str:
    trained = train_model(project, layer, trained_by, progress.at)
    info = trained.info
    f1 = info.f1
    return (f"Model trained on {info.documents} documents in {trained.seconds:.1f} s: held-out F1 "
            f"{f1:.2f} on {info.held_out} documents" if f1 is not None else
            f"Model trained on {info.documents} documents in {trained.seconds:.1f} s")


def _suggest_external(layer: str, annotator_id: AnnotatorId, doc_id: DocumentId, project: Project,
                      progress: Progress) -> str:
    """An ONNX model's suggestions for one document, made in a job's process (the model loaded there)."""
    recommender = Recommender(project, layer)
    added, _found = suggest_from_model(project, annotator_id, recommender, [doc_id])
    if recommender.missing is not None:
        return f"No model suggestions: {recommender.missing}."
    return f"{added} new suggestions from the ONNX model"


class ModelAdvisor:
    """The project's model beside one annotator's session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.enabled = True  # the app's setting: suggest from the model when a document opens
        self.trainingDue = Event()
        self.suggestJob = Event()  # a Job that makes an ONNX model's suggestions for the opened document  # the setting's number of newly done documents is reached (leads' apps)
        self._recommender: Recommender | None = None
        self._asked: set[tuple[int, int, int]] = set()  # (model, document, annotator) already suggested
        self._told: set[str] = set()  # why an ONNX model is not usable here, once said
        session.documentOpened.connect(lambda _doc: self.suggest_here())
        session.statusChanged.connect(lambda _doc: self._maybe_due())

    @property
    def layer(self) -> str:
        return entity_layer(self.session.project, None)

    def recommender(self) -> Recommender | None:
        """The project's model for its name layer; None when the schema has no name layer."""
        try:
            layer = self.layer
        except AnnotatorError:
            return None
        if self._recommender is None or self._recommender.layer != layer:
            self._recommender = Recommender(self.session.project, layer)
        return self._recommender

    def training_job(self) -> Job | None:
        """Train now (leads, or the one person of a project without leads); refused with a reason."""
        s = self.session
        try:
            s.project.require(s.annotator, Action.TRAIN_MODEL)
            layer = self.layer
            done = s.project.learnable_count()
        except AnnotatorError as exc:
            s.failed.emit(f"{exc}.")
            return None
        if done < MIN_DOCUMENTS:
            s.failed.emit(f"The model learns from documents marked done: {done} so far, at least {MIN_DOCUMENTS} "
                          "are needed.")
            return None
        return Job(f"Training the {layer} model", s.project.url, partial(_train, layer, s.annotator.name))

    def suggest_here(self) -> int:
        """The model's suggestions in the open document (mine; none in review mode); how many are new.
        A document is asked once per model (opened again, it keeps what was made, accepted or rejected);
        a very long one is left to ``annotator suggest --model``, so that opening it stays quick. An ONNX
        model (loading it takes seconds, a large one predicts for long) is asked in a background job
        (``suggestJob``), whose suggestions land when it ends."""
        s = self.session
        doc = s.document
        recommender = self.recommender()
        if not self.enabled or doc is None or s.gold or recommender is None or len(doc.text) > LONGEST:
            return 0
        try:
            newest = recommender.newest()
            if newest is not None and newest.kind == EXTERNAL:
                if (newest.id, doc.id, s.annotator.id) not in self._asked:
                    self._asked.add((newest.id, doc.id, s.annotator.id))
                    self.suggestJob.emit(Job("Suggesting from the ONNX model", s.project.url,
                                             partial(_suggest_external, self.layer, s.annotator.id, doc.id)))
                return 0
            loaded = recommender.current()
            if loaded is None:
                self._tell_missing(recommender)
                return 0
            if (loaded[0].id, doc.id, s.annotator.id) in self._asked:
                return 0
            self._asked.add((loaded[0].id, doc.id, s.annotator.id))
            added, _found = suggest_from_model(s.project, s.annotator.id, recommender, [doc.id])
        except AnnotatorError as exc:
            s.failed.emit(f"the model's suggestions were not made: {exc}")
            return 0
        if added:
            s.suggestions_made()
        return added

    def _tell_missing(self, recommender: Recommender) -> None:
        """Say once why an ONNX model gives no suggestions here (its folder is not on this machine)."""
        if recommender.missing is not None and recommender.missing not in self._told:
            self._told.add(recommender.missing)
            self.session.failed.emit(f"No model suggestions: {recommender.missing}.")

    def trained(self) -> None:
        """A training job ended: the next document opened (and this one, now) use the new model."""
        recommender = self.recommender()
        if recommender is not None:
            recommender.recheck_now()
        self.suggest_here()

    def _maybe_due(self) -> None:
        s = self.session
        if s.gold or s.status() != "done" or not s.may(Action.TRAIN_MODEL):
            return
        try:
            every = s.project.model_settings().retrain_every
            if not every:
                return
            done = s.project.learnable_count()
            history = [m for m in s.project.models(self.layer) if m.kind in Recommender.kinds]
        except AnnotatorError:
            return  # bookkeeping: the next done document asks again
        if history and history[0].kind != KIND:
            return  # a model the user chose (an ONNX one) is replaced on demand only, never by itself
        last = history[0].documents if history else 0
        if done >= MIN_DOCUMENTS and done - last >= every:
            self.trainingDue.emit()
