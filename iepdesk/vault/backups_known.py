"""Where this vault's backups were written, so that a damaged vault can name the one to restore.

Each backup made of the vault (by hand or automatically) is noted in ``backups/made.json`` inside the vault
folder, newest first; the note is small, written atomically, and skipped without a word on a read-only drive.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from iepdesk.vault.blobs import atomic_write

NAME = "made.json"
KEEP = 50


def _log(vault_path: Path) -> Path:
    return Path(vault_path) / "backups" / NAME


def _read(vault_path: Path) -> list[dict[str, str]]:
    try:
        data = json.loads(_log(vault_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [e for e in data if isinstance(e, dict) and isinstance(e.get("path"), str)] if isinstance(data, list) \
        else []


def note_backup(vault_path: Path, archive: Path, created: dt.datetime, complete: bool) -> None:
    entries: list[dict[str, Any]] = [e for e in _read(vault_path) if e["path"] != str(archive)]
    entries.insert(0, {"path": str(archive), "created_at": created.isoformat(), "complete": complete})
    log = _log(vault_path)
    try:
        log.parent.mkdir(exist_ok=True)
        atomic_write(log, json.dumps(entries[:KEEP], indent=1).encode("utf-8"))
    except OSError:
        pass  # a read-only vault: the backup itself was made


def newest_backup(vault_path: Path) -> Path | None:
    """The newest complete backup of this vault that is still where it was written."""
    for entry in _read(vault_path):
        path = Path(entry["path"])
        if entry.get("complete", True) and path.is_file():
            return path
    return None


def last_made(vault_path: Path) -> tuple[dt.datetime, Path] | None:
    """When the newest complete backup of this vault was made (local time) and where, by hand or automatically,
    whether or not its drive is plugged in now."""
    for entry in _read(vault_path):
        if entry.get("complete", True):
            try:
                return dt.datetime.fromisoformat(entry["created_at"]).astimezone(), Path(entry["path"])
            except (KeyError, TypeError, ValueError):
                continue
    return None
