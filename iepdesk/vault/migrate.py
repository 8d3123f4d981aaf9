"""Bring a vault's schema up to date with the Alembic migrations shipped in the package.

Before an existing vault is changed, a snapshot of its database is taken into ``backups/``; if a migration
fails, the snapshot is put back and the vault is exactly as it was. A vault written by a newer IEPDesk is
refused, never touched.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from iepdesk.errors import VaultDamaged, VaultError, VaultTooNew
from iepdesk.vault.migrations import HEAD

if TYPE_CHECKING:
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(db_path: Path) -> str | None:
    """The schema revision recorded in the database, or None for an empty database."""
    if not db_path.exists():
        return None
    con = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
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
        raise VaultDamaged(
            f"The vault database {db_path} cannot be read ({error}). Restore it from a backup, "
            "or run 'iepdesk verify' for details."
        ) from error
    finally:
        con.close()


def _alembic_config():  # imported lazily: Alembic is only needed when the schema changes
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def snapshot(db_path: Path, backups: Path, label: str) -> Path:
    """A consistent copy of the database (SQLite's online backup), named for when and why."""
    backups.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups / f"vault-{label}-{stamp}.sqlite"
    source = sqlite3.connect(db_path)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return target


def upgrade(engine: Engine | Callable[[], Engine], db_path: Path, backups: Path,
            target: str = "head") -> Path | None:
    """Migrate to ``target``; return the snapshot taken first (None for a new, empty vault). ``engine`` may be
    a function that makes it: an up-to-date vault then never needs one here."""
    current = current_revision(db_path)
    if current == HEAD and target == "head":
        return None
    if current is not None and current not in known_revisions():
        raise VaultTooNew(
            f"This vault was made by a newer version of IEPDesk (schema {current}). "
            "Install the newest IEPDesk to open it; this version will not change it."
        )
    saved = snapshot(db_path, backups, f"before-upgrade-from-{current}") if current else None
    if callable(engine):
        engine = engine()
    from alembic import command

    config = _alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    except Exception as error:
        engine.dispose()
        if saved is not None:
            _restore(saved, db_path)
            raise VaultError(
                f"Updating the vault to this version of IEPDesk failed ({error}). The vault was put back "
                f"exactly as it was (copy kept at {saved}). Please report this problem."
            ) from error
        raise
    return saved


def _restore(saved: Path, db_path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(saved, tmp)
    tmp.replace(db_path)
