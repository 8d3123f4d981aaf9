"""The deadlines as a calendar file (RFC 5545 iCalendar, written here: a dozen lines of a plain format need no
library), so a phone or computer calendar reminds the parent: one all-day event on each due date, with an alarm
two days before."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from iepdesk import __version__
from iepdesk.timeline.deadlines import Clock

ALARM_DAYS = 2


def _text(value: str) -> str:
    """An iCalendar TEXT value: backslash, semicolon, comma and new lines escaped (RFC 5545 3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets folded with a leading space (RFC 5545 3.1), never inside a character."""
    out: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def calendar_text(clocks: Iterable[Clock], now: dt.datetime | None = None) -> str:
    """The running clocks with a due date (overdue, due soon, open) as VEVENTs."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//IEPDesk//{__version__}//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:IEPDesk deadlines"]
    for clock in clocks:
        if clock.due is None or clock.status not in ("overdue", "due_soon", "open"):
            continue
        key = f"{clock.rule.id}:{clock.start.id}:{clock.start.student_id}"
        uid = hashlib.sha256(key.encode()).hexdigest()[:32] + "@iepdesk"
        summary = f"{'OVERDUE: ' if clock.status == 'overdue' else ''}{clock.rule.title}"
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{clock.due:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{clock.due + dt.timedelta(days=1):%Y%m%d}", f"SUMMARY:{_text(summary)}",
                  f"DESCRIPTION:{_text(clock.sentence() + ' ' + clock.law())}", "TRANSP:TRANSPARENT",
                  "BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_text(summary)}",
                  f"TRIGGER:-P{ALARM_DAYS}D", "END:VALARM", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))
