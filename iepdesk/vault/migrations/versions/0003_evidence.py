"""Evidence links between documents and criteria elements, and criteria packs added by the user.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "packs",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
        sa.Column("criterion_id", sa.String(200), nullable=False),
        sa.Column("page", sa.Integer),
        sa.Column("last_page", sa.Integer),
        sa.Column("quote", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("strength", sa.String(20)),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("matched", sa.JSON, nullable=False),
        sa.Column("snippet", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_evidence_item", "evidence", ["item_id"])
    op.create_index("ix_evidence_criterion", "evidence", ["criterion_id", "status"])
    # One suggestion per document, element and page: a rejected one stays rejected when suggestions run again.
    op.create_index(
        "ux_evidence_suggestion", "evidence", ["item_id", "criterion_id", "page"], unique=True,
        sqlite_where=sa.text("origin = 'suggested'"),
    )


def downgrade() -> None:
    op.drop_table("evidence")
    op.drop_table("packs")
