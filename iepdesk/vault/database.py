"""Every connection to a vault's database is made here, with the same settings.

WAL, foreign keys, synchronous=NORMAL and a busy timeout for a vault on a drive that can be written; on a
read-only drive a WAL database that was closed cleanly has no -wal or -shm file and SQLite cannot make them,
so it is opened as immutable (nothing can change it there), or read-only when a -wal file is there.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

DB_NAME = "vault.sqlite"


def on_read_only_drive(vault_path: Path) -> bool:
    """The vault's folder or database cannot be written (a read-only drive, a CD, a locked USB stick)."""
    return not os.access(vault_path, os.W_OK) or not os.access(vault_path / DB_NAME, os.W_OK)


def configure(dbapi_connection: Any, read_only: bool = False) -> None:
    cursor = dbapi_connection.cursor()
    if not read_only:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL with synchronous=NORMAL cannot corrupt the database; a power cut may lose the last commits, never
    # half of one. Originals are flushed to disk before the row that names them is written.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def connect(db_path: Path, read_only_medium: bool = False) -> sqlite3.Connection:
    """A connection to the vault's database (``read_only_medium``: see the module's docstring)."""
    if not read_only_medium:
        return sqlite3.connect(db_path, check_same_thread=False)
    wal = Path(f"{db_path}-wal").exists()
    mode = "mode=ro" if wal else "immutable=1"
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?{mode}", uri=True, check_same_thread=False)


def make_engine(db_path: Path, read_only_medium: bool = False) -> Engine:
    """The SQLAlchemy engine of a vault.

    Connections are kept in a small pool and reused: opening one costs a few PRAGMAs, and closing the last
    connection of a WAL database checkpoints it, which done per unit of work tripled an import's time.
    Sessions are never shared between threads, so a pooled connection may move from one to another.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    # A creator, not a URL: a folder name may hold '#', '?' or '%' that a URL would misread.
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect(db_path, read_only_medium),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
    )
    event.listen(engine, "connect", lambda con, _record: configure(con, read_only_medium))
    return engine
