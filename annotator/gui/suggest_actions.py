"""The main window's Suggestions menu: propagation, gazetteers, boilerplate, and going through suggestions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from annotator.app.jobs import Job
from annotator.core.matching import MatchOptions
from annotator.core.errors import AnnotatorError
from annotator.gui import i18n
from annotator.gui.jobs import RunningJob
from annotator.formats.learning import Recommender
from annotator.gui.model_view import ModelView
from annotator.store.values import SpanId, SuggestionView


class SuggestionActions:
    """Part of MainWindow: making suggestions and deciding on them."""

    # -- suggestions ----------------------------------------------------------------------------

    # -- the model ---------------------------------------------------------------------------------

    def train_model(self) -> RunningJob | None:
        """Ctrl+Alt+M: train the project's model now, in the background (leads); when it lands, the open
        document gets the new model's suggestions."""
        job = self.model_advisor.training_job()
        if job is None:
            return None

        def done(message: str) -> None:
            self.say(message)
            self.model_advisor.trained()

        return self.job_bar.run(job, done, self.say)

    def _train_when_due(self) -> None:
        """Enough newly done documents (the project's setting): train again, unless a training runs."""
        title = f"Training the {self.model_advisor.layer} model"  # not the stance model's, which may run beside
        if not any(j.job.title == title for j in self.job_bar.jobs):
            if self.train_model() is not None:
                self.say(self.tr("Training the model again on the newly done documents (in the background)."))

    def _suggest_in_background(self, job: Job) -> RunningJob:
        """An ONNX model's suggestions for the opened document, made in a job; they show when it ends."""
        def done(message: str) -> None:
            self.say(message)
            self.session.suggestions_made()

        return self.job_bar.run(job, done, self.say)

    def show_model(self) -> ModelView | None:
        try:
            history = [m for m in self.session.project.models(self.model_advisor.layer) if m.kind in Recommender.kinds]
        except AnnotatorError as exc:
            self.say(str(exc))
            return None
        view = ModelView(history, self)
        view.show()
        return view

    def _set_model_suggestions(self, on: bool) -> None:
        self.model_advisor.enabled = self.stance_advisor.enabled = on
        self.settings.setValue("model/suggest", on)
        if on:
            self.model_advisor.suggest_here()
        self.stance_advisor.refresh()

    def match_options(self) -> MatchOptions:
        return MatchOptions(**{k: a.isChecked() for k, a in self.match_actions.items()})

    def propagate(self, everywhere: bool) -> RunningJob | None:
        """Suggest the selected (or just tagged) span's label at the other occurrences of its text,
        in the background."""
        span = self.session.span(SpanId(self.view.selected_mark)) if self.view.selected_mark is not None else None
        if span is None:
            self.say(self.tr("Tag or click a span first; Ctrl+P then suggests it wherever its text occurs."))
            return None
        return self._run_suggestions(self.session.propagation_job(span, everywhere=everywhere,
                                                                  options=self.match_options()),
                                     self.tr("Propagated {label}: {result}. Alt+A accepts, Alt+X rejects, F7 goes to "
                                             "the next.").replace("{label}", span.label))

    def suggest_boilerplate(self) -> RunningJob | None:
        return self._run_suggestions(self.session.boilerplate_job(self._total),
                                     self.tr("{result}. F7 goes through them; Ctrl+Alt+A accepts one in every document."))

    def ask_gazetteer(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Gazetteer (JSON lines: label, pattern)"), "",
                                              self.tr("JSON lines (*.jsonl *.json);;All files (*)"))
        if name:
            self.apply_gazetteer(Path(name))

    def apply_gazetteer(self, path: Path) -> RunningJob | None:
        return self._run_suggestions(self.session.gazetteer_job(path, self.match_options()),
                                     self.tr("{result}. F7 goes through them."))

    def _run_suggestions(self, job: Job | None, message: str) -> RunningJob | None:
        """Run a suggestion job in the background; when it ends, the open document's suggestions are reread
        (whichever document is open then: they are stored per document, so nothing lands in the wrong one)."""
        if job is None:
            return None
        annotator = self.session.annotator.id

        def done(result: str) -> None:
            self.session.suggestions_made()
            if self.session.annotator.id == annotator:
                self.say(message.replace("{result}", result))

        def failed(message: str) -> None:  # a gazetteer stores pattern by pattern: show what it stored
            self.session.suggestions_made()
            self.say(message)

        return self.job_bar.run(job, done, failed)

    def _show_suggestions(self) -> None:
        self._on_cursor_moved()

    def current_suggestion(self) -> SuggestionView | None:
        """The suggestion the keys act on: the one F7 went to, else the one at the cursor (the view
        holds the session's SuggestionViews)."""
        chosen = next((s for s in self.view.suggestions() if s.id == self.view.current_suggestion), None)
        return chosen or self.view.suggestion_at(self.view.cursor_position())  # type: ignore[return-value]

    def _on_cursor_moved(self) -> None:
        if not self.view.suggestions():
            return  # the common case, on every cursor move: nothing to follow
        here = self.view.cursor_position()
        kept = next((s for s in self.view.suggestions() if s.id == self.view.current_suggestion
                     and s.start <= here <= s.end), None)  # F7's choice stays while the cursor is on it
        at = kept or self.view.suggestion_at(here)
        chosen = at.id if at is not None else None
        if chosen != self.view.current_suggestion:
            self.view.current_suggestion = chosen
            self.view.viewport().update()
        suggestion = self.current_suggestion()
        if suggestion is not None:
            self.say(self.tr("Suggested {label}: {reason}. Alt+A accept, Alt+X reject, Ctrl+Alt+A accept "
                             "everywhere.").format(label=suggestion.label, reason=suggestion.reason))

    def _after_decision(self, decided: SuggestionView) -> None:
        """Go on to the next suggestion after the one just decided, as a reviewer reads on."""
        following = next((s for s in self.session.suggestions() if s.start >= decided.start), None)
        if following is not None:
            self._go_to_suggestion(following)

    def _go_to_suggestion(self, suggestion: SuggestionView) -> None:
        self.view.select(suggestion.start, suggestion.start)
        self.view.current_suggestion = suggestion.id
        self.view.viewport().update()
        self._on_cursor_moved()

    def _current_or_say(self) -> SuggestionView | None:
        suggestion = self.current_suggestion()
        if suggestion is None:
            self.say(self.tr("No suggestion at the cursor (F7 goes to the next one)."))
        return suggestion

    def accept_current(self) -> None:
        suggestion = self._current_or_say()
        if suggestion is None:
            return
        if self.session.accept([suggestion.id], f"accept {suggestion.label}"):
            self._after_decision(suggestion)

    def reject_current(self) -> None:
        suggestion = self._current_or_say()
        if suggestion is None:
            return
        self.session.reject([suggestion], f"reject {suggestion.label}")
        self._after_decision(suggestion)

    def accept_everywhere(self) -> None:
        suggestion = self._current_or_say()
        if suggestion is None:
            return
        ids = self.session.same_everywhere(suggestion)
        accepted = self.session.accept(ids, f"accept {suggestion.label} everywhere")
        if accepted:
            said = (self.tr("Accepted {label} in 1 place ({suggested} suggested). Ctrl+Z takes them all back.")
                    if accepted == 1 else
                    self.tr("Accepted {label} in {count} places ({suggested} suggested). Ctrl+Z takes them all back."))
            self.say(said.format(label=suggestion.label, count=i18n.number(accepted), suggested=i18n.number(len(ids))))

    def accept_all(self) -> None:
        suggestions = self.session.suggestions()
        if not suggestions:
            self.say(self.tr("No suggestions in this document."))
            return
        accepted = self.session.accept([s.id for s in suggestions], "accept all suggestions")
        if accepted:
            self.say(self.tr("Accepted {count} of {total} suggestions.").format(
                count=i18n.number(accepted), total=i18n.number(len(suggestions))))

    def reject_all(self) -> None:
        suggestions = self.session.suggestions()
        if not suggestions:
            self.say(self.tr("No suggestions in this document."))
            return
        self.session.reject(suggestions, "reject all suggestions")
        self.say(self.tr("Rejected {count} suggestions.").format(count=i18n.number(len(suggestions))))

    def step_suggestion(self, step: int) -> None:
        suggestions = self.session.suggestions()
        if not suggestions:
            self.say(self.tr("No suggestions in this document (Ctrl+P propagates a span, Ctrl+Alt+B finds "
                             "boilerplate)."))
            return
        current = self.current_suggestion()
        ids = [s.id for s in suggestions]  # in text order; two at one place follow each other
        if current is not None and current.id in ids:
            target = suggestions[(ids.index(current.id) + step) % len(suggestions)]
        else:
            here = self.view.cursor_position()
            after = [s for s in suggestions if s.start >= here]
            before = [s for s in suggestions if s.start < here]
            target = (after or suggestions)[0] if step > 0 else (before or suggestions)[-1]
        self._go_to_suggestion(target)
