"""The state a child goes to school in: its deadline rules apply to the child's clocks.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("students") as batch:
        batch.add_column(sa.Column("state", sa.String(2)))


def downgrade() -> None:
    with op.batch_alter_table("students") as batch:
        batch.drop_column("state")
