"""A plain-Python signal: views connect handlers, the model emits, handlers run at once in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Event:
    """Like a directly connected Qt signal, without Qt: ``connect(handler)``, ``emit(*args)``."""

    def __init__(self) -> None:
        self._handlers: list[Callable[..., Any]] = []

    def connect(self, handler: Callable[..., Any]) -> None:
        self._handlers.append(handler)

    def disconnect(self, handler: Callable[..., Any]) -> None:
        self._handlers.remove(handler)

    def emit(self, *args: Any) -> None:
        for handler in list(self._handlers):
            handler(*args)
