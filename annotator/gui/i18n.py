"""The interface's language and digits: Qt's translation system, catalogs compiled from the sources.

The sources are Qt Linguist files, ``resources/translations/annotator_<lang>*.ts`` (several files of
one language make one catalog). No compiled catalog is kept in the repository: the desktop build
compiles them into the build (``annotator_<lang>.qm`` beside the sources); from a clone or a pip
install they are compiled on first use, with the ``lrelease`` that PySide6 ships, into the user's
cache folder, under a name that changes with the sources' content (an edited translation is
compiled again, never served stale).

The language is the one chosen in View → Language (remembered), else the system's (``LANG``,
``LANGUAGE``, via QLocale), else English. Arabic mirrors the whole layout; each document's text keeps
its own direction (the text view sets it per paragraph). Numbers the interface shows use one digit
style (View → Digits); offsets and counts shown beside stored data stay Western, as in the exports.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtGui import QGuiApplication

from annotator.resources import resource_path

log = logging.getLogger("annotator.gui")

LANGUAGES = {"en": "English", "ar": "العربية"}  # each in its own language, as a menu of languages shows them
RIGHT_TO_LEFT = frozenset({"ar"})
DIGITS = {"western": "0123456789", "arabic-indic": "٠١٢٣٤٥٦٧٨٩"}
LANGUAGE_KEY = "interface/language"
DIGITS_KEY = "interface/digits"

_installed: list[QTranslator] = []  # Qt does not own a translator: it must outlive the app's use of it
_digits = str.maketrans("", "")
_language = "en"


def system_language(locale: QLocale | None = None) -> str | None:
    """The system locale's language if the interface has it (``ar_EG.UTF-8`` → ``ar``)."""
    locale = locale or QLocale.system()
    for name in locale.uiLanguages() or [locale.name()]:
        code = name.replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return None


def chosen_language(store: QSettings | None, locale: QLocale | None = None) -> str:
    """View → Language's choice, else the system's language, else English."""
    value = store.value(LANGUAGE_KEY) if store is not None else None
    if isinstance(value, str) and value in LANGUAGES:
        return value
    return system_language(locale) or "en"


def chosen_digits(store: QSettings | None) -> str:
    value = store.value(DIGITS_KEY) if store is not None else None
    return value if isinstance(value, str) and value in DIGITS else "western"


def translations_dir() -> Path:
    return resource_path("translations")


def sources(lang: str, folder: Path | None = None) -> list[Path]:
    folder = folder or translations_dir()
    return sorted(folder.glob(f"annotator_{lang}*.ts")) if folder.is_dir() else []


def catalog(lang: str, folder: Path | None = None, cache: Path | None = None) -> Path | None:
    """The compiled catalog of ``lang``: the build's, if it is as new as the sources; else compiled from
    the sources into ``cache``. None (the interface stays English, and the log says why) when there are
    no sources or they cannot be compiled."""
    folder = folder or translations_dir()
    found = sources(lang, folder)
    built = folder / f"annotator_{lang}.qm"
    if built.is_file() and all(built.stat().st_mtime >= ts.stat().st_mtime for ts in found):
        return built
    if not found:
        return None
    digest = hashlib.sha256()
    for ts in found:
        digest.update(ts.name.encode() + b"\0" + ts.read_bytes() + b"\0")
    target = (cache or _cache_dir()) / f"annotator_{lang}-{digest.hexdigest()[:16]}.qm"
    if target.is_file():
        return target
    try:
        compile_catalog(found, target)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("the %s interface is not available: %s", LANGUAGES.get(lang, lang), exc)
        return None
    return target


def compile_catalog(found: list[Path], target: Path) -> None:
    """Compile Linguist sources into one catalog with PySide6's lrelease (written whole or not at all)."""
    tool = lrelease()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        done = subprocess.run([str(tool), "-silent", *map(str, found), "-qm", str(partial)],
                              capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0 or not partial.is_file():
            raise subprocess.SubprocessError(f"lrelease failed: {(done.stderr or done.stdout).strip()}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def lrelease() -> Path:
    """PySide6's lrelease (inside the PySide6 package), else one on PATH."""
    import PySide6

    here = Path(PySide6.__file__).parent
    for name in ("lrelease", "lrelease.exe", "lrelease.app/Contents/MacOS/lrelease"):
        if (here / name).is_file():
            return here / name
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if found:
        return Path(found)
    raise FileNotFoundError("lrelease is not installed (it comes with PySide6)")


def _cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("annotator", appauthor=False) / "translations"


def install(app: QCoreApplication, lang: str, digits: str = "western") -> str:
    """Put ``lang``'s catalogs (Qt's own, for its standard buttons and dialogs, and ours) into ``app``,
    mirror the layout for a right-to-left language, and set the digits of numbers. Returns the language
    the interface is now in: English when ``lang``'s catalog is missing (the log says why)."""
    global _digits, _language
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _digits = str.maketrans(DIGITS["western"], DIGITS.get(digits, DIGITS["western"]))
    QLocale.setDefault(QLocale("ar_EG") if digits == "arabic-indic"
                       else QLocale("en_US"))
    ours = catalog(lang) if lang != "en" else None
    translator = QTranslator(app)
    if ours is None or not translator.load(str(ours)):
        if lang != "en":
            log.warning("the %s interface is not available (no catalog loads: %s)", lang, ours)
        lang = "en"
    else:
        qt_own = QTranslator(app)
        if qt_own.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
        app.installTranslator(translator)
        _installed.append(translator)
    _language = lang
    if isinstance(app, QGuiApplication):
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if lang in RIGHT_TO_LEFT
                               else Qt.LayoutDirection.LeftToRight)
    return lang


def current() -> str:
    """The language the interface is in (what the last ``install`` put in place)."""
    return _language


def mirrored() -> bool:
    """Whether the interface is laid out right to left (what ``install`` set for its language)."""
    return QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft


def number(value: int | float | str) -> str:
    """A number as the interface shows it, in the chosen digits (offsets beside stored data: use str)."""
    return str(value).translate(_digits)


def restart_command() -> list[str]:
    """The command that starts this program again, with the same arguments. As Python was called
    (``sys.orig_argv``), not ``sys.argv``: after ``python -m annotator`` that is the package's
    ``__main__.py`` file, which run as a script imports annotator from wherever the path finds it (an
    installed copy, not the working copy that was running) or not at all."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *sys.argv[1:]]
    return [sys.executable, *sys.orig_argv[1:]]
