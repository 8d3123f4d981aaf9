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

The parts: format.py (format, limits, errors, reports), write.py, archive.py (reading and checking), restore.py,
automatic.py.
"""

from __future__ import annotations

from iepdesk.vault.backup.archive import check_archive, read_manifest
from iepdesk.vault.backup.automatic import auto_backup, last_backup
from iepdesk.vault.backup.format import (
    AUTO_INTERVAL,
    KEEP_DEFAULT,
    MAX_BLOB_BYTES,
    SUFFIX,
    ArchiveProblem,
    ArchiveReport,
    BackupError,
    BackupReport,
    RestoreReport,
)
from iepdesk.vault.backup.restore import restore
from iepdesk.vault.backup.write import backup, default_name

__all__ = [
    "AUTO_INTERVAL", "KEEP_DEFAULT", "MAX_BLOB_BYTES", "SUFFIX", "ArchiveProblem", "ArchiveReport", "BackupError",
    "BackupReport", "RestoreReport", "auto_backup", "backup", "check_archive", "default_name", "last_backup",
    "read_manifest", "restore",
]
