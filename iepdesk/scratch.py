"""Half-made copies of a child's records must not outlive the process that made them, even when it is killed.

A backup being written, the database copy inside it, a binder being saved and a vault being restored are
made under hidden temporary names beside their final place (so the last step is one rename). Each is
announced first by a marker in IEPDesk's own state folder: a small file naming it, which the process keeps
locked while it works. Every start of IEPDesk (the app, any command, opening a vault) sweeps the markers:
what an unlocked marker names belongs to a process that is gone, and is removed with its marker.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from iepdesk.vault.lock import try_lock


def registry() -> Path:
    """Where the markers live: the user's state folder (beside the program for a portable build)."""
    from iepdesk.resources import portable_home

    portable = portable_home()
    if portable is not None:
        return portable / "state" / "scratch"
    from platformdirs import user_state_path

    return user_state_path("IEPDesk", appauthor=False) / "scratch"


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
            if target.name.startswith(".") and target.is_absolute() and os.path.lexists(target):
                _remove(target)
                removed.append(target)
        marker.unlink(missing_ok=True)
    return removed
