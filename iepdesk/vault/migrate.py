"""Bring a vault's schema up to date with the Alembic migrations shipped in the package, so that nothing can
strand the vault.

The live database is never changed in place. With the vault's lock held it is switched out of WAL (every
commit is then in the one file), the migrations run on a copy in ``tmp/``, the copy is checked, and only then
is it renamed over ``vault.sqlite``. A process killed at any moment leaves either the old database, whole (and
a half-made copy in ``tmp/`` that the next open removes before it upgrades again), or the new one. The old
database is kept as ``backups/vault-before-upgrade-from-<revision>.sqlite`` (a hard link where the drive has
them, so it costs no room until the swap; only the newest such file is kept). A vault written by a newer
IEPDesk is refused, never touched.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from iepdesk.errors import IEPDeskError, VaultDamaged, VaultError, VaultLocked, VaultReadOnly, VaultTooNew
from iepdesk.vault.blobs import fsync_dir
from iepdesk.vault.database import connect, on_read_only_drive
from iepdesk.vault.migrations import HEAD
from iepdesk.vault.space import sqlite_error

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")
SNAPSHOT_PREFIX = "vault-before-upgrade-from-"
WORK_NAME = "upgrade.sqlite"


def _is_read_only(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorname", "").startswith("SQLITE_READONLY") or "readonly" in str(error)


def current_revision(db_path: Path) -> str | None:
    """The schema revision recorded in the database, or None for an empty database.

    The database is opened for writing when the folder allows it, so that SQLite can finish or roll back what
    a process that died left half done (a hot journal); on a read-only drive it is opened read-only.
    """
    if not db_path.exists():
        return None
    try:
        con = connect(db_path, on_read_only_drive(db_path.parent))
    except sqlite3.Error as error:
        raise sqlite_error(db_path.parent, error, "opening the vault") from error
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            if tables:
                raise VaultDamaged(
                    f"{db_path} is a database, but not an IEPDesk vault. Choose the vault's folder instead."
                )
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as error:
        if _is_read_only(error):
            raise VaultReadOnly(
                f"The vault at {db_path.parent} cannot be read where it is: an IEPDesk that stopped in the middle "
                "of a change left it to be finished, and the drive is read-only. Copy the whole vault folder to "
                "your computer and open the copy."
            ) from error
        raise sqlite_error(db_path.parent, error, "opening the vault") from error
    finally:
        con.close()


def damaged_message(vault_path: Path, detail: str = "", refused: bool = True) -> str:
    """The sentence for a vault whose database is damaged: what to do, naming the newest backup known
    (``refused``: it ends by saying nothing was changed)."""
    from iepdesk.vault.backups_known import newest_backup

    found = newest_backup(vault_path)
    where = f"restore from the backup {found}" if found else "restore it from your newest backup"
    why = f" ({detail})" if detail else ""
    return (f"The database of the vault at {vault_path} is damaged{why}: {where}, or run 'iepdesk repair "
            f"NEW_FOLDER --vault \"{vault_path}\"' to save what can be read into a new vault." +
            (" Nothing was changed." if refused else ""))


def _alembic_config() -> Config:  # imported lazily: Alembic is only needed when the schema changes
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def run_migrations(engine: Engine, target: str = "head") -> None:
    """Alembic's upgrade to ``target`` on the database behind ``engine``."""
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def migrate_connection(con: sqlite3.Connection, target: str = "head") -> None:
    """Run the migrations on an open connection (it stays open)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", creator=lambda: con, poolclass=StaticPool)
    run_migrations(engine, target)


def upgrade(db_path: Path, backups: Path, tmp: Path, target: str = "head") -> Path | None:
    """Migrate the database at ``db_path`` to ``target``; the caller holds the vault's lock.

    Returns the copy of the database as it was (None when nothing needed doing or the vault is new).
    """
    current = current_revision(db_path)
    if current == (HEAD if target == "head" else target):
        return None
    if current is not None and current not in known_revisions():
        raise VaultTooNew(
            f"This vault was made by a newer version of IEPDesk (schema {current}). "
            "Install the newest IEPDesk to open it; this version will not change it."
        )
    if current is None:  # a new vault: nothing to keep, nothing to lose
        os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))  # SQLite gives its -wal and -shm this mode
        con = sqlite3.connect(db_path)
        try:
            migrate_connection(con, target)
            con.commit()
        finally:
            con.close()
        return None
    _leave_wal(db_path)
    saved = _keep_old(db_path, backups, current)
    work = tmp / WORK_NAME
    _remove_database(work)
    try:
        shutil.copyfile(db_path, work)
        work.chmod(0o600)
        con = sqlite3.connect(work)
        try:
            from iepdesk.vault.schema import drop_unfinished

            drop_unfinished(con, current)
            con.commit()
            migrate_connection(con, target)
            con.commit()
            problems = [row[0] for row in con.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise VaultDamaged(damaged_message(db_path.parent, "; ".join(problems[:3])))
        finally:
            con.close()
        with work.open("rb+") as handle:
            os.fsync(handle.fileno())
        work.replace(db_path)
        fsync_dir(db_path.parent)
    except OSError as error:
        _remove_database(work)
        raise _os_failure(db_path.parent, error) from error
    except VaultError:
        _remove_database(work)
        raise
    except Exception as error:
        _remove_database(work)
        detail = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise VaultError(
            f"Updating the vault to this version of IEPDesk failed ({detail}). The vault was left exactly as it "
            f"was (a copy is also kept at {saved}). Please report this problem."
        ) from error
    for older in backups.glob(f"{SNAPSHOT_PREFIX}*.sqlite"):
        if older != saved:
            older.unlink(missing_ok=True)
    return saved


def _leave_wal(db_path: Path) -> None:
    """Put every commit into the database file itself (no -wal beside it), so that a copy of the file is the
    whole database. Refused while another process has the database open."""
    con = sqlite3.connect(db_path, timeout=10)
    try:
        mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise sqlite_error(db_path.parent, error, "updating the vault") from error
    finally:
        con.close()
    if mode != "delete":
        raise VaultLocked(
            f"The vault at {db_path.parent} must be updated to this version of IEPDesk, and another IEPDesk "
            "window or command is reading it. Close it, then try again."
        )


def _keep_old(db_path: Path, backups: Path, revision: str) -> Path:
    """The database as it is now, kept in ``backups/`` before the swap (atomically, once per revision)."""
    backups.mkdir(exist_ok=True)
    target = backups / f"{SNAPSHOT_PREFIX}{revision}.sqlite"
    part = backups / f".{target.name}.part"
    part.unlink(missing_ok=True)
    if target.exists() and target.samefile(db_path):
        return target  # an upgrade stopped before the swap kept it already (a rename onto itself does nothing)
    try:
        os.link(db_path, part)
    except OSError:  # a drive without hard links (FAT, some network drives): a copy
        shutil.copyfile(db_path, part)
        with part.open("rb+") as handle:
            os.fsync(handle.fileno())
    part.chmod(0o600)
    part.replace(target)
    fsync_dir(backups)
    return target


def _remove_database(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _os_failure(vault_path: Path, error: OSError) -> IEPDeskError:
    from iepdesk.vault.space import os_error

    return os_error(vault_path, error, "updating the vault to this version of IEPDesk")

