"""The stance model in the app, without Qt: training as a background job, the open document's stance
suggestions ("model suggests: AGAINST 0.78"), accepting and rejecting them, and when it is time to train
again (the project's model settings, as for the entity model: ``app.model_jobs``).

Suggestions are made afresh whenever the open document or its labels change: predicting one document is a
few milliseconds, and nothing is stored until the annotator decides (``Session.decide_doc_suggestion``).
None in review mode (gold stays human), none where the annotator has a label for the target, none they
decided on before.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from annotator.app.events import Event
from annotator.app.jobs import Job, JobCancelled, Progress
from annotator.core.errors import AnnotatorError
from annotator.formats.learning import LONGEST, MIN_DOCUMENTS
from annotator.formats.stance import KIND, StanceRecommender, open_suggestions, train_stance_model
from annotator.store.access import Action
from annotator.store.project import Project
from annotator.store.values import DocSuggestionView

if TYPE_CHECKING:
    from annotator.app.session import Session

TITLE = "Training the stance model"


def _train(tasks: list[str], trained_by: str, project: Project, progress: Progress) -> str:
    """Train each task's model in turn; a task that cannot be trained yet is said, the others trained."""
    said, refused = [], []
    seconds, documents = 0.0, 0
    for k, name in enumerate(tasks):
        task = project.schema.task(name)
        if task is None:
            continue

        def step(done: int, total: int, k: int = k) -> None:  # each task a share of the bar
            progress.at(k * total + done, len(tasks) * total)

        try:
            trained = train_stance_model(project, task, trained_by, step)
        except AnnotatorError as exc:
            if isinstance(exc, JobCancelled):
                raise
            refused.append(str(exc))
            continue
        info, seconds, documents = trained.info, seconds + trained.seconds, max(documents, trained.info.documents)
        said.append(f"{name}: held-out F1 {info.f1:.2f}, accuracy {info.report['overall']['accuracy']:.2f} "
                    f"on {info.held_out} documents" if info.f1 is not None else name)
    if not said:
        raise AnnotatorError("; ".join(refused) or "no task to learn")
    return (f"Stance model trained on {documents} documents in {seconds:.1f} s ({'; '.join(said)})"
            + (f"; not trained: {'; '.join(refused)}" if refused else ""))


class StanceAdvisor:
    """The project's stance models (one per document-level task) beside one annotator's session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.enabled = True  # the app's setting: suggest from the model when a document opens
        self.changed = Event()       # the open document's stance suggestions changed
        self.trainingDue = Event()   # the setting's number of newly done documents is reached (leads' apps)
        self._recommenders: dict[str, StanceRecommender] = {}
        self._shown: list[DocSuggestionView] = []
        session.documentOpened.connect(lambda _doc: self.refresh())
        session.docLabelsChanged.connect(lambda _doc: self.refresh())
        session.annotatorChanged.connect(self.refresh)
        session.statusChanged.connect(lambda _doc: self._maybe_due())

    def tasks(self) -> list[str]:
        return [task.name for task in self.session.project.schema.tasks]

    def recommenders(self) -> list[StanceRecommender]:
        for name in self.tasks():
            if name not in self._recommenders:
                self._recommenders[name] = StanceRecommender(self.session.project, name)
        return [self._recommenders[name] for name in self.tasks()]

    def suggestions(self) -> list[DocSuggestionView]:
        """The open document's stance suggestions, in the schema's order of tasks and targets."""
        return list(self._shown)

    def suggestion(self, task: str, target: str) -> DocSuggestionView | None:
        return next((s for s in self._shown if (s.task, s.target) == (task, target)), None)

    def refresh(self) -> None:
        """Make the open document's suggestions again (another document, label, person or model)."""
        s = self.session
        doc = s.document
        shown: list[DocSuggestionView] = []
        if self.enabled and doc is not None and not s.gold and len(doc.text) <= LONGEST:
            labelled = {(d.task, d.target) for d in s.labels()}
            try:
                shown = open_suggestions(s.project, s.annotator.id, self.recommenders(), doc.id, doc.text, labelled)
            except AnnotatorError as exc:
                s.failed.emit(f"the stance model's suggestions were not made: {exc}")
        order = {row: k for k, row in enumerate((t.name, target) for t in s.project.schema.tasks
                                                for target in (t.targets or ("",)))}
        shown.sort(key=lambda x: order.get((x.task, x.target), len(order)))
        if shown != self._shown:
            self._shown = shown
            self.changed.emit()

    def decide(self, task: str, target: str, accept: bool) -> DocSuggestionView | None:
        """Accept or reject the suggestion for (task, target); the one decided, or None (there is none)."""
        found = self.suggestion(task, target)
        if found is None:
            return None
        return found if self.session.decide_doc_suggestion(found, accept) else None

    def training_job(self) -> Job | None:
        """Train every task's model now (leads, or the one person of a project without leads); refused with
        a reason."""
        s = self.session
        try:
            s.project.require(s.annotator, Action.TRAIN_MODEL)
            done = s.project.learnable_count()
        except AnnotatorError as exc:
            s.failed.emit(f"{exc}.")
            return None
        if not self.tasks():
            s.failed.emit("The schema has no document-level task (such as stance) to learn.")
            return None
        if done < MIN_DOCUMENTS:
            s.failed.emit(f"The stance model learns from documents marked done: {done} so far, at least "
                          f"{MIN_DOCUMENTS} are needed.")
            return None
        return Job(TITLE, s.project.url, partial(_train, self.tasks(), s.annotator.name))

    def trained(self) -> None:
        """A training job ended: the open document (and the next ones) use the new models."""
        for recommender in self._recommenders.values():
            recommender.recheck_now()
        self.refresh()

    def _maybe_due(self) -> None:
        s = self.session
        if s.gold or s.status() != "done" or not self.tasks() or not s.may(Action.TRAIN_MODEL):
            return
        try:
            every = s.project.model_settings().retrain_every
            if not every:
                return
            done = s.project.labelled_count(self.tasks()[0])  # a project that labels no stance never trains one
            history = s.project.models(self.tasks()[0], KIND)
        except AnnotatorError:
            return  # bookkeeping: the next done document asks again
        last = int(history[0].report.get("learnable", history[0].documents)) if history else 0
        if done >= MIN_DOCUMENTS and done - last >= every:
            self.trainingDue.emit()
