"""What every part of a backup shares: the archive's format and limits, errors, reports, small helpers."""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iepdesk.errors import IEPDeskError

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
