"""The Quick start installs a working program: everything the package imports is declared, and the
libraries it leans on import (jusText needs lxml_html_clean, which an old pip does not bring)."""

from __future__ import annotations

import ast
import importlib
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_name(r) for r in project["dependencies"]}


def _imported() -> set[str]:
    """Top-level modules the package imports, outside the standard library and itself."""
    found: set[str] = set()
    for path in (ROOT / "annotator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "annotator"}


def test_every_imported_library_is_a_declared_dependency() -> None:
    distributions = packages_distributions()
    declared = _declared()
    missing = {m: distributions.get(m) for m in _imported()
               if not {_name(d) for d in distributions.get(m, [])} & declared}
    assert missing == {}


@pytest.mark.parametrize("module", ["justext", "lxml_html_clean", "PySide6.QtWidgets", "psycopg", "py3langid.langid"])
def test_the_libraries_behind_the_features_import(module: str) -> None:
    importlib.import_module(module)  # jusText failed here with pip 23.2 before lxml_html_clean was declared
