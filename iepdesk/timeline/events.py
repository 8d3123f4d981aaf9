"""Events of a case: requests, consents, meetings, notices, calls. Added, changed and trashed with undo.

An event may link to the document that proves it (``item_id``: the request email, the signed consent, the
prior written notice, a letter the parent sent) and may answer an earlier event (``response_to``: records
received answers a records request). Deadlines are computed from events (deadlines.py), never stored, so a
letter filed later by the letters module starts its clock by adding an event that links to the letter's item
(see proposals.py: an item with ``meta['letter']['event_kind']`` is proposed as that event).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from iepdesk import undo
from iepdesk.errors import UsageError
from iepdesk.timeline.kinds import EVENT_KINDS, OUTCOMES, check_event_kind, kind_label, lower_label
from iepdesk.vault import Vault
from iepdesk.vault.models import Event, Item, Person, Student, utcnow

EDITABLE = ("kind", "date", "time", "title", "note", "outcome", "item_id", "people", "response_to", "student_id")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
EARLIEST = dt.date(1950, 1, 1)


@dataclass(frozen=True)
class EventRecord:
    id: int
    student_id: int | None
    kind: str
    date: dt.date
    time: str | None
    title: str
    note: str | None
    outcome: str | None
    item_id: int | None
    people: tuple[int, ...]
    response_to: int | None
    origin: str
    trashed_at: dt.datetime | None
    warnings: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return kind_label(self.kind)

    @property
    def outcome_label(self) -> str | None:
        return OUTCOMES.get(self.kind, {}).get(self.outcome or "", self.outcome)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "student_id": self.student_id, "kind": self.kind, "label": self.label,
            "date": self.date.isoformat(), "time": self.time, "title": self.title, "note": self.note,
            "outcome": self.outcome, "item_id": self.item_id, "people": list(self.people),
            "response_to": self.response_to, "origin": self.origin, "trashed": self.trashed_at is not None,
        }


def record_of(event: Event, warnings: tuple[str, ...] = ()) -> EventRecord:
    return EventRecord(
        id=event.id, student_id=event.student_id, kind=event.kind, date=event.date, time=event.time,
        title=event.title, note=event.note, outcome=event.outcome, item_id=event.item_id,
        people=tuple(event.people or ()), response_to=event.response_to, origin=event.origin,
        trashed_at=event.trashed_at, warnings=warnings,
    )


def _day(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def _check(session: Session, values: dict[str, Any], event_id: int | None, today: dt.date) -> tuple[str, ...]:
    """Check an event's values as a whole; raise UsageError with a plain sentence, return warnings."""
    try:
        check_event_kind(values["kind"])
    except ValueError as error:
        raise UsageError(str(error)) from error
    date = values["date"]
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise UsageError("An event needs a date, written as YYYY-MM-DD (e.g. 2025-10-02).")
    if date < EARLIEST:
        raise UsageError(f"{date} is too long ago to be a date in this case; check the year.")
    if values.get("time") is not None:
        match = _TIME.match(str(values["time"]).strip())
        if not match:
            raise UsageError(f"'{values['time']}' is not a time; write it as HH:MM on a 24-hour clock, e.g. 15:30.")
        values["time"] = f"{int(match.group(1)):02d}:{match.group(2)}"
    outcome = values.get("outcome")
    if outcome is not None and outcome not in OUTCOMES.get(values["kind"], {}):
        allowed = OUTCOMES.get(values["kind"])
        raise UsageError(f"'{outcome}' is not an outcome of {lower_label(values['kind'])}"
                         + (f"; use one of: {', '.join(allowed)}." if allowed else " (it records none)."))
    if values.get("item_id") is not None:
        item = session.get(Item, values["item_id"])
        if item is None:
            raise UsageError(f"There is no item {values['item_id']} in this vault. 'iepdesk list' shows the items.")
        if item.trashed_at is not None and event_id is None:
            raise UsageError(f"Item {item.id} “{item.title}” is in the Trash; restore it before linking an event.")
        if values.get("student_id") is None:
            values["student_id"] = item.student_id
    if values.get("student_id") is None:
        students = session.scalars(select(Student.id)).all()
        values["student_id"] = students[0] if len(students) == 1 else None
    people = list(dict.fromkeys(values.get("people") or []))
    missing = [str(p) for p in people if session.get(Person, p) is None]
    if missing:
        raise UsageError(f"There is no person {', '.join(missing)} in this vault. 'iepdesk person list' shows them.")
    values["people"] = people
    warnings = _check_response(session, values, event_id)
    if date > today and EVENT_KINDS[values["kind"]].happened:
        warnings.append(f"The date {date} is in the future. {kind_label(values['kind'])} is something already done "
                        "or received, so it is usually dated today or earlier: kept as entered, but check it.")
    return tuple(warnings)


def _answers(kind: str) -> set[str]:
    """The kinds of event an event of this kind answers, by the built-in deadline rules (records received answers
    a records request); empty when no rule stops on it."""
    from iepdesk.timeline.rules import load_rules

    return {start for rule in load_rules().rules.values() if kind in rule.stops for start in rule.starts}


def _check_response(session: Session, values: dict[str, Any], event_id: int | None) -> list[str]:
    date = values["date"]
    answered_id = values.get("response_to")
    warnings = []
    if answered_id is not None:
        answered = session.get(Event, answered_id)
        if answered is None or answered.trashed_at is not None:
            raise UsageError(f"There is no event {answered_id} to respond to. 'iepdesk event list' shows the events.")
        if answered_id == event_id:
            raise UsageError("An event cannot respond to itself.")
        if answered.date > date:
            raise UsageError(
                f"Impossible dates: this {lower_label(values['kind'])} on {_day(date)} would answer event "
                f"{answered.id} ({answered.title}, {_day(answered.date)}), which comes after it. A response cannot "
                "come before what it answers: check both dates.")
        seen = {event_id}
        current: Event | None = answered
        while current is not None and current.response_to is not None:  # no circles of answers
            if current.response_to in seen:
                raise UsageError(f"Event {answered_id} already answers this event (directly or through others), so "
                                 "this one cannot answer it.")
            seen.add(current.id)
            current = session.get(Event, current.response_to)
        expected = _answers(values["kind"])
        if expected and answered.kind not in expected:
            wanted = " or ".join(lower_label(k) for k in sorted(expected))
            warnings.append(f"{kind_label(values['kind'])} usually answers {wanted}, but event {answered.id} is "
                            f"{lower_label(answered.kind)}: kept as entered, but check it (it stops no clock).")
    if event_id is not None:
        for later in session.scalars(select(Event).where(Event.response_to == event_id, Event.trashed_at.is_(None))):
            if later.date < date:
                raise UsageError(
                    f"Impossible dates: event {later.id} ({later.title}, {_day(later.date)}) answers this one, so this "
                    f"one cannot be dated {_day(date)}, after its answer. Check both dates.")
    return warnings


def add_event(vault: Vault, kind: str, date: dt.date, *, time: str | None = None, title: str | None = None,
              note: str | None = None, outcome: str | None = None, item_id: int | None = None,
              people: list[int] | tuple[int, ...] = (), response_to: int | None = None, student_id: int | None = None,
              origin: str = "manual", actor: str = "cli", today: dt.date | None = None) -> EventRecord:
    values: dict[str, Any] = {"kind": kind, "date": date, "time": time, "outcome": outcome, "item_id": item_id,
                              "people": list(people), "response_to": response_to, "student_id": student_id}
    with vault.session() as session:
        warnings = _check(session, values, None, today or dt.date.today())
        values["title"] = ((title or "").strip() or kind_label(kind))[:500]
        values["note"] = (note or "").strip() or None
        event = Event(**values, origin=origin)
        session.add(event)
        session.flush()
        undo.record(session, "event.add", f"Added the event “{event.title}” ({event.date}).", "Add event",
                    [undo.change("events", event.id, None, undo.row_state(event))], actor=actor,
                    item_id=event.item_id)
        return record_of(event, warnings)


def _get(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise UsageError(f"There is no event {event_id} in this vault. 'iepdesk event list' shows the events.")
    return event


def get_event(vault: Vault, event_id: int) -> EventRecord:
    with vault.session() as session:
        return record_of(_get(session, event_id))


def update_event(vault: Vault, event_id: int, actor: str = "cli", today: dt.date | None = None,
                 **changes: Any) -> EventRecord:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise UsageError(f"These fields of an event cannot be changed: {', '.join(sorted(unknown))}.")
    with vault.session() as session:
        event = _get(session, event_id)
        values = {name: getattr(event, name) for name in EDITABLE} | changes
        if "people" in values:
            values["people"] = list(values["people"] or [])
        warnings = _check(session, values, event.id, today or dt.date.today())
        if "title" in changes:
            values["title"] = ((changes["title"] or "").strip() or kind_label(values["kind"]))[:500]
        if "note" in changes:
            values["note"] = (changes["note"] or "").strip() or None
        fields = [name for name in EDITABLE if values[name] != getattr(event, name)]
        if not fields:
            return record_of(event, warnings)
        before = undo.row_state(event, fields)
        for name in fields:
            setattr(event, name, values[name])
        undo.record(session, "event.edit", f"Changed {', '.join(fields)} of the event “{event.title}”.", "Edit event",
                    [undo.change("events", event.id, before, undo.row_state(event, fields))], actor=actor,
                    item_id=event.item_id)
        return record_of(event, warnings)


def _set_trashed(vault: Vault, event_id: int, trashed: bool, actor: str) -> EventRecord:
    with vault.session() as session:
        event = _get(session, event_id)
        if (event.trashed_at is not None) != trashed:
            before = undo.row_state(event, ["trashed_at"])
            event.trashed_at = utcnow() if trashed else None
            verb, label = ("Moved", "Move event to Trash") if trashed else ("Restored", "Restore event")
            where = "to the Trash" if trashed else "from the Trash"
            undo.record(session, "event.trash" if trashed else "event.restore",
                        f"{verb} the event “{event.title}” ({event.date}) {where}.", label,
                        [undo.change("events", event.id, before, undo.row_state(event, ["trashed_at"]))],
                        actor=actor, item_id=event.item_id)
        return record_of(event)


def trash_event(vault: Vault, event_id: int, actor: str = "cli") -> EventRecord:
    return _set_trashed(vault, event_id, True, actor)


def restore_event(vault: Vault, event_id: int, actor: str = "cli") -> EventRecord:
    return _set_trashed(vault, event_id, False, actor)


def list_events(vault: Vault, *, student_id: int | None = None, kinds: list[str] | None = None,
                trashed: bool = False) -> list[EventRecord]:
    """Events in date order (and time, then the order they were entered)."""
    query = select(Event).where(Event.trashed_at.is_not(None) if trashed else Event.trashed_at.is_(None))
    if student_id is not None:
        query = query.where(Event.student_id == student_id)
    if kinds:
        query = query.where(Event.kind.in_(kinds))
    query = query.order_by(Event.date, Event.time.is_(None), Event.time, Event.id)
    with vault.session() as session:
        return [record_of(event) for event in session.scalars(query)]


MEETINGS = {"iep_meeting": "IEP meeting", "eligibility_meeting": "IEP eligibility meeting", "mediation": "Mediation",
            "resolution_meeting": "Resolution meeting", "hearing": "Due-process hearing",
            "manifestation_review": "Manifestation determination review"}


def next_meeting(vault: Vault, today: dt.date | None = None) -> EventRecord | None:
    """The next meeting, mediation or hearing on the calendar (today or later), for a binder's cover."""
    today = today or dt.date.today()
    ahead = [e for e in list_events(vault, kinds=list(MEETINGS)) if e.date >= today]
    return min(ahead, key=lambda e: (e.date, e.time or "", e.id)) if ahead else None
