"""Turn the paths a user gave into the files to import: folders recursively, safely."""

from __future__ import annotations

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
    """Files under ``paths`` in a stable order (by name), each once; symlink loops are cut."""
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    for path in paths:
        if not os.path.lexists(path):
            yield Found(path, "does not exist (check the name and that the drive is connected).")
        elif path.is_dir():
            yield from _walk_dir(path, seen_dirs, seen_files)
        elif not path.exists():
            yield Found(path, "is a shortcut (link) to a file that no longer exists.")
        else:
            yield from _one(path, seen_files)


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


def _walk_dir(root: Path, seen_dirs: set[tuple[int, int]], seen_files: set[tuple[int, int]]) -> Iterator[Found]:
    try:
        st = root.stat()
    except OSError as error:
        yield Found(root, f"is a folder that cannot be opened ({error.strerror}).")
        return
    if (st.st_dev, st.st_ino) in seen_dirs:
        return  # a link back to a folder already visited: a loop
    seen_dirs.add((st.st_dev, st.st_ino))
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name.lower())
    except OSError as error:
        yield Found(root, f"is a folder that cannot be opened ({error.strerror}).")
        return
    for entry in entries:
        if is_junk(entry.name):
            continue
        path = Path(entry.path)
        if not path.exists():
            yield Found(path, "is a shortcut (link) to a file that no longer exists.")
        elif path.is_dir():
            yield from _walk_dir(path, seen_dirs, seen_files)
        else:
            yield from _one(path, seen_files)
