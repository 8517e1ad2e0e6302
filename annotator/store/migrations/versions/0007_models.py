"""Models trained on the project's annotations (the entity recommender), stored with the project.

One row per training: the learner's bytes, what it was trained on and how it scored on the
documents held out. Rows are never changed; the newest of a layer is the one in use. On a
PostgreSQL team members read them and leads write them (``store.teams``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "models",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("layer", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("trained_by", sa.String(255), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("held_out", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_models_layer", "models", ["layer", "id"])


def downgrade() -> None:
    op.drop_index("ix_models_layer", "models")
    op.drop_table("models")
