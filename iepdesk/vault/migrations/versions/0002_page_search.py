"""Full-text index over page text (SQLite FTS5), kept in step with the pages table by triggers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE page_fts USING fts5(text, content='pages', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER pages_ai AFTER INSERT ON pages BEGIN "
        "INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER pages_ad AFTER DELETE ON pages BEGIN "
        "INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER pages_au AFTER UPDATE OF text ON pages BEGIN "
        "INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text); "
        "INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text); END"
    )
    op.execute("INSERT INTO page_fts(page_fts) VALUES ('rebuild')")


def downgrade() -> None:
    for trigger in ("pages_ai", "pages_ad", "pages_au"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE page_fts")
