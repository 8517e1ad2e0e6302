"""What the app layer says, as the window shows it: statuses, job names, undo steps and refusals.

``annotator.app`` has no Qt, so its texts are plain English; they are marked for translation here and
translated when a widget shows them. A text is either fixed ("done") or a pattern with named parts
("Training the {layer} model"): a part named ``title``, ``what`` or ``reason`` is itself an app text
(translated in turn), ``count`` is a number (in the interface's digits), any other is a name from the
project (a label, a file) and stays as it is. A text that matches nothing is shown as it came.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from annotator.gui import i18n

CONTEXT = "AppTexts"

STATUSES = {  # a document's status, as lists and filters show it
    "todo": QT_TRANSLATE_NOOP("AppTexts", "todo"),
    "in_progress": QT_TRANSLATE_NOOP("AppTexts", "in progress"),
    "done": QT_TRANSLATE_NOOP("AppTexts", "done"),
    "skipped": QT_TRANSLATE_NOOP("AppTexts", "skipped"),
    "adjudicated": QT_TRANSLATE_NOOP("AppTexts", "adjudicated"),
    "any": QT_TRANSLATE_NOOP("AppTexts", "any"),
}

LANGUAGES = {  # a document's language code as filters offer it; the code stays in the Arabic name
    "ar": QT_TRANSLATE_NOOP("AppTexts", "ar"),
    "en": QT_TRANSLATE_NOOP("AppTexts", "en"),
    "fr": QT_TRANSLATE_NOOP("AppTexts", "fr"),
    "de": QT_TRANSLATE_NOOP("AppTexts", "de"),
    "es": QT_TRANSLATE_NOOP("AppTexts", "es"),
    "fa": QT_TRANSLATE_NOOP("AppTexts", "fa"),
    "tr": QT_TRANSLATE_NOOP("AppTexts", "tr"),
    "ur": QT_TRANSLATE_NOOP("AppTexts", "ur"),
    "he": QT_TRANSLATE_NOOP("AppTexts", "he"),
}

TEXTS = (
    # background jobs (annotator.app.jobs, reports, model_jobs, stance_advice, session)
    QT_TRANSLATE_NOOP("AppTexts", "Training the {layer} model"),
    QT_TRANSLATE_NOOP("AppTexts", "Training the stance model"),
    QT_TRANSLATE_NOOP("AppTexts", "Suggesting from the ONNX model"),
    QT_TRANSLATE_NOOP("AppTexts", "Exporting {format} to {file}"),
    QT_TRANSLATE_NOOP("AppTexts", "Computing agreement"),
    QT_TRANSLATE_NOOP("AppTexts", "Ranking the review queue"),
    QT_TRANSLATE_NOOP("AppTexts", "Propagating {label}"),
    QT_TRANSLATE_NOOP("AppTexts", "Applying {file}"),
    QT_TRANSLATE_NOOP("AppTexts", "Looking for boilerplate"),
    QT_TRANSLATE_NOOP("AppTexts", "cancelled; nothing more was stored"),
    QT_TRANSLATE_NOOP("AppTexts", "cancelled; nothing was written"),
    QT_TRANSLATE_NOOP("AppTexts", "{title}: unexpected {error}"),
    QT_TRANSLATE_NOOP("AppTexts", "{title}: its result could not be handed over ({error})"),
    QT_TRANSLATE_NOOP("AppTexts", "{title}: the job stopped unexpectedly (exit code {code}); "
                                  "nothing it had not stored yet was stored"),
    # steps on the undo stack (annotator.app.commands, session)
    QT_TRANSLATE_NOOP("AppTexts", "tag {label}"),
    QT_TRANSLATE_NOOP("AppTexts", "delete {label}"),
    QT_TRANSLATE_NOOP("AppTexts", "resize {label}"),
    QT_TRANSLATE_NOOP("AppTexts", "relabel {label} as {new}"),
    QT_TRANSLATE_NOOP("AppTexts", "take {label} into gold"),
    QT_TRANSLATE_NOOP("AppTexts", "take {count} agreed annotation(s) into gold"),
    QT_TRANSLATE_NOOP("AppTexts", "mark {count} paragraph(s) as boilerplate"),
    QT_TRANSLATE_NOOP("AppTexts", "mark adjudicated"),
    QT_TRANSLATE_NOOP("AppTexts", "reopen adjudication"),
    QT_TRANSLATE_NOOP("AppTexts", "mark todo"),
    QT_TRANSLATE_NOOP("AppTexts", "mark in progress"),
    QT_TRANSLATE_NOOP("AppTexts", "mark done"),
    QT_TRANSLATE_NOOP("AppTexts", "mark skipped"),
    QT_TRANSLATE_NOOP("AppTexts", "accept {label}"),
    QT_TRANSLATE_NOOP("AppTexts", "reject {label}"),
    QT_TRANSLATE_NOOP("AppTexts", "accept {label} everywhere"),  # these three: annotator.gui.suggest_actions
    QT_TRANSLATE_NOOP("AppTexts", "accept all suggestions"),
    QT_TRANSLATE_NOOP("AppTexts", "reject all suggestions"),
    QT_TRANSLATE_NOOP("AppTexts", "{label}: clear"),
    # what the session refuses or reports (annotator.app.session, commands)
    QT_TRANSLATE_NOOP("AppTexts", "No document is open: import documents (annotator import FILES) "
                                  "or choose one in the list."),
    QT_TRANSLATE_NOOP("AppTexts", "taking into gold is for review mode"),
    QT_TRANSLATE_NOOP("AppTexts", "{what} makes an annotator's suggestions; leave review mode first"),
    QT_TRANSLATE_NOOP("AppTexts", "propagation"),
    QT_TRANSLATE_NOOP("AppTexts", "a gazetteer"),
    QT_TRANSLATE_NOOP("AppTexts", "No one is called {name} in this project "
                                  "(File → Switch annotator → New person… adds someone)."),
    QT_TRANSLATE_NOOP("AppTexts", "You are logged in to the database as {name}: on PostgreSQL you work as "
                                  "{name} only (log in as {other} to work as {other})."),
    QT_TRANSLATE_NOOP("AppTexts", "the time spent on this document was not recorded: {error}"),
    QT_TRANSLATE_NOOP("AppTexts", "the project's names could not be read for word snapping: {error}"),
    QT_TRANSLATE_NOOP("AppTexts", "undo '{step}': {error}"),
    QT_TRANSLATE_NOOP("AppTexts", "redo '{step}': {error}"),
    QT_TRANSLATE_NOOP("AppTexts", "cannot undo '{step}': {error}"),
    QT_TRANSLATE_NOOP("AppTexts", "cannot redo '{step}': {error}"),
    QT_TRANSLATE_NOOP("AppTexts", "not accepted: {reason}"),
    QT_TRANSLATE_NOOP("AppTexts", "it is gone (accepted or rejected already)"),
    # the frame of a failed job: tried last (patterns are tried the most specific first)
    QT_TRANSLATE_NOOP("AppTexts", "{title}: {reason}"),
)
TRANSLATED_PARTS = frozenset({"title", "what", "reason", "step"})  # parts that are app texts themselves
PART = re.compile(r"\{(\w+)\}")


def isolated(text: str) -> str:
    """A name, path or number set apart (FSI … PDI) inside a right-to-left sentence, so that a run of the
    other direction keeps its order and does not pull the punctuation around it; as it is otherwise."""
    if i18n.mirrored():
        return f"\u2068{text}\u2069"
    return text


def status_text(status: str | None) -> str:
    """A status key ("in_progress") as the interface names it."""
    key = status or "todo"
    return QCoreApplication.translate(CONTEXT, STATUSES[key]) if key in STATUSES else key


def language_name(code: str) -> str:
    """A language code ("ar") as a filter offers it: the code in English, the language's name and code in Arabic."""
    return QCoreApplication.translate(CONTEXT, LANGUAGES[code]) if code in LANGUAGES else code


def shown(text: str) -> str:
    """``text`` from the app layer in the interface's language (as it came when nothing matches)."""
    return _shown(text, 3)


def _shown(text: str, depth: int) -> str:
    fixed = QCoreApplication.translate(CONTEXT, text)
    if fixed != text or depth == 0:
        return fixed
    for pattern, template in _patterns():
        found = pattern.fullmatch(text)
        if found is None:
            continue
        parts = {name: _part(name, value, depth) for name, value in found.groupdict().items()}
        return QCoreApplication.translate(CONTEXT, template).format(**parts)
    return text


def _part(name: str, value: str, depth: int) -> str:
    if name == "count":
        return i18n.number(value)
    if name in TRANSLATED_PARTS:
        return _shown(value, depth - 1)
    return value


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Each template with parts as a regular expression (a name used twice must match the same text)."""
    found = []
    for template in TEXTS:
        if "{" not in template:
            continue
        regex, seen, at = "", set(), 0
        for part in PART.finditer(template):
            regex += re.escape(template[at:part.start()])
            name = part.group(1)
            regex += f"(?P={name})" if name in seen else (r"(?P<count>\d+)" if name == "count" else f"(?P<{name}>.+?)")
            seen.add(name)
            at = part.end()
        found.append((re.compile(regex + re.escape(template[at:]), re.DOTALL), template))
    # the most specific first: "take {count} agreed annotation(s) into gold" before "take {label} into gold"
    return sorted(found, key=lambda pair: -len(PART.sub("", pair[1])))
