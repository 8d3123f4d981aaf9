"""The case in one chronology: documents and events in date order, with every deadline and where it stands
(overdue and due soon first)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from iepdesk.items import list_items
from iepdesk.kinds import KINDS
from iepdesk.timeline.deadlines import Clock, deadlines
from iepdesk.timeline.events import EventRecord, list_events
from iepdesk.timeline.people import PersonRecord, list_people
from iepdesk.vault import Vault


@dataclass(frozen=True)
class Entry:
    date: dt.date | None
    type: str  # document | event
    id: int
    label: str  # the kind, in words
    title: str
    detail: str  # a document's author; an event's outcome, people and note
    item_id: int | None  # the document itself, or the one an event links to

    def as_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat() if self.date else None, "type": self.type, "id": self.id,
                "label": self.label, "title": self.title, "detail": self.detail or None, "item_id": self.item_id}


def names(event: EventRecord, people: dict[int, PersonRecord]) -> list[str]:
    return [people[p].shown for p in event.people if p in people]


def event_detail(event: EventRecord, people: dict[int, PersonRecord]) -> str:
    parts = [event.outcome_label or "", ", ".join(names(event, people)), event.note or ""]
    return "; ".join(p for p in parts if p)


def event_json(event: EventRecord, people: dict[int, PersonRecord]) -> dict[str, Any]:
    return event.as_json() | {"people_names": names(event, people)}


@dataclass(frozen=True)
class Timeline:
    today: dt.date
    entries: list[Entry]
    events: list[EventRecord]
    deadlines: list[Clock]
    people: dict[int, PersonRecord]

    def as_json(self) -> dict[str, Any]:
        return {"today": self.today.isoformat(), "events": [event_json(e, self.people) for e in self.events],
                "deadlines": [c.as_json() for c in self.deadlines], "chronology": [e.as_json() for e in self.entries]}


def _key(entry: Entry) -> tuple[bool, dt.date, int]:
    return (entry.date is None, entry.date or dt.date.max, 0 if entry.type == "event" else 1)


def build_timeline(vault: Vault, today: dt.date | None = None, student_id: int | None = None) -> Timeline:
    today = today or dt.date.today()
    people = {p.id: p for p in list_people(vault)}
    events = list_events(vault, student_id=student_id)
    entries = [Entry(e.date, "event", e.id, e.label, e.title, event_detail(e, people), e.item_id) for e in events]
    for item in list_items(vault, student_id=student_id):
        entries.append(Entry(item.date, "document", item.id, KINDS.get(item.kind, item.kind), item.title,
                             item.author or "", item.id))
    entries.sort(key=_key)  # stable: each keeps its own list's order (time, then id) within a day
    return Timeline(today, entries, events, deadlines(vault, today, student_id), people)
