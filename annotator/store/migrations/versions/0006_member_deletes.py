"""PostgreSQL: team members delete through functions, so that they hold no DELETE right (a table lock).

PostgreSQL lets anyone with a table's UPDATE, DELETE or TRUNCATE right ``LOCK TABLE`` it in any
mode; with the DELETE right annotators needed for undo, clearing a label and accepting a
suggestion, one of them could lock ``spans`` and stop everyone's writes. From this revision
members have INSERT and UPDATE of some columns only (which allow no lock but ROW EXCLUSIVE, which
blocks nobody's reads or writes), and delete by calling these ``SECURITY DEFINER`` functions,
owned by the project's owner. Each deletes only what the row-level policies would let the caller
delete: their own spans, labels and suggestions (leads and the owner: anyone's); gold rows and
adjudications for reviewers and leads. A row the caller may not delete is left alone and not
counted (the same answer as deleting a row the policies hide). The caller is ``session_user``, the
login: inside a ``SECURITY DEFINER`` function ``current_user`` is the function's owner.

Nothing changes on SQLite, where there are no database users. Upgrading re-applies a team's
grants (``store.teams.apply_rules``), which take DELETE back and grant EXECUTE on these.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The same settings on every function: the schema of the project's tables, then pg_temp (searched
# last, so that a member's temporary table named "spans" cannot stand in for ours).
_SAFE = "SET search_path = public, pg_temp"

# Whether the caller (the login) has the rights of the table's owner (the owner, a superuser) or of
# one of the project's group roles named (``store.teams.groups``: annotator_<database>_<group>).
_MAY = f"""
CREATE OR REPLACE FUNCTION annotator_caller_may(tab regclass, VARIADIC grps text[]) RETURNS boolean
LANGUAGE sql STABLE {_SAFE} AS $$
    SELECT pg_has_role(session_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = $1), 'USAGE')
        OR EXISTS (SELECT 1 FROM pg_roles r
                   WHERE r.rolname IN (SELECT 'annotator_' || current_database() || '_' || g FROM unnest($2) g)
                     AND pg_has_role(session_user, r.oid, 'USAGE'))
$$
"""
# The caller's annotator id, as the row-level policies find it (by name)
_ME = f"""
CREATE OR REPLACE FUNCTION annotator_caller_id() RETURNS integer
LANGUAGE sql STABLE {_SAFE} AS $$
    SELECT a.id FROM annotators a WHERE a.name = session_user::text
$$
"""

_OWN = "(annotator_id = annotator_caller_id() OR annotator_caller_may('{table}', 'leads'))"
_GOLD = "annotator_caller_may('{table}', 'reviewers', 'leads')"


def _deleting(name: str, args: str, table: str, where: str, who: str) -> str:
    """A function that deletes from ``table`` the rows ``where`` that ``who`` allows, returning how many."""
    return f"""
CREATE OR REPLACE FUNCTION {name}({args}) RETURNS integer
LANGUAGE sql SECURITY DEFINER {_SAFE} AS $$
    WITH gone AS (DELETE FROM {table} WHERE {where} AND {who.format(table=table)} RETURNING 1)
    SELECT count(*)::integer FROM gone
$$
"""


# (name, argument types, table, which rows, who may): positional $n, since SQL functions let a
# column name win over an argument of the same name
FUNCTIONS = (
    ("annotator_delete_span", "bigint", "spans", "id = $1", _OWN),
    ("annotator_clear_doc_label", "bigint, bigint, text, text", "doc_labels",
     "document_id = $1 AND annotator_id = $2 AND task = $3 AND target = $4", _OWN),
    ("annotator_remove_suggestions", "bigint[]", "suggestions", "id = ANY($1)", _OWN),
    ("annotator_delete_gold_span", "bigint", "gold_spans", "id = $1", _GOLD),
    ("annotator_clear_gold_doc_label", "bigint, text, text", "gold_doc_labels",
     "document_id = $1 AND task = $2 AND target = $3", _GOLD),
    ("annotator_unadjudicate", "bigint", "adjudications", "document_id = $1", _GOLD),
)
HELPERS = (("annotator_caller_may", "regclass, text[]"), ("annotator_caller_id", ""))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_MAY)
    op.execute(_ME)
    for name, args, table, where, who in FUNCTIONS:
        op.execute(_deleting(name, args, table, where, who))
    for name, args, *_ in (*FUNCTIONS, *HELPERS):
        # functions are executable by PUBLIC by default: only the team's groups may (store.teams.apply_rules)
        op.execute(f"REVOKE ALL ON FUNCTION {name}({args}) FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, args, *_ in (*FUNCTIONS, *HELPERS):
        op.execute(f"DROP FUNCTION IF EXISTS {name}({args})")
