"""One writer at a time: an OS file lock on ``<vault>/.lock``.

The lock belongs to the open file, so the operating system releases it when the process ends, even when it is
killed: a crash never leaves a vault locked. The file also records who holds it, for the message a second
instance shows.
"""

from __future__ import annotations

import errno
import json
import os
import platform
import stat
import sys
from pathlib import Path
from typing import IO

from iepdesk.errors import VaultError, VaultLocked

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX; Windows has no symbolic links a user makes by accident
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO named .lock must not hang the open

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


class VaultLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self, holder: str) -> None:
        """Take the lock, or raise VaultLocked naming who holds it. The file is opened without following a
        symbolic link, and must be a plain file: a vault folder received from someone else could otherwise make
        IEPDesk truncate and write any file this account can write."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND | _NOFOLLOW | _NONBLOCK, 0o600)
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.EMLINK) or Path(self.path).is_symlink():
                raise VaultError(_not_plain(self.path, "a link to another file")) from error
            if Path(self.path).is_dir():
                raise VaultError(_not_plain(self.path, "a folder")) from error
            raise
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise VaultError(_not_plain(self.path, "not a plain file"))
        handle = os.fdopen(fd, "a+", encoding="utf-8")
        if not try_lock(handle):
            handle.seek(0)
            raw = handle.read()
            handle.close()
            raise VaultLocked(_locked_message(raw))
        handle.seek(0)
        handle.truncate()
        info = {"pid": os.getpid(), "host": platform.node(), "holder": holder}
        handle.write(json.dumps(info))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file releases the lock
            self._handle = None


def _locked_message(raw: str) -> str:
    try:
        info = json.loads(raw)
        who = f"{info.get('holder', 'IEPDesk')} (process {info['pid']} on {info['host']})"
    except (ValueError, KeyError, TypeError):
        who = "another IEPDesk window or command"
    return (
        f"This vault is already open in {who}. Only one can change it at a time: "
        "close the other one, then try again."
    )


def _not_plain(path: Path, what: str) -> str:
    return (f"The vault's lock file {path} is {what}, which IEPDesk never makes: the folder may have been "
            "changed by another program or received from someone else. Remove that .lock (IEPDesk makes a new "
            "one), then open the vault again.")
