"""Notices what other processes change in the project (an import in a terminal, a lead's assignments,
another window of the same annotator): a timer asks the Project for a cheap fingerprint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.core.errors import AnnotatorError
from annotator.store.project import Project
from annotator.store.values import AnnotatorId

POLL_MS = 3000  # a new import shows up within this long


class OutsideChanges(QObject):
    """Emits ``changed`` when the documents, statuses or assignments someone's list shows have changed."""

    changed = Signal()

    def __init__(self, project: Project, annotator: Callable[[], AnnotatorId], parent: QObject | None = None,
                 interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.project = project
        self._annotator = annotator
        self._token = self._read()
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def _read(self) -> Any:
        try:
            return self.project.change_token(self._annotator())
        except AnnotatorError:  # busy or gone for a moment: ask again at the next tick
            return None

    def settle(self) -> None:
        """Take the project as it is now as seen (after this window's own change, already shown)."""
        self._token = self._read()

    def check(self) -> bool:
        """Ask now; True (and ``changed`` emitted) when something changed since the last answer."""
        token = self._read()
        if token is None or token == self._token:
            return False
        first, self._token = self._token is None, token
        if not first:
            self.changed.emit()
        return not first
