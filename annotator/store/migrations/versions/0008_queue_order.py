"""A queue may be ordered (active learning): ``assignments.rank``, the place of a document in its
annotator's queue when an assignment asked for an order; none (import order) otherwise. And the
names word snapping knows are read newest first by layer (``store.suggesting.known_names``): an index
on (layer, id) of spans and suggestions, or a project with millions of boilerplate suggestions scans
them all to find its few thousand names.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("assignments", sa.Column("rank", sa.Integer(), nullable=True))  # ADD COLUMN on both back ends
    op.create_index("ix_spans_layer_id", "spans", ["layer", "id"])
    op.create_index("ix_suggestions_layer_id", "suggestions", ["layer", "id"])


def downgrade() -> None:
    op.drop_index("ix_suggestions_layer_id", "suggestions")
    op.drop_index("ix_spans_layer_id", "spans")
    with op.batch_alter_table("assignments") as batch:
        batch.drop_column("rank")
