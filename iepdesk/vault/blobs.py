"""Content-addressed store of original files: ``blobs/ab/<sha256>``, written once, never changed.

Writes go to a temporary file in the vault's ``tmp`` folder, are flushed to disk, then renamed into place,
so a blob either exists whole or not at all. Every read and write of an original goes through here (the
planned encryption at rest slots in behind these methods).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fsync_dir(path: Path) -> None:
    if os.name == "nt":  # pragma: no cover - directories cannot be opened on Windows
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, tmp_dir: Path | None = None) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one, whole."""
    folder = tmp_dir or path.parent
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


class BlobStore:
    def __init__(self, root: Path, tmp_dir: Path) -> None:
        self.root = root
        self.tmp_dir = tmp_dir
        self._shards: set[str] = set()

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put(self, data: bytes, sha256: str | None = None) -> str:
        """Store ``data`` and return its SHA-256; storing bytes already present writes nothing."""
        digest = sha256 or sha256_of(data)
        target = self.path_for(digest)
        if target.is_file():
            return digest
        if digest[:2] not in self._shards:
            target.parent.mkdir(exist_ok=True, mode=0o700)
            self._shards.add(digest[:2])
        atomic_write(target, data, self.tmp_dir)
        target.chmod(0o400)  # read-only, and for this account only
        return digest

    def remove_unused(self, sha256: str) -> None:
        """Remove a blob no item names (the caller checked): the original of a file that was then rejected."""
        path = self.path_for(sha256)
        if path.is_file():
            path.chmod(0o600)  # Windows refuses to delete a read-only file
            path.unlink()

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def hash_of_stored(self, sha256: str) -> str:
        digest = hashlib.sha256()
        with self.path_for(sha256).open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()

    def stored(self) -> Iterator[Path]:
        """Every file under the store (blobs and anything else that should not be there)."""
        for shard in sorted(self.root.iterdir()):
            if shard.is_dir():
                yield from sorted(shard.iterdir())
            else:
                yield shard
