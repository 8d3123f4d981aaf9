"""The invisible text layer of each page OCR read, made once from its words when it is read, so a binder lays
it over the scan without working through every word again (iepdesk.textlayer). Pages read before keep their
words; a binder makes their layers from them.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("layer", sa.LargeBinary()))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("layer")
