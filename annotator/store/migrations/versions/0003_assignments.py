"""Assignments: which documents are in which annotator's queue.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("annotator_id", sa.Integer(), sa.ForeignKey("annotators.id", ondelete="RESTRICT"), primary_key=True),
        sa.Column("created", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_assignments_annotator_document", "assignments", ["annotator_id", "document_id"])


def downgrade() -> None:
    op.drop_index("ix_assignments_annotator_document", "assignments")
    op.drop_table("assignments")
