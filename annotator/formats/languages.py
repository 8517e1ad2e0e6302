"""Detect the documents' languages again (``annotator languages --detect``): for a project whose languages came
from an older rule, such as the script count that called every Latin-script text "en"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from annotator.core.language import LANGUAGE_RULE, detect_language
from annotator.store.project import Project
from annotator.store.values import DocumentId

BATCH = 2000  # documents read, detected and stored at a time, each batch its own short transaction


@dataclass
class Redetection:
    """What detecting again did: documents read, and how many went from one language to another."""

    read: int = 0
    changes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (before, after): documents

    def summary(self) -> str:
        moved = sum(self.changes.values())
        lines = [f"{self.read} documents detected again, {moved} changed language"]
        lines += [f"  {before} → {after}: {n}" for (before, after), n in
                  sorted(self.changes.items(), key=lambda item: (-item[1], item[0]))]
        return "\n".join(lines)


def detect_languages(project: Project, *, progress: Callable[[int], Any] | None = None) -> Redetection:
    """Detect the language of every document that was not given one (``meta.lang`` wins, always) and store
    it, a batch at a time; then record the rule (``LANGUAGE_RULE``), so boilerplate searches trust them."""
    done = Redetection()
    ids = project.detected_documents()
    for at in range(0, len(ids), BATCH):
        new: dict[DocumentId, str] = {}
        for doc_id, _ext, before, text in project.texts(ids[at:at + BATCH]):
            after = detect_language(text)
            done.read += 1
            if after != before:
                new[doc_id] = after
                done.changes[(before, after)] += 1
        project.set_languages(new)
        if progress is not None:
            progress(len(ids[at:at + BATCH]))
    project.set_language_rule(LANGUAGE_RULE)
    return done
