"""Before Qt starts on an X11 screen: name the system libraries its xcb plugin needs but cannot find."""

from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path

# library soname stem -> the Debian/Ubuntu package that provides it
# (what Qt 6's libQt6XcbQpa links against, read with ldd)
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-randr": "libxcb-randr0",
    "xcb-render": "libxcb-render0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-shm": "libxcb-shm0",
    "xcb-sync": "libxcb-sync1",
    "xcb-util": "libxcb-util1",
    "xcb-xfixes": "libxcb-xfixes0",
    "xcb-xkb": "libxcb-xkb1",
    "X11-xcb": "libx11-xcb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def missing_x11_packages() -> list[str]:
    """Debian packages to install for Qt's xcb plugin; empty when not on Linux/X11 or nothing lacks."""
    if not sys.platform.startswith("linux"):
        return []
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return []
    if not platform and not os.environ.get("DISPLAY"):
        return []  # Wayland or no screen: Qt picks another plugin or says so itself
    return [package for lib, package in XCB_LIBRARIES.items() if not _found(lib)]


def _found(lib: str) -> bool:
    """In the build's own folders (where the dynamic linker finds them first), else on the system."""
    return any(any(folder.glob(f"lib{lib}.so*")) for folder in bundled_library_dirs()) \
        or ctypes.util.find_library(lib) is not None


def bundled_library_dirs() -> list[Path]:
    """Where a frozen build (PyInstaller, ``packaging/annotator.spec``) keeps the libraries it ships: its
    ``_internal`` folder, which the launcher puts on the library path, and Qt's own ``lib`` inside it.
    Empty when running from an installed Python package."""
    base = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or base is None:
        return []
    return [Path(base), Path(base) / "PySide6" / "Qt" / "lib"]


def x11_message(packages: list[str]) -> str:
    return ("Qt cannot start on this X11 screen: system libraries are missing.\n"
            f"Install them with:  sudo apt-get install {' '.join(packages)}")
