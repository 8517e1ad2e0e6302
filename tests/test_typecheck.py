"""annotator.core passes mypy in strict mode (the settings are in pyproject.toml)."""

from __future__ import annotations

import os
from pathlib import Path

from mypy import api

ROOT = Path(__file__).parents[1]


def test_core_is_strictly_typed() -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-incremental"])
    finally:
        os.chdir(cwd)
    assert status == 0, out + err
