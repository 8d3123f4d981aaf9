"""The categories the parent says fit the child (an IDEA category, Section 504, a pack's own group): Today and
Coverage show the gaps of those.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("students") as batch:
        batch.add_column(sa.Column("categories", sa.JSON()))


def downgrade() -> None:
    with op.batch_alter_table("students") as batch:
        batch.drop_column("categories")
