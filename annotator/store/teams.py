"""PostgreSQL: each person connects as their own database role, and row-level security lets an
annotator's connection read and write only their own annotations; reviewers and leads see all.

``add_user`` is idempotent: it makes the three group roles, the person's login role, the grants
and the policies (again), so running it after an upgrade brings new tables under the same rules.
The tables' owner (whoever ran ``annotator init``) is not bound by the policies.

Against a hostile member (their own login, raw SQL): annotators and reviewers get no table-level
UPDATE, DELETE or TRUNCATE on any table (any of them would let PostgreSQL grant them ``LOCK TABLE``
in every mode), only INSERT and UPDATE of the columns the app changes (which allow ROW EXCLUSIVE, a
lock that blocks no one's reads or writes); they delete through the ``SECURITY DEFINER`` functions
of migration 0006 (``store.deleting``). No write to the word index and no setval; every connection
of the app waits at most ``engine.LOCK_TIMEOUT_MS`` for any lock, so a lock they can still hold (a
row of their own, an advisory lock) costs others a "busy" message, not a hang.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

ROLE_GROUPS = {"annotator": "annotators", "reviewer": "reviewers", "lead": "leads"}


def groups(conn: Connection) -> dict[str, str]:
    """The group roles of this project: roles live in the whole server, so their names carry the database's."""
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    return {role: f"annotator_{database}_{suffix}" for role, suffix in ROLE_GROUPS.items()}
OWN_WORK = ("spans", "doc_labels", "doc_status", "suggestions", "doc_suggestions")   # an annotator reads and writes only their own rows
# What members write, table by table: INSERT and UPDATE of these columns only (what the Project API
# changes). A table-level UPDATE, DELETE or TRUNCATE right would let PostgreSQL grant them LOCK TABLE in
# any mode; column UPDATE allows none but ROW EXCLUSIVE. They delete through functions (below).
WRITTEN = {"spans": ("label", "start", "end", "attrs", "updated"),
           "doc_labels": ("label", "annotator_id", "updated"),
           "suggestions": ("state",),
           "doc_suggestions": ("score", "model_id", "state", "updated"),
           "doc_status": ("status", "seconds", "updated")}
GOLD_WRITTEN = {"gold_spans": ("label", "start", "end", "attrs", "updated"),
                "gold_doc_labels": ("label", "annotator_id", "updated"),
                "adjudications": ("reviewer_id", "updated")}
READ_ONLY = ("documents", "annotators", "settings", "alembic_version", "models")
GOLD = tuple(GOLD_WRITTEN)
# The deleting functions of migration 0006 (owned by the project's owner; each checks who calls)
DELETES = ("annotator_delete_span(bigint)", "annotator_clear_doc_label(bigint, bigint, text, text)",
           "annotator_remove_suggestions(bigint[])")
GOLD_DELETES = ("annotator_delete_gold_span(bigint)", "annotator_clear_gold_doc_label(bigint, text, text)",
                "annotator_unadjudicate(bigint)")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(names: tuple[str, ...]) -> str:
    return ", ".join(_quote(n) for n in names)


def _exists(conn: Connection, role: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None


def has_groups(conn: Connection) -> bool:
    """Whether this project has a team (its group roles exist)."""
    return all(_exists(conn, group) for group in groups(conn).values())


def add_user(conn: Connection, name: str, role: str) -> None:
    """Make ``name`` a login role in ``role``'s group (and out of the others), with the rules in place."""
    for group in groups(conn).values():
        if not _exists(conn, group):
            conn.execute(text(f"CREATE ROLE {_quote(group)} NOLOGIN"))
    if not _exists(conn, name):
        conn.execute(text(f"CREATE ROLE {_quote(name)} LOGIN"))  # the password: ALTER ROLE … PASSWORD, or .pgpass
    for other, group in groups(conn).items():
        verb = "GRANT {g} TO {u}" if other == role else "REVOKE {g} FROM {u}"
        conn.execute(text(verb.format(g=_quote(group), u=_quote(name))))
    apply_rules(conn)


def apply_rules(conn: Connection) -> None:
    names = groups(conn)
    annotators, reviewers, leads = (_quote(names[r]) for r in ("annotator", "reviewer", "lead"))
    everyone = f"{annotators}, {reviewers}, {leads}"
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    statements = [
        # from nothing each time: what an earlier version granted and this one does not is taken back
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {annotators}, {reviewers}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {annotators}, {reviewers}",
        f"GRANT CONNECT ON DATABASE {_quote(database)} TO {everyone}",
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        # nextval (USAGE) and reading the last value (SELECT), never setval (UPDATE); an explicit id
        # the sequence has not handed out is refused by a trigger (migration 0005)
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}",
        f"GRANT SELECT ON {', '.join(READ_ONLY)} TO {everyone}",
        *(f"GRANT SELECT, INSERT, UPDATE ({_columns(columns)}) ON {table} TO {everyone}"
          for table, columns in WRITTEN.items()),
        f"REVOKE ALL ON FUNCTION {', '.join(DELETES + GOLD_DELETES)} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {', '.join(DELETES)} TO {everyone}",
        f"GRANT EXECUTE ON FUNCTION {', '.join(GOLD_DELETES)} TO {reviewers}, {leads}",
        f"GRANT SELECT ON assignments TO {everyone}",
        # the word index is read by everyone and written by leads (and the owner) only: false words
        # stored for a document would hide it from everyone's searches (see suggesting.may_write_index)
        f"GRANT SELECT ON search_terms TO {everyone}",
        f"GRANT SELECT ON {', '.join(GOLD)} TO {reviewers}, {leads}",
        *(f"GRANT INSERT, UPDATE ({_columns(columns)}) ON {table} TO {reviewers}, {leads}"
          for table, columns in GOLD_WRITTEN.items()),
        f"GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO {leads}",
    ]
    me = "(SELECT a.id FROM annotators a WHERE a.name = current_user)"
    for table in (*OWN_WORK, "assignments"):
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS own_work ON {table}",
            f"DROP POLICY IF EXISTS everyone ON {table}",
            f"DROP POLICY IF EXISTS reviewers_read ON {table}",
            f"CREATE POLICY own_work ON {table} FOR ALL TO {annotators}, {reviewers} USING (annotator_id = {me}) "
            f"WITH CHECK (annotator_id = {me})",
            f"CREATE POLICY reviewers_read ON {table} FOR SELECT TO {reviewers} USING (true)",  # read, not change
            f"CREATE POLICY everyone ON {table} FOR ALL TO {leads} USING (true) WITH CHECK (true)",
        ]
    for statement in statements:
        conn.execute(text(statement))
