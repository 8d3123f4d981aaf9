"""The disclosure packet for a due-process hearing: what a parent serves on the district (and sends the hearing
officer) at least five business days before the hearing (34 CFR 300.512(a)(3), (b)(1); a state pack may add
to it).

Making it writes two files: ``OUT.pdf`` (the cover letter, the exhibit list, the witness list and the
certificate of service) and ``OUT - exhibits.pdf`` (the disclosure copy of the binder, whose labels the
exhibit list repeats). Then it files the cover letter as a sent letter, which records the ``disclosure`` event
(it stops the clock of the disclosure due before the hearing), and marks the binder as disclosed, so later
binders keep its exhibits' labels. Nothing is recorded when a file cannot be written.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from iepdesk.binder.assemble import BinderError, BinderResult, _check_output, _save, make_binder
from iepdesk.binder.front.papers import PacketPapers, Served, Witness, render_papers
from iepdesk.binder.model import PAPER
from iepdesk.binder.options import BinderOptions
from iepdesk.errors import UsageError
from iepdesk.progress import Progress
from iepdesk.timeline.deadlines import Clock
from iepdesk.timeline.events import EventRecord
from iepdesk.vault import Vault

TEMPLATE = "hearing-disclosure"
HOW = {"email": "by email", "mail": "by first-class mail", "certified mail": "by certified mail",
       "hand delivered": "by hand delivery", "fax": "by fax", "portal": "through the hearing office's portal"}


@dataclass(frozen=True)
class PacketRequest:
    hearing_id: int | None = None  # None: the next hearing on the calendar, else the latest one
    witnesses: tuple[tuple[int, str], ...] = ()  # (person id, what they will speak to)
    to: int | None = None  # the cover letter's addressee (default: the district's attorney, else its representative)
    served_on: tuple[int, ...] = ()  # who else gets it (default: the hearing officer(s) of the case)
    served_how: str = "email"
    served_date: dt.date | None = None  # default: today


@dataclass
class PacketResult:
    path: Path
    binder: BinderResult
    hearing: EventRecord
    due: dt.date | None
    served_date: dt.date
    letter_id: int
    event_id: int

    @property
    def late_days(self) -> int:
        return max(0, (self.served_date - self.due).days) if self.due else 0

    def sentence(self) -> str:
        when = f"due {self.due:%B} {self.due.day}, {self.due.year}" if self.due else "no due date"
        late = f" That is {self.late_days} day(s) after it was due: say so to the hearing officer, and ask " \
               "that the evidence be admitted." if self.late_days else ""
        return (f"Disclosure packet written: {self.path} and {self.binder.path.name} ({len(self.binder.exhibits)} "
                f"exhibit(s)), served {self.served_date:%B} {self.served_date.day}, {self.served_date.year} "
                f"({when}).{late}")

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "binder": self.binder.as_json(), "hearing_id": self.hearing.id,
                "hearing_date": self.hearing.date.isoformat(), "due": self.due.isoformat() if self.due else None,
                "served_date": self.served_date.isoformat(), "late_days": self.late_days,
                "letter_id": self.letter_id, "event_id": self.event_id}


def hearings(vault: Vault) -> list[EventRecord]:
    from iepdesk.timeline.events import list_events

    return list_events(vault, kinds=["hearing"])


def find_hearing(vault: Vault, hearing_id: int | None = None, today: dt.date | None = None) -> EventRecord:
    """The hearing ``hearing_id``, or the next one on the calendar, or the latest one."""
    found = hearings(vault)
    if hearing_id is not None:
        match = next((e for e in found if e.id == hearing_id), None)
        if match is None:
            raise UsageError(f"Event {hearing_id} is not a due-process hearing in this vault; 'iepdesk event list "
                             "--kind hearing' shows the hearings.")
        return match
    if not found:
        raise UsageError("No due-process hearing is on the calendar. Add it first (Timeline ▸ Add event, kind "
                         "“Hearing”; or iepdesk event add hearing YYYY-MM-DD), then make the packet.")
    today = today or dt.date.today()
    ahead = [e for e in found if e.date >= today]
    return ahead[0] if ahead else found[-1]


def disclosure_clock(vault: Vault, hearing: EventRecord, today: dt.date | None = None) -> Clock | None:
    """The clock of the disclosure due before ``hearing`` (the federal five business days, or the state's)."""
    from iepdesk.timeline.deadlines import deadlines

    return disclosure_of(deadlines(vault, today, hearing.student_id), hearing)


def disclosure_of(clocks: list[Clock], hearing: EventRecord) -> Clock | None:
    """Among clocks already counted, the one of the disclosure due before ``hearing``."""
    return next((c for c in clocks if c.start.id == hearing.id and "disclosure" in c.rule.stops
                 and c.rule.direction == "before"), None)


def _people(vault: Vault) -> dict[int, Any]:
    from iepdesk.timeline.people import list_people

    return {p.id: p for p in list_people(vault)}


def _role(person: Any) -> str:
    return ", ".join(part for part in (person.role_label, person.organisation) if part)


def _default_to(people: dict[int, Any]) -> int | None:
    for role in ("attorney", "lea_representative", "case_manager", "principal"):
        found = [p for p in people.values() if p.role == role]
        if role == "attorney":  # the district's counsel, not the parent's own
            found = [p for p in found if "parent" not in (p.organisation or "").lower()]
        if found:
            return found[0].id
    return None


def make_packet(vault: Vault, out: Path, request: PacketRequest, options: BinderOptions | None = None,
                progress: Callable[[Progress], None] | None = None, cancel: threading.Event | None = None,
                actor: str = "cli", today: dt.date | None = None) -> PacketResult:
    from iepdesk.letters.compose import draft
    from iepdesk.letters.file import DELIVERY_METHODS, send
    from iepdesk.letters.parent import address_lines

    today = today or dt.date.today()
    out = Path(out)
    _check_output(out)
    if not vault.writable:
        raise UsageError("The vault is read-only here, so the disclosure could not be recorded; copy the vault to "
                         "a drive that can be written, then make the packet.")
    hearing = find_hearing(vault, request.hearing_id, today)
    served_date = request.served_date or today
    how = " ".join(request.served_how.split()).lower()
    if not how:
        raise UsageError(f"Say how the packet is served: {', '.join(DELIVERY_METHODS)}.")
    people = _people(vault)
    for person_id in (*(w for w, _ in request.witnesses), *request.served_on,
                      *([request.to] if request.to is not None else [])):
        if person_id not in people:
            raise UsageError(f"There is no person {person_id} in this case; 'iepdesk people list' shows them.")
    to = request.to if request.to is not None else _default_to(people)
    served_on = request.served_on or tuple(p.id for p in people.values() if p.role == "hearing_officer")
    served_on = tuple(p for p in served_on if p != to)
    clock = disclosure_clock(vault, hearing, today)
    options = replace(options or BinderOptions(), copy="disclosure", meeting_type="Due-process hearing",
                      meeting_date=hearing.date, title="Exhibits disclosed for the due-process hearing")
    binder_out = out.with_name(f"{out.stem} - exhibits.pdf")
    if binder_out.resolve() == out.resolve():
        raise UsageError(f"{out}: choose another name for the packet.")
    # The letter is checked first (the parent's details), so nothing is made when it could not be sent.
    probe = draft(vault, TEMPLATE, {"hearing_date": hearing.date, "enclosed": "-"}, to=to, cc=list(served_on),
                  student_id=hearing.student_id, today=served_date)
    if probe.missing:
        raise UsageError(f"The cover letter cannot be signed yet: it needs {', '.join(probe.missing).lower()}. Add "
                         "your details ('iepdesk parent set NAME --address …'), then make the packet again. "
                         "Nothing was written.")
    binder = make_binder(vault, binder_out, options, progress, cancel, actor)
    entries = binder.entries
    pages = sum(e.pages for e in entries)
    span = f"{entries[0].label} to {entries[-1].label}" if len(entries) > 1 else entries[0].label
    enclosed = (f"- the exhibits {span} ({len(entries)} exhibits, {pages} pages, Bates {entries[0].bates_first} to "
                f"{entries[-1].bates_last}), in the file “{binder.path.name}”\n"
                f"- the exhibit list\n- the witness list ({len(request.witnesses)} witness(es))\n"
                "- the certificate of service")
    letter = draft(vault, TEMPLATE, {"hearing_date": hearing.date, "enclosed": enclosed}, to=to, cc=list(served_on),
                   student_id=hearing.student_id, today=served_date)
    recipients = [p for p in (to, *served_on) if p is not None]
    papers = PacketPapers(
        child=binder.child, school=binder.school,
        hearing=f"Due-process hearing, {hearing.date:%B} {hearing.date.day}, {hearing.date.year}",
        parent=letter.value("parent_name"),
        parent_lines=tuple(line for line in (*address_lines(letter.value("parent_address")),
                                             letter.value("parent_phone"), letter.value("parent_email")) if line),
        exhibits=tuple(entries), binder_name=binder.path.name, binder_pages=binder.pages,
        binder_sha256=binder.sha256,
        witnesses=tuple(Witness(people[p].name, _role(people[p]), about) for p, about in request.witnesses),
        served=tuple(Served(people[p].name, ", ".join(x for x in (people[p].organisation, people[p].email) if x))
                     for p in recipients),
        served_how=HOW.get(how, f"by {how}"), served_on=served_date, paper=PAPER[options.paper])
    _write_packet(out, letter, papers)
    filed, event = send(vault, letter, sent_on=served_date, delivery=how, actor=actor, today=today)
    _mark_disclosed(vault, binder, served_date, actor)
    return PacketResult(out.resolve(), binder, hearing, clock.due if clock else None, served_date, filed.id,
                        event.id)


def _write_packet(out: Path, letter: Any, papers: PacketPapers) -> None:
    import pymupdf

    from iepdesk.letters.render import render

    doc = pymupdf.open(stream=render(letter), filetype="pdf")
    toc = [[1, "Cover letter", 1]]
    with pymupdf.open(stream=render_papers(papers), filetype="pdf") as rest:
        for index, page in enumerate(rest):  # each paper starts a page, its title under the caption
            lines = page.get_text().splitlines()
            toc += [[1, title, doc.page_count + index + 1] for title in ("Exhibit list", "Witness list",
                                                                        "Certificate of service")
                    if title in lines[:6]]
        doc.insert_pdf(rest)
    doc.set_toc(toc)
    try:
        _save(doc, out, 1 << 20)
    except BinderError as error:
        raise BinderError(str(error).replace("the binder", "the packet")) from error


def _mark_disclosed(vault: Vault, binder: BinderResult, served: dt.date, actor: str) -> None:
    from iepdesk.vault.models import Binder

    if binder.binder_id is None:
        return
    with vault.session() as session:
        row = session.get(Binder, binder.binder_id)
        if row is not None:
            row.disclosed_on = served
            Vault.record(session, "binder.disclosed", f"Disclosed the binder “{Path(row.path).name}” on {served}.",
                         actor=actor, detail={"binder_id": row.id})
