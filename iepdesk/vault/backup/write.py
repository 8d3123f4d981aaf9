"""Writing a backup: a consistent copy of the database and every original, checked before it is kept."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import sqlite3
import stat
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iepdesk import __version__
from iepdesk.errors import VaultDamaged
from iepdesk.progress import Progress, ProgressFn
from iepdesk.vault.backup.archive import check_archive
from iepdesk.vault.backup.format import (
    CHUNK,
    DB_MEMBER,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    SUFFIX,
    ArchiveReport,
    BackupError,
    BackupReport,
    _aware,
    _check_cancel,
    _remove,
)
from iepdesk.vault.blobs import fsync_dir
from iepdesk.vault.scratch import hidden_name, private_file, scratch
from iepdesk.vault.space import os_reason
from iepdesk.vault.vault import Vault


# -- backup ----------------------------------------------------------------------------------------------------
def default_name(now: dt.datetime | None = None) -> str:
    """``IEPDesk backup 2026-11-28 1930.iepbackup`` (local time)."""
    return f"IEPDesk backup {_aware(now).astimezone():%Y-%m-%d %H%M}{SUFFIX}"


def _unique(folder: Path, stem: str, suffix: str, joiner: str = " ({n})") -> Path:
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}{joiner.format(n=n)}{suffix}"
        n += 1
    return candidate


def _archive_path(out: Path, now: dt.datetime, overwrite: bool) -> Path:
    if out.is_dir():
        return _unique(out, default_name(now)[: -len(SUFFIX)], SUFFIX)
    if out.suffix == "":
        out = out.with_name(out.name + SUFFIX)
    if not out.parent.is_dir():
        raise BackupError(
            f"The folder {out.parent} does not exist, so the backup {out.name} cannot be written there. "
            "Plug in the drive, or choose another folder.", "folder_missing")
    if out.exists() and not overwrite:
        raise BackupError(f"{out} already exists. Choose another name; a backup never replaces a file unless "
                          "you confirm it.", "exists")
    if out.exists() and not out.is_file():
        raise BackupError(f"{out} is not a file. Choose another name for the backup.", "exists")
    return out


@dataclass
class _Snapshot:
    items: int
    trashed: int
    students: int
    schema: str
    history_id: int | None
    history_at: str | None
    shas: dict[str, list[tuple[int, str]]]  # sha256 → [(item id, title)]


def _copy_database(vault: Vault, dest: Path) -> _Snapshot:
    """SQLite's online backup through the vault's own engine: consistent, and the writer keeps going."""
    target = sqlite3.connect(private_file(dest))  # 0600 before SQLite writes a byte (its journal takes the mode)
    try:
        with vault.engine.connect() as connection:
            source = connection.connection.dbapi_connection
            source.backup(target)  # type: ignore[union-attr]  # one step: a consistent snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        problems = [row[0] for row in target.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise VaultDamaged(_damaged(vault, "; ".join(problems[:3])))
        facts = _facts(target)
    finally:
        target.close()
    return facts


def _facts(con: sqlite3.Connection) -> _Snapshot:
    schema = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    items, trashed = con.execute("SELECT count(*), count(trashed_at) FROM items").fetchone()
    students = con.execute("SELECT count(*) FROM students").fetchone()[0]
    history_id, history_at = con.execute("SELECT max(id), max(at) FROM history").fetchone()
    shas: dict[str, list[tuple[int, str]]] = {}
    for item_id, title, sha in con.execute("SELECT id, title, sha256 FROM items ORDER BY id"):
        shas.setdefault(sha, []).append((item_id, title))
    return _Snapshot(items, trashed, students, schema, history_id, str(history_at) if history_at else None, shas)


def _names(owners: list[tuple[int, str]]) -> str:
    return ", ".join(f"item {i} “{t}”" for i, t in owners[:3]) + (" …" if len(owners) > 3 else "")


def _member_info(name: str, when: dt.datetime, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.astimezone().timetuple()[:6])
    info.compress_type = compress
    info.create_system = 3  # Unix: the mode below is read by tools that honour it
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def backup(
    vault: Vault,
    out: Path,
    *,
    overwrite: bool = False,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    now: dt.datetime | None = None,
    automatic: bool = False,
) -> BackupReport:
    """Write one archive of ``vault`` at ``out`` (a file name, or a folder to name it in) and check it.

    Works on a vault opened read-only while another process writes to it. Raises ``BackupError`` (with the
    partial file removed) when it cannot be written, ``VaultDamaged`` when the database fails its check.
    """
    say = progress or (lambda _p: None)
    created = _aware(now)
    target = _archive_path(Path(out), created, overwrite)
    folder = target.parent
    with scratch(hidden_name(folder, "backup")) as tmp, \
            scratch(hidden_name(folder, "backup", ".sqlite.part")) as db_tmp:
        try:
            handle = os.fdopen(os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600), "w+b")
        except OSError as error:
            raise BackupError(f"Cannot write a backup in {folder}: {os_reason(error)}. Choose another folder.",
                              "not_writable") from error
        try:
            snap, check, warnings, complete = _write_archive(vault, handle, tmp, db_tmp, created, automatic, say,
                                                             cancel)
            if target.exists() and not overwrite:
                raise BackupError(f"{target} appeared while the backup was being made. Choose another name.",
                                  "exists")
            tmp.replace(target)
            fsync_dir(folder)
        except OSError as error:
            handle.close()
            raise BackupError(
                f"The backup {target.name} could not be written in {folder}: {os_reason(error)}. The unfinished "
                "file was removed and earlier backups were not touched. Free some space or choose another drive, "
                "then back up again.", "no_space" if error.errno in (errno.ENOSPC, errno.EFBIG) else "write_failed",
            ) from error
        except sqlite3.Error as error:
            handle.close()
            name = getattr(error, "sqlite_errorname", "")
            if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(error):
                raise VaultDamaged(_damaged(vault, str(error))) from error
            full = name == "SQLITE_FULL"
            reason = ("the drive is full" if full else
                      "writing the copy of the database failed (the drive may be full, unplugged or failing)"
                      if name.startswith("SQLITE_IOERR") else f"copying the database failed ({error})")
            raise BackupError(
                f"The backup {target.name} could not be written in {folder}: {reason}. The unfinished file was "
                "removed and earlier backups were not touched. Free some space or choose another drive, then back "
                "up again.", "no_space" if full else "write_failed") from error
        finally:
            handle.close()
    from iepdesk.vault.backups_known import note_backup

    note_backup(vault.path, target.resolve(), created, complete)
    if vault.path.resolve() in target.resolve().parents:
        warnings.append("This backup is inside the vault's own folder: it does not protect against losing this "
                        "computer or its disk. Copy it to another drive too.")
    return BackupReport(
        path=target, size=target.stat().st_size, sha256=_file_sha(target), created_at=created, schema=snap.schema,
        app_version=__version__, items=snap.items, blobs=check.blobs, blob_bytes=check.blob_bytes,
        automatic=automatic, complete=complete, warnings=tuple(warnings),
    )


def _damaged(vault: Vault, detail: str) -> str:
    from iepdesk.vault.migrate import damaged_message

    return (damaged_message(vault.path, detail, refused=False) +
            " No backup was made (a copy of a damaged database would not restore); earlier backups were not touched.")


def _write_archive(vault: Vault, handle: Any, tmp: Path, db_tmp: Path, created: dt.datetime, automatic: bool,
                   say: ProgressFn, cancel: threading.Event | None
                   ) -> tuple[_Snapshot, ArchiveReport, list[str], bool]:
    """The archive at ``tmp`` (open as ``handle``), flushed to disk and read back; what went into it."""
    warnings: list[str] = []
    say(Progress(0, 1, "Copying the database", "backup"))
    snap = _copy_database(vault, db_tmp)
    _check_cancel(cancel, "backup")
    entries: list[dict[str, Any]] = []
    damaged: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    total = len(snap.shas) + 1
    with handle:
        with zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
            entries.append(_add_file(archive, DB_MEMBER, db_tmp, created))
            _remove(db_tmp)
            for done, (sha, owners) in enumerate(sorted(snap.shas.items()), start=1):
                _check_cancel(cancel, "backup")
                say(Progress(done, total, f"Copying originals ({done} of {total - 1})", "backup"))
                name = f"blobs/{sha[:2]}/{sha}"
                try:
                    data = vault.blobs.read(sha)
                except FileNotFoundError:
                    missing.append({"sha256": sha, "items": [i for i, _ in owners]})
                    warnings.append(f"The original file of {_names(owners)} is missing from the vault, so it "
                                    "is not in this backup; an older backup may hold it.")
                    continue
                except OSError as error:
                    missing.append({"sha256": sha, "items": [i for i, _ in owners]})
                    warnings.append(f"The original file of {_names(owners)} could not be read "
                                    f"({error.strerror}), so it is not in this backup.")
                    continue
                digest = hashlib.sha256(data).hexdigest()
                if digest != sha:
                    damaged.append({"path": name, "items": [i for i, _ in owners]})
                    warnings.append(f"The original file of {_names(owners)} has been changed on disk since it "
                                    "was imported; it was backed up as found. An older backup may hold the "
                                    "file as imported ('iepdesk verify' explains).")
                archive.writestr(_member_info(name, created, zipfile.ZIP_STORED), data)
                entries.append({"path": name, "sha256": digest, "size": len(data)})
            manifest = _manifest(vault, snap, created, automatic, entries, damaged, missing)
            archive.writestr(_member_info(MANIFEST, created, zipfile.ZIP_DEFLATED),
                             json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    _check_cancel(cancel, "backup")
    say(Progress(total, total, "Checking the backup", "backup"))
    check = check_archive(tmp, cancel=cancel)
    if not check.ok:
        raise BackupError(
            f"The backup {tmp.name} was written but did not read back correctly, so it was removed "
            f"({check.problems[0].detail}). The drive may be failing: try another one. Earlier backups "
            "were not touched.", "write_failed")
    return snap, check, warnings, not (damaged or missing)


def _add_file(archive: zipfile.ZipFile, name: str, path: Path, when: dt.datetime) -> dict[str, Any]:
    size = path.stat().st_size
    info = _member_info(name, when, zipfile.ZIP_DEFLATED)
    info.file_size = size
    digest = hashlib.sha256()
    with path.open("rb") as src, archive.open(info, "w", force_zip64=size > 0x7FFFFFFF) as dst:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            digest.update(chunk)
            dst.write(chunk)
    return {"path": name, "sha256": digest.hexdigest(), "size": size}


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _vault_key(vault: Vault) -> str:
    return str(vault.path.resolve())


def _manifest(vault: Vault, snap: _Snapshot, created: dt.datetime, automatic: bool, entries: list[dict[str, Any]],
              damaged: list[dict[str, Any]], missing: list[dict[str, Any]]) -> dict[str, Any]:
    blobs = [e for e in entries if e["path"] != DB_MEMBER]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "schema": snap.schema,
        "created_at": created.isoformat(),
        "automatic": automatic,
        "vault": {"name": vault.path.name, "path": _vault_key(vault)},
        "items": snap.items,
        "trashed": snap.trashed,
        "students": snap.students,
        "last_change": {"history_id": snap.history_id, "at": snap.history_at},
        "blobs": len(blobs),
        "blob_bytes": sum(e["size"] for e in blobs),
        "complete": not (damaged or missing),
        "damaged": damaged,
        "missing": missing,
        "files": entries,
    }
