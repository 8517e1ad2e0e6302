"""File → Switch annotator: choose one of the project's people; adding a new one is a separate, confirmed step."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QInputDialog, QLabel, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QVBoxLayout, QWidget)

from annotator.core.errors import AnnotatorError
from annotator.gui.app_texts import isolated
from annotator.store.project import Project


ROLES = {  # a person's role (``annotator users``), as the list names it
    "annotator": QT_TRANSLATE_NOOP("AnnotatorChooser", "annotator"),
    "reviewer": QT_TRANSLATE_NOOP("AnnotatorChooser", "reviewer"),
    "lead": QT_TRANSLATE_NOOP("AnnotatorChooser", "lead"),
}


def person_text(name: str, role: str) -> str:
    """A row of the list: the name, its role in brackets."""
    shown = QCoreApplication.translate("AnnotatorChooser", ROLES[role]) if role in ROLES else role
    return f"{isolated(name)}  ({shown})"


class AnnotatorChooser(QDialog):
    """The project's people, the current one chosen; a typo can no longer make a new person."""

    chosen = Signal(str)

    def __init__(self, project: Project, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(self.tr("Switch annotator"))
        self.people = QListWidget()
        for person in project.annotators():
            item = QListWidgetItem(person_text(person.name, person.role))
            item.setData(Qt.ItemDataRole.UserRole, person.name)
            self.people.addItem(item)
            if person.name == current:
                self.people.setCurrentItem(item)
        self.people.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Switch"))
        self.new_button = QPushButton(self.tr("New person…"))
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.new_button.clicked.connect(self.new_person)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Who is annotating in {project}?").format(project=isolated(project.name))))
        layout.addWidget(self.people)
        layout.addWidget(buttons)

    def names(self) -> list[str]:
        return [self.people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people.count())]

    def choose(self, name: str) -> None:
        for i in range(self.people.count()):
            if self.people.item(i).data(Qt.ItemDataRole.UserRole) == name:
                self.people.setCurrentRow(i)

    def accept(self) -> None:
        item = self.people.currentItem()
        if item is None:
            return
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        super().accept()

    def new_person(self) -> None:
        """Ask a name, then confirm, then add that person to the project and switch to them."""
        name, ok = QInputDialog.getText(self, self.tr("New person"), self.tr("Name of the person to add:"))
        name = name.strip()
        if not ok or not name:
            return
        if name in self.names():
            self.choose(name)
            return
        sure = QMessageBox.question(self, self.tr("New person"),
                                    self.tr("Add “{name}” to {project} as a new annotator?\n\n"
                                            "Their annotations will be kept apart from everyone else's.")
                                    .format(name=isolated(name), project=isolated(self.project.name)))
        if sure != QMessageBox.StandardButton.Yes:
            return
        try:
            self.project.annotator(name)
        except AnnotatorError as exc:
            QMessageBox.warning(self, self.tr("New person"),
                                self.tr("Could not add {name}: {reason}").format(name=isolated(name), reason=exc))
            return
        item = QListWidgetItem(person_text(name, "annotator"))
        item.setData(Qt.ItemDataRole.UserRole, name)
        self.people.addItem(item)
        self.people.setCurrentItem(item)
        self.accept()
