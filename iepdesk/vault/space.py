"""A write that failed, named for what it is: a full drive (and how much room is needed), a read-only drive, a
folder IEPDesk may not write to, a failing drive, or a damaged database.

Every caller that writes (the vault, import, backup, restore, binder, export) turns an ``OSError`` or an
``sqlite3.Error`` into one of these sentences instead of a traceback or a guess.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from iepdesk.errors import IEPDeskError, VaultDamaged, VaultError, VaultFull, VaultLocked, VaultReadOnly

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM}


def size_text(size: float) -> str:
    """``512 bytes``, ``3.4 KB``, ``12.0 MB``, ``1.5 GB``."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError  # pragma: no cover


def free_bytes(path: Path) -> int | None:
    """Free room on the drive that holds ``path`` (or its nearest existing parent); None when unknown."""
    path = Path(path)
    for candidate in (path, *path.parents):
        if candidate.exists():
            try:
                return shutil.disk_usage(candidate).free
            except OSError:
                return None
    return None


def os_reason(error: OSError) -> str:
    """The cause in a few words, to follow "could not be written: "."""
    if error.errno in _FULL:
        return "the drive is full"
    if error.errno == errno.EFBIG:
        return ("the file grew larger than that drive or this account allows (drives formatted FAT32 hold "
                "files up to 4 GB)")
    if error.errno in _NOT_ALLOWED:
        return "IEPDesk is not allowed to write there"
    if error.errno == errno.EROFS:
        return "that drive is read-only"
    if error.errno == errno.EIO:
        return "the drive reported an input/output error (it may have been unplugged, or be failing)"
    return error.strerror or str(error)


def full_message(where: Path, doing: str, need: int | None = None) -> str:
    free = free_bytes(where)
    room = f" ({size_text(free)} free" + (f", about {size_text(need)} needed)" if need else ")") \
        if free is not None else ""
    return (f"The drive that holds {where} is full, so {doing} could not be finished{room}. Free some space "
            "(empty the computer's trash, move big files elsewhere), then try again; nothing was lost.")


def read_only_message(where: Path, doing: str) -> str:
    return (f"{where} is on a drive or in a folder that cannot be written (read-only), so {doing} was not done. "
            "Looking at the vault still works (list, show, search, verify, backup, export); to change it, copy "
            "the whole vault folder to a drive you can write to and open the copy.")


def os_error(where: Path, error: OSError, doing: str, need: int | None = None) -> IEPDeskError:
    """The error to raise for ``error``, met while ``doing`` (words such as "the import") at ``where``."""
    if error.errno in _FULL or error.errno == errno.EFBIG:
        return VaultFull(full_message(where, doing, need) if error.errno != errno.EFBIG else
                         f"{doing.capitalize()} could not be finished at {where}: {os_reason(error)}.")
    if error.errno == errno.EROFS:
        return VaultReadOnly(read_only_message(where, doing))
    if error.errno in _NOT_ALLOWED:
        return VaultReadOnly(f"IEPDesk is not allowed to write in {where}, so {doing} was not done. Check the "
                             "folder's permissions, or copy the vault to a folder of your own.")
    return VaultError(f"{doing.capitalize()} could not be finished at {where}: {os_reason(error)}. Nothing was "
                      "lost; try again, and if it happens again, check the drive.")


def sqlite_error(where: Path, error: sqlite3.Error, doing: str, need: int | None = None) -> IEPDeskError:
    """Like :func:`os_error`, for what SQLite reports (``where`` is the vault's folder)."""
    from iepdesk.vault.migrate import damaged_message

    name = getattr(error, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL":
        return VaultFull(full_message(where, doing, need))
    if name.startswith("SQLITE_READONLY"):
        return VaultReadOnly(read_only_message(where, doing))
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(error):
        return VaultDamaged(damaged_message(where, str(error)))
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return VaultLocked(f"The vault at {where} is busy with another IEPDesk window or command, so {doing} was "
                           "not done. Wait for it to finish, then try again.")
    if name.startswith("SQLITE_IOERR") or name == "SQLITE_CANTOPEN":
        free = free_bytes(where)
        if free is not None and free < 1024 * 1024:
            return VaultFull(full_message(where, doing, need))
        return VaultError(f"{doing.capitalize()} could not be finished: the drive that holds {where} reported an "
                          "input/output error (it may have been unplugged, or be failing). Nothing was lost; "
                          "check the drive and try again.")
    return VaultError(f"{doing.capitalize()} could not be finished ({error}). Nothing was lost; try again.")


def database_error(where: Path, error: BaseException, doing: str) -> IEPDeskError | None:
    """The sentence for an error raised through SQLAlchemy or sqlite3, or None when it is no such error."""
    orig = getattr(error, "orig", error)
    if isinstance(orig, sqlite3.Error):
        return sqlite_error(where, orig, doing)
    if isinstance(orig, OSError):
        return os_error(where, orig, doing)
    return None
