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
    on any error (or Ctrl+C) the temporary file is removed and ``path`` is as it was."""
    folder = path.parent
    if not folder.is_dir():
        raise AnnotatorError(f"{folder}: folder does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write here: {exc.strerror or exc}") from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file would be, not mkstemp's private 0600
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
