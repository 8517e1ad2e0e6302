"""PostgreSQL: a row's id must be one its sequence has handed out (a team member cannot pre-claim ids).

With their own login an annotator could insert a span with an explicit id just ahead of the
sequence (or move one of theirs there with UPDATE), and everyone's next insert would fail on
the primary key. A trigger on each table with a generated id refuses an id above the sequence's
last value. Ids already handed out (undo puts a deleted span back with its id) stay allowed.
Nothing changes on SQLite, where there are no database users. Upgrading re-applies a team's
grants (``store.teams.apply_rules``), which no longer let annotators write the word index.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = ("documents", "annotators", "spans", "gold_spans", "doc_labels", "gold_doc_labels", "suggestions")

FUNCTION = """
CREATE OR REPLACE FUNCTION annotator_handed_out_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last bigint := pg_sequence_last_value(
        pg_get_serial_sequence(quote_ident(TG_TABLE_SCHEMA) || '.' || quote_ident(TG_TABLE_NAME), 'id')::regclass);
BEGIN
    IF last IS NULL OR NEW.id > last THEN
        RAISE EXCEPTION 'id % of table % was not handed out by its sequence', NEW.id, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    for table in TABLES:
        op.execute(f"CREATE TRIGGER {table}_handed_out_id BEFORE INSERT OR UPDATE OF id ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION annotator_handed_out_id()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_handed_out_id ON {table}")
    op.execute("DROP FUNCTION IF EXISTS annotator_handed_out_id()")
