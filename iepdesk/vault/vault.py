"""The one public entry to a vault's data: open, lock, sessions, blob store, history."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iepdesk.errors import VaultDamaged, VaultError, VaultLocked, VaultNotFound, VaultReadOnly
from iepdesk.vault import migrate
from iepdesk.vault.blobs import BlobStore
from iepdesk.vault.database import DB_NAME, configure, connect, make_engine, on_read_only_drive
from iepdesk.vault.lock import VaultLock
from iepdesk.vault.space import os_error, sqlite_error

if TYPE_CHECKING:  # SQLAlchemy is imported on first use: the app's first screen reads without it
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

__all__ = ["DB_NAME", "Vault", "default_vault_path"]

SUBFOLDERS = ("blobs", "cache", "backups", "tmp")
PRIVATE_DIR = 0o700  # the vault's folders: this account only (POSIX)
PRIVATE_FILE = 0o600  # its database and notes; originals are 0o400 (see BlobStore)


class Vault:
    """An open vault folder.

    ``Vault.open(path)`` takes the single-writer lock and brings the schema up to date. With
    ``write=False`` it takes no lock and changes nothing: reading is safe while the app is open.
    """

    def __init__(self, path: Path, lock: VaultLock | None, read_only_medium: bool = False) -> None:
        self.path = path
        self.db_path = path / DB_NAME
        self.read_only_medium = read_only_medium
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

            self._engine = make_engine(self.db_path, self.read_only_medium)
            self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        return self._engine

    @contextmanager
    def sqlite(self) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 connection (the same settings) for quick reads on hot paths: the document list,
        search. It is closed when the block ends."""
        connection = connect(self.db_path, self.read_only_medium)
        configure(connection, self.read_only_medium)
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
            path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
            for sub in SUBFOLDERS:
                (path / sub).mkdir(exist_ok=True, mode=PRIVATE_DIR)
            _make_private(path)
        except OSError as error:
            raise os_error(path, error, "making the vault") from error
        return cls.open(path, holder=holder)

    @classmethod
    def open(cls, path: Path, *, write: bool = True, holder: str = "IEPDesk") -> Vault:
        """Open the vault at ``path``. For writing, the lock is taken, what a dead process left is cleared, the
        schema is brought up to date and the database is checked (a damaged one is refused). For reading,
        nothing is locked; an old schema is brought up to date first when the vault is free to change."""
        from iepdesk.vault import scratch

        path = Path(path)
        db_path = path / DB_NAME
        if not path.is_dir():
            raise VaultNotFound(
                f"There is no vault at {path}. Make one with 'iepdesk init --vault {path}', "
                "or choose the folder that holds vault.sqlite."
            )
        scratch.sweep()
        if not write:
            if not db_path.exists():
                raise VaultNotFound(f"{path} is not an IEPDesk vault (it has no {DB_NAME}).")
            read_only = on_read_only_drive(path)
            if migrate.current_revision(db_path) != migrate.HEAD:
                _upgrade_for_reading(path, holder, read_only)
            return cls(path, None, read_only)
        if not db_path.exists() and not (path / "blobs").is_dir():
            raise VaultNotFound(
                f"There is no vault at {path}. Make one with 'iepdesk init --vault {path}'."
            )
        lock = VaultLock(path / ".lock")
        try:
            lock.acquire(holder)
        except OSError as error:
            raise os_error(path, error, "opening the vault for changes") from error
        try:
            try:
                for sub in SUBFOLDERS:
                    (path / sub).mkdir(exist_ok=True, mode=PRIVATE_DIR)
                _make_private(path)
                _clear_temporary(path / "tmp")
            except OSError as error:
                raise os_error(path, error, "opening the vault for changes") from error
            vault = cls(path, lock)
            vault.migration_snapshot = migrate.upgrade(db_path, path / "backups", path / "tmp")
            vault.check_database()
        except BaseException:
            lock.release()
            raise
        return vault

    @classmethod
    def unchecked(cls, path: Path) -> Vault:
        """The vault at ``path`` for reading what can be read of it, with nothing checked, locked or upgraded:
        for ``verify`` and ``repair``, which must work on a damaged vault."""
        path = Path(path)
        return cls(path, None, on_read_only_drive(path))

    def check_database(self) -> None:
        """SQLite's quick check of the whole database (a tenth of a second for a large vault): a damaged one is
        refused for changes, with what to do."""
        try:
            with self.sqlite() as con:
                problems = [row[0] for row in con.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as error:  # damage, or a full, failing or read-only drive: said as such
            raise sqlite_error(self.path, error, "opening the vault") from error
        if problems != ["ok"]:
            raise VaultDamaged(migrate.damaged_message(self.path, "; ".join(problems[:2])))

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
        from sqlalchemy import insert

        from iepdesk.vault.models import HistoryEntry

        # a Core statement, run now: cheaper than the ORM's unit of work, and in the same transaction
        session.execute(insert(HistoryEntry.table()), {
            "actor": actor, "action": action, "item_id": item_id, "summary": summary, "detail": detail or {}})




def _upgrade_for_reading(path: Path, holder: str, read_only: bool) -> None:
    """A command that only reads met a vault of an older schema: update it now, as a writer would."""
    if read_only:
        raise VaultReadOnly(
            f"The vault at {path} was made by an older IEPDesk and must be updated before it can be read, but "
            "it is on a drive that cannot be written. Copy the whole vault folder to your computer and open the "
            "copy (it is updated then)."
        )
    try:
        Vault.open(path, holder=holder).close()
    except VaultLocked as error:
        raise VaultLocked(f"{error} (The vault must be updated to this version of IEPDesk before it can be "
                          "read, and only the one that has it open can do that.)") from error


def _make_private(path: Path) -> None:
    """Folders 0700 and files 0600 (originals 0400) on POSIX: other accounts on the computer cannot read a
    child's records. Done in full once, for a vault made before this rule (its folder was 0755)."""
    if os.name == "nt":  # pragma: no cover - Windows keeps a user's files private by their profile's ACL
        return
    db = path / DB_NAME
    for file in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(PRIVATE_FILE)
    if not path.stat().st_mode & 0o077:
        return
    for root, dirs, files in os.walk(path):
        Path(root).chmod(PRIVATE_DIR)
        for name in files:
            file = Path(root) / name
            if file.is_symlink():
                continue
            in_blobs = Path(root).parent.name == "blobs" or Path(root).name == "blobs"
            file.chmod(0o400 if in_blobs else PRIVATE_FILE)
        dirs[:] = [d for d in dirs if not (Path(root) / d).is_symlink()]


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
