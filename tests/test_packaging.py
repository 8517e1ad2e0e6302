"""The desktop build's menu entry: packaging/install.sh writes an Exec line that launchers read back as the
unpacked folder's executable, whatever the folder is called, and the entry is one that Debian 12 accepts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"
RESERVED_IN_QUOTES = '"`$\\'


def string_value(raw: str) -> str:
    """A desktop entry's string value unescaped (\\s \\n \\t \\r \\\\), as the Desktop Entry spec says."""
    out, chars = [], iter(raw)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(nxt, "\\" + nxt))
        else:
            out.append(ch)
    return "".join(out)


def exec_argv(value: str) -> list[str]:
    """The arguments a launcher runs for an Exec value (the spec's quoting; field codes: %% only, the rest
    dropped as a launcher given no files drops them). Raises ValueError on what the spec forbids."""
    args: list[str] = []
    current: list[str] | None = None
    quoted = False
    chars = iter(string_value(value))
    for ch in chars:
        if quoted:
            if ch == '"':
                quoted = False
            elif ch == "\\":
                nxt = next(chars, "")
                if nxt not in RESERVED_IN_QUOTES:
                    raise ValueError(f"backslash before {nxt!r} in a quoted argument")
                current.append(nxt)  # type: ignore[union-attr]
            elif ch in "`$":
                raise ValueError(f"unescaped {ch!r} in a quoted argument")
            elif ch == "%":
                nxt = next(chars, "")
                if nxt == "%":
                    current.append("%")  # type: ignore[union-attr]
            else:
                current.append(ch)  # type: ignore[union-attr]
        elif ch == " ":
            if current is not None:
                args.append("".join(current))
                current = None
        elif ch == '"':
            current = current if current is not None else []
            quoted = True
        elif ch == "%":
            nxt = next(chars, "")
            if nxt == "%":
                current = (current or []) + ["%"]
        else:
            current = (current or []) + [ch]
    if quoted:
        raise ValueError("a quote that is not closed")
    if current is not None:
        args.append("".join(current))
    return args


@pytest.mark.parametrize("folder", ["with space", "R&D", "price $HOME", "50%u off", 'say "hi"', "back\\slash",
                                    "a|b `id`", "مجلد"])
def test_the_menu_entry_runs_the_unpacked_folders_executable(tmp_path: Path, folder: str) -> None:
    unpacked = tmp_path / folder / "annotator"
    unpacked.mkdir(parents=True)
    for name in ("install.sh", "annotator.desktop", "annotator.svg"):
        shutil.copy(PACKAGING / name, unpacked / name)
    marker = tmp_path / "ran"
    executable = unpacked / "annotator"
    executable.write_text(f"#!/bin/sh\necho started > '{marker}'\n", encoding="utf-8")
    executable.chmod(0o755)
    data = tmp_path / "data"
    env = {**os.environ, "XDG_DATA_HOME": str(data), "HOME": str(tmp_path)}
    for _ in range(2):  # run again (after moving the folder, say): the same one entry
        subprocess.run(["sh", str(unpacked / "install.sh")], env=env, check=True, capture_output=True)
    entry = (data / "applications" / "annotator.desktop").read_text(encoding="utf-8")
    execs = [line.removeprefix("Exec=") for line in entry.splitlines() if line.startswith("Exec=")]
    assert len(execs) == 1
    argv = exec_argv(execs[0])
    assert argv == [str(executable)]
    subprocess.run(argv, check=True, timeout=30)  # as the launcher would
    assert marker.read_text(encoding="utf-8") == "started\n"
    assert (data / "icons/hicolor/scalable/apps/annotator.svg").is_file()
    validate = shutil.which("desktop-file-validate")
    if validate:  # Debian's desktop-file-utils, where installed
        done = subprocess.run([validate, str(data / "applications" / "annotator.desktop")], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_entry_is_one_that_debian_12s_validator_knows_and_sits_in_one_menu() -> None:
    """desktop-file-utils 0.26 (Debian 12, Ubuntu 22.04) refuses Version=1.5 ("not a known version"); the
    entry uses nothing newer than 1.4. More than one main category puts it in several menus."""
    keys = dict(line.split("=", 1) for line in (PACKAGING / "annotator.desktop").read_text(encoding="utf-8").splitlines()
                if "=" in line)
    assert keys["Version"] in {"1.0", "1.1", "1.2", "1.3", "1.4"}
    main = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics", "Network", "Office",
            "Science", "Settings", "System", "Utility"}
    assert len([c for c in keys["Categories"].split(";") if c in main]) == 1
    assert exec_argv(keys["Exec"]) == ["annotator"]
