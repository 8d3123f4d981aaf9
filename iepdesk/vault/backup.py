"""Backups a parent can trust: one archive file, checked after writing, restored only after every check.

An archive (``*.iepbackup``) is a ZIP file holding

- ``vault.sqlite``: a consistent copy of the database, made with SQLite's online backup from a read
  connection (so the app may stay open and keep writing), checked with ``PRAGMA integrity_check``;
- ``blobs/ab/<sha256>``: every original file an item names, stored uncompressed (PDFs and photos do not
  compress);
- ``manifest.json``: format version, app version, schema revision, when it was made, counts, the vault it
  came from, the newest history line it holds, and each member's path, SHA-256 and size.

Writing goes to a hidden temporary file beside the archive, which is flushed to disk, read back and checked
against the manifest, and only then renamed into place: a failure (a full disk, a pulled drive, Cancel)
removes the temporary file and leaves every other file in the folder as it was.

Restoring checks the manifest, every member's name, type and size, and every hash before anything is written;
then extracts into a hidden folder beside the target, checking each hash again; checks that the database holds
exactly the tables, indexes and triggers IEPDesk's own migrations make for its schema (a backup that brings a
trigger or view of its own is refused, by name) and as many documents as its manifest says; opens it once as a
vault (which migrates an archive made by an older IEPDesk) and renames it into place. It never writes into a
folder that holds anything. What a backup may hold is limited up front, before anything is unpacked: one
original at most 512 MB, the manifest 64 MB, the database 16 GB and at most 50 times its packed size (plus
64 MB), every other member at most 200 times its packed size, and the whole must fit in the free space.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import threading
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from iepdesk import __version__
from iepdesk.errors import IEPDeskError, VaultDamaged, VaultError
from iepdesk.limits import MAX_RESTORE_DB_RATIO
from iepdesk.progress import Progress, ProgressFn
from iepdesk.vault import migrate
from iepdesk.vault.blobs import BlobStore, fsync_dir
from iepdesk.vault.migrations import HEAD
from iepdesk.vault.scratch import hidden_name, move_into_place, private_file, scratch
from iepdesk.vault.space import os_reason, size_text
from iepdesk.vault.vault import DB_NAME, Vault

FORMAT = "iepdesk-backup"
FORMAT_VERSION = 1
SUFFIX = ".iepbackup"
MANIFEST = "manifest.json"
DB_MEMBER = "vault.sqlite"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_BLOB_BYTES = 512 * 1024 * 1024  # one original: the import limit is 200 MB
MAX_DB_BYTES = 16 * 1024 * 1024 * 1024
MAX_RATIO = 200  # no original or manifest in a real backup expands more than this (originals are stored)
DB_RATIO_FLOOR = 64 * 1024 * 1024  # a database this small may pack as tightly as it likes
KEEP_DEFAULT = 10
AUTO_INTERVAL = dt.timedelta(hours=24)
CHUNK = 1 << 20

_BLOB_MEMBER = re.compile(r"^blobs/([0-9a-f]{2})/([0-9a-f]{64})$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
_AUTO_NAME = re.compile(r"^IEPDesk auto-backup (\d{4}-\d{2}-\d{2} \d{4})(?:-\d+)? \((.*)\)\.iepbackup$")
_OS_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", ".localized"}


# -- errors, progress and reports ------------------------------------------------------------------------------
class BackupError(IEPDeskError):
    """A backup, restore or check that could not be done; the message says which file, what and what to do.

    ``code`` names the reason for programs: ``not_found``, ``not_archive``, ``truncated``, ``damaged``,
    ``hash_mismatch``, ``size_mismatch``, ``missing_member``, ``not_listed``, ``unsafe_name``, ``link``,
    ``oversized``, ``encrypted``, ``bad_manifest``, ``bad_schema``, ``too_new``, ``target_exists``, ``not_writable``,
    ``no_space``, ``write_failed``, ``folder_missing``, ``exists``, ``cancelled``, ``migration_failed``.
    """

    exit_code = 1

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (str(self), self.code))




@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int  # bytes of the archive file
    sha256: str  # of the archive file
    created_at: dt.datetime
    schema: str
    app_version: str
    items: int
    blobs: int
    blob_bytes: int
    automatic: bool = False
    complete: bool = True  # every original an item names is in it, unaltered
    warnings: tuple[str, ...] = ()
    removed: tuple[Path, ...] = ()  # older automatic backups pruned after this one was made

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path), "size": self.size, "sha256": self.sha256,
            "created_at": self.created_at.isoformat(), "schema": self.schema, "app_version": self.app_version,
            "items": self.items, "blobs": self.blobs, "blob_bytes": self.blob_bytes, "automatic": self.automatic,
            "complete": self.complete, "warnings": list(self.warnings), "removed": [str(p) for p in self.removed],
        }


@dataclass(frozen=True)
class ArchiveProblem:
    kind: str  # one of BackupError's codes
    detail: str

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "detail": self.detail}


@dataclass(frozen=True)
class ArchiveReport:
    path: Path
    problems: tuple[ArchiveProblem, ...] = ()
    created_at: dt.datetime | None = None
    app_version: str | None = None
    schema: str | None = None
    items: int = 0
    blobs: int = 0
    blob_bytes: int = 0
    total_bytes: int = 0  # everything a restore writes
    automatic: bool = False
    complete: bool = True
    vault_name: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def message(self, doing: str = "used") -> str:
        """One plain paragraph for a person: which file, what is wrong, what to do."""
        if self.ok:
            return f"{self.path.name} is a sound IEPDesk backup."
        lines = [p.detail for p in self.problems[:8]]
        if len(self.problems) > 8:
            lines.append(f"…and {len(self.problems) - 8} more problem(s) like these.")
        kinds = {p.kind for p in self.problems}
        if kinds & {"unsafe_name", "link", "not_listed", "encrypted"}:
            advice = ("It was not made by IEPDesk, or it was changed after it was made: do not use it. "
                      "Use another backup.")
        elif "too_new" in kinds:
            advice = "Install the newest IEPDesk, then try again."
        elif kinds & {"not_found"}:
            advice = "Check the name and the drive (is it plugged in?), then try again."
        elif kinds & {"not_archive", "bad_manifest"}:
            advice = "Choose a file whose name ends in .iepbackup, made by IEPDesk's Back up."
        else:
            advice = ("Use another copy of this backup (the one on another drive, or an older one). "
                      "If it was copied from somewhere, copy it again.")
        head = f"{self.path} cannot be {doing}:"
        return head + "\n" + "\n".join(f"  - {line}" for line in lines) + f"\n{advice}"

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path), "ok": self.ok, "problems": [p.as_json() for p in self.problems],
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "app_version": self.app_version, "schema": self.schema, "items": self.items, "blobs": self.blobs,
            "blob_bytes": self.blob_bytes, "total_bytes": self.total_bytes, "automatic": self.automatic,
            "complete": self.complete, "vault_name": self.vault_name, "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class RestoreReport:
    archive: Path
    path: Path  # the restored vault
    items: int
    blobs: int
    bytes: int  # written: the database and every original
    created_at: dt.datetime | None  # when the backup was made
    app_version: str | None  # the IEPDesk that made it
    schema_from: str
    schema: str
    migrated: bool
    snapshot: Path | None  # the database as it came from the archive, when it was migrated
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "archive": str(self.archive), "path": str(self.path), "items": self.items, "blobs": self.blobs,
            "bytes": self.bytes, "created_at": self.created_at.isoformat() if self.created_at else None,
            "app_version": self.app_version, "schema_from": self.schema_from, "schema": self.schema,
            "migrated": self.migrated, "snapshot": str(self.snapshot) if self.snapshot else None,
            "warnings": list(self.warnings),
        }


# -- small helpers ---------------------------------------------------------------------------------------------
def _aware(now: dt.datetime | None) -> dt.datetime:
    """``now`` as an aware time (a naive one is taken as local time), to the second."""
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.replace(microsecond=0)


def _check_cancel(cancel: threading.Event | None, what: str) -> None:
    if cancel is not None and cancel.is_set():
        raise BackupError(f"The {what} was cancelled; nothing was kept.", "cancelled")


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # pragma: no cover - nothing more can be done; the caller is already failing
        pass


def _fsync_file(path: Path) -> None:
    with path.open("r+b") as handle:  # Windows flushes only a handle open for writing
        os.fsync(handle.fileno())


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


# -- reading and checking an archive ---------------------------------------------------------------------------
class _Refused(Exception):
    def __init__(self, *problems: ArchiveProblem) -> None:
        super().__init__(problems[0].detail)
        self.problems = problems


@dataclass
class _Opened:
    zf: zipfile.ZipFile
    manifest: dict[str, Any]
    entries: dict[str, dict[str, Any]]  # path → {"sha256", "size"}
    infos: dict[str, zipfile.ZipInfo]
    warnings: list[str] = field(default_factory=list)


def _problem(kind: str, detail: str) -> _Refused:
    return _Refused(ArchiveProblem(kind, detail))


def _unsafe(name: str) -> str | None:
    """Why a member name could write outside the folder it is restored into, or None."""
    if "\x00" in name:
        return f"an entry whose name holds a NUL character ({name!r})"
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return f"an entry with an absolute path (“{name}”)"
    if "\\" in name:
        return f"an entry whose name uses backslashes (“{name}”)"
    parts = name.split("/")
    if ".." in parts:
        return f"an entry that points outside the folder it would be restored into (“{name}”)"
    if any(part in ("", ".") for part in parts):
        return f"an entry with an unusual path (“{name}”)"
    return None


def _allowed(name: str) -> bool:
    match = _BLOB_MEMBER.match(name)
    return name in (MANIFEST, DB_MEMBER) or (match is not None and match.group(2).startswith(match.group(1)))


def _packed_cap(name: str, packed: int) -> int:
    """How large a member packed into ``packed`` bytes may grow when unpacked."""
    if name == DB_MEMBER:
        return max(DB_RATIO_FLOOR, packed * MAX_RESTORE_DB_RATIO)
    return packed * MAX_RATIO + CHUNK


def _cap(name: str) -> int:
    return MAX_DB_BYTES if name == DB_MEMBER else MAX_MANIFEST_BYTES if name == MANIFEST else MAX_BLOB_BYTES


def _open_archive(path: Path) -> _Opened:
    """Open and check everything that can be checked without reading members' contents."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except FileNotFoundError:
        raise _problem("not_found", f"There is no file {path}.") from None
    except IsADirectoryError:
        raise _problem("not_archive", f"{path} is a folder, not a backup file.") from None
    except OSError as error:
        raise _problem("not_found", f"{path} cannot be read ({error.strerror}).") from None
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as error:
        if magic == b"PK\x03\x04":
            raise _problem("truncated", f"{path.name} is cut short or damaged: its table of contents cannot be "
                           f"read ({error}). It may not have finished copying.") from None
        raise _problem("not_archive", f"{path.name} is not an IEPDesk backup (it is not a ZIP archive)."
                       ) from None
    try:
        return _check_structure(path, zf)
    except BaseException:
        zf.close()
        raise


def _check_structure(path: Path, zf: zipfile.ZipFile) -> _Opened:
    infos: dict[str, zipfile.ZipInfo] = {}
    problems: list[ArchiveProblem] = []
    for info in zf.infolist():
        name = info.filename
        why = _unsafe(name)
        mode = info.external_attr >> 16
        if why:
            problems.append(ArchiveProblem("unsafe_name", f"{path.name} holds {why}."))
        elif stat.S_ISLNK(mode):
            problems.append(ArchiveProblem("link", f"{path.name} holds a link (“{name}”); a backup holds only "
                                           "plain files."))
        elif info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            problems.append(ArchiveProblem("not_listed", f"{path.name} holds “{name}”, which is not a plain file."))
        elif name in infos:
            problems.append(ArchiveProblem("not_listed", f"{path.name} holds two entries named “{name}”."))
        elif info.flag_bits & 0x1:
            problems.append(ArchiveProblem("encrypted", f"{path.name} holds an encrypted entry (“{name}”)."))
        elif info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.append(ArchiveProblem("not_listed", f"{path.name} holds “{name}” in a compression IEPDesk "
                                           "does not write."))
        elif info.file_size > _cap(name) or info.file_size > _packed_cap(name, info.compress_size):
            problems.append(ArchiveProblem("oversized", f"{path.name} holds “{name}”, which would expand to "
                                           f"{size_text(info.file_size)}: more than any IEPDesk backup holds."))
        infos.setdefault(name, info)
    if problems:
        raise _Refused(*problems)
    if MANIFEST not in infos:
        raise _problem("not_archive", f"{path.name} is a ZIP archive but not an IEPDesk backup (it has no "
                       f"{MANIFEST}).")
    manifest = _read_manifest(path, zf, infos[MANIFEST])
    entries = _manifest_entries(path, manifest)
    for name in infos:
        if name != MANIFEST and name not in entries:
            problems.append(ArchiveProblem("not_listed", f"{path.name} holds “{name}”, which its manifest does "
                                           "not list."))
        elif name != MANIFEST and not _allowed(name):
            problems.append(ArchiveProblem("not_listed", f"{path.name} holds “{name}”, which is not part of a "
                                           "vault."))
    for name, entry in entries.items():
        member = infos.get(name)
        if member is None:
            problems.append(ArchiveProblem("missing_member", f"{path.name} lacks “{name}”, which its manifest "
                                           "lists."))
        elif member.file_size > entry["size"]:
            problems.append(ArchiveProblem("oversized", f"In {path.name}, “{name}” is larger than its manifest "
                                           f"says ({size_text(member.file_size)}, not {size_text(entry['size'])})."))
        elif member.file_size != entry["size"]:
            problems.append(ArchiveProblem("size_mismatch", f"In {path.name}, “{name}” is smaller than its "
                                           f"manifest says ({size_text(member.file_size)}, not "
                                           f"{size_text(entry['size'])})."))
    if problems:
        raise _Refused(*problems)
    return _Opened(zf, manifest, entries, infos)


def _read_manifest(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict[str, Any]:
    try:
        with zf.open(info) as handle:
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
        manifest = json.loads(raw.decode("utf-8"))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise _problem("damaged", f"The manifest of {path.name} is damaged ({error}).") from None
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: lists nested thousands deep
        raise _problem("bad_manifest", f"The manifest of {path.name} is not readable JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _problem("bad_manifest", f"{path.name} is a ZIP archive, but its manifest is not an IEPDesk "
                       "backup's.")
    version = manifest.get("format_version")
    made_by = manifest.get("app_version") or "a newer version"
    if not isinstance(version, int):
        raise _problem("bad_manifest", f"The manifest of {path.name} has no format version.")
    if version > FORMAT_VERSION:
        raise _problem("too_new", f"{path.name} was made by a newer IEPDesk ({made_by}; backup format {version}); "
                       f"this version ({__version__}) reads format {FORMAT_VERSION} and will not restore it.")
    schema = manifest.get("schema")
    if not isinstance(schema, str) or not schema:
        raise _problem("bad_manifest", f"The manifest of {path.name} does not say which vault schema it holds.")
    if schema != HEAD and schema not in migrate.known_revisions():
        raise _problem("too_new", f"{path.name} was made by a newer IEPDesk ({made_by}, vault schema {schema}); "
                       f"this version ({__version__}) knows schemas up to {HEAD} and will not restore it.")
    return manifest


def _manifest_entries(path: Path, manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    files = manifest.get("files")
    bad = _problem("bad_manifest", f"The manifest of {path.name} has a malformed list of files.")
    if not isinstance(files, list):
        raise bad
    entries: dict[str, dict[str, Any]] = {}
    for entry in files:
        if not isinstance(entry, dict):
            raise bad
        name, sha, size = entry.get("path"), entry.get("sha256"), entry.get("size")
        if not isinstance(name, str) or not isinstance(sha, str) or not _SHA.match(sha):
            raise bad
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise bad
        why = _unsafe(name)
        if why:
            raise _problem("unsafe_name", f"The manifest of {path.name} lists {why}.")
        if not _allowed(name) or name == MANIFEST:
            raise _problem("bad_manifest", f"The manifest of {path.name} lists “{name}”, which is not part of a "
                           "vault.")
        if name in entries:
            raise _problem("bad_manifest", f"The manifest of {path.name} lists “{name}” twice.")
        if size > _cap(name):
            raise _problem("oversized", f"The manifest of {path.name} lists “{name}” at {size_text(size)}: more "
                           "than any IEPDesk backup holds.")
        entries[name] = {"sha256": sha, "size": size}
    if DB_MEMBER not in entries:
        raise _problem("bad_manifest", f"{path.name} holds no database ({DB_MEMBER}).")
    damaged = {d.get("path") for d in manifest.get("damaged") or [] if isinstance(d, dict)}
    for name, entry in entries.items():
        match = _BLOB_MEMBER.match(name)
        if match and entry["sha256"] != match.group(2) and name not in damaged:
            raise _problem("bad_manifest", f"The manifest of {path.name} gives “{name}” a different SHA-256 "
                           "than its name.")
    return entries


def _read_member(opened: _Opened, name: str, sink: Callable[[bytes], object] | None, path: Path
                 ) -> ArchiveProblem | None:
    """Read one member, at most the size its manifest gives, checking its SHA-256; None when it matches."""
    entry = opened.entries[name]
    digest = hashlib.sha256()
    size = 0
    try:
        with opened.zf.open(opened.infos[name]) as src:
            while True:
                chunk = src.read(min(CHUNK, entry["size"] + 1 - size))
                if not chunk:
                    break
                size += len(chunk)
                if size > entry["size"]:
                    return ArchiveProblem("oversized", f"In {path.name}, “{name}” holds more than its manifest "
                                          "says.")
                digest.update(chunk)
                if sink is not None:
                    sink(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        return ArchiveProblem("damaged", f"In {path.name}, “{name}” is damaged ({error}).")
    if size != entry["size"]:
        return ArchiveProblem("size_mismatch", f"In {path.name}, “{name}” is shorter than its manifest says.")
    if digest.hexdigest() != entry["sha256"]:
        return ArchiveProblem("hash_mismatch", f"In {path.name}, “{name}” does not match the SHA-256 its manifest "
                              "gives: it was changed or damaged after the backup was made.")
    return None


def _in_order(opened: _Opened) -> list[str]:
    """Members in the order they lie in the file (one pass over the disk)."""
    return sorted(opened.entries, key=lambda n: opened.infos[n].header_offset)


def _report(path: Path, opened: _Opened | None, problems: tuple[ArchiveProblem, ...]) -> ArchiveReport:
    if opened is None:
        return ArchiveReport(path=path, problems=problems)
    m = opened.manifest
    blobs = [e for n, e in opened.entries.items() if n != DB_MEMBER]
    warnings = []
    if m.get("damaged") or m.get("missing"):
        warnings.append(f"When this backup was made, {len(m.get('missing') or [])} original file(s) were missing "
                        f"from the vault and {len(m.get('damaged') or [])} had been changed on disk; they are in it "
                        "as they were found.")
    try:
        created = dt.datetime.fromisoformat(m["created_at"]) if isinstance(m.get("created_at"), str) else None
    except ValueError:
        created = None
    vault: dict[str, Any] = m["vault"] if isinstance(m.get("vault"), dict) else {}
    items = m.get("items")
    return ArchiveReport(
        path=path, problems=problems, created_at=created, app_version=str(m.get("app_version") or ""),
        schema=m.get("schema"), items=items if isinstance(items, int) else 0, blobs=len(blobs),
        blob_bytes=sum(e["size"] for e in blobs), total_bytes=sum(e["size"] for e in opened.entries.values()),
        automatic=bool(m.get("automatic")), complete=bool(m.get("complete", True)),
        vault_name=vault.get("name"), warnings=tuple(warnings),
    )


def check_archive(
    archive: Path, *, progress: ProgressFn | None = None, cancel: threading.Event | None = None
) -> ArchiveReport:
    """Read a backup through and check its manifest, every name and every hash; writes nothing.

    Problems with the archive come back in the report (``ok`` is False); only Cancel raises.
    """
    path = Path(archive)
    say = progress or (lambda _p: None)
    try:
        opened = _open_archive(path)
    except _Refused as refused:
        return _report(path, None, refused.problems)
    problems: list[ArchiveProblem] = []
    with opened.zf:
        names = _in_order(opened)
        for done, name in enumerate(names):
            _check_cancel(cancel, "check")
            say(Progress(done, len(names), f"Checking {name}", "check"))
            try:
                problem = _read_member(opened, name, None, path)
            except OSError as error:
                problem = ArchiveProblem("damaged", f"{path.name} could not be read to the end ({error.strerror}).")
            if problem is not None:
                problems.append(problem)
                if problem.kind == "damaged" and "could not be read" in problem.detail:
                    break
        return _report(path, opened, tuple(problems))


def read_manifest(archive: Path) -> dict[str, Any]:
    """The manifest of a backup, after the checks that need no reading of its contents (fast)."""
    try:
        opened = _open_archive(Path(archive))
    except _Refused as refused:
        raise BackupError(_report(Path(archive), None, refused.problems).message("read"),
                          refused.problems[0].kind) from None
    opened.zf.close()
    return opened.manifest


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


# -- automatic backups -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Found:
    path: Path
    created: dt.datetime
    vault: str | None
    history_id: int | None
    schema: str | None
    complete: bool


def _auto_name(vault: Vault, now: dt.datetime) -> tuple[str, str]:
    """The name's stem and tail: ``IEPDesk auto-backup 2026-11-28 1930`` + `` (Vault).iepbackup``."""
    label = re.sub(r"[^\w .-]+", "", vault.path.name).strip(" .") or "vault"
    return f"IEPDesk auto-backup {now.astimezone():%Y-%m-%d %H%M}", f" ({label[:40]}){SUFFIX}"


def _automatic_backups(folder: Path, now: dt.datetime | None = None) -> tuple[list[_Found], list[Path]]:
    """This feature's archives in ``folder`` (by name), newest first; and those whose manifest cannot be read.
    One dated more than a day after ``now`` (a clock that was wrong) comes last, so it is pruned in its turn
    instead of being kept for ever as "the newest"."""
    found: list[_Found] = []
    unreadable: list[Path] = []
    try:
        candidates = [p for p in folder.iterdir() if _AUTO_NAME.match(p.name) and p.is_file()]
    except OSError:
        return [], []
    for path in candidates:
        try:
            manifest = read_manifest(path)
            created = dt.datetime.fromisoformat(manifest["created_at"])
            if created.tzinfo is None:
                created = created.replace(tzinfo=dt.UTC)
            vault = manifest.get("vault") or {}
            last = manifest.get("last_change") or {}
        except (BackupError, KeyError, TypeError, ValueError, AttributeError):
            unreadable.append(path)
            continue
        if not manifest.get("automatic"):
            continue
        found.append(_Found(path, created, vault.get("path"), last.get("history_id"), manifest.get("schema"),
                            bool(manifest.get("complete", True))))
    horizon = _aware(now) + AUTO_INTERVAL
    found.sort(key=lambda f: (f.created <= horizon, f.created, f.path.name), reverse=True)
    return found, unreadable


def _current_history_id(vault: Vault) -> int | None:
    with vault.engine.connect() as con:
        return con.exec_driver_sql("SELECT max(id) FROM history").scalar()


def last_backup(folder: Path, vault: Vault | None = None) -> tuple[dt.datetime, Path] | None:
    """When the newest automatic backup in ``folder`` (of ``vault``, when given) was made (local time), and where.

    Reads manifests only: quick enough for the window's "last backup: …" line.
    """
    found, _ = _automatic_backups(Path(folder))
    if vault is not None:
        found = [f for f in found if f.vault == _vault_key(vault)]
    if not found:
        return None
    return found[0].created.astimezone(), found[0].path


def auto_backup(
    vault: Vault,
    folder: Path,
    keep: int = KEEP_DEFAULT,
    now: dt.datetime | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> BackupReport | None:
    """Back up into ``folder`` if anything changed since this vault's newest automatic backup there and that one
    is at least a day old; then keep the newest ``keep`` of them (never removing the newest complete one that
    checks good). Returns None when no backup was due; raises ``BackupError`` when one was due and failed.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    folder = Path(folder)
    moment = _aware(now)
    if not folder.is_dir():
        raise BackupError(f"The backup folder {folder} is not there (is its drive plugged in?), so no automatic "
                          "backup was made. Plug the drive in, or choose another folder in the settings.",
                          "folder_missing")
    key = _vault_key(vault)
    found, _ = _automatic_backups(folder, moment)
    mine = [f for f in found if f.vault == key]
    newest = mine[0] if mine else None
    current = _current_history_id(vault)
    if newest is None and current is None:
        return None  # a new, empty vault: nothing to keep yet
    if newest is not None and newest.history_id == current and newest.schema == HEAD:
        return None  # nothing changed
    if newest is not None and dt.timedelta(0) <= moment - newest.created < AUTO_INTERVAL:
        return None  # one a day at most (a clock set back by more than a day does not stop backups)
    stem, tail = _auto_name(vault, moment)
    target = _unique(folder, stem, tail, joiner="-{n}")
    report = backup(vault, target, progress=progress, cancel=cancel, now=moment, automatic=True)
    removed, warnings = _prune(folder, key, keep, report, moment)
    return replace(report, removed=tuple(removed), warnings=report.warnings + tuple(warnings))


def _prune(folder: Path, key: str, keep: int, made: BackupReport, now: dt.datetime
           ) -> tuple[list[Path], list[str]]:
    found, unreadable = _automatic_backups(folder, now)
    mine = [f for f in found if f.vault == key]
    protected: Path | None = made.path if made.complete else None
    if protected is None:  # the vault was damaged: keep the newest complete backup that still checks good
        for candidate in mine:
            if candidate.complete and check_archive(candidate.path).ok:
                protected = candidate.path
                break
    removed: list[Path] = []
    warnings = [f"{path.name} in the backup folder looks like an automatic backup but cannot be read (it may be "
                "damaged, or not yet downloaded from a cloud drive); it was left as it is." for path in unreadable]
    for old in mine[keep:]:
        if old.path in (protected, made.path):
            continue
        try:
            old.path.unlink()
        except OSError as error:
            warnings.append(f"The old automatic backup {old.path.name} could not be removed ({error.strerror}).")
            continue
        removed.append(old.path)
    return removed, warnings
