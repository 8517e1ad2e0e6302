"""The main window's stance model: training it, its suggestions in the document panel, accepting and rejecting."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from annotator.app.stance_advice import TITLE
from annotator.core.errors import AnnotatorError
from annotator.formats.stance import KIND
from annotator.gui.jobs import RunningJob
from annotator.gui.model_view import ModelView


class StanceActions:
    """Part of MainWindow: the stance model's menu entries and its suggestions in the document panel."""

    def _build_stance_actions(self, menu: Any) -> tuple[list[QAction], list[QAction]]:
        """(what trains and shows the model, what decides on a suggestion: off in review mode)."""
        model = [self._action(menu, self.tr("Train the &stance model now"), "Ctrl+Alt+S", self.train_stance_model),
                 self._action(menu, self.tr("Stance model f&igures…"), [], self.show_stance_model)]
        deciding = [self._action(menu, self.tr("Accept the stance suggestion (current target)"), "Alt+Y",
                                 lambda: self.decide_stance(True)),
                    self._action(menu, self.tr("Reject the stance suggestion (current target)"), "Alt+N",
                                 lambda: self.decide_stance(False))]
        self.stance_advisor.changed.connect(self._show_stance_suggestions)
        self.stance_advisor.trainingDue.connect(self._train_stance_when_due)
        self.panel.suggestionDecided.connect(self.decide_stance_of)
        return model, deciding

    def train_stance_model(self) -> RunningJob | None:
        """Ctrl+Alt+S: train the stance model now, in the background (leads); when it lands, the open
        document gets the new model's suggestions."""
        job = self.stance_advisor.training_job()
        if job is None:
            return None

        def done(message: str) -> None:
            self.say(message)
            self.stance_advisor.trained()

        return self.job_bar.run(job, done, self.say)

    def _train_stance_when_due(self) -> None:
        if not any(j.job.title == TITLE for j in self.job_bar.jobs):
            if self.train_stance_model() is not None:
                self.say(self.tr("Training the stance model again on the newly done documents (in the background)."))

    def _show_stance_suggestions(self) -> None:
        self.panel.show_suggestions({(s.task, s.target): (s.label, s.score) for s in self.stance_advisor.suggestions()})

    def decide_stance(self, accept: bool) -> None:
        """Alt+Y / Alt+N: accept or reject the suggestion of the current target (▶), else of the first
        target that has one."""
        row = self.panel.current_row()
        found = self.stance_advisor.suggestion(*row) if row else None
        found = found or next(iter(self.stance_advisor.suggestions()), None)
        if found is None:
            self.say(self.tr("No stance suggestion in this document (Ctrl+Alt+S trains the stance model)."))
            return
        self.decide_stance_of(found.task, found.target, accept)

    def decide_stance_of(self, task: str, target: str, accept: bool) -> None:
        decided = self.stance_advisor.decide(task, target, accept)
        if decided is not None:
            where = decided.target or decided.task
            said = (self.tr("Accepted {label} for {target}.") if accept else
                    self.tr("Rejected {label} for {target}: it is not suggested again in this document."))
            self.say(said.format(label=decided.label, target=where))

    def show_stance_model(self) -> ModelView | None:
        tasks = self.stance_advisor.tasks()
        try:
            history = self.session.project.models(tasks[0], KIND) if tasks else []
        except AnnotatorError as exc:
            self.say(str(exc))
            return None
        view = ModelView(history, self, empty=self.tr("No stance model yet: it is trained on the documents marked "
                                                      "done (Suggestions → Train the stance model now)."))
        view.show()
        return view
