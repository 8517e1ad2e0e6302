"""What a window shows, for the tests of the Arabic interface: every text of its menus, tool bars and
widgets, and whether a text is translated (it has an Arabic letter, or nothing but names the
interface shows as they are: the schema's labels, keys, file formats, numbers)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu,
                               QMenuBar, QTabWidget, QTextBrowser, QToolBar, QWidget)

from annotator.core.schema import Schema

ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.+\-']*")
TAG = re.compile(r"<[^>]*>")
# Shown as they are in any language: the program's name, names of keys, file formats, measures and tools.
AS_IS = {
    "annotator", "ctrl", "alt", "shift", "meta", "del", "backspace", "return", "enter", "esc", "tab", "space",
    "pgup", "pgdown", "home", "end", "left", "right", "up", "down", "ins", "f1", "f7", "f8", "a", "b", "g", "x", "y",
    "n", "p", "e", "q", "r", "s", "t", "z", "m", "f", "jsonl", "json", "csv", "bio", "iob2", "conll", "spacy",
    "prodigy", "html", "onnx", "crf", "f1", "utf-8", "sqlite", "postgresql", "krippendorff", "cohen", "fleiss",
    "english", "id", "url", "txt", "tsv", "docbin", "ner", "ok", "gazetteer.txt",
}


def names_of(schema: Schema) -> set[str]:
    """Words the schema gives (layer, label and task names, targets, keys): shown as the project wrote them."""
    words: set[str] = set()

    def add(text: str) -> None:
        words.update(w.lower().rstrip(".") for w in LATIN_WORD.findall(text))  # as untranslated compares them

    for layer in schema.layers:
        add(layer.name)
        add(layer.description)
        for label in layer.labels:
            add(label.name)
            add(label.key)
            add(label.description)
    for task in schema.tasks:
        add(task.name)
        add(task.description)
        for target in task.targets:
            add(target)
        for label in task.labels:
            add(label.name)
            add(label.key)
            add(label.description)
    return words


def untranslated(texts: Iterable[tuple[str, str]], allowed: set[str]) -> list[tuple[str, str]]:
    """The (where, text) pairs whose text has a Latin word that is neither allowed nor beside Arabic."""
    found = []
    for where, text in texts:
        plain = TAG.sub(" ", text).replace("&&", "&").replace("&", "")
        if not plain.strip() or ARABIC.search(plain):
            continue
        words = [w.lower().rstrip(".") for w in LATIN_WORD.findall(plain)]
        if any(w not in allowed and w not in AS_IS and not _an_id(w) for w in words):
            found.append((where, plain))
    return found


def _an_id(word: str) -> bool:
    """A word with a digit in it is an id or a code (a document's id, "utf-8"), shown as it is."""
    return any(c.isdigit() for c in word)


def menu_texts(bar: QMenuBar | QMenu, where: str = "menu") -> Iterator[tuple[str, str]]:
    for action in bar.actions():
        yield from _action_texts(action, where)


def _action_texts(action: QAction, where: str) -> Iterator[tuple[str, str]]:
    if action.isSeparator():
        return
    yield f"{where} › {action.text()}", action.text()
    if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
        yield f"{where} › {action.text()} (tooltip)", action.toolTip()
    if action.menu() is not None:
        yield from menu_texts(action.menu(), f"{where} › {action.text()}")


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """Every text the widget and its children show or can show (hidden panels too)."""
    name = type(root).__name__
    yield f"{name} title", root.windowTitle()
    for w in [root, *root.findChildren(QWidget)]:
        kind = type(w).__name__
        if w.toolTip():
            yield f"{kind} tooltip", w.toolTip()
        if isinstance(w, QLabel):
            yield kind, w.text()
        elif isinstance(w, QAbstractButton):
            yield kind, w.text()
        elif isinstance(w, QGroupBox):
            yield kind, w.title()
        elif isinstance(w, QLineEdit):
            yield f"{kind} placeholder", w.placeholderText()
        elif isinstance(w, QTextBrowser):
            yield kind, w.toPlainText()
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield kind, w.itemText(i)
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield f"{kind} tab", w.tabText(i)
        elif isinstance(w, QToolBar):
            for action in w.actions():
                yield from _action_texts(action, "tool bar")
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()  # a list's is private
            for column in range(columns):
                header = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                if isinstance(header, str):
                    yield f"{kind} header", header
                tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    yield f"{kind} header tooltip", tip
        for action in w.actions():
            if not isinstance(w, (QMenu, QMenuBar, QToolBar)):
                yield from _action_texts(action, f"{kind} action")
