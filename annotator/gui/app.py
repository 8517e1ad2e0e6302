"""Start the desktop app: check the platform, load fonts, ask who is annotating, open the window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.app.jobs import Job, count_documents, runner
from annotator.core.errors import AnnotatorError
from annotator.gui import crash, i18n
from annotator.gui.fonts import load_fonts
from annotator.gui.main_window import MainWindow
from annotator.gui.platform_check import missing_x11_packages, x11_message
from annotator.logs import log_path
from annotator.store.engine import scrubber
from annotator.store.project import Project

ORGANIZATION = APPLICATION = "annotator"
log = logging.getLogger("annotator.gui")


def settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def annotator_name(store: QSettings, ask: Callable[[], str | None]) -> str | None:
    """The remembered annotator name, or the one ``ask`` returns (then remembered)."""
    name = store.value("annotator/name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    answer = ask()
    if answer and answer.strip():
        store.setValue("annotator/name", answer.strip())
        return answer.strip()
    return None


def working_name(project: Project, store: QSettings, ask: Callable[[], str | None], *,
                 requested: str | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """Whom the window works as (annotator.store.access.identify, as for the CLI): on PostgreSQL a team
    member is their database login; else --as, $ANNOTATOR_USER, the remembered person, or the one
    ``ask`` returns. A login that --as or $ANNOTATOR_USER contradicts raises a ProjectError."""
    identity = project.identify(requested=requested, env=os.environ if env is None else env,
                                remembered=_remembered(store))
    if identity.name is not None:
        return identity.name
    return annotator_name(store, ask)


def _remembered(store: QSettings) -> str | None:
    name = store.value("annotator/name")
    return name.strip() if isinstance(name, str) and name.strip() else None


def _ask_name() -> str | None:
    name, ok = QInputDialog.getText(None, QCoreApplication.translate("app", "annotator"),
                                    QCoreApplication.translate("app", "Your name (it marks your annotations):"))
    return name if ok else None


def run(open_project: Callable[[], Project], requested: str | None = None, *, quit_after_start: bool = False) -> int:
    """The GUI's main loop; returns the exit status. ``quit_after_start``: see ``quit_when_started``."""
    missing = missing_x11_packages()
    if missing:
        message = x11_message(missing)
        log.error("the app does not start: %s", message)  # the log says why, not only the terminal
        print(message, file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    load_fonts()
    store = settings()
    i18n.install(app, i18n.chosen_language(store), i18n.chosen_digits(store))
    with open_project() as project:
        try:
            name = working_name(project, store, _ask_name, requested=requested)
        except AnnotatorError as exc:  # --as someone else than the database login: said before any window
            print(f"annotator: {exc}", file=sys.stderr)
            return 2
        if name is None:
            return 0
        window = MainWindow(project, name, store)
        crash.install(log_path(), lambda: window, scrub=scrubber(project.url))
        window.show()
        if quit_after_start:
            QTimer.singleShot(0, lambda: quit_when_started(app, window, project))
        return int(app.exec())


def quit_when_started(app: QApplication, window: MainWindow, project: Project) -> None:
    """The hidden option ``--quit-after-start``, for the desktop build's smoke test and the start-time
    benchmark: called once the event loop runs with the window shown, it says so, runs one background
    job in a process of its own as the window's jobs run (a frozen build starts them through its own
    executable), says what the job found, and quits: 0 when the job ran, else 2."""
    print(f"annotator: window shown: {window.windowTitle()}", flush=True)
    job = runner(Job("Counting documents", project.url, count_documents))
    job.start()
    kind, value = job.wait(60) or ("failed", "the job did not end within 60 s")
    if kind == "done":
        print(f"annotator: a background job ran in its own process: {value} documents", flush=True)
    else:
        print(f"annotator: the background job failed: {value}", file=sys.stderr, flush=True)
    window.close()
    app.exit(0 if kind == "done" else 2)
