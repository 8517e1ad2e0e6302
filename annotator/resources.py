"""Where the shipped files are: ``resources/`` and ``seeds/`` beside the package, or inside it when installed from a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(folder: str) -> Path:
    for candidate in (_PACKAGE / folder, _PACKAGE.parent / folder):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the {folder}/ folder is missing from this installation of annotator")


def resource_path(name: str) -> Path:
    return _shipped("resources") / name


def seeds_dir() -> Path:
    return _shipped("seeds")
