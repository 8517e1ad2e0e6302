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


def _declared(extras: bool = False) -> set[str]:
    """The dependencies, and with ``extras`` those of the optional features too (not the tests')."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    optional = [r for name, reqs in project["optional-dependencies"].items() if name != "test" for r in reqs]
    return {_name(r) for r in project["dependencies"] + (optional if extras else [])}


def _imported() -> tuple[set[str], set[str]]:
    """Top-level modules the package imports, outside the standard library and itself: when a module is
    imported, and only inside functions (an optional feature's library, imported when it is used)."""
    eager: set[str] = set()
    lazy: set[str] = set()
    for path in (ROOT / "annotator").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                  for n in ast.walk(f)}
        for node in ast.walk(tree):
            found: set[str] = set()
            if isinstance(node, ast.Import):
                found = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found = {node.module.split(".")[0]}
            (lazy if id(node) in inside else eager).update(found)
    ours = {m for m in eager | lazy if m in sys.stdlib_module_names or m == "annotator"}
    return eager - ours, lazy - eager - ours


def test_every_imported_library_is_a_declared_dependency() -> None:
    """What a module imports when it is imported is a dependency; what a function imports may be an optional
    extra's instead (the ONNX model's onnxruntime and tokenizers: the program runs without them)."""
    distributions = packages_distributions()
    eager, lazy = _imported()
    for modules, declared in ((eager, _declared()), (lazy, _declared(extras=True))):
        missing = {m: distributions.get(m) for m in modules
                   if not {_name(d) for d in distributions.get(m, [m])} & declared}  # not installed: its own name
        assert missing == {}
    assert {"onnxruntime", "tokenizers"} <= lazy  # the check sees imports inside functions


@pytest.mark.parametrize("module", ["justext", "lxml_html_clean", "PySide6.QtWidgets", "psycopg", "py3langid.langid"])
def test_the_libraries_behind_the_features_import(module: str) -> None:
    importlib.import_module(module)  # jusText failed here with pip 23.2 before lxml_html_clean was declared
