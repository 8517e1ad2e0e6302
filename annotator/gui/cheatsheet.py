"""The cheat sheet (F1): every shortcut, and every label with its key and guideline from the schema."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator.core.schema import Schema
from annotator.gui import i18n


def cheat_sheet_html(schema: Schema, shortcuts: list[tuple[str, str, str]]) -> str:
    keys = escape(QCoreApplication.translate("CheatSheet", "Keys"))
    parts = [f"<h2>{keys}</h2><table cellpadding='3'>"]
    # the interface's own words align with it, whatever their letters (a layer named in Latin letters
    # would align left in a right-to-left page)
    lead = "right" if i18n.mirrored() else "left"
    for menu, action, keys in shortcuts:
        # the keys isolated (each in its own direction): "Ctrl++" stays so in a right-to-left page
        parts.append(f"<tr><td><b>\u2068{escape(keys)}\u2069</b></td><td align='{lead}'>{escape(action)}</td>"
                     f"<td align='{lead}'><i>{escape(menu)}</i></td></tr>")
    parts.append("</table><p>{}</p>".format(escape(QCoreApplication.translate(
        "CheatSheet", "Label keys act on the layer chosen in the toolbar, in the text view. With a span selected "
                      "(click it) a label key relabels it; with text selected it tags it."))))
    for layer in schema.layers:
        heading = escape(QCoreApplication.translate("CheatSheet", "Layer {name}")).format(name=escape(layer.name))
        parts.append(f"<h3>{heading}</h3><p>{escape(layer.description)}</p><table cellpadding='3'>")
        for label in layer.labels:
            parts.append(f"<tr><td><b>{escape(label.key)}</b></td><td><span style='background:{label.color}'>&nbsp;"
                         f"&nbsp;</span> {escape(label.name)}</td><td>{escape(label.description)}</td></tr>")
        parts.append("</table>")
    for task in schema.tasks:
        targets = ", ".join(task.targets)
        heading = escape(QCoreApplication.translate("CheatSheet", "Document: {name}")).format(name=escape(task.name))
        picks = escape(QCoreApplication.translate("CheatSheet", "Targets: {targets} (Ctrl+T picks the next).")
                       ).format(targets=escape(targets))
        parts.append(f"<h3>{heading}</h3><p>{escape(task.description)}" + (f" {picks}</p>" if targets else "</p>")
                     + "<table cellpadding='3'>")
        for label in task.labels:
            parts.append(f"<tr><td><b>{escape(label.key)}</b></td><td>{escape(label.name)}</td>"
                         f"<td>{escape(label.description)}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


class CheatSheet(QDialog):
    def __init__(self, schema: Schema, shortcuts: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cheat sheet — annotator"))
        self.browser = QTextBrowser()
        self.browser.setHtml(cheat_sheet_html(schema, shortcuts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)
