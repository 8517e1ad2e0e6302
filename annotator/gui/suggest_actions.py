"""The main window's Suggestions menu: propagation, gazetteers, boilerplate, and going through suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from annotator.core.errors import AnnotatorError
from annotator.core.matching import MatchOptions
from annotator.store.values import SpanId, SuggestionView

if TYPE_CHECKING:
    pass

DEFAULT_POINT_SIZE = 15.0


class SuggestionActions:
    """Part of MainWindow: making suggestions and deciding on them."""

    # -- suggestions ----------------------------------------------------------------------------

    def match_options(self) -> MatchOptions:
        return MatchOptions(**{k: a.isChecked() for k, a in self.match_actions.items()})

    def propagate(self, everywhere: bool) -> None:
        """Suggest the selected (or just tagged) span's label at the other occurrences of its text."""
        span = self.session.span(SpanId(self.view.selected_mark)) if self.view.selected_mark is not None else None
        if span is None:
            self.say("Tag or click a span first; Ctrl+P then suggests it wherever its text occurs.")
            return
        with _busy():  # a name in many documents takes seconds
            done = self.session.propagate(span, everywhere=everywhere, options=self.match_options())
        if done is not None:
            self.say(f"Propagated {span.label}: {done}. Alt+A accepts, Alt+X rejects, F7 goes to the next.")

    def suggest_boilerplate(self) -> None:
        progress = QProgressDialog("Looking for boilerplate…", "Cancel", 0, self._total, self)
        progress.setMinimumDuration(500)
        progress.setWindowModality(Qt.WindowModality.WindowModal)

        def step(documents: int) -> None:
            progress.setValue(progress.value() + documents)  # a window-modal dialog also takes clicks here
            if progress.wasCanceled():  # before anything is stored
                raise AnnotatorError("boilerplate search cancelled; no suggestion was stored")

        try:
            done = self.session.suggest_boilerplate(step)
        finally:
            progress.close()
            self.activateWindow()  # the keys go back to the text, as before the dialog
            self.view.setFocus()
        if done is not None:
            self.say(f"{done}. F7 goes through them; Ctrl+Alt+A accepts one in every document.")

    def ask_gazetteer(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Gazetteer (JSON lines: label, pattern)", "",
                                              "JSON lines (*.jsonl *.json);;All files (*)")
        if name:
            self.apply_gazetteer(Path(name))

    def apply_gazetteer(self, path: Path) -> None:
        with _busy():
            done = self.session.apply_gazetteer(path, self.match_options())
        if done is not None:
            self.say(f"{done}. F7 goes through them.")

    def _show_suggestions(self) -> None:
        self.view.set_suggestions(self.session.suggestions())  # type: ignore[arg-type]
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
            self.say(f"Suggested {suggestion.label}: {suggestion.reason}. "
                     "Alt+A accept, Alt+X reject, Ctrl+Alt+A accept everywhere.")

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
            self.say("No suggestion at the cursor (F7 goes to the next one).")
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
            self.say(f"Accepted {suggestion.label} in {accepted} place{'s' * (accepted != 1)} "
                     f"({len(ids)} suggested). Ctrl+Z takes them all back.")

    def accept_all(self) -> None:
        suggestions = self.session.suggestions()
        if not suggestions:
            self.say("No suggestions in this document.")
            return
        accepted = self.session.accept([s.id for s in suggestions], "accept all suggestions")
        if accepted:
            self.say(f"Accepted {accepted} of {len(suggestions)} suggestions.")

    def reject_all(self) -> None:
        suggestions = self.session.suggestions()
        if not suggestions:
            self.say("No suggestions in this document.")
            return
        self.session.reject(suggestions, "reject all suggestions")
        self.say(f"Rejected {len(suggestions)} suggestions.")

    def step_suggestion(self, step: int) -> None:
        suggestions = self.session.suggestions()
        if not suggestions:
            self.say("No suggestions in this document (Ctrl+P propagates a span, Ctrl+Alt+B finds boilerplate).")
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




@contextmanager
def _busy() -> Iterator[None]:
    """The wait cursor while a long search runs on the GUI thread."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
