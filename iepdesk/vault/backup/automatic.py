"""Automatic backups: one a day when something changed, the newest kept, a wrong clock survived."""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from iepdesk.progress import ProgressFn
from iepdesk.vault.backup.archive import check_archive, read_manifest
from iepdesk.vault.backup.format import (
    _AUTO_NAME,
    AUTO_INTERVAL,
    KEEP_DEFAULT,
    SUFFIX,
    BackupError,
    BackupReport,
    _aware,
)
from iepdesk.vault.backup.write import _unique, _vault_key, backup
from iepdesk.vault.migrations import HEAD
from iepdesk.vault.vault import Vault


# -- automatic backups -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Found:
    path: Path
    created: dt.datetime
    vault: str | None
    history_id: int | None
    schema: str | None
    complete: bool


def _auto_name(vault: Vault, now: dt.datetime) -> tuple[str, str]:
    """The name's stem and tail: ``IEPDesk auto-backup 2026-11-28 1930`` + `` (Vault).iepbackup``."""
    label = re.sub(r"[^\w .-]+", "", vault.path.name).strip(" .") or "vault"
    return f"IEPDesk auto-backup {now.astimezone():%Y-%m-%d %H%M}", f" ({label[:40]}){SUFFIX}"


def _automatic_backups(folder: Path, now: dt.datetime | None = None) -> tuple[list[_Found], list[Path]]:
    """This feature's archives in ``folder`` (by name), newest first; and those whose manifest cannot be read.
    One dated more than a day after ``now`` (a clock that was wrong) comes last, so it is pruned in its turn
    instead of being kept for ever as "the newest"."""
    found: list[_Found] = []
    unreadable: list[Path] = []
    try:
        candidates = [p for p in folder.iterdir() if _AUTO_NAME.match(p.name) and p.is_file()]
    except OSError:
        return [], []
    for path in candidates:
        try:
            manifest = read_manifest(path)
            created = dt.datetime.fromisoformat(manifest["created_at"])
            if created.tzinfo is None:
                created = created.replace(tzinfo=dt.UTC)
            vault = manifest.get("vault") or {}
            last = manifest.get("last_change") or {}
        except (BackupError, KeyError, TypeError, ValueError, AttributeError):
            unreadable.append(path)
            continue
        if not manifest.get("automatic"):
            continue
        found.append(_Found(path, created, vault.get("path"), last.get("history_id"), manifest.get("schema"),
                            bool(manifest.get("complete", True))))
    horizon = _aware(now) + AUTO_INTERVAL
    found.sort(key=lambda f: (f.created <= horizon, f.created, f.path.name), reverse=True)
    return found, unreadable


def _current_history_id(vault: Vault) -> int | None:
    with vault.engine.connect() as con:
        return con.exec_driver_sql("SELECT max(id) FROM history").scalar()


def last_backup(folder: Path, vault: Vault | None = None) -> tuple[dt.datetime, Path] | None:
    """When the newest automatic backup in ``folder`` (of ``vault``, when given) was made (local time), and where.

    Reads manifests only: quick enough for the window's "last backup: …" line.
    """
    found, _ = _automatic_backups(Path(folder))
    if vault is not None:
        found = [f for f in found if f.vault == _vault_key(vault)]
    if not found:
        return None
    return found[0].created.astimezone(), found[0].path


def auto_backup(
    vault: Vault,
    folder: Path,
    keep: int = KEEP_DEFAULT,
    now: dt.datetime | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> BackupReport | None:
    """Back up into ``folder`` if anything changed since this vault's newest automatic backup there and that one
    is at least a day old; then keep the newest ``keep`` of them (never removing the newest complete one that
    checks good). Returns None when no backup was due; raises ``BackupError`` when one was due and failed.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    folder = Path(folder)
    moment = _aware(now)
    if not folder.is_dir():
        raise BackupError(f"The backup folder {folder} is not there (is its drive plugged in?), so no automatic "
                          "backup was made. Plug the drive in, or choose another folder in the settings.",
                          "folder_missing")
    key = _vault_key(vault)
    found, _ = _automatic_backups(folder, moment)
    mine = [f for f in found if f.vault == key]
    newest = mine[0] if mine else None
    current = _current_history_id(vault)
    if newest is None and current is None:
        return None  # a new, empty vault: nothing to keep yet
    if newest is not None and newest.history_id == current and newest.schema == HEAD:
        return None  # nothing changed
    if newest is not None and dt.timedelta(0) <= moment - newest.created < AUTO_INTERVAL:
        return None  # one a day at most (a clock set back by more than a day does not stop backups)
    stem, tail = _auto_name(vault, moment)
    target = _unique(folder, stem, tail, joiner="-{n}")
    report = backup(vault, target, progress=progress, cancel=cancel, now=moment, automatic=True)
    removed, warnings = _prune(folder, key, keep, report, moment)
    return replace(report, removed=tuple(removed), warnings=report.warnings + tuple(warnings))


def _prune(folder: Path, key: str, keep: int, made: BackupReport, now: dt.datetime
           ) -> tuple[list[Path], list[str]]:
    found, unreadable = _automatic_backups(folder, now)
    mine = [f for f in found if f.vault == key]
    protected: Path | None = made.path if made.complete else None
    if protected is None:  # the vault was damaged: keep the newest complete backup that still checks good
        for candidate in mine:
            if candidate.complete and check_archive(candidate.path).ok:
                protected = candidate.path
                break
    removed: list[Path] = []
    warnings = [f"{path.name} in the backup folder looks like an automatic backup but cannot be read (it may be "
                "damaged, or not yet downloaded from a cloud drive); it was left as it is." for path in unreadable]
    for old in mine[keep:]:
        if old.path in (protected, made.path):
            continue
        try:
            old.path.unlink()
        except OSError as error:
            warnings.append(f"The old automatic backup {old.path.name} could not be removed ({error.strerror}).")
            continue
        removed.append(old.path)
    return removed, warnings
