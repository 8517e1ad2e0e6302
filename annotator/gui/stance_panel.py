"""The document panel: one row per task and target, each a choice of the task's labels, with keys, and the
stance model's suggestion for the row ("model suggests: AGAINST 0.78", ✓ accepts, ✗ rejects)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QToolButton, QWidget

from annotator.core.language import guess_language
from annotator.core.schema import Schema
from annotator.gui import i18n

ROW_MARK = "▶"  # points at the current row's name: mirrored (◀) in a right-to-left layout


def shown_target(other_names: tuple[str, ...] | list[str], target: str) -> str:
    """A target as the panel names it: in an interface in Arabic, its first name the schema gives in
    Arabic letters (``target_names``: "United States" → "الولايات المتحدة"), else as the schema spells it."""
    if i18n.current() == "ar":
        for name in other_names:
            if guess_language(name) == "ar":
                return name
    return target


class DocumentPanel(QWidget):
    """Rows are (task, target); the current row is the one label keys and stance evidence spans use."""

    labelChosen = Signal(str, str, object)  # task, target, label or None (cleared)
    currentRowChanged = Signal(int)
    suggestionDecided = Signal(str, str, bool)  # task, target, accepted (else rejected)

    def __init__(self, schema: Schema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str]] = [(task.name, target) for task in schema.tasks
                                            for target in (task.targets or ("",))]
        self.current = 0
        self._marks: list[QLabel] = []
        self._names: list[QLabel] = []
        self._groups: list[QButtonGroup] = []
        self._suggested: list[tuple[QLabel, QToolButton, QToolButton]] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        for r, (task_name, target) in enumerate(self.rows):
            task = schema.task(task_name)
            assert task is not None
            mark = QLabel()
            shown = shown_target(task.target_names.get(target, ()), target) if target else task_name
            name = QLabel(shown)
            # the schema's own spelling stays in reach (the exports and the CLI use it)
            name.setToolTip(task.description if shown == (target or task_name) else f"{target}: {task.description}")
            grid.addWidget(mark, r, 0)
            grid.addWidget(name, r, 1)
            group = QButtonGroup(self)
            group.setExclusive(False)
            for c, label in enumerate(task.labels):
                button = QToolButton()
                button.setText(f"{label.name} ({label.key})")
                button.setCheckable(True)
                button.setToolTip(label.description)
                button.setProperty("label", label.name)
                button.setProperty("color", label.color)
                button.setStyleSheet(_style(label.color, suggested=False))
                group.addButton(button, c)
                grid.addWidget(button, r, 2 + c)
            group.buttonClicked.connect(lambda b, row=r: self._on_clicked(row, b))
            self._suggested.append(self._suggestion_widgets(grid, r, 2 + len(task.labels)))
            self._marks.append(mark)
            self._names.append(name)
            self._groups.append(group)
        grid.setColumnStretch(1, 1)
        self._show_current()

    def current_row(self) -> tuple[str, str] | None:
        return self.rows[self.current] if self.rows else None

    def set_current(self, row: int) -> None:
        if self.rows:
            self.current = row % len(self.rows)
            self._show_current()
            self.currentRowChanged.emit(self.current)

    def next_row(self) -> None:
        self.set_current(self.current + 1)

    def show_labels(self, labels: dict[tuple[str, str], str | None]) -> None:
        """Check the button of each row's stored label (and nothing else)."""
        for (task, target), group in zip(self.rows, self._groups):
            chosen = labels.get((task, target))
            for button in group.buttons():
                button.setChecked(button.property("label") == chosen)

    def _suggestion_widgets(self, grid: QGridLayout, row: int, column: int) -> tuple[QLabel, QToolButton, QToolButton]:
        said = QLabel()
        said.setObjectName("stance-suggestion")
        said.setStyleSheet("color: palette(dark); font-style: italic;")
        buttons = []
        for text, tip, accept in (("✓", self.tr("Accept the model's suggestion (Alt+Y)"), True),
                                  ("✗", self.tr("Reject it: it is not suggested again here (Alt+N)"), False)):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, r=row, a=accept: self._on_decided(r, a))
            buttons.append(button)
        grid.addWidget(said, row, column)
        grid.addWidget(buttons[0], row, column + 1)
        grid.addWidget(buttons[1], row, column + 2)
        for widget in (said, *buttons):
            widget.hide()
        return said, buttons[0], buttons[1]

    def show_suggestions(self, suggested: dict[tuple[str, str], tuple[str, float]]) -> None:
        """Each row's suggestion from the model (label, probability), or nothing."""
        for row, (said, accept, reject) in zip(self.rows, self._suggested):
            found = suggested.get(row)
            said.setText(self.tr("model suggests: {label} {score}").format(label=found[0],
                                                                           score=i18n.number(f"{found[1]:.2f}"))
                         if found else "")
            for widget in (said, accept, reject):
                widget.setVisible(found is not None)
        for row, group in zip(self.rows, self._groups):  # the suggested label's button: dashed, as suggestions are
            found = suggested.get(row)
            for button in group.buttons():
                button.setStyleSheet(_style(str(button.property("color")),
                                            suggested=found is not None and button.property("label") == found[0]))

    def suggested(self, row: int) -> str:
        """What the row's suggestion says ("" when there is none)."""
        return self._suggested[row][0].text()

    def _on_decided(self, row: int, accept: bool) -> None:
        task, target = self.rows[row]
        self.suggestionDecided.emit(task, target, accept)

    def checked(self, row: int) -> str | None:
        for button in self._groups[row].buttons():
            if button.isChecked():
                return str(button.property("label"))
        return None

    def _on_clicked(self, row: int, button: QToolButton) -> None:
        self.set_current(row)
        label = str(button.property("label"))
        task, target = self.rows[row]
        self.labelChosen.emit(task, target, label if button.isChecked() else None)

    def _show_current(self) -> None:
        for r, (mark, name) in enumerate(zip(self._marks, self._names)):
            mark.setText((ROW_MARK if self.isLeftToRight() else "◀") if r == self.current else "")
            font = name.font()
            font.setBold(r == self.current)
            name.setFont(font)
        if self.rows:
            self._names[self.current].setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)


def _style(color: str, *, suggested: bool) -> str:
    """A label button: filled in its colour when chosen; outlined dashed in it while the model suggests it."""
    style = f"QToolButton:checked {{ background: {color}; color: white; font-weight: bold; }}"
    if suggested:
        style += f" QToolButton {{ border: 2px dashed {color}; border-radius: 3px; padding: 2px; }}"
    return style
