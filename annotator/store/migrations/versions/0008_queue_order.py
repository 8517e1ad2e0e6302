"""A queue may be ordered (active learning): ``assignments.rank``, the place of a document in its
annotator's queue when an assignment asked for an order; none (import order) otherwise.

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


def downgrade() -> None:
    with op.batch_alter_table("assignments") as batch:
        batch.drop_column("rank")
