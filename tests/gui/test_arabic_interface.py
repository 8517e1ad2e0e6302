"""The interface in Arabic: catalogs compiled from the sources, every string translated, the layout
mirrored while each document keeps its own direction, the choice remembered."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.gui import i18n
from annotator.store.project import Project

from tests.gui.arabic_ui import menu_texts, names_of, untranslated, widget_texts
from tests.gui.conftest import show_window

GUI_SOURCES = Path(i18n.__file__).parent
TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context><name>Probe</name>
<message><source>Quit</source><translation>{}</translation></message>
</context></TS>
"""


def translate(ts: Path, cache: Path, text: str) -> str:
    qm = i18n.catalog("ar", ts.parent, cache)
    assert qm is not None
    translator = QTranslator()
    assert translator.load(str(qm))
    return translator.translate("Probe", text)


def test_a_catalog_is_compiled_from_its_sources_and_again_when_they_change(tmp_path: Path) -> None:
    folder, cache = tmp_path / "translations", tmp_path / "cache"
    folder.mkdir()
    ts = folder / "annotator_ar.ts"
    ts.write_text(TS.format("خروج"), encoding="utf-8")
    assert translate(ts, cache, "Quit") == "خروج"
    ts.write_text(TS.format("إنهاء"), encoding="utf-8")
    assert translate(ts, cache, "Quit") == "إنهاء"  # never the stale catalog of the earlier text
    assert len(list(cache.glob("*.qm"))) == 2


def test_a_built_catalog_is_used_only_while_it_is_as_new_as_its_sources(tmp_path: Path) -> None:
    folder, cache = tmp_path / "translations", tmp_path / "cache"
    folder.mkdir()
    ts = folder / "annotator_ar.ts"
    ts.write_text(TS.format("خروج"), encoding="utf-8")
    built = folder / "annotator_ar.qm"
    i18n.compile_catalog([ts], built)
    assert i18n.catalog("ar", folder, cache) == built
    ts.write_text(TS.format("إنهاء"), encoding="utf-8")
    later = built.stat().st_mtime + 10
    import os
    os.utime(ts, (later, later))
    assert translate(ts, cache, "Quit") == "إنهاء"


def test_no_sources_no_catalog_and_the_interface_stays_english(tmp_path: Path, qapp: QApplication) -> None:
    assert i18n.catalog("xx", tmp_path, tmp_path / "cache") is None
    assert i18n.install(qapp, "xx") == "en"
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_the_language_follows_the_system_unless_chosen(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert i18n.chosen_language(store, QLocale("ar_EG")) == "ar"
    assert i18n.chosen_language(store, QLocale("de_DE")) == "en"
    store.setValue(i18n.LANGUAGE_KEY, "en")
    assert i18n.chosen_language(store, QLocale("ar_EG")) == "en"
    store.setValue(i18n.LANGUAGE_KEY, "klingon")  # a hand-edited setting: ignored
    assert i18n.chosen_language(store, QLocale("ar_SA")) == "ar"


def test_every_translatable_string_of_the_window_has_an_arabic_translation(tmp_path: Path) -> None:
    """lupdate reads the sources as the translators' tools do; each string it finds is translated."""
    extracted = tmp_path / "extracted.ts"
    sources = sorted(str(p) for p in GUI_SOURCES.glob("*.py"))
    done = subprocess.run([str(i18n.lrelease().with_name("lupdate")), "-silent", *sources, "-ts", str(extracted)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    wanted = {(ctx.findtext("name"), msg.findtext("source"))
              for ctx in ET.parse(extracted).getroot().iter("context") for msg in ctx.iter("message")}
    assert len(wanted) > 100
    have = set()
    for ts in i18n.sources("ar"):
        for ctx in ET.parse(ts).getroot().iter("context"):
            for msg in ctx.iter("message"):
                tr = msg.find("translation")
                forms = [f.text for f in tr.iter("numerusform")] if tr is not None else []
                text = (tr.text or "") if tr is not None else ""
                if tr is not None and tr.get("type") not in ("unfinished", "vanished", "obsolete") \
                        and (text.strip() or (forms and all(forms))):
                    have.add((ctx.findtext("name"), msg.findtext("source")))
    missing = sorted(wanted - have)
    assert not missing, f"{len(missing)} strings without an Arabic translation, e.g. {missing[:15]}"


def test_the_window_in_arabic_shows_no_english_and_is_mirrored(
        qtbot: QtBot, seeded: Project, tmp_path: Path, arabic: str) -> None:
    assert arabic == "ar"
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = show_window(qtbot, seeded, settings)
    allowed = names_of(seeded.schema) | {"sara"}
    texts = [*menu_texts(window.menuBar()), *widget_texts(window)]
    dialogs = [window.show_cheat_sheet(), window.show_export(), window._ask_annotator(),
               window.show_model(), window.show_agreement(), window.show_progress()]
    for dialog in dialogs:
        if dialog is not None:
            texts += widget_texts(dialog)
    assert len(texts) > 150
    left = untranslated(texts, allowed)
    assert not left, f"{len(left)} texts left in English, e.g. {left[:20]}"
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # mirrored: the document list is on the right of the text, the panels on its left
    assert window.doc_list.mapToGlobal(window.doc_list.rect().center()).x() > \
        window.view.mapToGlobal(window.view.rect().center()).x()


def test_an_english_document_keeps_its_direction_in_the_arabic_window(
        qtbot: QtBot, seeded: Project, tmp_path: Path, arabic: str) -> None:
    window = show_window(qtbot, seeded, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    english = next(d for d in (seeded.document(s.id) for s in seeded.documents())
                   if not any("\u0600" <= c <= "\u06ff" for c in d.text[:200]))
    window.open_document(english.id)
    block = window.view.document().firstBlock()
    assert block.textDirection() == Qt.LayoutDirection.LeftToRight


def test_the_language_chosen_in_the_view_menu_is_remembered(qtbot: QtBot, seeded: Project, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = show_window(qtbot, seeded, settings)
    arabic = next(a for a in window.interface_menus.language_menu.actions() if a.data() == "ar")
    arabic.trigger()
    assert settings.value(i18n.LANGUAGE_KEY) == "ar"
    assert i18n.chosen_language(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)) == "ar"
    box = window.findChildren(type(window.interface_menus.choose("interface/digits", "arabic-indic")))
    assert box  # the offer to restart is shown
    assert i18n.chosen_digits(settings) == "arabic-indic"


def test_numbers_use_the_chosen_digits(qapp: QApplication) -> None:
    i18n.install(qapp, "en", "arabic-indic")
    try:
        assert i18n.number(1234) == "١٢٣٤"
    finally:
        i18n.install(qapp, "en")
    assert i18n.number(1234) == "1234"
    assert QCoreApplication.translate("Probe", "Quit") == "Quit"


def test_the_mirrored_window_keeps_every_pane_inside_it(
        qtbot: QtBot, seeded: Project, tmp_path: Path, arabic: str) -> None:
    window = show_window(qtbot, seeded, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    for i in range(window.splitter.count()):
        pane = window.splitter.widget(i)
        left = pane.mapTo(window, pane.rect().topLeft()).x()
        assert 0 <= left and left + pane.width() <= window.width(), (i, left, pane.width(), window.width())
