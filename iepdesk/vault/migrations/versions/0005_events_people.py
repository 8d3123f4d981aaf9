"""Events, people, school days off and added deadline-rule packs (deadlines are computed, never stored).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("email", sa.String(320), unique=True),
        sa.Column("organisation", sa.String(200)),
        sa.Column("phone", sa.String(50)),
        sa.Column("notes", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("student_id", sa.Integer, sa.ForeignKey("students.id", ondelete="RESTRICT")),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("time", sa.String(5)),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("outcome", sa.String(40)),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", ondelete="SET NULL")),
        sa.Column("people", sa.JSON, nullable=False),
        sa.Column("response_to", sa.Integer, sa.ForeignKey("events.id", ondelete="SET NULL")),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("trashed_at", sa.DateTime),
    )
    op.create_index("ix_events_student_date", "events", ["student_id", "date"])
    op.create_index("ix_events_item", "events", ["item_id"])
    op.create_table(
        "school_days_off",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("student_id", sa.Integer, sa.ForeignKey("students.id", ondelete="RESTRICT")),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("first_day", sa.Date, nullable=False),
        sa.Column("last_day", sa.Date, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "deadline_packs",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("deadline_packs", "school_days_off", "events", "people"):
        op.drop_table(table)
