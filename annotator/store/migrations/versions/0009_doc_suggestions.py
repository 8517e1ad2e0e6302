"""What annotators decided about the document labels the model suggested (the stance model).

The suggestions are made afresh from the model in use whenever a document opens; only decisions are
stored, so that a rejected suggestion is not made again for the same document, target and label, and
an accepted one not after its label is cleared. Separate from ``suggestions``, whose rows are spans
(a start before an end, a layer's label) and become spans when accepted. On a PostgreSQL team, each
annotator reads and writes their own rows, as their labels (``store.teams``); nobody deletes them,
and an id is one the sequence handed out (the trigger of migration 0005).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "doc_suggestions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("annotator_id", sa.Integer(), sa.ForeignKey("annotators.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("task", sa.String(64), nullable=False),
        sa.Column("target", sa.String(255), nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("annotator_id", "document_id", "task", "target", "label",
                            name="uq_doc_suggestions_place"),
        sqlite_autoincrement=True,
    )
    if op.get_bind().dialect.name == "postgresql":  # ids only as the sequence hands them out (migration 0005)
        op.execute("CREATE TRIGGER doc_suggestions_handed_out_id BEFORE INSERT OR UPDATE OF id ON doc_suggestions "
                   "FOR EACH ROW EXECUTE FUNCTION annotator_handed_out_id()")


def downgrade() -> None:
    op.drop_table("doc_suggestions")  # its trigger goes with it
