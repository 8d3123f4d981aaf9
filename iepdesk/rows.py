"""The document list's rows, read with one plain SQL query (no SQLAlchemy: the app's first screen needs only
this, and paints sooner without it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from iepdesk.vault import Vault


@dataclass(frozen=True)
class ItemRow:
    """What the document list shows for one item: read with one light query, for thousands of rows."""

    id: int
    date: dt.date | None
    title: str
    kind: str
    author: str | None
    source: str | None
    pages: int
    parent_id: int | None
    text_status: str
    guesses: str  # the guesses' JSON text, read only for rows on screen
    evidence: int

    def guessed(self, field: str) -> bool:
        return f'"{field}"' in self.guesses


def list_rows(vault: Vault, *, view: str = "all", kind: str | None = None,
              ids: list[int] | None = None) -> list[ItemRow]:
    """Rows for the document list. ``view``: all | inbox (nothing tagged yet) | trash."""
    clauses = ["i.trashed_at IS NOT NULL" if view == "trash" else "i.trashed_at IS NULL"]
    params: list[Any] = []
    if view == "inbox":
        clauses.append("e.n IS NULL")
    if kind is not None:
        clauses.append("i.kind = ?")
        params.append(kind)
    if ids is not None:
        clauses.append(f"i.id IN ({', '.join('?' * len(ids))})" if ids else "0")
        params.extend(ids)
    sql = ("SELECT i.id, i.doc_date, i.title, i.kind, i.author, i.source, i.page_count, i.parent_id, "
           "i.text_status, i.guesses, coalesce(e.n, 0) FROM items i LEFT JOIN (SELECT item_id, count(*) AS n "
           "FROM evidence WHERE status = 'accepted' GROUP BY item_id) e ON e.item_id = i.id WHERE "
           + " AND ".join(clauses) + " ORDER BY i.doc_date IS NULL, i.doc_date, i.doc_time, i.id")
    with vault.sqlite() as connection:
        rows = connection.execute(sql, params).fetchall()
    return [ItemRow(r[0], dt.date.fromisoformat(r[1]) if r[1] else None, r[2], r[3], r[4], r[5], r[6], r[7], r[8],
                    r[9] or "{}", r[10]) for r in rows]
