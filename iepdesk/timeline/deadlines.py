"""Every clock the events start, computed (never stored): due date, days left, status, what stopped it.

Statuses, relative to ``today``:
- ``overdue``: not stopped, and the due date has passed;
- ``due_soon``: not stopped, due within ``DUE_SOON_DAYS`` calendar days (or today);
- ``open``: not stopped, due later; also a rule with no day count that nothing has answered yet;
- ``missed``: stopped, but after the due date (late);
- ``met``: stopped on or before the due date;
- ``done``: a rule with no day count, answered;
- ``ended``: a period that simply runs out (the resolution period) has run out.

A clock starts on its event's day; an event still ahead (a meeting set for next month) starts nothing yet,
except for a rule that runs back from its event (the disclosure before a hearing).

Which event stops which clock: an event that names the clock's starting event in ``response_to`` stops that
clock first; an event that names nothing stops the earliest clock of the rule still running that started on or
before its date. A stop dated after ``today`` (a scheduled meeting) does not stop anything yet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from iepdesk.timeline.days import DaysOff, count_between, shift
from iepdesk.timeline.events import EventRecord, list_events
from iepdesk.timeline.kinds import lower_label
from iepdesk.timeline.rules import Rule, RuleSet, load_rules
from iepdesk.vault import Vault

DUE_SOON_DAYS = 7
STATUS_ORDER = ("overdue", "due_soon", "open", "missed", "met", "done", "ended")
STATUS_WORDS = {"overdue": "OVERDUE", "due_soon": "due soon", "open": "open", "missed": "missed", "met": "met",
                "done": "answered", "ended": "ended"}


def _day(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


@dataclass(frozen=True)
class Clock:
    rule: Rule
    start: EventRecord  # the event that started it (for a rule that follows another: that rule's start)
    starts: dt.date  # the date the count runs from
    due: dt.date | None
    due_reason: str
    stopped_by: EventRecord | None
    status: str
    days_left: int | None  # calendar days from today to the due date, while it runs
    left_in_unit: int | None  # the same in the rule's own days (school days, business days)

    @property
    def rank(self) -> tuple[int, dt.date, int]:
        return (STATUS_ORDER.index(self.status), self.due or self.starts, self.start.id)

    def sentence(self) -> str:
        """One line a parent reads: what, when due, and where it stands."""
        what = self.rule.title
        if self.due is None:
            head = f"{what}: {self.rule.timing or 'no day count'} (since {_day(self.starts)})"
        else:
            head = f"{what}: due {_day(self.due)} ({self.due_reason})"
        if self.stopped_by is not None:
            late = ""
            if self.status == "missed" and self.due is not None:
                late = f", {(self.stopped_by.date - self.due).days} day(s) late"
            return f"{head}; {lower_label(self.stopped_by.kind)} on {_day(self.stopped_by.date)}{late}."
        if self.status == "ended":
            return f"{head}; ended."
        if self.days_left is None:
            return f"{head}; no answer yet."
        if self.days_left < 0:
            return f"{head}; {-self.days_left} day(s) overdue."
        return f"{head}; {self.days_left} day(s) left."

    def as_json(self) -> dict[str, Any]:
        stop = self.stopped_by
        return {
            "rule": self.rule.id, "title": self.rule.title, "citation": self.rule.citation,
            "starts": self.starts.isoformat(), "due": self.due.isoformat() if self.due else None,
            "status": self.status, "days_left": self.days_left, "left_in_unit": self.left_in_unit,
            "unit": self.rule.unit if self.rule.timed else None, "length": self.rule.length,
            "direction": self.rule.direction, "timing": self.rule.timing or None, "due_reason": self.due_reason,
            "start_event": self.start.id, "start_kind": self.start.kind,
            "stopped_by": stop.id if stop else None, "stopped_on": stop.date.isoformat() if stop else None,
            "stop_kind": stop.kind if stop else None, "student_id": self.start.student_id,
            "note": self.rule.note or None, "state_may_vary": self.rule.state_may_vary,
            "changed_by": self.rule.changed_by, "sentence": self.sentence(),
        }


def _starts(rule: Rule, events: list[EventRecord], done: dict[str, list[Clock]]) -> list[tuple[EventRecord, dt.date]]:
    if rule.follows:
        return [(c.start, c.due) for c in done.get(rule.follows, []) if c.due is not None]
    return [(e, e.date) for e in events if e.kind in rule.starts
            and (rule.if_outcome is None or e.outcome in (None, rule.if_outcome))]


def _stops(rule: Rule, starts: list[tuple[EventRecord, dt.date]], events: list[EventRecord],
           today: dt.date) -> dict[int, EventRecord]:
    """start event id → the event that stopped its clock."""
    candidates = [e for e in events if e.kind in rule.stops and e.date <= today]
    start_ids = {s.id for s, _ in starts}
    stopped: dict[int, EventRecord] = {}
    used: set[int] = set()
    for event in candidates:  # an answer that names its request stops that clock
        if event.response_to in start_ids and event.response_to not in stopped:
            stopped[event.response_to] = event
            used.add(event.id)
    for event in candidates:
        if event.id in used or event.response_to in start_ids:
            continue
        for start, begin in starts:
            if start.id in stopped or start.id == event.id:
                continue
            fits = event.date <= begin if rule.direction == "before" else event.date >= start.date
            if fits:
                stopped[start.id] = event
                break
    return stopped


def _due(rule: Rule, begin: dt.date, start: EventRecord, events: list[EventRecord],
         off: DaysOff) -> tuple[dt.date | None, str]:
    if rule.length is None:
        return None, rule.timing
    sign = -1 if rule.direction == "before" else 1
    due = shift(begin, sign * rule.length, rule.unit, off)
    origin = f"the end of the {rule.follows.replace('-', ' ')}" if rule.follows else \
        f"{lower_label(start.kind)} on {_day(begin)}"
    reason = f"{rule.span()} {rule.direction} {origin}"
    if rule.sooner_if and rule.direction == "after":
        sooner = [e for e in events if e.kind in rule.sooner_if and begin < e.date < due]
        if sooner:
            first = min(sooner, key=lambda e: (e.date, e.id))
            return first.date, f"before the {lower_label(first.kind)} on {_day(first.date)}, sooner than {reason}"
    return due, reason


def _status(rule: Rule, due: dt.date | None, stop: EventRecord | None, today: dt.date) -> str:
    if due is None:
        return "done" if stop else "open"
    if rule.period:
        if today > due:
            return "ended"
        return "due_soon" if (due - today).days <= DUE_SOON_DAYS else "open"
    if stop is not None:
        return "met" if stop.date <= due else "missed"
    left = (due - today).days
    if left < 0:
        return "overdue"
    return "due_soon" if left <= DUE_SOON_DAYS else "open"


def compute(events: list[EventRecord], rules: RuleSet, off: DaysOff, today: dt.date) -> list[Clock]:
    """The clocks of one child's events (not in the Trash), sorted: overdue and due soon first."""
    live = sorted((e for e in events if e.trashed_at is None), key=lambda e: (e.date, e.time or "", e.id))
    done: dict[str, list[Clock]] = {}
    for rule in rules.rules.values():  # a rule that follows another comes after it
        starts = sorted(_starts(rule, live, done), key=lambda s: (s[1], s[0].id))
        stopped = _stops(rule, starts, live, today) if rule.stops else {}
        clocks = []
        for start, begin in starts:
            if rule.direction == "after" and start.date > today:
                continue  # a meeting still ahead starts nothing yet
            due, reason = _due(rule, begin, start, live, off)
            stop = stopped.get(start.id)
            status = _status(rule, due, stop, today)
            running = status in ("overdue", "due_soon", "open") and due is not None
            clocks.append(Clock(
                rule=rule, start=start, starts=begin, due=due, due_reason=reason, stopped_by=stop, status=status,
                days_left=(due - today).days if running and due else None,
                left_in_unit=count_between(today, due, rule.unit, off) if running and due else None,
            ))
        done[rule.id] = clocks
    return sorted((c for clocks in done.values() for c in clocks), key=lambda c: c.rank)


def deadlines(vault: Vault, today: dt.date | None = None, student_id: int | None = None,
              rules: RuleSet | None = None) -> list[Clock]:
    """Every clock in the vault (or of one child), each child's counted with that child's school breaks."""
    from iepdesk.timeline.breaks import days_off

    today = today or dt.date.today()
    rules = rules or load_rules(vault)
    by_student: dict[int | None, list[EventRecord]] = defaultdict(list)
    for event in list_events(vault, student_id=student_id):
        by_student[event.student_id].append(event)
    clocks = [c for sid, events in by_student.items() for c in compute(events, rules, days_off(vault, sid), today)]
    return sorted(clocks, key=lambda c: c.rank)
