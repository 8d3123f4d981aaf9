"""What a vault's database holds at each schema revision, and how a given database differs from it.

The expected schema is made the only way it can be trusted: by running the app's own migrations on an empty
database in memory. A restore refuses a database that differs (a trigger, a view or a table the migrations
never make is how a poisoned backup would strike), ``verify`` reports a difference, and an upgrade that an
older IEPDesk left half done has what the unfinished migration had made dropped, then run again.

Tables are compared by their shape (columns, keys, checks), the rest (indexes, triggers, views, full-text
tables) by their SQL with spacing, quotes and case taken out.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache

from iepdesk.vault.migrations import HEAD


@dataclass(frozen=True)
class SchemaObject:
    type: str  # table | index | trigger | view
    name: str
    table: str
    shape: str

    def describe(self) -> str:
        return f"the {self.type} “{self.name}”"


_NOISE = re.compile(r"[\s\"'`\[\]]+")


def _squeeze(sql: str | None) -> str:
    return _NOISE.sub("", sql or "").lower()


def _table_shape(con: sqlite3.Connection, name: str, sql: str | None) -> str:
    squeezed = _squeeze(sql)
    if squeezed.startswith("createvirtualtable"):
        return squeezed
    quoted = name.replace('"', '""')
    columns = con.execute(f'PRAGMA table_xinfo("{quoted}")').fetchall()
    keys = con.execute(f'PRAGMA foreign_key_list("{quoted}")').fetchall()
    cols = ";".join(f"{c[1]}:{(c[2] or '').upper()}:{c[3]}:{_squeeze(c[4])}:{c[5]}:{c[6]}" for c in columns)
    fks = ";".join(sorted(f"{k[2]}.{k[3]}>{k[4]}:{k[5]}:{k[6]}" for k in keys))
    checks = "check" if "check(" in squeezed else ""
    return f"{cols}|{fks}|{checks}"


def read_schema(con: sqlite3.Connection) -> dict[str, SchemaObject]:
    """Every object in the database's schema but SQLite's own (``sqlite_*``), by name."""
    rows = con.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    found: dict[str, SchemaObject] = {}
    for kind, name, table, sql in rows:
        shape = _table_shape(con, name, sql) if kind == "table" else _squeeze(sql)
        found[name] = SchemaObject(kind, name, table, shape)
    return found


@cache
def expected(revision: str = HEAD) -> dict[str, SchemaObject]:
    """The schema IEPDesk's own migrations make, up to ``revision``."""
    from iepdesk.vault.migrate import migrate_connection

    con = sqlite3.connect(":memory:")
    try:
        migrate_connection(con, revision)
        return read_schema(con)
    finally:
        con.close()


def differences(con: sqlite3.Connection, revision: str) -> list[str]:
    """What in the database is not as IEPDesk's migrations make it at ``revision``, in plain words."""
    want, have = expected(revision), read_schema(con)
    lines = [f"It holds {obj.describe()}, which IEPDesk does not make." for name, obj in sorted(have.items())
             if name not in want]
    for name, obj in sorted(want.items()):
        found = have.get(name)
        if found is None:
            lines.append(f"It lacks {obj.describe()}.")
        elif (found.type, found.table, found.shape) != (obj.type, obj.table, obj.shape):
            lines.append(f"{obj.describe().capitalize()} is not as IEPDesk makes it.")
    return lines


_DROP_ORDER = {"trigger": 0, "view": 1, "index": 2, "table": 3}


def drop_unfinished(con: sqlite3.Connection, revision: str) -> list[str]:
    """Drop what a later migration had begun to make in a database still recorded at ``revision`` (an
    upgrade by an older IEPDesk, killed half-way, leaves such objects behind). Only objects that a later
    migration makes exactly so are dropped; they cannot hold data, as no IEPDesk ever ran on that schema.
    Returns their names."""
    want, later, have = expected(revision), expected(HEAD), read_schema(con)
    doomed = [obj for name, obj in have.items()
              if name not in want and name in later and later[name].shape == obj.shape]
    virtual = {obj.name for obj in doomed if obj.shape.startswith("createvirtualtable")}
    dropped = []
    for obj in sorted(doomed, key=lambda o: (_DROP_ORDER.get(o.type, 9), o.name)):
        if any(obj.name.startswith(f"{v}_") for v in virtual):
            continue  # a full-text table's own tables go with it
        con.execute(f'DROP {obj.type.upper()} IF EXISTS "{obj.name}"')
        dropped.append(obj.name)
    return dropped
