"""Every clock the events start, computed (never stored): due date, days left, status, what stopped it.

Statuses, relative to ``today``:
- ``overdue``: not stopped, and the due date has passed;
- ``due_soon``: not stopped, due within ``DUE_SOON_DAYS`` calendar days (or today);
- ``open``: not stopped, due later; also a rule with no day count that nothing has answered yet;
- ``missed``: stopped, but after the due date (late);
- ``met``: stopped on or before the due date;
- ``done``: a rule with no day count, answered;
- ``ended``: a period that simply runs out (the resolution period) has run out, or the time the parent (or
  either side) had to file or act in (a window: the two years to file for due process) has closed.

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

from iepdesk.timeline.days import UNIT_WORDS, DaysOff, count_between, shift
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

    def law(self) -> str:
        """Which law set the due date: the state's ("Texas: TEC 29.004"), or the federal rule, with the caveat
        when the state may set its own and none is set for the child."""
        from iepdesk.states import STATES

        rule = self.rule
        if rule.state:
            return f"{STATES.get(rule.state, rule.state)} law: {rule.state_citation or rule.citation}"
        caveat = " (or the state's own timeframe: set your child's state)" if rule.state_may_vary else ""
        return f"federal law: {rule.citation}{caveat}"

    def sentence(self) -> str:
        """One line a parent reads: what, when due, and where it stands."""
        what = self.rule.title
        if self.due is None:
            head = f"{what}: {self.due_reason or self.rule.timing or 'no day count'} (since {_day(self.starts)})"
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
            "changed_by": self.rule.changed_by, "state": self.rule.state, "law": self.law(),
            "sentence": self.sentence(),
        }


def _starts(rule: Rule, events: list[EventRecord], done: dict[str, list[Clock]]) -> list[tuple[EventRecord, dt.date]]:
    if rule.follows:
        return [(c.start, c.due) for c in done.get(rule.follows, []) if c.due is not None]
    found = [(e, e.date) for e in events if e.kind in rule.starts
             and (rule.if_outcome is None or e.outcome in (None, rule.if_outcome))]
    return found[:1] if rule.due_at_age else found  # a child has one third birthday: the first event starts it


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


def _birthday(born: dt.date, age: int) -> dt.date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on February 29
        return dt.date(born.year + age, 3, 1)


def _due(rule: Rule, begin: dt.date, start: EventRecord, events: list[EventRecord],
         off: DaysOff, born: dt.date | None = None) -> tuple[dt.date | None, str]:
    if rule.due_at_age:
        if born is None:
            return None, f"{rule.timing} (enter the child's date of birth to see the date)"
        return _birthday(born, rule.due_at_age), f"the child's birthday at {rule.due_at_age} (born {_day(born)})"
    if rule.by_school_year:
        opening = off.first_school_day_after_summer(begin)
        if opening is None:
            return None, f"{rule.timing} (enter the summer break to see the date)"
        return opening, f"the first day of the next school year, after the {lower_label(start.kind)} on {_day(begin)}"
    if rule.length is None:
        return None, rule.timing
    sign = -1 if rule.direction == "before" else 1
    due = shift(begin, sign * rule.length, rule.unit, off, rule.skip)
    origin = f"the end of the {rule.follows.replace('-', ' ')}" if rule.follows else \
        f"{lower_label(start.kind)} on {_day(begin)}"
    reason = f"{rule.span()} {rule.direction} {origin}" + (f", {rule.skip.words()}" if rule.skip else "")
    if rule.absences_extend_from and rule.direction == "after":
        due, reason = _absences(rule, begin, due, reason, events, off)
    if rule.year_end is not None and rule.direction == "after":
        due, reason = _year_end(rule, begin, due, reason, events, off)
    if rule.summer_to_fall and rule.direction == "after":
        due, reason = _summer_to_fall(due, reason, off)
    if rule.sooner_if and rule.direction == "after":
        sooner = [e for e in events if e.kind in rule.sooner_if and begin < e.date < due]
        if sooner:
            first = min(sooner, key=lambda e: (e.date, e.id))
            return first.date, f"before the {lower_label(first.kind)} on {_day(first.date)}, sooner than {reason}"
    return due, reason


def _absences(rule: Rule, begin: dt.date, due: dt.date, reason: str, events: list[EventRecord],
              off: DaysOff) -> tuple[dt.date, str]:
    """Texas: a count of school days is extended by the days the child was absent in it, when there were at
    least ``absences_extend_from`` of them (each recorded as an 'absence' event); days absent in the extension
    extend it too."""
    absent = sorted({e.date for e in events if e.kind == "absence" and off.counts(e.date, rule.unit)})
    counted = 0
    while True:
        inside = sum(begin < day <= due for day in absent)
        if inside < rule.absences_extend_from or inside == counted:
            break
        due, counted = shift(due, inside - counted, rule.unit, off, rule.skip), inside
    if counted:
        reason += f", extended by {counted} {UNIT_WORDS[rule.unit]}(s) the child was absent"
    return due, reason


def _year_end(rule: Rule, begin: dt.date, due: dt.date, reason: str, events: list[EventRecord],
              off: DaysOff) -> tuple[dt.date, str]:
    """A count that starts near the end of the school year (the summer break entered shows where it ends)."""
    ending = rule.year_end
    last = off.last_school_day_before_summer(begin)
    if ending is None or last is None or due <= last:
        return due, reason
    kind = ending.since or (rule.starts[0] if rule.starts else "")
    earlier = [e.date for e in events if ending.since and e.kind == ending.since and e.date <= begin]
    origin = max(earlier, default=begin)  # with no such event, the clock's own start
    left = count_between(origin, last, "school", off) if ending.counted_in == "school" else (last - origin).days
    if not ending.at_least <= left < ending.under:
        return due, reason
    first = off.first_school_day_after_summer(begin)
    if ending.due == "before_next_year" or ending.after_start is not None:
        if first is None:
            return due, reason
        due = first - dt.timedelta(days=1) if ending.after_start is None else \
            first + dt.timedelta(days=ending.after_start)
    else:
        month, day = (int(part) for part in ending.due.split("-"))
        due = dt.date(last.year, month, day)
    days = "school day(s)" if ending.counted_in == "school" else "day(s)"
    return due, f"{_day(due)}: the {lower_label(kind) if kind else 'start'} came {left} {days} before the last " \
                f"day of the school year ({_day(last)}), so the state's year-end date applies"


def _summer_to_fall(due: dt.date, reason: str, off: DaysOff) -> tuple[dt.date, str]:
    """Texas: a due date that falls in the summer moves to the first school day after it."""
    for first, last in off.summers:
        if first <= due <= last:
            fall = off.first_school_day_after_summer(first - dt.timedelta(days=1))
            if fall is not None:
                return fall, f"{reason}; that falls in the summer, so the first school day after it"
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
    if rule.window and today > due:
        return "ended"  # a time to file or to act that has closed: nobody owes it now
    left = (due - today).days
    if left < 0:
        return "overdue"
    return "due_soon" if left <= DUE_SOON_DAYS else "open"


def compute(events: list[EventRecord], rules: RuleSet, off: DaysOff, today: dt.date,
            born: dt.date | None = None) -> list[Clock]:
    """The clocks of one child's events (not in the Trash), sorted: overdue and due soon first. ``born``: the
    child's date of birth, for the clocks due at an age."""
    live = sorted((e for e in events if e.trashed_at is None), key=lambda e: (e.date, e.time or "", e.id))
    done: dict[str, list[Clock]] = {}
    for rule in rules.rules.values():  # a rule that follows another comes after it
        starts = sorted(_starts(rule, live, done), key=lambda s: (s[1], s[0].id))
        stopped = _stops(rule, starts, live, today) if rule.stops else {}
        clocks = []
        for start, begin in starts:
            if rule.direction == "after" and start.date > today:
                continue  # a meeting still ahead starts nothing yet
            due, reason = _due(rule, begin, start, live, off, born)
            stop = stopped.get(start.id)
            status = _status(rule, due, stop, today)
            running = status in ("overdue", "due_soon", "open") and due is not None
            clocks.append(Clock(
                rule=rule, start=start, starts=begin, due=due, due_reason=reason, stopped_by=stop, status=status,
                days_left=(due - today).days if running and due else None,
                left_in_unit=count_between(today, due, rule.unit, off, rule.skip) if running and due else None,
            ))
        done[rule.id] = clocks
    return sorted((c for clocks in done.values() for c in clocks), key=lambda c: c.rank)


def deadlines(vault: Vault, today: dt.date | None = None, student_id: int | None = None,
              rules: RuleSet | None = None) -> list[Clock]:
    """Every clock in the vault (or of one child), each child's counted with that child's school breaks and by
    the rules of that child's state (the federal rules when no state is set). An event that names no child
    belongs to the vault's only child, when it has one."""
    from iepdesk.students import list_students
    from iepdesk.timeline.breaks import days_off

    today = today or dt.date.today()
    students = {s.id: s for s in list_students(vault)}
    only = next(iter(students)) if len(students) == 1 else None
    by_student: dict[int | None, list[EventRecord]] = defaultdict(list)
    for event in list_events(vault, student_id=student_id):
        by_student[event.student_id if event.student_id is not None else only].append(event)
    sets: dict[str | None, RuleSet] = {}
    clocks = []
    for sid, events in by_student.items():
        state = students[sid].state if sid in students else None
        if rules is None and state not in sets:
            sets[state] = load_rules(vault, state)
        born = students[sid].birth_date if sid in students else None
        clocks += compute(events, rules or sets[state], days_off(vault, sid), today, born)
    return sorted(clocks, key=lambda c: c.rank)
