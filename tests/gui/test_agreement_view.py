"""Review → Agreement figures…: where Save HTML report… offers to save."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from annotator.gui.agreement_view import AgreementView
from annotator.store.project import Project


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of our own: Qt finds Documents (XDG default) and Python finds home through it."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path, home: Path) -> AgreementView:
    folder = tmp_path / "projects"
    folder.mkdir()
    project = Project.create(folder / "news.db")
    project.name = 'news: "2024"/Q1'  # characters a file name cannot hold
    view = AgreementView(project)
    qtbot.addWidget(view)
    return view


NAME = "agreement-news- -2024--Q1.html"


def test_the_projects_exports_folder_first(view: AgreementView, tmp_path: Path) -> None:
    exports = tmp_path / "projects" / "exports"
    exports.mkdir()
    assert view.default_report_path() == exports.resolve() / NAME


def test_else_documents_else_home(view: AgreementView, home: Path) -> None:
    assert view.default_report_path() == home / NAME  # no exports folder, no Documents folder
    (home / "Documents").mkdir()
    assert view.default_report_path() == home / "Documents" / NAME


def test_the_save_dialog_is_offered_that_path(view: AgreementView, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (home / "Documents").mkdir()
    offered: list[str] = []

    def fake(parent: QWidget, caption: str, directory: str, filter: str) -> tuple[str, str]:
        offered.append(directory)
        return "", ""  # the user cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    view.save.setEnabled(True)
    view.save.click()
    assert offered == [str(home / "Documents" / NAME)]
