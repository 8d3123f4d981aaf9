"""One writer at a time: an OS file lock on ``<vault>/.lock``.

The lock belongs to the open file, so the operating system releases it when the process ends, even when it is
killed: a crash never leaves a vault locked. The file also records who holds it, for the message a second
instance shows.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path
from typing import IO

from iepdesk.errors import VaultLocked

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
        handle = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600), "a+", encoding="utf-8")
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
