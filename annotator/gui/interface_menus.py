"""View → Language and View → Digits: the interface's language and digit style, remembered.

The window is built in one language (every text is translated as it is made), so a choice takes
effect when annotator starts again; the message offers to restart now, after the window has closed
as it always does (what it holds is stored first; a close refused while a job runs keeps it open).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QProcess, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from annotator.gui import i18n


class InterfaceMenus(QObject):
    def __init__(self, view: QMenu, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.settings: QSettings = window.settings  # type: ignore[attr-defined]
        self.language_menu = view.addMenu(self.tr("&Language"))
        self.digits_menu = view.addMenu(self.tr("&Digits"))
        digits = {"western": self.tr("Western digits (0 1 2 3)"),
                  "arabic-indic": self.tr("Arabic-Indic digits (٠ ١ ٢ ٣)")}
        for menu, key, choices, current in (
                (self.language_menu, i18n.LANGUAGE_KEY, dict(i18n.LANGUAGES), i18n.chosen_language(self.settings)),
                (self.digits_menu, i18n.DIGITS_KEY, digits, i18n.chosen_digits(self.settings))):
            group = QActionGroup(menu)
            for value, text in choices.items():
                action = QAction(text, menu)
                action.setCheckable(True)
                action.setChecked(value == current)
                action.setData(value)
                group.addAction(action)
                menu.addAction(action)
                action.triggered.connect(lambda _=False, k=key, v=value: self.choose(k, v))

    def choose(self, key: str, value: str) -> QMessageBox | None:
        """Remember a language or digit style; offer to restart now. None if nothing changed."""
        if self.settings.value(key, None) == value:
            return None
        self.settings.setValue(key, value)
        self.settings.sync()
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("annotator"),
                          self.tr("The interface changes when annotator starts again. Your work is saved."),
                          QMessageBox.StandardButton.NoButton, self.window)
        restart = box.addButton(self.tr("Restart now"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.finished.connect(lambda *_: self.restart() if box.clickedButton() is restart else None)
        box.open()
        return box

    def restart(self) -> bool:
        """Close the window and start annotator again with the same arguments; False if the close was refused."""
        if not self.window.close():
            return False
        command = i18n.restart_command()
        QProcess.startDetached(command[0], command[1:])
        return True
