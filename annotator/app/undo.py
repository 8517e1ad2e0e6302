"""The undo stack: a command goes on it only once it is stored, and a failed undo or redo leaves
the stack where it was, so the stack and the database always agree.

Qt's QUndoStack moves its index before it knows whether the command's undo worked, which is why the
app keeps its own (glue's ``core/command.py`` is the model): each command's ``do`` and ``undo`` runs
in one transaction (``Project.atomic``); the changes it reports are applied to the open document's
state only after that transaction has committed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from annotator.app.events import Event
from annotator.core.errors import AnnotatorError

class Unshown(AnnotatorError):
    """The step is stored (and the stack moved), but showing what it changed failed."""


Effect = tuple[Any, ...]  # ("stored", SpanView), ("removed", SpanView), ("labels", doc), ("status", doc, st), …


class Command(Protocol):
    """One user action: ``do`` (also redo) and ``undo`` write through the Project API and return the effects."""

    text: str
    doc_id: int

    def do(self) -> tuple[Any, list[Effect]]: ...

    def undo(self) -> list[Effect]: ...


class Atomic(Protocol):
    def atomic(self, work: Callable[[], Any]) -> Any: ...


class UndoStack:
    """Done commands below ``index``, undone ones above it; ``changed`` after every move."""

    def __init__(self, project: Atomic, apply: Callable[[list[Effect]], None]) -> None:
        self._project = project
        self._apply = apply
        self._commands: list[Command] = []
        self._index = 0
        self.changed = Event()

    def push(self, command: Command, also: Callable[[], list[Effect]] | None = None) -> Any:
        """Do ``command`` (and ``also``, in the same transaction); on success it goes on the stack and
        its result is returned. A refusal (AnnotatorError) leaves the stack and the database as they were."""
        def work() -> tuple[Any, list[Effect]]:
            result, effects = command.do()
            return result, effects + (also() if also is not None else [])

        result, effects = self._project.atomic(work)
        del self._commands[self._index:]
        self._commands.append(command)
        self._index += 1
        self._show(effects)
        return result

    def undo(self) -> Command:
        """Undo the last done command; raises (and changes nothing) if it cannot be undone."""
        command = self._commands[self._index - 1]
        effects = self._project.atomic(command.undo)
        self._index -= 1
        self._show(effects)
        return command

    def redo(self) -> Command:
        command = self._commands[self._index]
        _, effects = self._project.atomic(command.do)
        self._index += 1
        self._show(effects)
        return command

    def _show(self, effects: list[Effect]) -> None:
        """After the commit: the effects reach the views; a failure there is no failure of the step."""
        try:
            self._apply(effects)
        except AnnotatorError as exc:
            raise Unshown(f"done, but the window could not show all of it ({exc}); reopen the document") from exc
        finally:
            self.changed.emit()

    def clear(self) -> None:
        self._commands.clear()
        self._index = 0
        self.changed.emit()

    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._commands)

    def undo_text(self) -> str:
        return self._commands[self._index - 1].text if self.can_undo() else ""

    def redo_text(self) -> str:
        return self._commands[self._index].text if self.can_redo() else ""

    def next_undo(self) -> Command | None:
        return self._commands[self._index - 1] if self.can_undo() else None

    def next_redo(self) -> Command | None:
        return self._commands[self._index] if self.can_redo() else None

    def count(self) -> int:
        return len(self._commands)

    def index(self) -> int:
        return self._index
