"""Unexpected exceptions in the app: logged with their traceback, shown in a dialog, and the app runs on.

Every action is in the database the moment it is made, so an exception in one slot costs at most
that one action; the dialog says so and where the log is."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("annotator.gui")

Show = Callable[[str], None]


def message(exc: BaseException, log_file: Path) -> str:
    """The dialog's text: translated around the error, which stays as Python gives it."""
    return QCoreApplication.translate(
        "crash", "Something went wrong: {error}\n\nThe app keeps running, and everything you did before this is "
                 "saved in the project. The details are in the log:\n{log}").format(
        error=f"{type(exc).__name__}: {exc}", log=log_file)


def install(log_file: Path, parent: Callable[[], QWidget | None] = lambda: None, show: Show | None = None,
            *, scrub: Callable[[str], str] = lambda text: text) -> None:
    """Route exceptions that reach the event loop (Qt slots, timers, events) to the log and a dialog;
    ``scrub`` masks secrets (the database password) in both."""

    def dialog(text: str) -> None:
        QMessageBox.critical(parent(), "annotator", text)

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("unexpected error in the app\n%s", scrub("".join(traceback.format_exception(kind, exc, tb))))
        try:
            (show or dialog)(scrub(message(exc, log_file)))
        except Exception:  # the dialog itself failed: the log has it, keep running
            log.exception("could not show the error dialog")

    sys.excepthook = hook
