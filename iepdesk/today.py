"""Today: the state of the case and what to do next, computed from the vault, for the app's first page and
``iepdesk today``. Each card says what it shows, what is in it, and the one thing to do about it; an empty card
says what it will show and how to start. The app and the CLI read the same cards, so they cannot disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from iepdesk.vault import Vault

SOON_DAYS = 14  # deadlines due within this many days are on the first card
BACKUP_DAYS = 7  # a backup older than this is a thing to do
SHOWN = 5  # lines per card
FOLLOW_UPS = {"records_requested": "records-follow-up"}  # the event a late answer was asked by -> the letter


@dataclass(frozen=True)
class Card:
    key: str  # deadlines | review | suggestions | gaps | backup | meeting
    title: str
    lines: tuple[str, ...]  # what is in it, most pressing first
    action: str  # the one thing to do, in words ("Open the Timeline")
    empty: str = ""  # when there is nothing: what the card will show and how to start
    urgent: bool = False
    more: int = 0  # lines left out
    data: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "lines": list(self.lines), "more": self.more,
                "action": self.action, "empty": self.empty or None, "urgent": self.urgent, **self.data}


def _card(key: str, title: str, lines: list[str], action: str, empty: str, urgent: bool = False,
          **data: Any) -> Card:
    return Card(key, title, tuple(lines[:SHOWN]), action, "" if lines else empty, urgent, max(0, len(lines) - SHOWN),
                data)


def today_cards(vault: Vault, today: dt.date | None = None) -> list[Card]:
    """The cards, in the order a parent should read them."""
    from iepdesk.timeline.deadlines import deadlines

    today = today or dt.date.today()
    clocks = deadlines(vault, today)  # counted once, for the deadlines and the hearing's disclosure
    return [_deadlines(clocks, today), _meeting(vault, today, clocks), _review(vault), _suggestions(vault),
            _gaps(vault), _backup(vault, today)]


def _deadlines(clocks: list[Any], today: dt.date) -> Card:
    pressing = [c for c in clocks if c.status == "overdue" or
                (c.status in ("due_soon", "open") and c.due is not None and (c.due - today).days <= SOON_DAYS)]
    def head(clock: Any) -> str:
        if clock.status == "overdue":
            return "OVERDUE"
        return "Closes soon" if clock.rule.window else "Due soon"

    lines = [f"{head(c)}: {c.sentence()} ({c.law()})" for c in pressing]
    # an overdue answer a letter can chase: the card's one thing to do is to write it
    letter = next((FOLLOW_UPS[start] for c in pressing if c.status == "overdue" and c.rule.party == "district"
                   for start in c.rule.starts if start in FOLLOW_UPS), None)
    return _card("deadlines", "Deadlines overdue or due within two weeks", lines,
                 "Write a follow-up letter" if letter else "Open the Timeline",
                 "No deadline is overdue or due in the next two weeks. Deadlines start from events: add the ones "
                 "that happened (a request you sent, a consent you signed) in the Timeline.",
                 urgent=any(c.status == "overdue" for c in pressing),
                 overdue=sum(c.status == "overdue" for c in pressing), letter=letter)


def _meeting(vault: Vault, today: dt.date, clocks: list[Any]) -> Card:
    from iepdesk.hearing.outcomes import list_asks, meetings_to_record
    from iepdesk.timeline.events import MEETINGS, next_meeting

    ahead = next_meeting(vault, today)
    waiting = meetings_to_record(vault, today)  # a meeting held whose asks have no decision recorded
    record = []
    if waiting and (ahead is None or waiting[-1] != ahead.id):
        asks = list_asks(vault, waiting[-1])
        record = [f"{sum(a.outcome is None for a in asks)} of the {len(asks)} thing(s) you asked for at your last "
                  "meeting have no decision recorded: write down what was decided, then confirm it in a letter."]
    if ahead is None and record:
        return _card("meeting", "Next meeting or hearing", record, "Record what was decided", "")
    if ahead is None:
        return _card("meeting", "Next meeting or hearing", [], "Add an event",
                     "No meeting or hearing is on the calendar. When one is set, add it in the Timeline: IEPDesk "
                     "counts down to it and helps you prepare for it.")
    days = (ahead.date - today).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    lines = [f"{MEETINGS[ahead.kind]} on {ahead.date:%A, %B} {ahead.date.day}, {ahead.date.year}: {when}."]
    action, due = "Prepare for it", None  # the prep sheet to bring (the binder is on the File menu)
    if ahead.kind == "hearing":  # what must reach the district before it, and by when
        from iepdesk.hearing.packet import disclosure_of

        clock = disclosure_of(clocks, ahead)
        if clock is not None and clock.due is not None:
            due = clock.due
            if clock.stopped_by is not None:
                lines.append(f"Your evidence was disclosed on {_day(clock.stopped_by.date)}.")
            elif due < today:
                lines.append(f"Your evidence and witnesses were to be disclosed by {_day(due)}: disclose them now, "
                             f"and ask the hearing officer to admit them ({clock.law()}).")
                action = "Make the disclosure packet"
            else:
                lines.append(f"Disclose your evidence and witnesses by {_day(due)} ({clock.rule.length} "
                             f"{clock.rule.unit} days before; {clock.law()}).")
                action = "Make the disclosure packet"
    if record and action == "Prepare for it" and days > 7:  # what the last meeting decided comes first
        lines, action = record + lines, "Record what was decided"
    return _card("meeting", "Next meeting or hearing", lines, action, "",
                 urgent=days <= 7 or (due is not None and action != "Prepare for it" and (due - today).days <= 7),
                 date=ahead.date.isoformat(), days=days, disclosure_due=due.isoformat() if due else None)


def _day(value: dt.date) -> str:
    return f"{value:%A, %B} {value.day}, {value.year}"


def _review(vault: Vault) -> Card:
    from iepdesk.rows import list_rows

    guessed = [r for r in list_rows(vault) if r.guesses not in ("{}", "")]
    lines = [f"{r.title} ({r.date.isoformat() if r.date else 'undated'})" for r in guessed]
    return _card("review", "Documents whose details are IEPDesk's guesses", lines, "Review",
                 "Every document's details are confirmed. New documents come in with guessed details (kind, date, "
                 "who wrote it) shown in italics, to check.", count=len(guessed))


def _suggestions(vault: Vault) -> Card:
    from iepdesk.criteria.suggest import waiting_by_document
    from iepdesk.rows import list_rows

    waiting, weaker = waiting_by_document(vault)
    titles = {row.id: row.title for row in list_rows(vault)} if waiting else {}  # one query, not one per document
    lines = [f"{titles.get(item_id, f'item {item_id}')}: {count} suggestion(s)" for item_id, count in waiting]
    if weaker:
        lines.append(f"and {weaker} weaker one(s), found by single words: “Show weaker suggestions” in the "
                     "Evidence tab lists them")
    return _card("suggestions", "Suggested evidence waiting for you", lines, "Review suggestions",
                 "No suggestions wait. IEPDesk suggests the pages that may prove each part of the case when "
                 "documents come in; accept or reject them in a document's Evidence tab.",
                 count=sum(count for _item, count in waiting))


def _gaps(vault: Vault) -> Card:
    from iepdesk.criteria.catalogue import load_catalogue
    from iepdesk.criteria.coverage import ElementCoverage, chosen_roots, coverage_report
    from iepdesk.students import list_students

    catalogue = load_catalogue(vault)
    roots = chosen_roots(vault, catalogue)
    rows = [r for r in coverage_report(vault, roots, catalogue=catalogue)
            if isinstance(r, ElementCoverage) and r.needed and r.status != "supported"]
    rows.sort(key=lambda r: r.status != "none")
    lines = [f"{'No evidence' if r.status == 'none' else 'Thin'}: {r.title}" +
             (f" (would help: {r.would_help[0]})" if r.would_help else "") for r in rows]
    chosen = any(s.categories for s in list_students(vault))
    titles = [catalogue.criteria[r].title for r in roots[1:] if r in catalogue.criteria]
    heading = (f"For the categories you chose: {', '.join(titles)}." if chosen else
               "Which categories fit your child? Choose them ('iepdesk student edit 1 --categories …') to see "
               "their gaps here.")
    return _card("gaps", "Parts of the case still empty or thin", [heading, *lines] if lines or not chosen else [],
                 "Open Coverage", "Every part of the case the evidence points to is supported. Tag evidence to "
                 "the criteria to see what is still missing.", count=len(rows), categories=roots[1:])


def _backup(vault: Vault, today: dt.date) -> Card:
    from iepdesk.vault.backups_known import last_made

    made = last_made(vault.path)
    if made is None:
        return _card("backup", "Backup", ["No backup of this vault yet."], "Back up now", "", urgent=True)
    when, where = made
    age = (today - when.date()).days
    line = f"Last backup {when:%Y-%m-%d %H:%M} ({age} day(s) ago), in {where.parent}."
    return _card("backup", "Backup", [line], "Back up now" if age > BACKUP_DAYS else "", "",
                 urgent=age > BACKUP_DAYS, age_days=age)
