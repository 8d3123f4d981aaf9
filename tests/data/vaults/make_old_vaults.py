"""Make the committed fixture vaults, one per old schema (run by hand when a migration is added).

    python tests/data/vaults/make_old_vaults.py

Each folder under tests/data/vaults/ holds a vault left at that schema, with a little data, so a test can
open it with today's code and check that the migration kept everything.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

from iepdesk.vault import migrate

HERE = Path(__file__).parent
ORIGINAL = b"%PDF-1.4 a stand-in original for the schema fixture\n"


def make_vault_at(schema: str) -> None:
    """Make the fixture for one old schema; an existing one is kept as it is (it stands for old vaults)."""
    folder = HERE / f"schema-{schema}"
    if folder.exists():
        return
    (folder / "blobs").mkdir(parents=True)
    db = folder / "vault.sqlite"
    (folder / "tmp").mkdir()
    migrate.upgrade(db, folder / "backups", folder / "tmp", target=schema)
    (folder / "tmp").rmdir()
    sha = hashlib.sha256(ORIGINAL).hexdigest()
    (folder / "blobs" / sha[:2]).mkdir()
    (folder / "blobs" / sha[:2] / sha).write_bytes(ORIGINAL)
    con = sqlite3.connect(db)
    with con:
        con.execute("INSERT INTO students (id, name, created_at) VALUES (1, 'Alex Example', '2026-01-05 10:00:00')")
        con.execute(
            "INSERT INTO items (id, student_id, origin, kind, title, doc_date, original_name, sha256, size, "
            "media_type, page_count, text_status, guesses, meta, created_at) VALUES (1, 1, 'file', 'evaluation', "
            "'School evaluation', '2025-10-14', 'eval.pdf', ?, ?, 'application/pdf', 2, 'ok', ?, '{}', "
            "'2026-01-05 10:01:00')",
            (sha, len(ORIGINAL), json.dumps({"kind": "the text mentions “evaluation”"})),
        )
        con.executemany(
            "INSERT INTO pages (item_id, number, text, status) VALUES (1, ?, ?, 'text')",
            [(1, "Reading fluency is below the 10th percentile."), (2, "Summary of the school psychologist.")],
        )
        con.execute("INSERT INTO history (actor, action, item_id, summary, detail) "
                    "VALUES ('import', 'import', 1, 'Imported “eval.pdf”.', '{}')")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    shutil.rmtree(folder / "backups", ignore_errors=True)


OLD_SCHEMAS = ("0001", "0002", "0003", "0004")  # add the previous head here when a migration is added

if __name__ == "__main__":
    for schema in OLD_SCHEMAS:
        make_vault_at(schema)
