"""What the parent asks for at a meeting and what was decided about each (issue 25): the asks of a prep sheet,
kept with their meeting, each agreed, refused or put off, by whom.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "asks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(20)),
        sa.Column("said_by", sa.String(200)),
        sa.Column("note", sa.Text()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_asks_event", "asks", ["event_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_asks_event", "asks")
    op.drop_table("asks")
