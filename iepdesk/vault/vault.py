"""The one public entry to a vault's data: open, lock, sessions, blob store, history."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iepdesk.errors import VaultError, VaultNotFound
from iepdesk.vault import migrate
from iepdesk.vault.blobs import BlobStore
from iepdesk.vault.lock import VaultLock

if TYPE_CHECKING:  # SQLAlchemy is imported on first use: the app's first screen reads without it
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

DB_NAME = "vault.sqlite"


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL with synchronous=NORMAL cannot corrupt the database; a power cut may lose the last commits, never
    # half of one. Originals are flushed to disk before the row that names them is written.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(db_path: Path) -> Engine:
    """Every database connection of the app is made here.

    Connections are kept in a small pool and reused: opening one costs a few PRAGMAs, and closing the last
    connection of a WAL database checkpoints it, which done per unit of work tripled an import's time.
    Sessions are never shared between threads, so a pooled connection may move from one to another.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    # A creator, not a URL: a folder name may hold '#', '?' or '%' that a URL would misread.
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(db_path, check_same_thread=False),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
    )
    event.listen(engine, "connect", _on_connect)
    return engine


class Vault:
    """An open vault folder.

    ``Vault.open(path)`` takes the single-writer lock and brings the schema up to date. With
    ``write=False`` it takes no lock and changes nothing: reading is safe while the app is open.
    """

    def __init__(self, path: Path, lock: VaultLock | None) -> None:
        self.path = path
        self.db_path = path / DB_NAME
        self._lock = lock
        self._engine: Engine | None = None
        self._sessions: Any = None
        self.blobs = BlobStore(path / "blobs", path / "tmp")
        self.migration_snapshot: Path | None = None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made on first use."""
        if self._engine is None:
            from sqlalchemy.orm import sessionmaker

            self._engine = make_engine(self.db_path)
            self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        return self._engine

    @contextmanager
    def sqlite(self) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 connection (the same settings) for quick reads on hot paths: the document list,
        search. It is closed when the block ends."""
        connection = sqlite3.connect(self.db_path)
        _on_connect(connection, None)
        try:
            yield connection
        finally:
            connection.close()

    # -- opening -----------------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, holder: str = "IEPDesk") -> Vault:
        path = Path(path)
        if (path / DB_NAME).exists():
            return cls.open(path, holder=holder)
        if path.exists() and any(p for p in path.iterdir() if not p.name.startswith(".")):
            raise VaultError(
                f"{path} already holds other files. Choose an empty folder (or a new name) for the vault."
            )
        try:
            path.mkdir(parents=True, exist_ok=True)
            for sub in ("blobs", "cache", "backups", "tmp"):
                (path / sub).mkdir(exist_ok=True)
        except OSError as error:
            raise VaultError(f"Cannot make a vault at {path}: {error.strerror}.") from error
        return cls.open(path, holder=holder)

    @classmethod
    def open(cls, path: Path, *, write: bool = True, holder: str = "IEPDesk") -> Vault:
        path = Path(path)
        db_path = path / DB_NAME
        if not path.is_dir():
            raise VaultNotFound(
                f"There is no vault at {path}. Make one with 'iepdesk init --vault {path}', "
                "or choose the folder that holds vault.sqlite."
            )
        if not write:
            if not db_path.exists():
                raise VaultNotFound(f"{path} is not an IEPDesk vault (it has no {DB_NAME}).")
            if migrate.current_revision(db_path) != migrate.HEAD:
                raise VaultError(
                    f"The vault at {path} needs updating before it can be read. "
                    "Open it once in the app (or run 'iepdesk verify') to update it."
                )
            return cls(path, None)
        if not db_path.exists() and not (path / "blobs").is_dir():
            raise VaultNotFound(
                f"There is no vault at {path}. Make one with 'iepdesk init --vault {path}'."
            )
        lock = VaultLock(path / ".lock")
        lock.acquire(holder)
        try:
            for sub in ("blobs", "cache", "backups", "tmp"):
                (path / sub).mkdir(exist_ok=True)
            _clear_temporary(path / "tmp")
            vault = cls(path, lock)
            vault.migration_snapshot = migrate.upgrade(lambda: vault.engine, db_path, path / "backups")
        except BaseException:
            lock.release()
            raise
        return vault

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def writable(self) -> bool:
        return self._lock is not None

    # -- units of work -----------------------------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        self.engine  # noqa: B018  (made on first use)
        with self._sessions() as session, session.begin():
            yield session

    @staticmethod
    def record(
        session: Session,
        action: str,
        summary: str,
        *,
        actor: str = "cli",
        item_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Add a line to the history, in the same transaction as the change it describes."""
        from iepdesk.vault.models import HistoryEntry

        session.add(
            HistoryEntry(actor=actor, action=action, item_id=item_id, summary=summary, detail=detail or {})
        )


def _clear_temporary(tmp: Path) -> None:
    """Half-written files left by a process that died; safe to remove because we hold the lock."""
    for leftover in tmp.iterdir():
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def default_vault_path() -> Path:
    """``IEPDESK_VAULT``, or the platform's usual place for a user's documents data."""
    env = os.environ.get("IEPDESK_VAULT")
    if env:
        return Path(env)
    from iepdesk.resources import portable_home

    portable = portable_home()
    if portable is not None:
        return portable / "Vault"
    from platformdirs import user_data_path

    return user_data_path("IEPDesk", appauthor=False) / "Vault"
