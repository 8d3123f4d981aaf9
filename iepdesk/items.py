"""Documents in the vault as plain records, and the changes a person makes to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from iepdesk import undo
from iepdesk.errors import UsageError
from iepdesk.kinds import check_kind, check_source
from iepdesk.rows import ItemRow, list_rows  # noqa: F401  (the list's rows live there, free of SQLAlchemy)
from iepdesk.vault import Vault
from iepdesk.vault.models import Item, utcnow

EDITABLE = ("kind", "title", "doc_date", "author", "source", "notes", "student_id")
_GUESS_FIELD = {"doc_date": "date"}


@dataclass(frozen=True)
class ItemRecord:
    id: int
    student_id: int | None
    parent_id: int | None
    origin: str
    title: str
    kind: str
    source: str | None
    date: dt.date | None
    author: str | None
    recipients: str | None
    cc: str | None
    pages: int
    sha256: str
    original_name: str
    media_type: str
    size: int
    text_status: str
    guesses: dict[str, str]
    notes: str | None
    thread: str | None
    imported_at: dt.datetime
    trashed_at: dt.datetime | None
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "student_id": self.student_id,
            "title": self.title,
            "kind": self.kind,
            "source": self.source,
            "date": self.date.isoformat() if self.date else None,
            "author": self.author,
            "recipients": self.recipients,
            "pages": self.pages,
            "sha256": self.sha256,
            "original_name": self.original_name,
            "media_type": self.media_type,
            "parent_id": self.parent_id,
            "text_status": self.text_status,
            "guesses": self.guesses,
            "trashed": self.trashed_at is not None,
        }


def record_of(item: Item) -> ItemRecord:
    return ItemRecord(
        id=item.id, student_id=item.student_id, parent_id=item.parent_id, origin=item.origin, title=item.title,
        kind=item.kind, source=item.source, date=item.doc_date, author=item.author, recipients=item.recipients,
        cc=item.cc, pages=item.page_count, sha256=item.sha256, original_name=item.original_name,
        media_type=item.media_type, size=item.size, text_status=item.text_status, guesses=dict(item.guesses),
        notes=item.notes, thread=item.thread, imported_at=item.created_at, trashed_at=item.trashed_at,
        warnings=tuple(item.meta.get("warnings", ())),
    )


def list_items(
    vault: Vault,
    *,
    student_id: int | None = None,
    kind: str | None = None,
    trashed: bool = False,
) -> list[ItemRecord]:
    """Documents in date order (undated last); an email's attachments follow it, and a thread stays in order."""
    query = select(Item).where(Item.trashed_at.is_not(None) if trashed else Item.trashed_at.is_(None))
    if student_id is not None:
        query = query.where(Item.student_id == student_id)
    if kind is not None:
        query = query.where(Item.kind == kind)
    query = query.order_by(Item.doc_date.is_(None), Item.doc_date, Item.doc_time, Item.id)
    with vault.session() as session:
        return [record_of(item) for item in session.scalars(query)]


def _get(session: Session, item_id: int) -> Item:
    item = session.get(Item, item_id)
    if item is None:
        raise UsageError(f"There is no item {item_id} in this vault. 'iepdesk list' shows the items.")
    return item


def get_item(vault: Vault, item_id: int) -> ItemRecord:
    with vault.session() as session:
        return record_of(_get(session, item_id))


def item_tables(vault: Vault, item_id: int) -> list[dict[str, Any]]:
    """The tables a spreadsheet or .csv item keeps (each sheet: its name, its rows as text cells, how many rows
    it had), for charts of scores over time; [] for other items."""
    with vault.session() as session:
        return list((_get(session, item_id).meta or {}).get("tables", []))


def page_texts(vault: Vault, item_id: int) -> list[tuple[int, str, str]]:
    """(page number, status, text) for each page of an item."""
    with vault.session() as session:
        return [(p.number, p.status, p.text) for p in _get(session, item_id).pages]


def update_item(vault: Vault, item_id: int, actor: str = "cli", **changes: Any) -> ItemRecord:
    """Set fields a person corrected; a corrected field stops being a guess."""
    return update_items(vault, [item_id], actor, **changes)[0]


def update_items(vault: Vault, item_ids: list[int], actor: str = "cli", **changes: Any) -> list[ItemRecord]:
    """The same corrections to several documents (their kind, date, source or child, say), as one undoable step."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise UsageError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    if not changes:
        raise UsageError("Say what to change.")
    if changes.get("kind") is not None:
        check_kind(changes["kind"])
    if changes.get("source") is not None:
        check_source(changes["source"])
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise UsageError("Choose the documents to change.")
    with vault.session() as session:
        fields = [*changes, "guesses"]
        corrected = {_GUESS_FIELD.get(n, n) for n in changes}
        steps, records = [], []
        for item_id in ids:
            item = _get(session, item_id)
            before = undo.row_state(item, fields)
            for name, value in changes.items():
                setattr(item, name, value)
            item.guesses = {k: v for k, v in item.guesses.items() if k not in corrected}
            steps.append(undo.change("items", item.id, before, undo.row_state(item, fields)))
            records.append(record_of(item))
        what = f"“{records[0].title}”" if len(records) == 1 else f"{len(records)} documents"
        undo.record(session, "item.edit", f"Changed {', '.join(changes)} of {what}.", "Edit details", steps,
                    actor=actor, item_id=records[0].id if len(records) == 1 else None)
        return records


def _set_trashed(vault: Vault, item_ids: list[int], trashed: bool, actor: str) -> list[ItemRecord]:
    """Move documents to the Trash or back, with their emails' attachments, as one step; nothing is deleted."""
    with vault.session() as session:
        items = [_get(session, item_id) for item_id in dict.fromkeys(item_ids)]
        now = utcnow() if trashed else None
        changes: list[dict[str, Any]] = []
        for item in items:
            for each in [item, *session.scalars(select(Item).where(Item.parent_id == item.id))]:
                if (each.trashed_at is None) == trashed and each.id not in {c["id"] for c in changes}:
                    before = undo.row_state(each, ["trashed_at"])
                    each.trashed_at = now
                    changes.append(undo.change("items", each.id, before, undo.row_state(each, ["trashed_at"])))
        if changes:
            verb, label = ("Moved", "Move to Trash") if trashed else ("Restored", "Restore from Trash")
            where = "to the Trash" if trashed else "from the Trash"
            what = f"“{items[0].title}”" if len(items) == 1 else f"{len(items)} documents"
            also = f" (with {len(changes) - len(items)} attachment(s))" if len(changes) > len(items) else ""
            undo.record(session, "item.trash" if trashed else "item.restore", f"{verb} {what}{also} {where}.",
                        label, changes, actor=actor, item_id=items[0].id if len(items) == 1 else None)
        return [record_of(item) for item in items]


def trash_item(vault: Vault, item_id: int, actor: str = "cli") -> ItemRecord:
    return _set_trashed(vault, [item_id], True, actor)[0]


def restore_item(vault: Vault, item_id: int, actor: str = "cli") -> ItemRecord:
    return _set_trashed(vault, [item_id], False, actor)[0]


def trash_items(vault: Vault, item_ids: list[int], actor: str = "cli") -> list[ItemRecord]:
    return _set_trashed(vault, item_ids, True, actor)


def restore_items(vault: Vault, item_ids: list[int], actor: str = "cli") -> list[ItemRecord]:
    return _set_trashed(vault, item_ids, False, actor)
