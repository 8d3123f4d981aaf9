"""School breaks and holidays the user enters, so school-day and business-day counts are right (days.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from iepdesk import undo
from iepdesk.errors import UsageError
from iepdesk.timeline.days import DaysOff
from iepdesk.vault import Vault
from iepdesk.vault.models import SchoolDayOff

KINDS = {"break": "School break", "summer": "Summer break", "holiday": "Holiday"}
LONGEST = 200  # days: a longer "break" is almost surely a typing mistake (a summer break is about 80 days)


@dataclass(frozen=True)
class DayOffRecord:
    id: int
    student_id: int | None
    name: str
    first_day: dt.date
    last_day: dt.date
    kind: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "student_id": self.student_id, "name": self.name, "kind": self.kind,
                "first_day": self.first_day.isoformat(), "last_day": self.last_day.isoformat()}


def _record(row: SchoolDayOff) -> DayOffRecord:
    return DayOffRecord(row.id, row.student_id, row.name, row.first_day, row.last_day, row.kind)


def add_day_off(vault: Vault, first_day: dt.date, last_day: dt.date | None = None, *, name: str | None = None,
                kind: str = "break", student_id: int | None = None, actor: str = "cli") -> DayOffRecord:
    """A school break (no school days) or a holiday (no school days and no business days), first to last day."""
    last_day = last_day or first_day
    if kind not in KINDS:
        raise UsageError(f"'{kind}' is not a kind of day off; use one of: {', '.join(KINDS)}.")
    if last_day < first_day:
        raise UsageError(f"The {kind} ends ({last_day}) before it starts ({first_day}): give the first day, then the "
                         "last day.")
    if (last_day - first_day).days >= LONGEST:
        raise UsageError(f"A {kind} from {first_day} to {last_day} is longer than {LONGEST} days; check the dates.")
    name = (name or "").strip() or KINDS[kind]
    with vault.session() as session:
        row = SchoolDayOff(student_id=student_id, name=name[:200], first_day=first_day, last_day=last_day, kind=kind)
        session.add(row)
        session.flush()
        span = str(first_day) if first_day == last_day else f"{first_day} to {last_day}"
        undo.record(session, "dayoff.add", f"Added the {kind} “{name}” ({span}).", f"Add {kind}",
                    [undo.change("school_days_off", row.id, None, undo.row_state(row))], actor=actor)
        return _record(row)


def list_days_off(vault: Vault, student_id: int | None = None) -> list[DayOffRecord]:
    query = select(SchoolDayOff).order_by(SchoolDayOff.first_day, SchoolDayOff.id)
    if student_id is not None:
        query = query.where(or_(SchoolDayOff.student_id.is_(None), SchoolDayOff.student_id == student_id))
    with vault.session() as session:
        return [_record(row) for row in session.scalars(query)]


def days_off(vault: Vault, student_id: int | None = None) -> DaysOff:
    """What day counting needs: the holidays entered (federal ones are built in) and the school breaks."""
    holidays: set[dt.date] = set()
    breaks: list[tuple[dt.date, dt.date]] = []
    summers: list[tuple[dt.date, dt.date]] = []
    for row in list_days_off(vault, student_id):
        if row.kind == "holiday":
            day = row.first_day
            while day <= row.last_day:
                holidays.add(day)
                day += dt.timedelta(days=1)
        else:
            (summers if row.kind == "summer" else breaks).append((row.first_day, row.last_day))
    return DaysOff.of(holidays, breaks, summers=summers)
