"""A suggestion's score, and whether it is a weaker one (found only by single words at the rule's bar), so
suggestions are shown strongest first and the weaker ones only on request.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("score", sa.Integer()))
        batch.add_column(sa.Column("weaker", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("weaker")
        batch.drop_column("score")
