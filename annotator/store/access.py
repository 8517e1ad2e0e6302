"""Who may do what: who one is (``identify``) and what their role allows (``may``, ``require``).

The one place for these rules: the command line and the app both ask here, so the same person
gets the same answer from either.

Who one is: on PostgreSQL a team member is the database user they log in as, whatever ``--as``
or ``$ANNOTATOR_USER`` say (a different name is refused); the tables' owner (who made the
project, and whom the row rules do not bind) may work as any of the project's people and is a
lead when working as themselves. On SQLite: ``--as``, else ``$ANNOTATOR_USER``, else the
person the app remembers.

What they may do: a project without a lead (one person's, or an informal team's) lets everyone
do everything; once it has a lead, each action needs one of the roles in ``NEEDS``. A team
member logged in to PostgreSQL is always held to the roles, since the database's row rules hold
them to it anyway.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from annotator.core.errors import ProjectError
from annotator.store.values import ROLES, AnnotatorInfo


class Action(enum.Enum):
    """Something one may or may not do; the value is how a message names it."""

    ANNOTATE = "annotating"
    REVIEW = "review mode"
    ADJUDICATE = "adjudicating (gold)"
    SEE_AGREEMENT = "agreement"
    SEE_PROGRESS = "team progress"
    IMPORT = "import"
    EXPORT = "export"
    ASSIGN = "assign"
    MERGE = "merge"
    CHANGE_SCHEMA = "schema set"
    MANAGE_TEAM = "team add-user"
    SUGGEST_FOR_OTHERS = "making suggestions for others"
    TRAIN_MODEL = "training the project's model"


REVIEWERS = ("reviewer", "lead")
LEADS = ("lead",)
NEEDS: dict[Action, tuple[str, ...]] = {
    Action.ANNOTATE: ROLES,
    Action.REVIEW: REVIEWERS,
    Action.ADJUDICATE: REVIEWERS,
    Action.SEE_AGREEMENT: REVIEWERS,
    Action.SEE_PROGRESS: LEADS,
    Action.IMPORT: LEADS,
    Action.EXPORT: LEADS,
    Action.ASSIGN: LEADS,
    Action.MERGE: LEADS,
    Action.CHANGE_SCHEMA: LEADS,
    Action.MANAGE_TEAM: LEADS,
    Action.SUGGEST_FOR_OTHERS: LEADS,
    Action.TRAIN_MODEL: LEADS,
}

# How an identity was established (Identity.source).
FROM_OPTION, FROM_ENV, FROM_APP = "--as", "$ANNOTATOR_USER", "the app"
FROM_LOGIN, FROM_OWNER, UNKNOWN = "database login", "database owner", "nobody said"


@dataclass(frozen=True)
class Identity:
    """Who is acting: a name (None when nobody said), their role in the project (None when they are
    not one of its people), how that was established, and whether a database login binds them to
    it (a PostgreSQL team member: they cannot act as anyone else)."""

    name: str | None
    role: str | None
    source: str
    bound: bool = False

    def describe(self) -> str:
        """'sara (an annotator, from --as)' and the like, for messages."""
        if self.name is None:
            return "nobody said who you are"
        what = _a(self.role) if self.role else "not one of this project's people"
        return f"{self.name} is {what} (from {self.source})"


class People(Protocol):
    """What ``identify`` and ``may`` need of a project (the Project API's people part)."""

    def annotators(self) -> list[AnnotatorInfo]: ...

    def database_user(self) -> tuple[str, bool] | None: ...


def identify(project: People, *, requested: str | None = None, env: Mapping[str, str] | None = None,
             remembered: str | None = None) -> Identity:
    """Who is acting on ``project``: ``requested`` is ``--as``, ``env`` the environment (for
    ``$ANNOTATOR_USER``; pass ``{}`` to leave it out), ``remembered`` the app's chosen person.
    A PostgreSQL team member asking to be someone else is refused with a ProjectError."""
    people = {a.name: a.role for a in project.annotators()}
    env_user = (env or {}).get("ANNOTATOR_USER", "").strip() or None
    requested = requested.strip() if requested and requested.strip() else None
    claims = [(name, source) for name, source in ((requested, FROM_OPTION), (env_user, FROM_ENV),
                                                   (remembered, FROM_APP)) if name]
    login = project.database_user()
    if login is not None:
        user, owner = login
        if not owner:  # a team member: the database says who they are
            said = next(((n, s) for n, s in claims if s != FROM_APP), None)  # the app's memory is no claim
            if said is not None and said[0] != user:
                raise ProjectError(
                    f"you are logged in to the database as {user}, and on PostgreSQL that is who you are: "
                    f"{said[1]} {said[0]} is refused (log in as {said[0]} to work as {said[0]})")
            return Identity(user, people.get(user), FROM_LOGIN, bound=True)
        if not claims or claims[0][0] == user:
            return Identity(user, "lead", FROM_OWNER)  # the owner made the project: they lead it
    if not claims:
        return Identity(None, None, UNKNOWN)
    name, source = claims[0]
    return Identity(name, people.get(name), source)


def roles_apply(project: People, identity: Identity) -> bool:
    """Whether roles restrict anyone: once the project has a lead, or always for a logged-in team member."""
    return identity.bound or any(a.role == "lead" for a in project.annotators())


def may(identity: Identity, action: Action, project: People) -> bool:
    """Whether ``identity`` may do ``action`` on ``project``."""
    if action is Action.MANAGE_TEAM and identity.bound:
        return False  # only the owner can make database logins and row rules
    return identity.role in NEEDS[action] or not roles_apply(project, identity)


def require(identity: Identity, action: Action, project: People, *, doing: str | None = None) -> None:
    """Refuse ``action`` with a ProjectError saying who, what, and which role it needs; ``doing`` names
    the action as the user asked for it (a command's name) where that differs from ``action.value``."""
    if may(identity, action, project):
        return
    what = doing or action.value
    if action is Action.MANAGE_TEAM and identity.bound:
        raise ProjectError(f"'{what}' on PostgreSQL is for the project's owner (who made it with annotator init: "
                           f"it makes database logins); you are logged in as {identity.name}")
    needed = " or ".join(_a(r) for r in NEEDS[action])
    if identity.name is None:
        leads = sorted(a.name for a in project.annotators() if a.role == "lead")
        raise ProjectError(f"'{what}' is for {needed} of this project (leads: {', '.join(leads)}); "
                           "say who you are with --as NAME or $ANNOTATOR_USER")
    raise ProjectError(f"'{what}' is for {needed}; {identity.describe()}")


def _a(role: str) -> str:
    return f"an {role}" if role[0] in "aeiou" else f"a {role}"
