"""Check a vault: the database's integrity and every original's hash.

Problems are told apart by ``severity``: ``damage`` (something a person must act on: a missing or altered
original, a broken database) or ``leftover`` (harmless traces of an interrupted import, such as an original
stored just before the process died; the next import of that file reuses it).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from iepdesk.vault.vault import DB_NAME, Vault

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
    report = VerifyReport()
    add = report.problems.append
    con = sqlite3.connect(vault.path / DB_NAME)  # read only in effect: nothing below writes
    try:
        for (line,) in con.execute("PRAGMA integrity_check"):
            if line != "ok":
                add(Problem("integrity", "damage", f"The database reports: {line}"))
        for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check"):
            add(Problem("foreign_key", "damage", f"Row {rowid} of {table} points to a missing {parent} row."))
        try:
            con.execute("INSERT INTO page_fts(page_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            add(Problem("search_index", "damage", f"The search index is out of step ({error})."))
        rows = con.execute("SELECT id, title, sha256, origin FROM items").fetchall()
    finally:
        con.close()
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
        if vault.blobs.hash_of_stored(sha) != sha:
            add(Problem("altered_original", "damage",
                        f"The original file of {names} has been changed on disk since it was imported "
                        f"(blobs/{sha[:2]}/{sha}). Restore it from a backup."))
    for path in vault.blobs.stored():
        name = path.name
        if not _SHA.match(name) or path.parent.name != name[:2]:
            add(Problem("stray_file", "leftover", f"blobs/{path.relative_to(vault.blobs.root)} is not an "
                        "original IEPDesk stored; it can be removed."))
        elif name not in wanted:
            add(Problem("unreferenced_original", "leftover",
                        f"blobs/{name[:2]}/{name} is a stored file that no item uses (an import was "
                        "interrupted; importing that file again uses it)."))
    tmp = vault.path / "tmp"
    if tmp.is_dir():
        for leftover in tmp.iterdir():
            add(Problem("temporary_file", "leftover", f"tmp/{leftover.name} is a half-written file from an "
                        "interrupted import; it is removed the next time the vault is opened for changes."))
    return report
