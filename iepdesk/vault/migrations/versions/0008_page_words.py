"""Where each word recognised by OCR sits on its page, so the binder can lay an invisible text layer over a
scanned page and any PDF viewer can search it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("words", sa.JSON()))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("words")
