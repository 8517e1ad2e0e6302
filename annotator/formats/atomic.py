"""Write a file so that readers see the old file or the whole new one, never half of it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from annotator.core.errors import AnnotatorError


@contextmanager
def atomic_write(path: Path) -> Iterator[TextIO]:
    """A text file in the same folder, renamed over ``path`` when the block ends without an error;
    on any error (or Ctrl+C) the temporary file is removed and ``path`` is as it was. A new file is
    readable by its owner only (0600); a file written over keeps its mode."""
    folder = path.parent
    if not folder.is_dir():
        raise AnnotatorError(f"{folder}: folder does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write here: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, path.stat().st_mode & 0o777)  # replacing a file: it keeps the mode its owner gave it
    except OSError:
        pass  # a new file keeps mkstemp's 0600: exports and reports are readable by their owner only
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # a full disk, a vanished folder: say so, keep the earlier file
        Path(tmp).unlink(missing_ok=True)
        raise AnnotatorError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
