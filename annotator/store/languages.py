"""The Project API on documents' languages: which were detected (not given) and by which rule, and storing them anew.

A document's language is given by the import's ``meta.lang`` or detected (``core.language.detect_language``).
The project setting ``language_rule`` names the rule behind the detected ones; a project made before it
existed had its languages from a script count ("ar", "en" or "und": German was "en"), and keeps them until
``annotator languages --detect`` stores new ones (no migration rewrites them: a lead decides).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select, update

from annotator.core.language import LANGUAGE_RULE
from annotator.store.base import ProjectBase, _retry_when_busy
from annotator.store.models import Document, Setting
from annotator.store.values import DocumentId

LANGUAGE_SETTING = "language_rule"
SCRIPT_GUESSES = ("ar", "en", "und")  # all that the script count before LANGUAGE_RULE could say


class LanguagesMixin(ProjectBase):
    def language_rule(self) -> str | None:
        """The rule that detected the documents' languages; None for the script count of an older project."""
        with self._core() as conn:
            return conn.execute(select(Setting.value).where(Setting.key == LANGUAGE_SETTING)).scalar_one_or_none()

    def detected_documents(self, *, stale: bool = False) -> list[DocumentId]:
        """Documents whose language was detected, not given in ``meta.lang``, in import order. With ``stale``,
        only those whose language an older rule gave (and none when the project's rule is the current one)."""
        query = select(Document.id).where(Document.meta["lang"].as_string().is_(None)).order_by(Document.id)
        with self._core() as conn:
            if stale:
                rule = conn.execute(select(Setting.value).where(Setting.key == LANGUAGE_SETTING)).scalar_one_or_none()
                if rule == LANGUAGE_RULE:
                    return []
                query = query.where(Document.language.in_(SCRIPT_GUESSES))
            return [DocumentId(i) for i in conn.execute(query).scalars()]

    @_retry_when_busy
    def set_languages(self, languages: Mapping[DocumentId, str]) -> int:
        """Store documents' languages (detected again), in one transaction; how many changed."""
        changed = 0
        with self._core() as conn:
            for doc_id, language in languages.items():
                changed += conn.execute(update(Document).where(Document.id == doc_id, Document.language != language)
                                        .values(language=language)).rowcount
        return changed

    @_retry_when_busy
    def set_language_rule(self, rule: str = LANGUAGE_RULE) -> None:
        """Record that every detected language is now ``rule``'s."""
        with self._session() as s:
            row = s.get(Setting, LANGUAGE_SETTING)
            if row is None:
                s.add(Setting(key=LANGUAGE_SETTING, value=rule))
            else:
                row.value = rule
