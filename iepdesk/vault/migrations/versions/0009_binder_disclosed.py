"""When a binder was disclosed (served on the other side for a hearing), so the exhibits keep their labels from
then on: a later binder gives new documents the next numbers and never renumbers the ones disclosed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("binders") as batch:
        batch.add_column(sa.Column("disclosed_on", sa.Date()))


def downgrade() -> None:
    with op.batch_alter_table("binders") as batch:
        batch.drop_column("disclosed_on")
