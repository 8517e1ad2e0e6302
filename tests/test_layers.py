"""The layering rules of DESIGN.md, enforced by import-linter's contracts in pyproject.toml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([sys.executable, "-c", LINT, "--no-cache"], cwd=root, env=env, capture_output=True, text=True)


def test_import_contracts_hold() -> None:
    """core imports no Qt or SQLAlchemy; only gui imports Qt; gui never SQL; dependencies point down."""
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 8 kept, 0 broken." in result.stdout


def test_contracts_catch_a_forbidden_import(tmp_path: Path) -> None:
    """The check is not vacuous: a copy of the package whose core imports Qt and SQLAlchemy fails it."""
    shutil.copytree(ROOT / "annotator", tmp_path / "annotator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "annotator" / "core" / "leak.py").write_text("import PySide6.QtCore\nimport sqlalchemy\n", encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "core is pure Python: no Qt, no SQLAlchemy, no Alembic BROKEN" in result.stdout
    assert "annotator.core.leak -> PySide6" in result.stdout or "annotator.core.leak -> sqlalchemy" in result.stdout
