"""What was decided at a meeting, ask by ask, and the letter that puts it in writing (issue 25).

The asks of a prep sheet are kept with their meeting; after it, the parent records for each whether it was
agreed, refused or put off, and who said so. From those the "confirming our conversation" letter is filled: each
decision listed, and for each refusal a request for prior written notice (34 CFR 300.503). The meeting itself is
the event whose clocks run (the notice after an IEP or eligibility meeting, timeline rule pwn-after-meeting).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from iepdesk import undo
from iepdesk.errors import UsageError
from iepdesk.vault import Vault
from iepdesk.vault.models import Event, MeetingAsk

# What can be decided about an ask, and the words the confirmation letter uses for it.
OUTCOMES = {"agreed": "agreed", "refused": "refused", "deferred": "put off"}
OUTCOME_LABELS = {"agreed": "Agreed", "refused": "Refused", "deferred": "Put off"}


@dataclass(frozen=True)
class AskRecord:
    id: int
    event_id: int
    position: int
    text: str
    criteria: tuple[str, ...]
    outcome: str | None
    said_by: str | None
    note: str | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "event_id": self.event_id, "position": self.position, "text": self.text,
                "criteria": list(self.criteria), "outcome": self.outcome, "said_by": self.said_by,
                "note": self.note}

    def line(self) -> str:
        """The decision in the confirmation letter's words: "- An IEE at public expense: refused (Dr. Hale)…"."""
        who = f" ({self.said_by})" if self.said_by else ""
        note = f" {self.note.rstrip('.')}." if self.note else ""
        line = f"- {self.text.rstrip('.')}: {OUTCOMES[self.outcome or 'agreed']}{who}.{note}"
        if self.outcome == "refused":
            line += " Please give me prior written notice of this refusal and its reasons (34 CFR 300.503)."
        elif self.outcome == "deferred":
            line += " Please tell me in writing when and how it will be decided."
        return line


def _record(row: MeetingAsk) -> AskRecord:
    return AskRecord(row.id, row.event_id, row.position, row.text, tuple(row.criteria or ()), row.outcome,
                     row.said_by, row.note)


def _meeting(session: Any, event_id: int) -> Event:
    from iepdesk.timeline.events import MEETINGS

    event = session.get(Event, event_id)
    if event is None or event.trashed_at is not None or event.kind not in MEETINGS:
        raise UsageError(f"Event {event_id} is not a meeting, mediation or hearing; 'iepdesk event list' shows the "
                         "events.")
    return event


def list_asks(vault: Vault, event_id: int) -> list[AskRecord]:
    with vault.session() as session:
        _meeting(session, event_id)
        rows = session.scalars(select(MeetingAsk).where(MeetingAsk.event_id == event_id)
                               .order_by(MeetingAsk.position, MeetingAsk.id))
        return [_record(row) for row in rows]


def _clean(text: str) -> str:
    words = " ".join(text.split())
    if not words:
        raise UsageError("An ask needs words: what you ask the school for, e.g. 'An evaluation in reading'.")
    return words[:500]


def add_asks(vault: Vault, event_id: int, asks: Sequence[tuple[str, Sequence[str]]],
             actor: str = "cli") -> list[AskRecord]:
    """Keep these asks (text, criteria) with the meeting, after those it has; an ask it already has (the same
    words) is left as it is, with what was decided about it."""
    with vault.session() as session:
        event = _meeting(session, event_id)
        have = {" ".join(t.lower().split()) for t in session.scalars(
            select(MeetingAsk.text).where(MeetingAsk.event_id == event_id))}
        position = session.scalar(select(func.max(MeetingAsk.position)).where(MeetingAsk.event_id == event_id)) or 0
        rows = []
        for text, criteria in asks:
            words = _clean(text)
            if words.lower() in have:
                continue
            have.add(words.lower())
            position += 1
            rows.append(MeetingAsk(event_id=event_id, position=position, text=words, criteria=list(criteria)))
        if not rows:
            return []
        session.add_all(rows)
        session.flush()
        undo.record(session, "ask.add", f"Kept {len(rows)} ask(s) for the {event.title} of {event.date}.",
                    "Add asks", [undo.change("asks", r.id, None, undo.row_state(r)) for r in rows], actor=actor)
        return [_record(r) for r in rows]


def decide(vault: Vault, ask_id: int, outcome: str | None, *, said_by: str | None = None,
           note: str | None = None, actor: str = "cli") -> AskRecord:
    """Record what was decided about an ask (None: not decided after all). ``said_by`` and ``note`` are kept as
    they were when not given (None); an empty text clears them."""
    if outcome is not None and outcome not in OUTCOMES:
        raise UsageError(f"'{outcome}' is not a decision; use agreed, refused or deferred (put off).")
    with vault.session() as session:
        row = session.get(MeetingAsk, ask_id)
        if row is None:
            raise UsageError(f"There is no ask {ask_id}; 'iepdesk asks EVENT' lists the asks of a meeting.")
        fields = ["outcome", "said_by", "note"]
        before = undo.row_state(row, fields)
        row.outcome = outcome
        if said_by is not None:
            row.said_by = " ".join(said_by.split())[:200] or None
        if note is not None:
            row.note = note.strip() or None
        said = OUTCOME_LABELS[outcome] if outcome else "Not decided"
        undo.record(session, "ask.decide", f"{said}: “{row.text}”" + (f" ({row.said_by})." if row.said_by else "."),
                    "Record a decision", [undo.change("asks", row.id, before, undo.row_state(row, fields))],
                    actor=actor)
        return _record(row)


def confirmation_values(vault: Vault, event_id: int) -> dict[str, str]:
    """The confirmation letter's fields from the meeting's decisions: its date and the list of decisions, a
    prior-written-notice request after each refusal. Refused with the reason when nothing was decided yet."""
    asks = [a for a in list_asks(vault, event_id) if a.outcome]
    with vault.session() as session:
        event = _meeting(session, event_id)
        title, date = event.title, event.date
    if not asks:
        raise UsageError(f"Nothing is recorded yet of what was decided at the {title} of {date}. Record each "
                         "decision first (iepdesk decide ASK agreed|refused|deferred --by WHO).")
    lines = ["We talked about what I asked for. These are the decisions, as I understood them:"]
    return {"conversation_date": date.isoformat(), "summary": "\n".join(lines + [a.line() for a in asks])}


def meeting_recipient(vault: Vault, event_id: int) -> int | None:
    """Who the confirmation letter goes to: the school's person who was at the meeting, in the order of the
    letter's usual recipients (a principal before a teacher), or None."""
    from iepdesk.letters.compose import usual_recipient
    from iepdesk.letters.templates import get_template

    with vault.session() as session:
        there = set(_meeting(session, event_id).people or [])
    person = usual_recipient(vault, get_template("conversation-confirmation"), among=there)
    return person.id if person else None


def meetings_to_record(vault: Vault, today: dt.date | None = None) -> list[int]:
    """Past meetings whose asks are kept and not all decided: what Today reminds the parent to record."""
    today = today or dt.date.today()
    with vault.session() as session:
        rows = session.execute(
            select(MeetingAsk.event_id).join(Event, Event.id == MeetingAsk.event_id)
            .where(Event.trashed_at.is_(None), Event.date <= today, MeetingAsk.outcome.is_(None))
            .group_by(MeetingAsk.event_id).order_by(MeetingAsk.event_id)).all()
    return [row[0] for row in rows]
