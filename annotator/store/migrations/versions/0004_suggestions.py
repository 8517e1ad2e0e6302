"""Suggestions (propagation, gazetteers, boilerplate) and the word index that finds names fast.

The index is SQLite FTS5 (a contentless table: the words only, keyed by document id) or, on
PostgreSQL, a text[] column under a GIN index. Both hold each document's words in their
loosest matching form (``annotator.core.matching.index_terms``) and are filled lazily.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("annotator_id", sa.Integer(), sa.ForeignKey("annotators.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("layer", sa.String(64), nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("attrs", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("annotator_id", "document_id", "layer", "label", "start", "end",
                            name="uq_suggestions_place"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_suggestions_annotator_document", "suggestions", ["annotator_id", "document_id", "state"])
    op.create_index("ix_suggestions_annotator_key", "suggestions", ["annotator_id", "key"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE search_index USING fts5(terms, content='', "
                   "tokenize=\"unicode61 remove_diacritics 0 categories 'L* N* Co M*'\")")
    else:
        op.execute("CREATE TABLE search_terms (document_id INTEGER PRIMARY KEY "
                   "REFERENCES documents(id) ON DELETE CASCADE, terms TEXT[] NOT NULL)")
        op.execute("CREATE INDEX ix_search_terms ON search_terms USING GIN (terms)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_index")
    else:
        op.execute("DROP TABLE search_terms")
    op.drop_index("ix_suggestions_annotator_key", "suggestions")
    op.drop_index("ix_suggestions_annotator_document", "suggestions")
    op.drop_table("suggestions")
