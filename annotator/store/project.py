"""The Project API: the one door through which the GUI, the CLI and the formats read and write.

Its parts live in a module each (people, documents, annotations, suggestions, gold), over
``ProjectBase`` (connections and transactions); this module opens projects and holds the schema and figures."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from annotator import __version__
from annotator.core.errors import ProjectError
from annotator.core.language import LANGUAGE_RULE
from annotator.core.records import STATUSES
from annotator.core.schema import Schema, parse_schema
from annotator.store.annotations import AnnotationsMixin
from annotator.store.base import SCHEMA_VERSION, ProjectBase, _retry_when_busy, default_schema, unwritable
from annotator.store.doc_suggestions import DocSuggestionsMixin
from annotator.store.documents import DocumentsMixin
from annotator.store.engine import make_engine, sqlite_path, to_url
from annotator.store.gold import GoldMixin
from annotator.store.languages import LANGUAGE_SETTING, LanguagesMixin
from annotator.store.learned import LearnedMixin
from annotator.store.migrate import check_sqlite_file, has_project, upgrade
from annotator.store.models import (
    Annotator,
    Assignment,
    DocLabel,
    DocStatus,
    Document,
    GoldSpan,
    Setting,
    Span,
)
from annotator.store.people import PeopleMixin
from annotator.store.schema_change import conflicts
from annotator.store.suggestions import SuggestionsMixin
from annotator.store.values import Progress, ProjectStats


class Project(PeopleMixin, DocumentsMixin, LanguagesMixin, AnnotationsMixin, SuggestionsMixin, DocSuggestionsMixin, GoldMixin, LearnedMixin,
              ProjectBase):
    """An open project database. Every method is one short transaction."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | Path | URL, *, create: bool = False, schema: Schema | None = None) -> Project:
        """Open a project; with ``create``, make it (with ``schema`` or the default) when it does not exist."""
        url = target if isinstance(target, URL) else to_url(target)
        path = sqlite_path(url)
        exists = check_sqlite_file(path) if path is not None else None
        if exists is False and not create:
            raise ProjectError(f"{path}: no project here; create one with 'annotator init --db {path}'")
        if path is not None and not path.parent.is_dir():
            raise ProjectError(f"{path.parent}: folder does not exist")
        engine = make_engine(url)
        try:
            if path is None and not create and not has_project(engine):
                raise ProjectError(f"{url.render_as_string(hide_password=True)}: no project here; "
                                   "create one with 'annotator init'")
            backup = upgrade(engine, path)
            with Session(engine) as s, s.begin():
                if s.get(Setting, "schema") is None:
                    if not create:
                        raise ProjectError(f"{url.render_as_string(hide_password=True)}: no project here")
                    s.add_all([
                        Setting(key="schema", value=(schema or default_schema()).source),
                        Setting(key="name", value=path.stem.split(".")[0] if path else (url.database or "project")),
                        Setting(key="created_by", value=__version__),
                        Setting(key=LANGUAGE_SETTING, value=LANGUAGE_RULE),  # every language it gets is detected so
                    ])
        except SQLAlchemyError as exc:  # a read-only file or folder, a full disk: one message naming the project
            found = unwritable(exc, str(path) if path else url.render_as_string(hide_password=True))
            if found is None:
                raise
            raise found from exc
        finally:
            engine.dispose()
        return cls(url, backup)

    @classmethod
    def create(cls, target: str | Path | URL, *, schema: Schema | None = None) -> Project:
        url = target if isinstance(target, URL) else to_url(target)
        path = sqlite_path(url)
        if path is not None and check_sqlite_file(path):
            raise ProjectError(f"{path}: a project already exists here")
        if path is None:
            engine = make_engine(url)
            try:
                if has_project(engine):
                    raise ProjectError(f"{url.render_as_string(hide_password=True)}: a project already exists here")
            finally:
                engine.dispose()
        return cls.open(url, create=True, schema=schema)

    # -- the schema ----------------------------------------------------------------------------

    @_retry_when_busy
    def set_schema(self, schema: Schema) -> None:
        """Replace the project's schema (leads). Refused, listing what is in use (counts, an example document),
        when stored annotations use a layer, label, task, target or stance target the new schema does not
        have, or overlap in a layer that would no longer allow it (``schema_change.conflicts``)."""
        with self._session() as s:
            if s.get_bind().dialect.name == "postgresql":  # writes in flight finish first, new ones wait for us
                s.execute(text("LOCK TABLE spans, gold_spans, doc_labels, gold_doc_labels IN SHARE MODE"))
            row = s.get(Setting, "schema")
            assert row is not None
            found = conflicts(s, parse_schema(row.value, "the project's schema"), schema)  # as stored now
            if found:
                raise ProjectError("the new schema does not allow what stored annotations use, so it was not set: "
                                   + "; ".join(found[:8]) + (f"; and {len(found) - 8} more" if len(found) > 8 else "")
                                   + ". Change or delete those annotations first")
            row.value = schema.source
            version = s.get(Setting, SCHEMA_VERSION)  # running programs see it and read the schema again
            if version is None:
                version = Setting(key=SCHEMA_VERSION, value="0")
                s.add(version)
            version.value = str(int(version.value) + 1)
            s.flush()
            new_version = version.value
        self.schema, self._schema_version = schema, new_version

    # -- figures ---------------------------------------------------------------------------

    def stats(self) -> ProjectStats:
        with self._session() as s:
            documents = int(s.scalar(select(func.count()).select_from(Document)) or 0)  # count(*): from an index's pages
            languages = dict(s.execute(select(Document.language, func.count()).group_by(Document.language)).all())
            by_layer: dict[str, Counter[str]] = {}
            # grouped in the order of the (annotator, layer, label) index and summed here: SQLite sorts no span
            for _, layer, label, n in s.execute(select(Span.annotator_id, Span.layer, Span.label, func.count())
                                                .group_by(Span.annotator_id, Span.layer, Span.label)):
                by_layer.setdefault(layer, Counter())[label] += n
            spans = {layer: dict(sorted(labels.items())) for layer, labels in sorted(by_layer.items())}
            doc_labels: dict[str, dict[str, int]] = {}
            query = select(DocLabel.task, DocLabel.target, DocLabel.label, func.count()).group_by(
                DocLabel.task, DocLabel.target, DocLabel.label)
            for task, target, label, n in s.execute(query):
                doc_labels.setdefault(f"{task}/{target}" if target else task, {})[label] = n
            readable = (s.get_bind().dialect.name != "postgresql"  # an annotator's role may not read gold
                        or s.scalar(select(func.has_table_privilege("gold_spans", "SELECT"))))
            gold = int(s.scalar(select(func.count(GoldSpan.id))) or 0) if readable else 0
            statuses: dict[int, list[tuple[str, int, float]]] = {}  # everyone's in one read, not one each
            for who, st, n, secs in s.execute(
                    select(DocStatus.annotator_id, DocStatus.status, func.count(), func.sum(DocStatus.seconds))
                    .group_by(DocStatus.annotator_id, DocStatus.status)):
                statuses.setdefault(who, []).append((st, n, secs or 0.0))
            queues = dict(s.execute(select(Assignment.annotator_id, func.count()).group_by(Assignment.annotator_id)).all())
            progress = []
            for ann in s.scalars(select(Annotator).order_by(Annotator.name)):
                counts = {st: 0 for st in STATUSES}
                for st, n, _ in statuses.get(ann.id, []):
                    counts[st] = n
                counts["todo"] += documents - sum(counts.values())
                seconds = sum(secs for _, _, secs in statuses.get(ann.id, []))
                progress.append(Progress(ann.name, ann.role, counts, seconds, int(queues.get(ann.id, 0))))
            annotators = len(progress)
        return ProjectStats(documents, languages, annotators, spans, doc_labels, gold, progress)
