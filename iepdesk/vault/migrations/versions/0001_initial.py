"""The first schema: students, items, pages, history.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "students",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("birth_date", sa.Date),
        sa.Column("school", sa.String(200)),
        sa.Column("grade", sa.String(50)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("student_id", sa.Integer, sa.ForeignKey("students.id", ondelete="RESTRICT")),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("items.id", ondelete="RESTRICT")),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("doc_date", sa.Date),
        sa.Column("doc_time", sa.DateTime),
        sa.Column("author", sa.String(300)),
        sa.Column("recipients", sa.Text),
        sa.Column("cc", sa.Text),
        sa.Column("source", sa.String(20)),
        sa.Column("thread", sa.String(500)),
        sa.Column("notes", sa.Text),
        sa.Column("original_name", sa.String(500), nullable=False),
        sa.Column("imported_from", sa.Text),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("page_count", sa.Integer, nullable=False),
        sa.Column("text_status", sa.String(20), nullable=False),
        sa.Column("guesses", sa.JSON, nullable=False),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("trashed_at", sa.DateTime),
    )
    op.create_index("ix_items_sha256", "items", ["sha256"])
    op.create_index("ix_items_student_date", "items", ["student_id", "doc_date"])
    op.create_index("ix_items_parent", "items", ["parent_id"])
    # A file's bytes are stored once: no two imported files or attachments share a hash (notes may).
    op.create_index(
        "ux_items_sha256_files", "items", ["sha256"], unique=True, sqlite_where=sa.text("origin != 'note'")
    )
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
    )
    op.create_index("ux_pages_item_number", "pages", ["item_id", "number"], unique=True)
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("actor", sa.String(50), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("item_id", sa.Integer),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_history_item", "history", ["item_id"])


def downgrade() -> None:
    for table in ("history", "pages", "items", "students"):
        op.drop_table(table)
