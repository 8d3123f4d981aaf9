"""Check a vault: the database's integrity and every original's hash.

Problems are told apart by ``severity``: ``damage`` (something a person must act on: a missing or altered
original, a broken database) or ``leftover`` (harmless traces of an interrupted import, such as an original
stored just before the process died; the next import of that file reuses it).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from iepdesk.vault.vault import Vault

_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Problem:
    kind: str
    severity: str  # damage | leftover
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity, "detail": self.detail}


@dataclass
class VerifyReport:
    items: int = 0
    blobs: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "damage" for p in self.problems)

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "items": self.items,
            "blobs": self.blobs,
            "problems": [p.as_json() for p in self.problems],
        }


def verify(vault: Vault) -> VerifyReport:
    """Check everything and report it; never raises for what it finds (a damaged database is a problem in the
    report, not an exception)."""
    report = VerifyReport()
    add = report.problems.append
    rows = _check_database(vault, add)
    every_row = not any(p.kind in ("integrity", "schema") for p in report.problems)
    report.items = len(rows)
    wanted: dict[str, list[tuple[int, str]]] = {}
    for item_id, title, sha, _origin in rows:
        wanted.setdefault(sha, []).append((item_id, title))
    for sha, owners in wanted.items():
        names = ", ".join(f"item {i} “{t}”" for i, t in owners)
        if not vault.blobs.has(sha):
            add(Problem("missing_original", "damage",
                        f"The original file of {names} is missing from the vault (blobs/{sha[:2]}/{sha}). "
                        "Restore the vault from a backup."))
            continue
        report.blobs += 1
        try:
            stored = vault.blobs.hash_of_stored(sha)
        except OSError as error:
            add(Problem("unreadable_original", "damage", f"The original file of {names} cannot be read "
                        f"({error.strerror}) (blobs/{sha[:2]}/{sha}). Check the drive; restore it from a backup."))
            continue
        if stored != sha:
            add(Problem("altered_original", "damage",
                        f"The original file of {names} has been changed on disk since it was imported "
                        f"(blobs/{sha[:2]}/{sha}). Restore it from a backup."))
    for path in vault.blobs.stored() if vault.blobs.root.is_dir() else ():
        name = path.name
        if not _SHA.match(name) or path.parent.name != name[:2]:
            add(Problem("stray_file", "leftover", f"blobs/{path.relative_to(vault.blobs.root)} is not an "
                        "original IEPDesk stored; it can be removed."))
        elif name not in wanted and every_row:  # with rows unread, "no item uses it" cannot be told
            add(Problem("unreferenced_original", "leftover",
                        f"blobs/{name[:2]}/{name} is a stored file that no item uses (an import was "
                        "interrupted; importing that file again uses it)."))
    tmp = vault.path / "tmp"
    if tmp.is_dir() and os.access(tmp, os.R_OK | os.X_OK):
        for leftover in tmp.iterdir():
            add(Problem("temporary_file", "leftover", f"tmp/{leftover.name} is a half-written file from an "
                        "interrupted import; it is removed the next time the vault is opened for changes."))
    return report


def _check_database(vault: Vault, add: Callable[[Problem], None]) -> list[tuple[Any, ...]]:
    """SQLite's full integrity check, the schema, the keys and the search index; the rows of the items table
    (as many as can be read)."""
    try:
        with vault.sqlite() as con:
            return _check_open_database(con, vault, add)
    except sqlite3.DatabaseError as error:
        _unless_damage(vault, error)
        add(Problem("integrity", "damage", f"The database cannot be read ({error}). {_repair_advice(vault)}"))
        return []


def _unless_damage(vault: Vault, error: sqlite3.DatabaseError) -> None:
    """Raise the plain sentence for an error that is not the database's damage (a full, failing or read-only
    drive, a busy vault): calling it damage would send a parent to restore a backup and lose recent work."""
    from iepdesk.errors import VaultDamaged
    from iepdesk.vault.space import sqlite_error

    classified = sqlite_error(vault.path, error, "checking the vault")
    if not isinstance(classified, VaultDamaged):
        raise classified from error


def _check_open_database(con: sqlite3.Connection, vault: Vault, add: Callable[[Problem], None]
                         ) -> list[tuple[Any, ...]]:
    damaged = False
    try:
        for (line,) in con.execute("PRAGMA integrity_check"):
            if line != "ok":
                damaged = True
                add(Problem("integrity", "damage", f"The database reports: {line}"))
    except sqlite3.DatabaseError as error:
        _unless_damage(vault, error)
        damaged = True
        add(Problem("integrity", "damage", f"The database is damaged ({error})."))
    try:
        from iepdesk.vault.schema import differences

        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        for line in differences(con, revision):
            add(Problem("schema", "damage", f"The database's structure is not what IEPDesk makes: {line}"))
    except (sqlite3.DatabaseError, TypeError) as error:
        damaged = True
        add(Problem("schema", "damage", f"The database's structure cannot be read ({error})."))
    try:
        for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check"):
            add(Problem("foreign_key", "damage", f"Row {rowid} of {table} points to a missing {parent} row."))
    except sqlite3.DatabaseError as error:
        damaged = True
        add(Problem("foreign_key", "damage", f"The links between tables cannot be checked ({error})."))
    if not vault.read_only_medium:  # SQLite refuses even this check's INSERT on a read-only connection
        try:
            con.execute("INSERT INTO page_fts(page_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            add(Problem("search_index", "damage", f"The search index is out of step ({error})."))
    try:
        rows = con.execute("SELECT id, title, sha256, origin FROM items").fetchall()
    except sqlite3.DatabaseError as error:
        _unless_damage(vault, error)
        damaged = True
        add(Problem("integrity", "damage", f"The list of documents cannot be read whole ({error})."))
        rows = []
    if damaged:
        add(Problem("integrity", "damage", _repair_advice(vault)))
    return rows


def _repair_advice(vault: Vault) -> str:
    from iepdesk.vault.migrate import damaged_message

    return damaged_message(vault.path, refused=False)
