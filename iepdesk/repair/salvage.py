"""Reading every row SQLite can still read from a damaged database, stepping past damaged pages."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from iepdesk.repair.report import TABLES, RepairReport, TableReport
from iepdesk.vault.vault import Vault

_LOWEST = -(2**63)
_HIGHEST = 2**63 - 1


# -- the database ----------------------------------------------------------------------------------------------
def _source_connection(source: Vault) -> sqlite3.Connection:
    uri = f"{source.db_path.resolve().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True)


def _salvage(source: Vault, con: sqlite3.Connection, report: RepairReport) -> None:
    try:
        old = _source_connection(source)
    except sqlite3.Error:
        for name in TABLES:
            report.tables[name] = TableReport(unreadable=True)
        return
    with old:
        for name in TABLES:
            table = report.tables[name] = TableReport()
            columns = _shared_columns(old, con, name)
            if not columns:
                table.unreadable = True
                continue
            marks = ", ".join("?" for _ in columns)
            insert = f'INSERT OR IGNORE INTO "{name}" ({", ".join(columns)}) VALUES ({marks})'
            for row in _readable_rows(old, name, columns, table):
                con.execute(insert, row)
                table.saved += 1
    old.close()


def _shared_columns(old: sqlite3.Connection, new: sqlite3.Connection, table: str) -> list[str]:
    try:
        have = [row[1] for row in old.execute(f'PRAGMA table_info("{table}")')]
    except sqlite3.DatabaseError:
        return []
    want = {row[1] for row in new.execute(f'PRAGMA table_info("{table}")')}
    return [f'"{c}"' for c in have if c in want]


def _readable_rows(con: sqlite3.Connection, table: str, columns: list[str], report: TableReport
                   ) -> Iterator[tuple[Any, ...]]:
    """Every row SQLite can read, in rowid order: past a damaged page the reading goes on after it."""
    select = f'SELECT rowid, {", ".join(columns)} FROM "{table}" WHERE rowid >= ? ORDER BY rowid'
    low = _LOWEST
    while True:
        try:
            for row in con.execute(select, (low,)):
                low = row[0] + 1
                yield row[1:]
            return
        except sqlite3.DatabaseError:
            pass
        try:  # is it one row (its text on a damaged overflow page), or a whole page of them?
            found = con.execute(f'SELECT rowid FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT 1',
                                (low,)).fetchone()
        except sqlite3.DatabaseError:
            found = None
            resume = _next_readable(con, table, low)
            report.gap(low, resume)
            if resume is None:
                return
            low = resume
            continue
        if found is None:
            return
        report.gap(found[0], found[0] + 1)
        low = found[0] + 1


def _seekable(con: sqlite3.Connection, table: str, at: int) -> bool:
    try:
        con.execute(f'SELECT rowid FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT 1', (at,)).fetchone()
    except sqlite3.DatabaseError:
        return False
    return True


def _next_readable(con: sqlite3.Connection, table: str, low: int) -> int | None:
    """The smallest rowid past ``low`` from which the table can be read again (None: to the end)."""
    step = 1
    bad = low
    while True:
        probe = min(low + step, _HIGHEST)
        if _seekable(con, table, probe):
            break
        if probe == _HIGHEST:
            return None
        bad = probe
        step *= 2
    good = probe
    while good - bad > 1:
        middle = (good + bad) // 2
        if _seekable(con, table, middle):
            good = middle
        else:
            bad = middle
    return good
