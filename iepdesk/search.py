"""Full-text search over every page (SQLite FTS5): ranked hits with the page number and a marked snippet.

The user's words are turned into a safe FTS5 query: "quoted phrases", prefix* words, AND / OR / NOT in
capitals, and balanced parentheses work; anything else (a stray quote, an operator in an odd place) is read
as plain words, never shown as a database error.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from iepdesk.vault import Vault

_TOKEN = re.compile(r'"([^"]*)"|(\()|(\))|([^\s"()]+)')
_WORD = re.compile(r"\w+", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT"}


def _quoted(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


def fts_query(text: str) -> str:
    """The FTS5 expression for what a person typed ('' when there is nothing to search for)."""
    parts: list[str] = []
    for phrase, opening, closing, bare in _TOKEN.findall(text.replace("“", '"').replace("”", '"')):
        if opening or closing:
            parts.append(opening or closing)
        elif bare in _OPERATORS:
            parts.append(bare)
        else:
            words = _WORD.findall((phrase or bare).lower())
            if words:
                prefix = bare.endswith("*") and not phrase
                parts.append(_quoted(words) + ("*" if prefix else ""))
    if parts.count("(") != parts.count(")"):
        parts = [p for p in parts if p not in "()"]
    return " ".join(_tidy(parts))


def highlight_terms(query: str) -> list[str]:
    """The words and phrases of a search, to mark on the page shown."""
    expression = fts_query(query)
    return [part.strip('"*') for part in expression.split('"') if part.strip() and part.strip() not in
            ("AND", "OR", "NOT", "(", ")", "*")][:12]


def _tidy(parts: list[str]) -> list[str]:
    """Drop operators with nothing to join, and parentheses with nothing inside."""
    out: list[str] = []
    depth_ok = True
    depth = 0
    for part in parts:
        if part == "(":
            depth += 1
        elif part == ")":
            depth -= 1
            depth_ok = depth_ok and depth >= 0
    if not depth_ok:
        parts = [p for p in parts if p not in "()"]
    for part in parts:
        if part in _OPERATORS:
            if out and out[-1] not in _OPERATORS and out[-1] != "(":
                out.append(part)
        elif part == ")":
            while out and out[-1] in _OPERATORS:
                out.pop()
            if out and out[-1] == "(":
                out.pop()
            else:
                out.append(part)
        else:
            out.append(part)
    while out and (out[-1] in _OPERATORS or out[-1] == "("):
        out.pop()
    return out


@dataclass(frozen=True)
class Hit:
    item_id: int
    page: int
    snippet: str
    score: float
    title: str
    kind: str
    date: dt.date | None

    def as_json(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "page": self.page, "snippet": self.snippet, "score": round(self.score, 4),
                "title": self.title, "kind": self.kind, "date": self.date.isoformat() if self.date else None}


@dataclass
class Filters:
    student_id: int | None = None
    kinds: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    criterion: str | None = None  # items with accepted evidence for this criterion (or one below it)
    tagged: bool | None = None  # True: items with accepted evidence; False: items without any
    item_id: int | None = None


SQL = """
SELECT p.item_id, p.number, snippet(page_fts, 0, '[', ']', '…', 14), bm25(page_fts), i.title, i.kind, i.doc_date
FROM page_fts JOIN pages p ON p.id = page_fts.rowid JOIN items i ON i.id = p.item_id
WHERE page_fts MATCH ? AND i.trashed_at IS NULL{filters}
ORDER BY bm25(page_fts) LIMIT ?
"""


def _where(filters: Filters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[object] = []
    if filters.student_id is not None:
        clauses.append("i.student_id = ?")
        params.append(filters.student_id)
    if filters.item_id is not None:
        clauses.append("i.id = ?")
        params.append(filters.item_id)
    for column, values in (("i.kind", filters.kinds), ("i.source", filters.sources)):
        if values:
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if filters.date_from:
        clauses.append("i.doc_date >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to:
        clauses.append("i.doc_date <= ?")
        params.append(filters.date_to.isoformat())
    accepted = "SELECT 1 FROM evidence e WHERE e.item_id = i.id AND e.status = 'accepted'"
    if filters.criterion:
        clauses.append(f"EXISTS ({accepted} AND (e.criterion_id = ? OR e.criterion_id LIKE ?))")
        params.extend([filters.criterion, filters.criterion.replace("%", "") + ".%"])
    if filters.tagged is not None:
        clauses.append(("EXISTS" if filters.tagged else "NOT EXISTS") + f" ({accepted})")
    return "".join(f" AND {c}" for c in clauses), params


def search(vault: Vault, text: str, filters: Filters | None = None, limit: int = 50) -> list[Hit]:
    query = fts_query(text)
    if not query:
        return []
    where, params = _where(filters or Filters())
    sql = SQL.format(filters=where)
    with vault.sqlite() as connection:
        cursor = connection.cursor()
        try:
            rows = cursor.execute(sql, [query, *params, limit]).fetchall()
        except sqlite3.OperationalError:  # an expression FTS5 still refuses: search the words alone
            plain = " ".join(_quoted([w]) for w in _WORD.findall(text.lower()))
            rows = cursor.execute(sql, [plain, *params, limit]).fetchall() if plain else []
    return [Hit(item, page, snippet, -score, title, kind, dt.date.fromisoformat(date) if date else None)
            for item, page, snippet, score, title, kind, date in rows]
