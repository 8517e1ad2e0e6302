"""The log file: a rotating file in the user log folder, which records the version at every start."""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
from pathlib import Path

import platformdirs

from annotator import __version__

LOG_BYTES = 1_000_000  # per file; five older files are kept
_handler: logging.Handler | None = None
_handler_path: Path | None = None


def log_path() -> Path:
    return Path(platformdirs.user_log_dir("annotator", appauthor=False)) / "annotator.log"


def setup_logging(command: str) -> Path:
    """Log to the rotating file (once per process) and record who started what; returns the file."""
    global _handler, _handler_path
    path = log_path()
    if _handler is not None and _handler_path != path:  # the user folder moved (tests do this)
        logging.getLogger("annotator").removeHandler(_handler)
        _handler.close()
        _handler = None
    if _handler is None:
        _handler_path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=5, encoding="utf-8")
        except OSError as exc:  # a read-only home must not stop the work: log nowhere, say so once
            print(f"annotator: cannot write the log {path}: {exc.strerror or exc}", file=sys.stderr)
            _handler = logging.NullHandler()
        _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger("annotator")
        root.addHandler(_handler)
        root.setLevel(logging.INFO)
    logging.getLogger("annotator").info("annotator %s (%s, Python %s) starts: %s", __version__,
                                        platform.platform(terse=True), platform.python_version(), command)
    return path
