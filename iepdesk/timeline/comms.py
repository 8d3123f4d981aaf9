"""The communication log: every letter, email and call, with date, from → to, subject, response due and
response received. It feeds the binder's communication log.

Rows come from correspondence documents (emails, letters, notes of calls) and from events that are
communications (a request, a notice received, a call or meeting) when no correspondence document of theirs
is in the log already. "Response due" is the due date of the clock the message started (a records request:
45 days); "response received" is the date of the event that stopped that clock, or of the first reply in the
email thread from someone else, whichever came first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from iepdesk.timeline.deadlines import Clock, deadlines
from iepdesk.timeline.events import EventRecord, list_events
from iepdesk.timeline.kinds import EVENT_KINDS
from iepdesk.timeline.people import Party, PersonRecord, list_people, mentioned, message_parties
from iepdesk.timeline.timeline import names
from iepdesk.vault import Vault
from iepdesk.vault.models import Item

PARENT = "Parent"
SCHOOL = "School"


@dataclass(frozen=True)
class Communication:
    date: dt.date | None
    channel: str  # email | letter | call | meeting | event (a request or notice recorded as an event)
    sender: str
    recipients: str
    subject: str
    item_id: int | None
    event_id: int | None
    response_due: dt.date | None
    response_received: dt.date | None
    rule_id: str | None  # the rule whose clock gives the response due
    citation: str | None

    def as_json(self) -> dict[str, Any]:
        def day(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {"date": day(self.date), "channel": self.channel, "from": self.sender, "to": self.recipients,
                "subject": self.subject, "item_id": self.item_id, "event_id": self.event_id,
                "response_due": day(self.response_due), "response_received": day(self.response_received),
                "rule": self.rule_id, "citation": self.citation}


def _shown(parties: tuple[Party, ...]) -> str:
    return ", ".join(p.shown for p in parties)


def _clock_of(clocks: list[Clock]) -> Clock | None:
    """The clock that says when an answer is due: the earliest due one that an answer stops."""
    answered = [c for c in clocks if c.rule.stops and c.rule.party == "district"]
    if not answered:
        return None
    return min(answered, key=lambda c: (c.due is None, c.due or dt.date.max, c.rule.id))


def _earliest(*days: dt.date | None) -> dt.date | None:
    found = [d for d in days if d is not None]
    return min(found) if found else None


@dataclass
class _Mail:
    id: int
    date: dt.date | None
    time: dt.datetime | None
    title: str
    author: str | None
    recipients: str | None
    source: str | None
    thread: str | None
    channel: str
    address: str
    text: str  # a note's text (to find the people it names); empty for emails and letters


def _mails(vault: Vault, student_id: int | None) -> list[_Mail]:
    query = select(Item).where(Item.kind == "correspondence", Item.trashed_at.is_(None))
    if student_id is not None:
        query = query.where(Item.student_id == student_id)
    query = query.order_by(Item.doc_date.is_(None), Item.doc_date, Item.doc_time, Item.id)
    found = []
    with vault.session() as session:
        for item in session.scalars(query):
            meta = item.meta or {}
            note = (meta.get("note") or {}).get("type")
            channel = "email" if "email" in meta else {"call": "call", "meeting": "meeting"}.get(note or "", "letter")
            address = str((meta.get("email") or {}).get("from_address", "")).lower()
            text = item.pages[0].text if note and item.pages else ""
            found.append(_Mail(item.id, item.doc_date, item.doc_time, item.title, item.author, item.recipients,
                               item.source, item.thread, channel, address, text))
    return found


def _first_reply(mail: _Mail, mails: list[_Mail]) -> dt.date | None:
    """The date of the first later message in the thread from someone else (for what the parent sent)."""
    if mail.channel != "email" or mail.source != "parent" or not mail.thread:
        return None
    for other in mails:
        if other.thread != mail.thread or other.id == mail.id or other.address == mail.address:
            continue
        later = (other.time, other.id) > (mail.time, mail.id) if other.time and mail.time else \
            (other.date or dt.date.min) > (mail.date or dt.date.max)
        if later:
            return other.date
    return None


def _event_parties(event: EventRecord, people: dict[int, PersonRecord]) -> tuple[str, str]:
    who = ", ".join(names(event, people))
    direction = EVENT_KINDS[event.kind].direction
    if direction == "in":
        return who or SCHOOL, PARENT
    return PARENT, who or SCHOOL


def communication_log(vault: Vault, today: dt.date | None = None, student_id: int | None = None,
                      item_ids: set[int] | None = None, clocks: list[Clock] | None = None) -> list[Communication]:
    """The log in date order. ``item_ids`` keeps only those documents (a binder's exhibits); events stay."""
    clocks = clocks if clocks is not None else deadlines(vault, today, student_id)
    by_start: dict[int, list[Clock]] = {}
    for each in clocks:
        if not each.rule.follows:
            by_start.setdefault(each.start.id, []).append(each)
    people = {p.id: p for p in list_people(vault)}
    events = list_events(vault, student_id=student_id)
    by_item: dict[int, list[EventRecord]] = {}
    for event in events:
        if event.item_id is not None:
            by_item.setdefault(event.item_id, []).append(event)
    mails = _mails(vault, student_id)
    shown_mails = [m for m in mails if item_ids is None or m.id in item_ids]
    parties = message_parties(vault, [m.id for m in shown_mails])
    rows: list[tuple[tuple[Any, ...], Communication]] = []
    for mail in shown_mails:
        linked = by_item.get(mail.id, [])
        clock = _clock_of([c for e in linked for c in by_start.get(e.id, [])])
        message = parties.get(mail.id)
        sender = (message.sender.shown if message and message.sender else None) or mail.author or "—"
        recipients = _shown(message.recipients) if message else ""
        if not recipients:
            named = [people[i].shown for i in mentioned(f"{mail.title}\n{mail.text}", list(people.values()))]
            recipients = (", ".join(dict.fromkeys(n for e in linked for n in names(e, people))) or mail.recipients
                          or ", ".join(named) or "—")
        received = _earliest(clock.stopped_by.date if clock and clock.stopped_by else None, _first_reply(mail, mails))
        rows.append(((mail.date or dt.date.max, mail.time or dt.datetime.min, 1, mail.id), Communication(
            mail.date, mail.channel, sender, recipients, mail.title, mail.id, None, clock.due if clock else None,
            received, clock.rule.id if clock else None, clock.rule.citation if clock else None)))
    in_log = {m.id for m in shown_mails}
    for event in events:
        if not EVENT_KINDS[event.kind].direction or (event.item_id in in_log):
            continue
        clock = _clock_of(by_start.get(event.id, []))
        sender, recipients = _event_parties(event, people)
        subject = event.title if not event.note else f"{event.title}: {event.note}"
        channel = {"phone_call": "call", "meeting": "meeting"}.get(event.kind, "event")
        received = clock.stopped_by.date if clock and clock.stopped_by else None
        rows.append(((event.date, dt.datetime.min, 0, event.id), Communication(
            event.date, channel, sender, recipients, subject, event.item_id, event.id, clock.due if clock else None,
            received, clock.rule.id if clock else None, clock.rule.citation if clock else None)))
    return [row for _key, row in sorted(rows, key=lambda r: r[0])]
