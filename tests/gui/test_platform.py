"""Before Qt starts on X11: the missing xcb libraries are named with the packages to install."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.gui import platform_check


def test_missing_xcb_libraries_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    present = set(platform_check.XCB_LIBRARIES) - {"xcb-cursor", "xcb-keysyms"}
    monkeypatch.setattr(platform_check.ctypes.util, "find_library", lambda name: name if name in present else None)
    missing = platform_check.missing_x11_packages()
    assert missing == ["libxcb-cursor0", "libxcb-keysyms1"]
    assert "sudo apt-get install libxcb-cursor0 libxcb-keysyms1" in platform_check.x11_message(missing)


@pytest.mark.parametrize("platform, env", [("linux", {"QT_QPA_PLATFORM": "offscreen"}), ("linux", {"QT_QPA_PLATFORM": "wayland"}),
                                           ("darwin", {"DISPLAY": ":0"}), ("linux", {})])
def test_no_check_where_xcb_is_not_used(monkeypatch: pytest.MonkeyPatch, platform: str, env: dict[str, str]) -> None:
    monkeypatch.setattr(platform_check.sys, "platform", platform)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(platform_check.ctypes.util, "find_library", lambda name: None)
    assert platform_check.missing_x11_packages() == []


def test_app_refuses_to_start_without_them(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.gui import app
    monkeypatch.setattr(app, "missing_x11_packages", lambda: ["libxcb-cursor0"])
    opened = []
    assert app.run(lambda: opened.append(1)) == 2  # type: ignore[arg-type, func-returns-value]
    assert opened == []
    assert "sudo apt-get install libxcb-cursor0" in capsys.readouterr().err


def test_the_refusal_is_in_the_log(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The log says why the app did not start, not only the terminal (which a desktop launcher hides)."""
    from annotator.cli import main
    from annotator.gui import app
    from annotator.logs import log_path

    monkeypatch.setattr(app, "missing_x11_packages", lambda: ["libxcb-cursor0", "libxcb-icccm4"])
    assert main(["gui"]) == 2
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in capsys.readouterr().err
    log = log_path().read_text(encoding="utf-8")
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in log and "system libraries are missing" in log


def test_a_frozen_build_counts_the_libraries_it_ships(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The desktop build (PyInstaller) ships some xcb libraries in its own folder, where Qt finds them and
    ctypes.util.find_library does not: those are not asked for; the system's missing ones still are."""
    (tmp_path / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    (tmp_path / "libxcb-cursor.so.0").write_bytes(b"")
    (tmp_path / "PySide6" / "Qt" / "lib" / "libxcb-icccm.so.4").write_bytes(b"")
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.setattr(platform_check.sys, "frozen", True, raising=False)
    monkeypatch.setattr(platform_check.sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    on_system = set(platform_check.XCB_LIBRARIES) - {"xcb-cursor", "xcb-icccm", "xcb-render", "xcb-render-util"}
    monkeypatch.setattr(platform_check.ctypes.util, "find_library", lambda name: name if name in on_system else None)
    # libxcb-render.so.0 is not libxcb-render-util's: each library is looked for under its own name
    assert platform_check.missing_x11_packages() == ["libxcb-render0", "libxcb-render-util0"]

    monkeypatch.setattr(platform_check.sys, "frozen", False)  # an installed package: the folder is not looked in
    assert platform_check.missing_x11_packages() == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-render0",
                                                     "libxcb-render-util0"]
