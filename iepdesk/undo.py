"""Undo and redo that live with the data: every undoable change is a history line carrying the rows it
changed, before and after. Undo writes the "before" back and adds a line saying so; redo writes "after".

The undo and redo stacks are not stored: they are read from the history, so they survive a restart and
the history stays append-only (a record that holds up in a dispute).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, DateTime, func, select
from sqlalchemy.orm import Session

from iepdesk.vault import Vault
from iepdesk.vault.models import Base, Event, Evidence, HistoryEntry, Item, MeetingAsk, Person, SchoolDayOff, Student

TABLES: dict[str, type[Base]] = {"evidence": Evidence, "items": Item, "events": Event, "people": Person,
                                  "school_days_off": SchoolDayOff, "students": Student, "asks": MeetingAsk}


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def row_state(row: Base, fields: list[str] | None = None) -> dict[str, Any]:
    names = fields or [c.key for c in row.__table__.columns]
    return {name: plain(getattr(row, name)) for name in names}


def change(table: str, row_id: int, before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    return {"table": table, "id": row_id, "before": before, "after": after}


def record(session: Session, action: str, summary: str, label: str, changes: list[dict[str, Any]], *,
           actor: str, item_id: int | None = None) -> None:
    """A history line for an undoable change; ``label`` names it in menus ("Undo Tag as evidence")."""
    Vault.record(session, action, summary, actor=actor, item_id=item_id, detail={"label": label, "undo": changes})


def _restore(session: Session, item: dict[str, Any], side: str) -> None:
    model = TABLES[item["table"]]
    state = item[side]
    row = session.get(model, item["id"])
    if state is None:
        if row is not None:
            session.delete(row)
        return
    columns = model.__table__.columns
    values = {}
    for name, value in state.items():
        kind = columns[name].type
        if value is not None and isinstance(kind, DateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = dt.date.fromisoformat(value)
        values[name] = value
    if row is None:
        session.add(model(**values))
    else:
        for name, value in values.items():
            setattr(row, name, value)


@dataclass(frozen=True)
class Step:
    history_id: int
    label: str
    summary: str


def _stacks(session: Session) -> tuple[list[Step], list[Step]]:
    rows = session.scalars(
        select(HistoryEntry)
        .where(HistoryEntry.action.in_(("undo", "redo"))
               | func.json_extract(HistoryEntry.detail, "$.undo").is_not(None))
        .order_by(HistoryEntry.id)
    ).all()
    steps = {row.id: Step(row.id, row.detail.get("label", row.action), row.summary) for row in rows}
    done: list[Step] = []
    undone: list[Step] = []
    for row in rows:
        if row.action == "undo":
            undone.append(done.pop())
        elif row.action == "redo":
            done.append(undone.pop())
        elif "undo" in row.detail:
            done.append(steps[row.id])
            undone.clear()
    return done, undone


def available(vault: Vault) -> tuple[Step | None, Step | None]:
    """What Undo and Redo would do now (None when there is nothing)."""
    with vault.session() as session:
        done, undone = _stacks(session)
    return (done[-1] if done else None), (undone[-1] if undone else None)


def _step(vault: Vault, redo: bool, actor: str) -> Step | None:
    with vault.session() as session:
        done, undone = _stacks(session)
        stack = undone if redo else done
        if not stack:
            return None
        step = stack[-1]
        entry = session.get(HistoryEntry, step.history_id)
        assert entry is not None
        changes = entry.detail["undo"]
        for item in (changes if redo else reversed(changes)):
            _restore(session, item, "after" if redo else "before")
            session.flush()
        verb = "Redid" if redo else "Undid"
        Vault.record(session, "redo" if redo else "undo", f"{verb}: {step.summary}", actor=actor,
                     item_id=entry.item_id, detail={"step": step.history_id})
        return step


def undo(vault: Vault, actor: str = "cli") -> Step | None:
    return _step(vault, redo=False, actor=actor)


def redo(vault: Vault, actor: str = "cli") -> Step | None:
    return _step(vault, redo=True, actor=actor)
