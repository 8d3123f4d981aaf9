"""The timeline's commands: ``event``, ``timeline``, ``person``, ``breaks`` and ``deadlines`` (docs/architecture.md).

``register`` adds them to the parser (iepdesk.cli.parser); the work is imported when a command runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iepdesk.cli.common import emit, open_vault, parse_date, say


def _people(vault: Any, refs: list[str] | None) -> list[int] | None:
    from iepdesk.timeline.people import resolve_people

    return None if refs is None else resolve_people(vault, refs)


def _warn(event: Any) -> None:
    for warning in event.warnings:
        say(f"note: {warning}")


def _event_line(event: Any, people: dict[int, Any]) -> str:
    from iepdesk.timeline.timeline import event_detail

    when = f"{event.date} {event.time}" if event.time else f"{event.date}      "
    item = f"  [item {event.item_id}]" if event.item_id else ""
    answers = f"  (answers event {event.response_to})" if event.response_to else ""
    title = event.title if event.title == event.label else f"{event.label}: {event.title}"
    detail = event_detail(event, people)
    return f"{event.id:>4}  {when}  {title}{item}{answers}" + (f"\n        {detail}" if detail else "")


# -- event ----------------------------------------------------------------------------------------------------
def cmd_event_add(args: argparse.Namespace) -> int:
    from iepdesk.timeline.events import add_event

    with open_vault(args) as vault:
        event = add_event(vault, args.kind, args.date, time=args.time, title=args.title, note=args.note,
                          outcome=args.outcome, item_id=args.item, people=_people(vault, args.people) or [],
                          response_to=args.responds_to, student_id=args.student, today=args.today)
    emit(args, event.as_json() | {"warnings": list(event.warnings)},
         [f"Added event {event.id}: {event.label} on {event.date}"])
    _warn(event)
    return 0


def cmd_event_edit(args: argparse.Namespace) -> int:
    from iepdesk.errors import UsageError
    from iepdesk.timeline.events import update_event

    changes: dict[str, Any] = {name: getattr(args, name) for name in ("kind", "date", "time", "title", "note",
                                                                       "outcome", "student_id") if
                               getattr(args, name, None) is not None}
    if args.item is not None:
        changes["item_id"] = args.item or None  # 0 unlinks
    if args.responds_to is not None:
        changes["response_to"] = args.responds_to or None
    with open_vault(args) as vault:
        people = _people(vault, args.people)
        if people is not None:
            changes["people"] = people
        if not changes:
            raise UsageError("Say what to change, e.g. --date 2025-10-02 or --note '…'.")
        event = update_event(vault, args.event, today=args.today, **changes)
    emit(args, event.as_json() | {"warnings": list(event.warnings)},
         [f"Updated event {event.id}: {event.label} on {event.date}"])
    _warn(event)
    return 0


def cmd_event_trash(args: argparse.Namespace) -> int:
    from iepdesk.timeline.events import restore_event, trash_event

    with open_vault(args) as vault:
        event = (restore_event if args.event_command == "restore" else trash_event)(vault, args.event)
    verb = "Restored" if args.event_command == "restore" else "Moved to the Trash:"
    emit(args, event.as_json(), [f"{verb} event {event.id}, {event.label} on {event.date}"])
    return 0


def cmd_event_list(args: argparse.Namespace) -> int:
    from iepdesk.timeline.events import list_events
    from iepdesk.timeline.people import list_people
    from iepdesk.timeline.timeline import event_json

    with open_vault(args, write=False) as vault:
        events = list_events(vault, student_id=args.student, kinds=args.kind, trashed=args.trash)
        people = {p.id: p for p in list_people(vault)}
    emit(args, [event_json(e, people) for e in events], [_event_line(e, people) for e in events] or
         ["No events yet. Add one with: iepdesk event add KIND --date YYYY-MM-DD, or see 'iepdesk event "
          "suggest'."])
    return 0


def cmd_event_suggest(args: argparse.Namespace) -> int:
    from iepdesk.timeline.events import list_events
    from iepdesk.timeline.people import list_people
    from iepdesk.timeline.proposals import suggest_events

    with open_vault(args, write=False) as vault:
        proposals = suggest_events(vault, student_id=args.student)
        people = {p.id: p for p in list_people(vault)}
        recorded = bool(list_events(vault))
    lines = []
    for p in proposals:
        who = ", ".join(people[i].shown for i in p.people if i in people)
        lines.append(f"{p.number:>4}  {p.date}  {p.label}  (item {p.item_id}: {p.item_title})\n"
                     f"        because {p.reason}" + (f"; with {who}" if who else ""))
    nothing = ("No events to propose: the events the documents show are recorded." if recorded else
               "IEPDesk found no events in the documents. Add the ones that happened (a request you sent, a consent "
               "you signed, a meeting) with: iepdesk event add KIND DATE")
    emit(args, [p.as_json() for p in proposals], lines or [nothing])
    if proposals and not args.json:
        say("Confirm one with: iepdesk event confirm N")
    return 0


def cmd_event_confirm(args: argparse.Namespace) -> int:
    from iepdesk.timeline.proposals import confirm

    with open_vault(args) as vault:
        event = confirm(vault, args.proposal, today=args.today)
    emit(args, event.as_json() | {"warnings": list(event.warnings)},
         [f"Added event {event.id}: {event.label} on {event.date} (item {event.item_id})"])
    _warn(event)
    return 0


# -- timeline -------------------------------------------------------------------------------------------------
def _deadline_lines(timeline: Any) -> list[str]:
    from iepdesk.timeline.deadlines import STATUS_WORDS
    from iepdesk.timeline.kinds import lowered

    lines = [f"Deadlines on {timeline.today} (overdue and due soon first)"]
    for clock in timeline.deadlines:
        left = ""
        if clock.days_left is not None:
            left = f"{clock.days_left} day(s) left" if clock.days_left >= 0 else f"{-clock.days_left} day(s) late"
        stop = clock.stopped_by
        if stop is not None:
            state = f"{lowered(stop.label)} on {stop.date} (event {stop.id})"
        else:
            state = "ended" if clock.status == "ended" else "no answer recorded yet"
        lines.append(f"  {STATUS_WORDS[clock.status]:<9}  {clock.due or '—'!s:<10}  {clock.rule.title}"
                     + (f" — {left}" if left else ""))
        lines.append(f"  {'':<21}{clock.due_reason} (event {clock.start.id}); {state}")
        lines.append(f"  {'':<21}{clock.rule.citation}")
    if not timeline.deadlines:
        lines.append("  No clocks are running: add events (a request, a consent, a meeting) to start them.")
    return lines


def cmd_timeline(args: argparse.Namespace) -> int:
    from iepdesk.timeline.timeline import build_timeline

    with open_vault(args, write=False) as vault:
        timeline = build_timeline(vault, today=args.today, student_id=args.student)
    lines = [*_deadline_lines(timeline), "", "Chronology (documents and events)"]
    for entry in timeline.entries:
        what = f"event {entry.id}" if entry.type == "event" else f"item {entry.id}"
        title = entry.label if entry.title == entry.label else f"{entry.label}: {entry.title}"
        detail = f" — {entry.detail}" if entry.detail else ""
        link = f" [item {entry.item_id}]" if entry.type == "event" and entry.item_id else ""
        lines.append(f"  {entry.date or 'undated'!s:<10}  {what:<9}  {title}{detail}{link}")
    emit(args, timeline.as_json(), lines)
    return 0


def cmd_today(args: argparse.Namespace) -> int:
    from iepdesk.today import today_cards

    with open_vault(args, write=False) as vault:
        cards = today_cards(vault, args.today)
    lines: list[str] = []
    for card in cards:
        lines.append(f"{'! ' if card.urgent else ''}{card.title}")
        lines += [f"    {line}" for line in card.lines] or [f"    {card.empty}"]
        if card.more:
            lines.append(f"    … and {card.more} more")
        lines.append("")
    emit(args, [card.as_json() for card in cards], lines[:-1])
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    from iepdesk.timeline.calendar import calendar_text
    from iepdesk.timeline.deadlines import deadlines
    from iepdesk.vault.blobs import atomic_write

    with open_vault(args, write=False) as vault:
        clocks = deadlines(vault, args.today, args.student)
    out = Path(args.file).expanduser()
    if out.suffix.lower() != ".ics":
        out = out.with_suffix(out.suffix + ".ics") if out.suffix else out.with_suffix(".ics")
    text = calendar_text(clocks)
    atomic_write(out, text.encode("utf-8"))
    count = text.count("BEGIN:VEVENT")
    emit(args, {"path": str(out), "events": count},
         [f"Wrote {count} deadline(s) to {out}. Open it (or send it to your phone) to add them to your calendar; "
          "each reminds you two days before."])
    return 0


def cmd_comms(args: argparse.Namespace) -> int:
    from iepdesk.timeline.comms import communication_log

    with open_vault(args, write=False) as vault:
        rows = communication_log(vault, today=args.today, student_id=args.student)
    lines = [f"{'date':<10}  {'due':<10}  {'answered':<10}  from → to: subject"]
    for r in rows:
        lines.append(f"{r.date or ''!s:<10}  {r.response_due or ''!s:<10}  {r.response_received or ''!s:<10}  "
                     f"{r.sender} → {r.recipients}: {r.subject}")
    emit(args, [r.as_json() for r in rows], lines)
    return 0


# -- people ---------------------------------------------------------------------------------------------------
def cmd_person_add(args: argparse.Namespace) -> int:
    from iepdesk.timeline.people import add_person

    with open_vault(args) as vault:
        person = add_person(vault, args.name, role=args.role, email=args.email, organisation=args.organisation,
                            phone=args.phone, notes=args.notes)
    emit(args, person.as_json(), [f"Added person {person.id}: {person.shown}"])
    return 0


def cmd_person_edit(args: argparse.Namespace) -> int:
    from iepdesk.errors import UsageError
    from iepdesk.timeline.people import update_person

    changes = {n: getattr(args, n) for n in ("name", "role", "email", "organisation", "phone", "notes")
               if getattr(args, n) is not None}
    if not changes:
        raise UsageError("Say what to change, e.g. --email name@school.org or --role principal.")
    with open_vault(args) as vault:
        person = update_person(vault, args.person, **changes)
    emit(args, person.as_json(), [f"Updated person {person.id}: {person.shown}"])
    return 0


def cmd_person_list(args: argparse.Namespace) -> int:
    from iepdesk.timeline.people import emails_of, list_people

    with open_vault(args, write=False) as vault:
        people = list_people(vault)
        counts = emails_of(vault)
    rows = [p.as_json() | {"emails": counts.get(p.id, 0)} for p in people]
    lines = [f"{p.id:>4}  {p.name:<24} {p.role_label:<20} {p.email or '':<34} {counts.get(p.id, 0):>3} email(s)"
             for p in people]
    emit(args, rows, lines or ["Nobody yet. Add the IEP team with: iepdesk person add NAME --role ROLE "
                               "--email ADDRESS"])
    return 0


# -- school breaks and rules ----------------------------------------------------------------------------------
def cmd_breaks_add(args: argparse.Namespace) -> int:
    from iepdesk.timeline.breaks import add_day_off

    with open_vault(args) as vault:
        kind = "holiday" if args.holiday else "summer" if args.summer else "break"
        row = add_day_off(vault, args.first, args.last, name=args.name, kind=kind, student_id=args.student)
    emit(args, row.as_json(), [f"Added the {row.kind} {row.id}: {row.name}, {row.first_day} to {row.last_day}"])
    return 0


def cmd_breaks_list(args: argparse.Namespace) -> int:
    from iepdesk.timeline.breaks import list_days_off

    with open_vault(args, write=False) as vault:
        rows = list_days_off(vault, args.student)
    emit(args, [r.as_json() for r in rows],
         [f"{r.id:>4}  {r.first_day} to {r.last_day}  {r.kind:<7}  {r.name}" for r in rows] or
         ["No school breaks or holidays entered: school days are counted as weekdays without federal holidays. "
          "Add the school's breaks with: iepdesk breaks add FROM TO --name NAME"])
    return 0


def cmd_deadlines_list(args: argparse.Namespace) -> int:
    from iepdesk.timeline.rules import load_rules

    with open_vault(args, write=False) as vault:
        rules = load_rules(vault)
    lines = [f"{r.id:<28} {r.title}: {r.describe()}  [{r.citation}]" for r in rules.rules.values()]
    emit(args, [r.as_json() for r in rules.rules.values()], lines)
    return 0


def cmd_deadlines_add(args: argparse.Namespace) -> int:
    from pathlib import Path

    from iepdesk.timeline.rules import add_rule_pack

    with open_vault(args) as vault:
        pack = add_rule_pack(vault, Path(args.file))
    data = {"id": pack.id, "version": pack.version, "title": pack.title, "rules": len(pack.rules),
            "overrides": len(pack.overrides)}
    emit(args, data, [f"Added the deadline rules “{pack.title}” ({pack.id} {pack.version}): {len(pack.rules)} "
                      f"rule(s), {len(pack.overrides)} change(s) to other rules."])
    return 0


# -- parser ---------------------------------------------------------------------------------------------------
def _time(value: str) -> str:
    import re

    if not re.match(r"^([01]?\d|2[0-3]):[0-5]\d$", value):
        raise argparse.ArgumentTypeError(f"'{value}' is not a time; write it as HH:MM, e.g. 15:30")
    return value


def register(sub: Any, command: Callable[..., argparse.ArgumentParser], as_json: argparse.ArgumentParser) -> None:
    """Add the timeline's commands to the ``iepdesk`` parser (``command``: see iepdesk.cli.parser)."""
    from iepdesk.timeline.kinds import EVENT_KINDS, ROLES

    date = parse_date
    today = argparse.ArgumentParser(add_help=False)
    today.add_argument("--today", type=date, metavar="YYYY-MM-DD", help="count from this day (default: today)")

    event = sub.add_parser("event", help="events: requests, consents, meetings, notices, calls").add_subparsers(
        dest="event_command", metavar="add|list|edit|trash|restore|suggest|confirm", required=True)

    def event_fields(p: argparse.ArgumentParser, adding: bool) -> None:
        p.add_argument("--time", type=_time, metavar="HH:MM")
        p.add_argument("--title")
        p.add_argument("--note")
        p.add_argument("--outcome", help="what it decided, e.g. eligible or not_eligible for an eligibility meeting")
        p.add_argument("--item", type=int, metavar="ID", help="the document that shows it" +
                       ("" if adding else " (0 unlinks)"))
        p.add_argument("--people", nargs="+", metavar="PERSON", help="who took part: names, ids or addresses")
        p.add_argument("--responds-to", type=int, metavar="EVENT", help="the event this one answers" +
                       ("" if adding else " (0 for none)"))

    p = command("add", cmd_event_add, "add an event", as_json, today, into=event)
    p.add_argument("kind", choices=list(EVENT_KINDS), metavar="KIND", help=", ".join(EVENT_KINDS))
    p.add_argument("--date", type=date, metavar="YYYY-MM-DD", required=True)
    p.add_argument("--student", type=int, metavar="ID")
    event_fields(p, True)
    p = command("edit", cmd_event_edit, "change an event ('iepdesk undo' puts it back)", as_json, today, into=event)
    p.add_argument("event", type=int, metavar="EVENT")
    p.add_argument("--kind", choices=list(EVENT_KINDS), metavar="KIND")
    p.add_argument("--date", type=date, metavar="YYYY-MM-DD")
    p.add_argument("--student", dest="student_id", type=int, metavar="ID")
    event_fields(p, False)
    for name, text in (("trash", "move an event to the Trash"), ("restore", "restore an event from the Trash")):
        command(name, cmd_event_trash, text, as_json, into=event).add_argument("event", type=int, metavar="EVENT")
    p = command("list", cmd_event_list, "list the events", as_json, into=event)
    p.add_argument("--student", type=int, metavar="ID")
    p.add_argument("--kind", nargs="+", choices=list(EVENT_KINDS), metavar="KIND")
    p.add_argument("--trash", action="store_true", help="list the events in the Trash")
    p = command("suggest", cmd_event_suggest, "events the documents suggest (nothing is added)", as_json,
                into=event)
    p.add_argument("--student", type=int, metavar="ID")
    p = command("confirm", cmd_event_confirm, "add a suggested event", as_json, today, into=event)
    p.add_argument("proposal", metavar="N", help="its number in 'iepdesk event suggest' (or its key, ITEM:KIND)")

    p = command("calendar", cmd_calendar, "write the running deadlines to a calendar file (.ics) with reminders",
                as_json, today)
    p.add_argument("file", metavar="FILE", help="the .ics file to write")
    p.add_argument("--student", type=int, metavar="ID", help="only this child's deadlines")
    command("today", cmd_today, "the state of the case and what to do next (the app's Today page)", as_json, today)
    p = command("timeline", cmd_timeline, "documents and events in date order, with every deadline", as_json, today)
    p.add_argument("--student", type=int, metavar="ID")
    p = command("comms", cmd_comms, "the communication log: letters, emails and calls, with responses", as_json,
                today)
    p.add_argument("--student", type=int, metavar="ID")

    person = sub.add_parser("person", help="the IEP team and others in the case").add_subparsers(
        dest="person_command", metavar="add|list|edit", required=True)
    for name, handler, text in (("add", cmd_person_add, "add a person"),
                                ("edit", cmd_person_edit, "change a person's details")):
        p = command(name, handler, text, as_json, into=person)
        if name == "add":
            p.add_argument("name")
        else:
            p.add_argument("person", type=int, metavar="PERSON")
            p.add_argument("--name")
        p.add_argument("--role", default="other" if name == "add" else None, help=", ".join(ROLES))
        p.add_argument("--email", help="emails from and to this address link to the person")
        p.add_argument("--organisation")
        p.add_argument("--phone")
        p.add_argument("--notes")
    command("list", cmd_person_list, "list the people", as_json, into=person)

    breaks = sub.add_parser("breaks", help="school breaks and holidays, for counting school days").add_subparsers(
        dest="breaks_command", metavar="add|list", required=True)
    p = command("add", cmd_breaks_add, "add a school break (or, with --holiday, a state or local holiday)", as_json,
                into=breaks)
    p.add_argument("first", type=date, metavar="FROM")
    p.add_argument("last", type=date, metavar="TO")
    p.add_argument("--name")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--holiday", action="store_true", help="offices are closed too: not a business day either")
    kind.add_argument("--summer", action="store_true",
                      help="the summer: from the day after the spring term's last day to the day before fall's first")
    p.add_argument("--student", type=int, metavar="ID", help="only for this child's school")
    p = command("list", cmd_breaks_list, "list the school breaks and holidays", as_json, into=breaks)
    p.add_argument("--student", type=int, metavar="ID")

    rules = sub.add_parser("deadlines", help="the deadline rules (federal, and a state's)").add_subparsers(
        dest="deadlines_command", metavar="list|add", required=True)
    command("list", cmd_deadlines_list, "list the deadline rules in use", as_json, into=rules)
    p = command("add", cmd_deadlines_add, "add a deadline-rules pack (a state's timelines)", as_json, into=rules)
    p.add_argument("file", metavar="FILE")
