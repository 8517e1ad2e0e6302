"""What an Arabic-speaking annotator would hit beyond the strings themselves: a translation that breaks
``.format`` (a placeholder renamed), two items of one menu on the same Alt key, an undo step half in
English, a restart that starts another copy of annotator, a catalog that cannot be compiled."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from annotator.gui import i18n
from annotator.gui.app_texts import shown
from annotator.gui.main_window import MainWindow
from annotator.store.project import Project

from tests.gui.conftest import show_window

TRANSLATIONS = Path(i18n.__file__).parents[2] / "resources" / "translations"
MARKERS = re.compile(r"\{[^{}]*\}|%n|%L?\d+")  # what .format() or Qt fills in: must survive translation
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(params=["en", "ar"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    lang = i18n.install(qapp, request.param)
    assert lang == request.param
    yield lang
    i18n.install(qapp, "en")


def messages() -> Iterator[tuple[str, str, str, list[str]]]:
    """(file, context, source, translations) of every message; a numerus message has several forms."""
    for ts in sorted(TRANSLATIONS.glob("annotator_*.ts")):
        for context in ET.parse(ts).getroot().iter("context"):
            for message in context.iter("message"):
                translation = message.find("translation")
                assert translation is not None
                forms = [form.text or "" for form in translation.iter("numerusform")] or [translation.text or ""]
                yield ts.name, context.findtext("name") or "", message.findtext("source") or "", forms


def test_every_translation_keeps_the_placeholders_of_its_source() -> None:
    """``tr("{count} left").format(count=…)`` raises KeyError (or shows a raw "{n}") when the translation
    renamed, dropped or added a placeholder; %n and %1 are Qt's."""
    broken = [(ts, context, source, form) for ts, context, source, forms in messages() for form in forms
              if sorted(MARKERS.findall(form)) != sorted(MARKERS.findall(source))]
    assert not broken
    assert sum(1 for _ in messages()) > 300  # the files were read


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.split("\t")[0])
    return found.group(1).lower() if found else None


def same_keys(menu_actions: list, where: str) -> list[str]:
    """Items of one menu (or the menu bar) that share an Alt key: Alt then only cycles between them."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for action in menu_actions:
        key = mnemonic(action.text())
        if key and not action.isSeparator():
            by_key[key].append(action.text().split("\t")[0])
    return [f"{where}: Alt+{key} {texts}" for key, texts in by_key.items() if len(texts) > 1]


def test_no_two_items_of_a_menu_share_an_alt_key(qtbot: QtBot, seeded: Project, tmp_path: Path,
                                                  language: str) -> None:
    window = show_window(qtbot, seeded, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    clashes = same_keys(window.menuBar().actions(), "menu bar")
    menus = [action.menu() for action in window.menuBar().actions()]
    while menus:
        menu = menus.pop()
        assert isinstance(menu, QMenu)
        clashes += same_keys(menu.actions(), menu.title())
        menus += [action.menu() for action in menu.actions() if action.menu() is not None]
    assert not clashes


def test_the_undo_steps_of_accepting_and_rejecting_in_bulk_are_arabic_but_the_label(arabic: str) -> None:
    """Ctrl+Z after "accept everywhere" or "accept/reject all" says the step: the label stays as the schema
    names it, the rest is Arabic (these steps are named in the gui: suggest_actions.py)."""
    for step in ("accept GPE everywhere", "accept all suggestions", "reject all suggestions"):
        said = shown(step)
        assert LATIN_WORD.findall(said) in ([], ["GPE"]), said


def test_mixed_in_action_classes_find_their_translations(qtbot: QtBot, seeded: Project, tmp_path: Path,
                                                       arabic: str) -> None:
    """TaggingActions' self.tr runs on a MainWindow: PySide6 must still find the TaggingActions context."""
    window = show_window(qtbot, seeded, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert isinstance(window, MainWindow)
    window.apply_label("GPE")  # nothing selected: the window says how to select
    assert window.last_message.startswith("حدّد نصًا أولًا")  # not "Select text first"


def test_a_restart_after_python_m_annotator_runs_the_package_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """``python -m annotator`` leaves sys.argv[0] = …/annotator/__main__.py: run as a script that imports
    whichever annotator the path finds (an installed one, not this working copy) or none."""
    main = str(Path(i18n.__file__).parents[1] / "__main__.py")
    monkeypatch.setattr(sys, "argv", [main, "gui", "--db", "x.db"])
    monkeypatch.setattr(sys, "orig_argv", ["python3", "-X", "utf8", "-m", "annotator", "gui", "--db", "x.db"])
    assert i18n.restart_command() == [sys.executable, "-X", "utf8", "-m", "annotator", "gui", "--db", "x.db"]


def test_a_restart_of_the_console_script_runs_the_script_again(monkeypatch: pytest.MonkeyPatch) -> None:
    script = "/venv/bin/annotator"
    monkeypatch.setattr(sys, "argv", [script, "gui"])
    monkeypatch.setattr(sys, "orig_argv", ["/venv/bin/python", script, "gui"])
    assert i18n.restart_command() == [sys.executable, script, "gui"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # the desktop build: the program is the executable
    assert i18n.restart_command() == [sys.executable, "gui"]


def test_without_lrelease_the_interface_is_english_and_starts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                              qapp: QApplication) -> None:
    def missing() -> Path:
        raise FileNotFoundError("lrelease is not installed (it comes with PySide6)")

    monkeypatch.setattr(i18n, "lrelease", missing)
    monkeypatch.setattr(i18n, "_cache_dir", lambda: tmp_path / "cache")
    try:
        assert i18n.install(qapp, "ar") == "en"
        assert i18n.current() == "en"
        assert QApplication.translate("MainWindow", "&File") == "&File"
    finally:
        i18n.install(qapp, "en")


def plain(text: str) -> str:
    return text.split("\t")[0].replace("&", "").replace("…", "").replace("...", "").strip()


def test_a_menu_path_a_message_names_is_the_path_the_menus_show() -> None:
    """"(Suggestions → Train the model now)" in Arabic names each step as the menu (or button) shows it,
    so that the annotator finds it: every step is some item's translation."""
    shown_items = {plain(form) for _, _, _, forms in messages() for form in forms}
    paths = [(source, form) for _, _, source, forms in messages() for form in forms if "→" in source]
    assert len(paths) >= 3
    for source, form in paths:
        steps = re.search(r"\(([^()]*←[^()]*)\)", form)
        assert steps is not None, (source, form)
        named = [plain(step) for step in steps.group(1).split("←")]
        assert all(step in shown_items for step in named[:-1]), (source, form)
        assert named[-1] in shown_items or any(  # the last step may go on: "شخص جديد… لإضافة شخص"
            named[-1].startswith(f"{item} ") for item in shown_items if " " in item), (source, form)


def test_an_export_refused_for_its_options_says_so_in_arabic(qtbot: QtBot, seeded: Project, tmp_path: Path,
                                                             arabic: str) -> None:
    """The reason comes from the formats layer in English; the sentence around it is Arabic, so that the
    annotator knows nothing was exported."""
    from annotator.gui.export_dialog import ExportDialog

    dialog = ExportDialog(seeded)
    qtbot.addWidget(dialog)
    dialog.output.setText(str(tmp_path / "out.jsonl"))
    dialog.split.setText("train=lots")
    assert dialog.run_export() is None
    assert dialog.message.text().startswith("<span style='color:#b00020'>لم يُصدَّر: ")
    assert not (tmp_path / "out.jsonl").exists()


def test_undoing_in_another_document_names_it_whole(qtbot: QtBot, seeded: Project, tmp_path: Path,
                                                    arabic: str) -> None:
    """"تراجع في 000_4eee…: وسم GPE.": the id (digits first, then Latin) is isolated, so that the colon and
    the step after it stay on the Arabic side instead of being pulled into the id's run."""
    from tests.gui.conftest import open_doc

    window = show_window(qtbot, seeded, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    doc = open_doc(window, "000_4eee2279a2a81452")
    start = doc.text.index("الولايات المتحدة")
    window.view.select(start, start + len("الولايات المتحدة"))
    assert window.apply_label("GPE") is not None
    open_doc(window, "003_336e19fc3d449e98")
    window.undo_redo(undo=True)
    assert window.last_message == "تراجع في \u2068000_4eee2279a2a81452\u2069: وسم GPE."
