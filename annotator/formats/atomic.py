"""Write files so that readers see the old files or the whole new set, never half of it."""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TextIO

from annotator.core.errors import AnnotatorError

_TAG = "annotator"  # our temporaries: .NAME.annotator-PID-RANDOM.part, beside the file they become

_REASONS = {
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only (the file system is mounted read-only)",
    errno.EACCES: "read-only (no permission to write here)",
    errno.EPERM: "read-only (not permitted to write here)",
    errno.ENOENT: "the folder has gone",
}


def write_reason(exc: OSError) -> str:
    """Why a write failed, in the user's words: "no space left on the disk", "read-only (…)"."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{_TAG}-{os.getpid()}-{secrets.token_hex(4)}.part")


def _pid_of(name: str) -> int | None:
    """The process id in one of our temporaries' names, or None for any other file."""
    if not (name.startswith(".") and name.endswith(".part")):
        return None
    _, found, rest = name[:-len(".part")].rpartition(f".{_TAG}-")
    pid, _, token = rest.partition("-")
    return int(pid) if found and pid.isdigit() and token else None


def _process_started(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), None when it is not running;
    0.0 for a running process whose start the system does not tell (no /proc)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # someone else's process: it runs
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            ticks = int(fh.read().rpartition(")")[2].split()[19])  # field 22: start time, in clock ticks after boot
        with open("/proc/stat", encoding="ascii", errors="replace") as fh:
            boot = next(int(line.split()[1]) for line in fh if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return 0.0


def remove_stale(folder: Path) -> list[Path]:
    """Remove the temporaries that a killed export left in ``folder``: ours by name, whose process has
    ended or was started after the file was written (its id reused). Returns what was removed."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        pid = _pid_of(name)
        if pid is None:
            continue
        item = folder / name
        try:
            written = item.lstat().st_mtime
            started = _process_started(pid)
            if started is None or (pid != os.getpid() and started > written + 2):  # +2: btime is whole seconds
                item.unlink()
                removed.append(item)
        except OSError:
            continue  # gone meanwhile, or not ours to remove
    return removed


@contextmanager
def atomic_write_set(paths: Sequence[Path], *, binary: bool = False) -> Iterator[list[TextIO]]:
    """Text files (``binary``: files of bytes) in their folders, renamed over ``paths`` together when the block ends without an
    error: each is written to a temporary beside it and flushed to disk, and only when every one is
    complete are they renamed into place. On any error (or Ctrl+C) the temporaries are removed and
    the old files are as they were. A new file is readable by its owner only (0600); a file written
    over keeps its mode. Temporaries that a killed run left in these folders are removed first."""
    for folder in dict.fromkeys(p.parent for p in paths):
        if not folder.is_dir():
            raise AnnotatorError(f"{folder}: folder does not exist")
        remove_stale(folder)
    temps: list[Path] = []
    try:
        with ExitStack() as stack:
            files: list[TextIO] = []
            for path in paths:
                files.append(stack.enter_context(_open_temporary(path, temps, binary)))
            yield files
            for path, fh in zip(paths, files):
                try:
                    fh.flush()
                    os.fsync(fh.fileno())
                except OSError as exc:
                    raise _unwritable(path, exc) from None
        _rename_all(list(zip(temps, paths)))
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


@contextmanager
def atomic_write(path: Path) -> Iterator[TextIO]:
    """One file, as ``atomic_write_set`` writes a set."""
    with atomic_write_set([path]) as (fh,):
        yield fh


@contextmanager
def _open_temporary(path: Path, temps: list[Path], binary: bool = False) -> Iterator[TextIO]:
    tmp = _temporary(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise AnnotatorError(f"{path.parent}: cannot write in this folder: {write_reason(exc)}") from None
    temps.append(tmp)
    try:
        os.fchmod(fd, path.stat().st_mode & 0o777)  # replacing a file: it keeps the mode its owner gave it
    except OSError:
        pass  # a new file keeps 0600: exports and reports are readable by their owner only
    opened = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
    with _Guarded(opened, path) as fh:  # type: ignore[arg-type]  # bytes or text: write, flush, fileno alike
        yield fh


class _Guarded:
    """A text file whose write errors (a full disk) become one message naming the file."""

    def __init__(self, fh: TextIO, path: Path) -> None:
        self.fh, self.path = fh, path

    def __enter__(self) -> TextIO:
        return self  # type: ignore[return-value]  # quacks as TextIO: write, flush, fileno

    def __exit__(self, *exc: object) -> None:
        try:
            self.fh.close()
        except OSError:
            pass  # the error that matters was raised by write or fsync

    def write(self, text: str) -> int:  # or bytes, in a binary file
        try:
            return self.fh.write(text)
        except OSError as exc:
            raise _unwritable(self.path, exc) from None

    def flush(self) -> None:
        try:
            self.fh.flush()
        except OSError as exc:
            raise _unwritable(self.path, exc) from None

    def fileno(self) -> int:
        return self.fh.fileno()


def _unwritable(path: Path, exc: OSError) -> AnnotatorError:
    return AnnotatorError(f"{path}: cannot write: {write_reason(exc)}; nothing was changed")


def _rename_all(pairs: list[tuple[Path, Path]]) -> None:
    """Rename every temporary over its file. Should a rename fail after others were made, the files
    already replaced get their old content back (kept as hard links until the end)."""
    kept: list[tuple[Path, Path | None]] = []  # (file, link to its old content or None if it was new)
    try:
        for tmp, path in pairs:
            old: Path | None = None
            if len(pairs) > 1 and path.exists():
                old = _temporary(path)
                try:
                    os.link(path, old)
                except OSError:
                    old = None  # no hard links here: this file cannot be put back
            try:
                os.replace(tmp, path)
            except OSError as exc:
                if old is not None:
                    old.unlink(missing_ok=True)
                for done, link in reversed(kept):
                    if link is not None:
                        os.replace(link, done)
                    else:
                        done.unlink(missing_ok=True)
                kept.clear()
                raise _unwritable(path, exc) from None
            kept.append((path, old))
    finally:
        for _, link in kept:
            if link is not None:
                link.unlink(missing_ok=True)
    _sync_folders({p.parent for _, p in pairs})


def _sync_folders(folders: set[Path]) -> None:
    """Make the renames themselves durable (the folder's entries), where the system allows it."""
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

