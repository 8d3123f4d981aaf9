"""Alembic environment: always run by iepdesk.vault.migrate on the vault's own connection."""

from __future__ import annotations

from alembic import context

from iepdesk.vault.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
