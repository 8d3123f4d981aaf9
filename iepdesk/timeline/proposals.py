"""Events proposed from documents: a prior written notice → "PWN received", the parent's email asking for an
evaluation → "Request for evaluation", a note of a call → "Phone call", a letter the parent sent → the event its
template names. Proposals are only returned; ``confirm`` applies one (one confirmation per event).

A letter filed by the letters module carries ``meta['letter'] = {'event_kind': KIND, ...}``; it is proposed as
that event, dated the letter's date, so confirming it starts the letter's response clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from iepdesk.errors import UsageError
from iepdesk.timeline.events import EventRecord, add_event, list_events
from iepdesk.timeline.kinds import EVENT_KINDS, kind_label
from iepdesk.timeline.people import PersonRecord, list_people, mentioned, message_parties
from iepdesk.vault import Vault
from iepdesk.vault.models import Item, Page

_W = r"[\w'’-]+"
# What a parent's message asks for, tried in order on its subject and first page.
_IEE = (r"independent educational evaluation|\bIEE\b[^.]{0,60}\b(?:request|public expense)"
        r"|(?:request|reimburse)\w*[^.]{0,80}independent (?:educational )?evaluation")
_EVALUATION = (rf"\b(?:request|requesting|ask for|asking for)\s+(?:for\s+)?(?:an?\s+|the\s+)?"
               rf"(?:(?!independent){_W}\s+){{0,4}}?(?:evaluation|assessment)\b")
_RECORDS = (rf"\b(?:copies of|a copy of|access to|provide(?: me| us)?(?: with)?(?: all| any)?)\s+"
            rf"(?:{_W}\s+){{0,5}}?(?:records?|files?|data)\b")
_ASKS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("iee_requested", re.compile(_IEE, re.I), "the message asks for an independent educational evaluation"),
    ("request_for_evaluation", re.compile(_EVALUATION, re.I), "the message asks for an evaluation"),
    ("records_requested", re.compile(_RECORDS, re.I), "the message asks for records"),
    ("consent_signed", re.compile(r"\bsigned\b[^.]{0,60}\b(?:consent|assessment plan)", re.I),
     "the message says the consent was signed"),
)
# A letter (not an email) in the parent's own voice: "I am writing to request…", "I request…", "I ask…"
_FIRST_PERSON_ASK = re.compile(r"\bI\s+(?:am\s+writing\s+to\s+|would\s+like\s+to\s+|hereby\s+|formally\s+)?"
                               r"(?:request|ask)\b", re.I)
_CONSENT_FORM = re.compile(r"consent for (?:initial )?(?:evaluation|assessment)", re.I)
_GAVE_CONSENT = re.compile(r"(?:^|\W)[I|l1]\s+give\s+consent\b", re.I)  # OCR reads "I" as "|" at times
_QUOTED = re.compile(r"^(?:>|On .{0,200}wrote:\s*$|-+\s*Original Message|From:\s)", re.M | re.I)
_REPLY = re.compile(r"^\s*(?:re|fwd?|aw)\s*:", re.I)
_MEETINGS = (("eligibility_meeting", re.compile(r"\beligib", re.I)),
             ("resolution_meeting", re.compile(r"\bresolution (?:meeting|session)", re.I)),
             ("mediation", re.compile(r"\bmediation\b", re.I)),
             ("iep_meeting", re.compile(r"\bIEP\b", re.I)))


@dataclass(frozen=True)
class Proposal:
    number: int  # 1-based position in the list it came in; ``key`` stays the same between lists
    key: str  # "ITEM:KIND"
    kind: str
    date: dt.date
    item_id: int
    item_title: str
    reason: str
    people: tuple[int, ...]

    @property
    def label(self) -> str:
        return kind_label(self.kind)

    def as_json(self) -> dict[str, Any]:
        return {"number": self.number, "key": self.key, "kind": self.kind, "label": self.label,
                "date": self.date.isoformat(), "item_id": self.item_id, "item_title": self.item_title,
                "reason": self.reason, "people": list(self.people)}


def _first_page(vault: Vault, item_ids: list[int]) -> dict[int, str]:
    with vault.session() as session:
        rows = session.execute(select(Page.item_id, Page.text).where(Page.item_id.in_(item_ids), Page.number == 1))
        return {row.item_id: row.text for row in rows}


def own_words(text: str) -> str:
    """An email's page without its header block and without the messages it quotes."""
    if text.startswith("From:") and "\n\n" in text:
        text = text.split("\n\n", 1)[1]
    found = _QUOTED.search(text)
    return text[: found.start()] if found else text


def _from_item(item: Item, text: str, people: list[PersonRecord],
               parties: dict[int, tuple[int, ...]]) -> list[tuple[str, str, tuple[int, ...]]]:
    """(kind, reason, people) the item suggests, most certain first."""
    named = tuple(mentioned(f"{item.author or ''}\n{text}", people))
    letter = (item.meta or {}).get("letter") or {}
    if letter.get("event_kind") in EVENT_KINDS:
        return [(letter["event_kind"], "a letter you sent", named)]
    if item.kind == "prior_written_notice":
        return [("pwn_received", "the document is a prior written notice", named)]
    note = ((item.meta or {}).get("note") or {}).get("type")
    if note == "call":
        return [("phone_call", "a note of a phone call", named)]
    if note == "meeting":
        kind = next((k for k, words in _MEETINGS if words.search(item.title)), "meeting")
        return [(kind, "a note of a meeting", named)]
    if (item.meta or {}).get("email") is not None:
        if item.source != "parent":
            return []
        body = ("" if _REPLY.match(item.title) else item.title) + "\n" + own_words(text)
        to = parties.get(item.id, ())
        return [(kind, reason, to) for kind, words, reason in _ASKS if words.search(body)]
    if item.kind == "correspondence" and (item.source == "parent" or _FIRST_PERSON_ASK.search(text)):
        body = own_words(text)
        return [(kind, reason.replace("the message", "the letter"), named) for kind, words, reason in _ASKS
                if words.search(body)][:1]
    if _CONSENT_FORM.search(text) and _GAVE_CONSENT.search(text):
        return [("consent_signed", "the document is a signed consent for evaluation", ())]
    if item.kind == "evaluation" and item.source == "school":
        return [("evaluation_received", "the document is the school's evaluation", named)]
    return []


def suggest_events(vault: Vault, student_id: int | None = None) -> list[Proposal]:
    """Events the documents suggest that are not recorded yet, in date order."""
    query = select(Item).where(Item.trashed_at.is_(None), Item.doc_date.is_not(None))
    if student_id is not None:
        query = query.where(Item.student_id == student_id)
    with vault.session() as session:
        items = list(session.scalars(query.order_by(Item.doc_date, Item.doc_time, Item.id)))
        for item in items:
            session.expunge(item)
    texts = _first_page(vault, [i.id for i in items])
    people = list_people(vault)
    parties = {i: tuple(p.person.id for p in m.recipients if p.person is not None)
               for i, m in message_parties(vault, [i.id for i in items]).items()}
    events = list_events(vault)
    linked = {(e.item_id, e.kind) for e in events if e.item_id is not None}
    dated = {(e.date, e.kind) for e in events}
    proposals: list[Proposal] = []
    for item in items:
        assert item.doc_date is not None
        for kind, reason, named in _from_item(item, texts.get(item.id, ""), people, parties):
            if (item.id, kind) in linked or (item.doc_date, kind) in dated:
                continue
            proposals.append(Proposal(len(proposals) + 1, f"{item.id}:{kind}", kind, item.doc_date, item.id,
                                      item.title, reason, named))
    return proposals


def confirm(vault: Vault, which: str, actor: str = "cli", today: dt.date | None = None) -> EventRecord:
    """Apply one proposal, named by its number in the current list or by its key ("ITEM:KIND")."""
    proposals = suggest_events(vault)
    chosen = next((p for p in proposals if which in (str(p.number), p.key)), None)
    if chosen is None:
        if not proposals:
            raise UsageError("There are no proposed events to confirm: every one the documents suggest is recorded.")
        raise UsageError(f"There is no proposal '{which}'. 'iepdesk event suggest' lists them (1 to {len(proposals)}).")
    return add_event(vault, chosen.kind, chosen.date, item_id=chosen.item_id, people=list(chosen.people),
                     note=f"From item {chosen.item_id}, “{chosen.item_title}”: {chosen.reason}.", origin="document",
                     actor=actor, today=today)
