"""Turn the paths a user gave into the files to import: folders recursively, safely."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_JUNK_NAMES = {"thumbs.db", "desktop.ini", ".ds_store", "__macosx", "icon\r"}


def is_junk(name: str) -> bool:
    """System clutter nobody means to import: hidden files, Office lock files, thumbnails caches."""
    return name.startswith((".", "~$")) or name.lower() in _JUNK_NAMES


@dataclass(frozen=True)
class Found:
    path: Path
    problem: str | None = None  # why it cannot even be read as a file


def walk(paths: list[Path]) -> Iterator[Found]:
    """Files under ``paths`` in a stable order (by name), each once.

    Import never leaves the folder the person chose: a link inside it that leads outside it (``..``, another
    folder, ``/etc/passwd``) or round in a loop is reported and skipped. A link the person chose itself is
    followed once (its target is then the folder the walk stays in)."""
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    for path in paths:
        if not os.path.lexists(path):
            yield Found(path, "does not exist (check the name and that the drive is connected).")
        elif path.is_dir():
            yield from _walk_dir(path, Path(os.path.realpath(path)), seen_dirs, seen_files)
        elif not path.exists():
            yield Found(path, _DANGLING)
        else:
            yield from _one(path, seen_files)


_DANGLING = "is a shortcut (link) to a file that no longer exists."


def _one(path: Path, seen_files: set[tuple[int, int]]) -> Iterator[Found]:
    try:
        st = path.stat()
    except OSError as error:
        yield Found(path, f"cannot be read ({error.strerror}).")
        return
    key = (st.st_dev, st.st_ino)
    if key in seen_files:
        return  # the same file reached twice through a link
    seen_files.add(key)
    if not path.is_file():
        yield Found(path, "is not a regular file (a device or a pipe), so it was skipped.")
    else:
        yield Found(path)


def _outside(link: Path, root: Path) -> str | None:
    """Why the link ``link`` is not followed, or None when it leads to a place inside ``root``."""
    try:
        target = Path(os.path.realpath(link, strict=True))
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "is a shortcut (link) that leads round in a loop, so it was skipped."
        return _DANGLING
    if target == root or root in target.parents:
        return None
    return (f"is a shortcut (link) to {target}, outside the folder you chose, so it was skipped: IEPDesk imports "
            "only what is inside the folder. To import that file or folder, choose it itself.")


def _walk_dir(folder: Path, root: Path, seen_dirs: set[tuple[int, int]], seen_files: set[tuple[int, int]]
              ) -> Iterator[Found]:
    try:
        st = folder.stat()
    except OSError as error:
        yield Found(folder, f"is a folder that cannot be opened ({error.strerror}).")
        return
    if (st.st_dev, st.st_ino) in seen_dirs:
        return  # reached twice (a folder chosen twice, or inside another one chosen)
    seen_dirs.add((st.st_dev, st.st_ino))
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.lower())
    except OSError as error:
        yield Found(folder, f"is a folder that cannot be opened ({error.strerror}).")
        return
    for entry in entries:
        if is_junk(entry.name):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            why = _outside(path, root)
            if why is None and path.is_dir():
                target = path.stat()
                if (target.st_dev, target.st_ino) in seen_dirs:
                    why = "is a shortcut (link) back to a folder already imported (a loop), so it was skipped."
            if why is not None:
                yield Found(path, why)
                continue
        if not path.exists():
            yield Found(path, _DANGLING)
        elif path.is_dir():
            yield from _walk_dir(path, root, seen_dirs, seen_files)
        else:
            yield from _one(path, seen_files)
