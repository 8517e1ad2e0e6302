"""The Project API on people: annotators, their roles, and who the database says one is."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select, text

from annotator.store import access, ingest, teams
from annotator.store.access import Action, Identity
from annotator.store.base import ProjectBase, _annotator, _person, _retry_when_busy
from annotator.store.models import Annotator, DocLabel, DocStatus, Span
from annotator.store.values import AnnotatorInfo


class PeopleMixin(ProjectBase):
    # -- annotators ------------------------------------------------------------------------

    @_retry_when_busy
    def annotator(self, name: str, role: str = "annotator") -> AnnotatorInfo:
        """The annotator of that name, made (with ``role``) if new."""
        name = _person(name, role)
        with self._session() as s:
            row = ingest.ensure_annotators(s, [name], role)[name]
            ann = s.get_one(Annotator, row)
            return _annotator(ann)

    @_retry_when_busy
    def set_role(self, name: str, role: str) -> AnnotatorInfo:
        """Give someone a role (annotator, reviewer or lead), adding them if they are new. On PostgreSQL
        they also get a login role of that name, and the row-level rules (``store.teams``) are applied."""
        name = _person(name, role)
        with self._session() as s:  # one transaction: a refused database role leaves no half-made person
            ingest.ensure_annotators(s, [name], role)
            ann = s.scalars(select(Annotator).where(Annotator.name == name)).one()
            ann.role = role
            if self.url.get_backend_name() == "postgresql":
                teams.add_user(s.connection(), ann.name, role)
            return _annotator(ann)

    def annotators(self) -> list[AnnotatorInfo]:
        with self._session() as s:
            return [_annotator(a) for a in s.scalars(select(Annotator).order_by(Annotator.name))]

    def annotators_with_work(self, *, finished: bool = True) -> list[str]:
        """Names of those who marked at least one document done (``finished``), or worked on one at all:
        the annotators agreement compares by default (a reviewer who never annotated is not one)."""
        with self._core() as conn:
            ids = select(DocStatus.annotator_id).where(DocStatus.status == "done")
            if not finished:
                ids = ids.union(select(DocStatus.annotator_id).where(DocStatus.status != "todo"),
                                select(Span.annotator_id).distinct(), select(DocLabel.annotator_id).distinct())
            rows = conn.execute(select(Annotator.name).where(Annotator.id.in_(ids)).order_by(Annotator.name)).all()
        return [name for (name,) in rows]

    def find_annotator(self, name: str) -> AnnotatorInfo | None:
        with self._session() as s:
            ann = s.scalars(select(Annotator).where(Annotator.name == name)).first()
            return _annotator(ann) if ann else None

    def database_user(self) -> tuple[str, bool] | None:
        """On PostgreSQL: who this connection is, and whether they own the project's tables (the one who
        made it, who may give roles). None on SQLite, where there are no database users."""
        if self.url.get_backend_name() != "postgresql":
            return None
        with self._core() as conn:
            user, owner = conn.execute(select(func.current_user(), select(text("tableowner")).select_from(
                text("pg_tables")).where(text("tablename = 'documents'")).scalar_subquery())).one()
        return str(user), user == owner

    # -- who may do what (annotator.store.access) ---------------------------------------------

    def identify(self, *, requested: str | None = None, env: Mapping[str, str] | None = None,
                 remembered: str | None = None) -> Identity:
        """Who is acting: see ``access.identify``."""
        return access.identify(self, requested=requested, env=env, remembered=remembered)

    def may(self, identity: Identity | AnnotatorInfo, action: Action) -> bool:
        """Whether that person may do ``action`` here (a person the app works as counts as chosen in the app)."""
        return access.may(self._as_identity(identity), action, self)

    def require(self, identity: Identity | AnnotatorInfo, action: Action, *, doing: str | None = None) -> None:
        """Refuse ``action`` with a ProjectError saying who, what, and which role it needs."""
        access.require(self._as_identity(identity), action, self, doing=doing)

    def _as_identity(self, who: Identity | AnnotatorInfo) -> Identity:
        if isinstance(who, Identity):
            return who
        return access.identify(self, remembered=who.name)  # the person the app works as, under the login's rules
