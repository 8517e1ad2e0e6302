"""The cheat sheet (F1): every shortcut, and every label with its key and guideline from the schema."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator.core.schema import Schema


def cheat_sheet_html(schema: Schema, shortcuts: list[tuple[str, str, str]]) -> str:
    parts = ["<h2>Keys</h2><table cellpadding='3'>"]
    for menu, action, keys in shortcuts:
        parts.append(f"<tr><td><b>{escape(keys)}</b></td><td>{escape(action)}</td><td><i>{escape(menu)}</i></td></tr>")
    parts.append("</table><p>Label keys act on the layer chosen in the toolbar, in the text view. "
                 "With a span selected (click it) a label key relabels it; with text selected it tags it.</p>")
    for layer in schema.layers:
        parts.append(f"<h3>Layer {escape(layer.name)}</h3><p>{escape(layer.description)}</p><table cellpadding='3'>")
        for label in layer.labels:
            parts.append(f"<tr><td><b>{escape(label.key)}</b></td><td><span style='background:{label.color}'>&nbsp;"
                         f"&nbsp;</span> {escape(label.name)}</td><td>{escape(label.description)}</td></tr>")
        parts.append("</table>")
    for task in schema.tasks:
        targets = ", ".join(task.targets)
        parts.append(f"<h3>Document: {escape(task.name)}</h3><p>{escape(task.description)}"
                     + (f" Targets: {escape(targets)} (Ctrl+T picks the next).</p>" if targets else "</p>")
                     + "<table cellpadding='3'>")
        for label in task.labels:
            parts.append(f"<tr><td><b>{escape(label.key)}</b></td><td>{escape(label.name)}</td>"
                         f"<td>{escape(label.description)}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


class CheatSheet(QDialog):
    def __init__(self, schema: Schema, shortcuts: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cheat sheet — annotator")
        self.browser = QTextBrowser()
        self.browser.setHtml(cheat_sheet_html(schema, shortcuts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)
