"""Initial schema: documents, annotators, spans, document labels, status, gold annotations.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _span_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("layer", sa.String(64), nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("attrs", sa.JSON(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("annotator_id", sa.Integer(), sa.ForeignKey("annotators.id", ondelete="RESTRICT"), nullable=False),
    ]


def _doc_label_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("task", sa.String(64), nullable=False),
        sa.Column("target", sa.String(255), nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("annotator_id", sa.Integer(), sa.ForeignKey("annotators.id", ondelete="RESTRICT"), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("external_id", sa.String(255), nullable=False, unique=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_documents_language", "documents", ["language"])
    op.create_table(
        "annotators",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
    )
    op.create_table("spans", *_span_columns(), sqlite_autoincrement=True)
    op.create_index("ix_spans_doc_annotator_layer", "spans", ["document_id", "annotator_id", "layer"])
    op.create_index("ix_spans_annotator_layer_label", "spans", ["annotator_id", "layer", "label"])
    op.create_table("gold_spans", *_span_columns(), sqlite_autoincrement=True)
    op.create_index("ix_gold_spans_doc_layer", "gold_spans", ["document_id", "layer"])
    op.create_table(
        "doc_labels", *_doc_label_columns(),
        sa.UniqueConstraint("document_id", "annotator_id", "task", "target", name="uq_doc_labels"),
    )
    op.create_index("ix_doc_labels_annotator_task", "doc_labels", ["annotator_id", "task"])
    op.create_table(
        "gold_doc_labels", *_doc_label_columns(),
        sa.UniqueConstraint("document_id", "task", "target", name="uq_gold_doc_labels"),
    )
    op.create_table(
        "doc_status",
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("annotator_id", sa.Integer(), sa.ForeignKey("annotators.id", ondelete="RESTRICT"), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_doc_status_annotator_status", "doc_status", ["annotator_id", "status", "document_id"])


def downgrade() -> None:
    for table in ("doc_status", "gold_doc_labels", "doc_labels", "gold_spans", "spans", "annotators", "documents", "settings"):
        op.drop_table(table)
