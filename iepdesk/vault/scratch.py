"""Half-made copies of a child's records must not outlive the process that made them, even when it is killed.

A backup being written, the database copy inside it, a binder being saved and a vault being restored are
made under hidden temporary names beside their final place (so the last step is one rename). Each is
announced first by a marker in IEPDesk's own state folder: a small file naming it, which the process keeps
locked while it works. Every start of IEPDesk (the app, any command, opening a vault) sweeps the markers:
what an unlocked marker names belongs to a process that is gone, and is removed with its marker. A marker
whose folder is absent (a USB drive not plugged in) is kept until the folder is seen again, or forgotten with a
line in the log after a year.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from iepdesk.vault.lock import try_lock

log = logging.getLogger("iepdesk")
FORGET_AFTER_DAYS = 365  # a marker naming a folder on a drive that has not been plugged in for this long


def state_folder() -> Path:
    """IEPDesk's own state folder for this account (beside the program for a portable build)."""
    from iepdesk.resources import portable_home

    portable = portable_home()
    if portable is not None:
        return portable / "state"
    from platformdirs import user_state_path

    return user_state_path("IEPDesk", appauthor=False)


def registry() -> Path:
    """Where the markers live: in the state folder."""
    return state_folder() / "scratch"


def hidden_name(folder: Path, stem: str, suffix: str = ".part") -> Path:
    """A new hidden name in ``folder`` for a temporary file or folder: ``.iepdesk-<stem>-<random><suffix>``."""
    return folder / f".iepdesk-{stem}-{uuid.uuid4().hex[:12]}{suffix}"


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def scratch(path: Path) -> Iterator[Path]:
    """Announce ``path`` (a hidden file or folder about to be made), then yield it. When the block ends,
    whatever is still at ``path`` is removed (the caller renames it into place first when it succeeds)."""
    path = Path(path).absolute()
    if not path.name.startswith("."):
        raise ValueError(f"scratch paths are hidden names, not {path.name}")
    handle = None
    folder = registry()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        marker = folder / f"{uuid.uuid4().hex}.json"
        handle = marker.open("a+", encoding="utf-8")
        if try_lock(handle):
            handle.write(json.dumps({"path": os.fsdecode(path), "pid": os.getpid()}))
            handle.flush()
        else:  # pragma: no cover - a fresh random name is never held by anyone
            handle.close()
            handle = None
    except OSError:  # no state folder (a read-only home): work on without a marker
        handle = None
    try:
        yield path
    finally:
        _remove(path)
        if handle is not None:
            handle.close()
            Path(handle.name).unlink(missing_ok=True)


def move_into_place(folder: Path, target: Path) -> None:
    """Rename a finished scratch ``folder`` to ``target``, which may exist when it is empty (the caller checked
    that it holds nothing but the system's clutter, such as .DS_Store)."""
    if target.is_dir():
        for junk in target.iterdir():
            junk.unlink()
        target.rmdir()
    folder.rename(target)


def sweep() -> list[Path]:
    """Remove what markers of dead processes name, and those markers; returns what was removed."""
    removed: list[Path] = []
    try:
        markers = sorted(registry().glob("*.json"))
    except OSError:
        return removed
    for marker in markers:
        try:
            handle = marker.open("r+", encoding="utf-8")
        except OSError:
            continue
        with handle:
            if not try_lock(handle):
                continue  # its process is still at work
            try:
                target = Path(json.loads(handle.read() or "{}").get("path", ""))
            except (ValueError, AttributeError):
                target = Path()
            if not (target.name.startswith(".") and target.is_absolute()):
                pass  # not a marker of ours: forget it
            elif os.path.lexists(target):
                _remove(target)
                removed.append(target)
            elif not target.parent.is_dir() and not _forgotten(marker):
                continue  # its drive is not plugged in: keep the marker until the path is seen again
        marker.unlink(missing_ok=True)
    return removed


def _forgotten(marker: Path) -> bool:
    """A marker whose folder has not been seen for FORGET_AFTER_DAYS is let go, with a line in the log."""
    try:
        age = time.time() - marker.stat().st_mtime
    except OSError:
        return True
    if age < FORGET_AFTER_DAYS * 86400:
        return False
    log.warning("Forgot the clean-up note %s: the folder it names has not been seen for %d days", marker.name,
                FORGET_AFTER_DAYS)
    return True


def private_file(path: Path) -> Path:
    """Make the new, empty file ``path`` readable by this account only (0600) before anything is written to it:
    a half-made copy of a child's records is never readable by others, even for a moment."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path
