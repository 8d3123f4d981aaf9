"""Restoring an archive into a new folder, only after every check, through a hidden folder beside it."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

from iepdesk.errors import VaultError
from iepdesk.progress import Progress, ProgressFn
from iepdesk.vault import migrate
from iepdesk.vault.backup.archive import _in_order, _open_archive, _read_member, _Refused, _report, check_archive
from iepdesk.vault.backup.format import _OS_JUNK, DB_MEMBER, BackupError, RestoreReport, _check_cancel, _fsync_file
from iepdesk.vault.blobs import BlobStore, fsync_dir
from iepdesk.vault.migrations import HEAD
from iepdesk.vault.scratch import hidden_name, move_into_place, private_file, scratch
from iepdesk.vault.space import os_reason, size_text
from iepdesk.vault.vault import DB_NAME, Vault


# -- restore ---------------------------------------------------------------------------------------------------
def _check_target(target: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise BackupError(f"{target} already exists and is not a folder. Choose a new folder name to restore "
                          "into; restoring never replaces anything.", "target_exists")
    if target.is_dir():
        try:
            inside = [p.name for p in target.iterdir() if p.name not in _OS_JUNK]
        except OSError as error:
            raise BackupError(f"{target} cannot be read ({error.strerror}). Choose a new folder name to restore "
                              "into.", "not_writable") from error
        if inside:
            what = "a vault" if DB_NAME in inside else "other files"
            raise BackupError(f"{target} already holds {what}. Choose a new, empty folder to restore into; "
                              "restoring never replaces or mixes with an existing vault.", "target_exists")


def restore(
    archive: Path,
    target: Path,
    *,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> RestoreReport:
    """Restore a backup into a new vault at ``target`` (a folder that does not exist yet, or is empty).

    Everything is checked before anything is written; a refusal raises ``BackupError`` and leaves no file
    behind.
    """
    archive, target = Path(archive), Path(target)
    say = progress or (lambda _p: None)
    _check_target(target)
    checked = check_archive(archive, progress=progress, cancel=cancel)
    if not checked.ok:
        raise BackupError(checked.message("restored") + f"\nNothing was written at {target}.",
                          checked.problems[0].kind)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Cannot make the folder {parent} to restore into: {os_reason(error)}. Choose "
                          "another place.", "not_writable") from error
    try:
        free = shutil.disk_usage(parent).free
    except OSError:  # pragma: no cover - some network drives do not say
        free = None
    need = checked.total_bytes + 16 * 1024 * 1024
    if free is not None and free < need:
        raise BackupError(f"There is not enough free space in {parent} to restore {archive.name}: it needs "
                          f"{size_text(need)} and {size_text(free)} is free. Free some space or choose another "
                          "drive.", "no_space")
    with scratch(hidden_name(parent, "restoring", "")) as tmp:
        try:
            tmp.mkdir(mode=0o700)
        except OSError as error:
            raise BackupError(f"Cannot restore into {parent}: {os_reason(error)}. Choose a folder you can write "
                              "to.", "not_writable") from error
        try:
            report = _extract(archive, tmp, target, say, cancel)
            _check_target(target)
            move_into_place(tmp, target)
            fsync_dir(parent)
        except OSError as error:
            raise BackupError(f"Restoring {archive.name} into {target} failed: {os_reason(error)}. Nothing was "
                              f"kept at {target}. Free some space or choose another place, then try again.",
                              "no_space" if error.errno in (errno.ENOSPC, errno.EFBIG) else "write_failed"
                              ) from error
    snapshot = target / report.snapshot.relative_to(tmp) if report.snapshot else None
    return replace(report, path=target, snapshot=snapshot, warnings=checked.warnings + report.warnings)


def _extract(archive: Path, tmp: Path, target: Path, say: ProgressFn, cancel: threading.Event | None
             ) -> RestoreReport:
    try:
        opened = _open_archive(archive)
    except _Refused as refused:  # the file changed since it was checked
        raise BackupError(_report(archive, None, refused.problems).message("restored"),
                          refused.problems[0].kind) from None
    written = 0
    with opened.zf:
        (tmp / "blobs").mkdir()
        (tmp / "tmp").mkdir()
        store = BlobStore(tmp / "blobs", tmp / "tmp")
        names = _in_order(opened)
        for done, name in enumerate(names):
            _check_cancel(cancel, "restore")
            say(Progress(done, len(names), f"Restoring {name}", "restore"))
            if name == DB_MEMBER:
                with private_file(tmp / DB_NAME).open("wb") as handle:
                    problem = _read_member(opened, name, handle.write, archive)
                    handle.flush()
                    os.fsync(handle.fileno())
            else:
                parts: list[bytes] = []
                problem = _read_member(opened, name, parts.append, archive)
                if problem is None:
                    store.put(b"".join(parts), name.rsplit("/", 1)[1])  # the name, even for a damaged original
            if problem is not None:
                raise BackupError(_report(archive, None, (problem,)).message("restored") +
                                  f"\nNothing was written at {target}.", problem.kind)
            written += opened.entries[name]["size"]
        manifest = opened.manifest
    schema_from = manifest["schema"]
    try:
        found = migrate.current_revision(tmp / DB_NAME)
    except VaultError as error:
        raise BackupError(f"The database inside {archive.name} is not a readable IEPDesk vault ({error}). Use "
                          "another backup.", "damaged") from None
    if found != schema_from:
        raise BackupError(f"The database inside {archive.name} is at schema {found}, but its manifest says "
                          f"{schema_from}. Use another backup.", "bad_manifest")
    _check_schema(tmp / DB_NAME, schema_from, archive, target)  # the same as found, checked just above
    say(Progress(len(names), len(names), "Opening the restored vault", "restore"))
    try:
        with Vault.open(tmp, holder="IEPDesk restore") as vault:
            snapshot = vault.migration_snapshot
            with vault.engine.connect() as con:
                items = con.exec_driver_sql("SELECT count(*) FROM items").scalar() or 0
    except VaultError as error:
        raise BackupError(f"{archive.name} is sound, but the vault in it could not be opened with this version of "
                          f"IEPDesk: {error} Nothing was written at {target}.", "migration_failed") from None
    if items != manifest.get("items"):
        raise BackupError(f"The database inside {archive.name} holds {items} documents, but its manifest says "
                          f"{manifest.get('items')}. It was changed after it was made: use another backup. Nothing "
                          f"was written at {target}.", "bad_manifest")
    left_out = _leave_out_unused(tmp, names)
    for folder in (tmp / "blobs", *sorted(p for p in (tmp / "blobs").iterdir() if p.is_dir()), tmp):
        fsync_dir(folder)
    _fsync_file(tmp / DB_NAME)
    warnings = (f"{left_out} file(s) in {archive.name} belong to no document (a backup IEPDesk makes holds only "
                "the documents' originals, so it was changed after it was made); they were left out.",
                ) if left_out else ()
    return RestoreReport(
        archive=archive, path=tmp, items=int(items), blobs=len(names) - 1 - left_out, bytes=written,
        created_at=_report(archive, opened, ()).created_at, app_version=manifest.get("app_version"),
        schema_from=schema_from, schema=HEAD, migrated=snapshot is not None, snapshot=snapshot, warnings=warnings,
    )


def _leave_out_unused(tmp: Path, names: list[str]) -> int:
    """Remove the restored originals that no document names; how many there were."""
    con = sqlite3.connect(f"{(tmp / DB_NAME).resolve().as_uri()}?mode=ro", uri=True)
    try:
        used = {row[0] for row in con.execute("SELECT sha256 FROM items")}
    finally:
        con.close()
    unused = [name for name in names if name != DB_MEMBER and name.rsplit("/", 1)[1] not in used]
    for name in unused:
        (tmp / name).unlink(missing_ok=True)
    for folder in {(tmp / name).parent for name in unused}:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return len(unused)


def _check_schema(db: Path, revision: str, archive: Path, target: Path) -> None:
    """Refuse a database whose tables, indexes, triggers or views are not exactly what IEPDesk makes."""
    from iepdesk.vault.schema import differences

    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        lines = differences(con, revision)
    except sqlite3.DatabaseError as error:
        lines = [f"Its structure cannot be read ({error})."]
    finally:
        con.close()
    if lines:
        shown = "\n".join(f"  - {line}" for line in lines[:8])
        raise BackupError(f"{archive.name} cannot be restored: the database in it is not one IEPDesk makes.\n"
                          f"{shown}\nIt was not made by IEPDesk, or it was changed after it was made: do not use "
                          f"it. Use another backup. Nothing was written at {target}.", "bad_schema")
