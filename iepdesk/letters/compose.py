"""A letter's draft: a template filled from the vault and from what the parent typed, with what is missing.

Each field's value comes from, in order: what the parent gave (``values``), the vault (the template's
``from`` places: the child, the parent, the recipient, the latest evaluation, the date of the last meeting …),
or the template's default text. The draft names every required field still empty by its label, and
render() refuses to make a PDF until there is none. The body can then be edited as text (``with_body``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select

from iepdesk.errors import UsageError
from iepdesk.items import ItemRecord, get_item
from iepdesk.letters.parent import address_of, find_parent
from iepdesk.letters.templates import Field, Template, fill, get_template
from iepdesk.students import StudentRecord, list_students
from iepdesk.timeline.people import PersonRecord, list_people, resolve_people
from iepdesk.vault import Vault
from iepdesk.vault.models import Event, Item

PAPERS = ("letter", "a4")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n+")


def long_date(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def as_date_text(value: Any) -> str:
    """A date as a letter prints it ("March 2, 2026"); a text that is not YYYY-MM-DD is kept as typed."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return long_date(value)
    text = " ".join(str(value).split())
    try:
        return long_date(dt.date.fromisoformat(text))
    except ValueError:
        return text


@dataclass(frozen=True)
class FieldState:
    """One field of a draft: its value and where the value came from (given | vault | default | "")."""

    key: str
    label: str
    value: str
    origin: str
    required: bool
    multiline: bool
    type: str
    hint: str

    @property
    def missing(self) -> bool:
        return self.required and not self.value.strip()

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "value": self.value, "origin": self.origin or None,
                "required": self.required, "multiline": self.multiline, "type": self.type,
                "hint": self.hint or None, "missing": self.missing}


@dataclass(frozen=True)
class Draft:
    template: Template
    fields: tuple[FieldState, ...]
    subject: str
    body: str  # the filled body; a required field still empty shows as [its label]
    missing: list[str]  # the labels of required fields still empty (nothing can be rendered until it is empty)
    student_id: int | None = None
    sender_id: int | None = None  # the parent who signs (a person of the case)
    recipient_id: int | None = None
    cc_ids: tuple[int, ...] = ()
    exhibit_ids: tuple[int, ...] = ()
    paper: str = "letter"
    edited: bool = False  # the body was edited as text
    notes: tuple[str, ...] = field(default=())  # things the parent may want to check (not blocking)

    @property
    def values(self) -> dict[str, str]:
        return {f.key: f.value for f in self.fields}

    def value(self, key: str) -> str:
        return self.values.get(key, "")

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip("\n") for p in _PARAGRAPHS.split(self.body.strip()) if p.strip()]

    def with_body(self, text: str) -> Draft:
        """The draft with the parent's own edit of the body (plain text; blank lines between paragraphs)."""
        body = text.replace("\r\n", "\n").replace("\r", "\n").strip() + "\n"
        return replace(self, body=body, edited=True, missing=_missing(self.template, self.fields, body, True))

    @property
    def text(self) -> str:
        """The whole letter as plain text (what the PDF says), for a preview."""
        v = self.values
        contact = " · ".join(x for x in (v["parent_phone"], v["parent_email"]) if x)
        head = [v["parent_name"], *v["parent_address"].splitlines(), *([contact] if contact else []), "", v["date"]]
        if v["delivery"]:
            head.append(delivery_line(v["delivery"]))
        head += ["", *recipient_lines(self), "", f"Re: {self.subject}",
                 *(f"    {line}" for line in student_lines(self)), "", v["salutation"], ""]
        tail = ["", v["closing"], "", "", v["parent_name"], f"Parent of {v['student']}"]
        if v["enclosures"]:
            tail += ["", "Enclosures:", *(f"  {line}" for line in v["enclosures"].splitlines())]
        if v["cc"]:
            tail += ["", f"cc: {v['cc']}"]
        return "\n".join([*head, "\n\n".join(self.paragraphs), *tail]).strip() + "\n"

    def as_json(self) -> dict[str, Any]:
        return {"template": self.template.id, "title": self.template.title, "subject": self.subject,
                "body": self.body, "edited": self.edited, "missing": list(self.missing), "ready": self.ready,
                "fields": [f.as_json() for f in self.fields], "student_id": self.student_id,
                "sender_id": self.sender_id, "recipient_id": self.recipient_id, "cc_ids": list(self.cc_ids),
                "exhibit_ids": list(self.exhibit_ids), "paper": self.paper, "event_kind": self.template.event_kind,
                "citations": list(self.template.citations), "notes": list(self.notes), "text": self.text}


# -- lines the letter prints (shared by the plain text and the PDF) --------------------------------------------
DELIVERY_WORDS = {
    "email": "By email",
    "hand delivered": "By hand delivery",
    "hand delivery": "By hand delivery",
    "hand": "By hand delivery",
    "mail": "By first-class mail",
    "first-class mail": "By first-class mail",
    "certified mail": "By certified mail, return receipt requested",
    "fax": "By fax",
    "portal": "Through the district's parent portal",
}


def delivery_line(delivery: str) -> str:
    words = " ".join(delivery.split())
    return DELIVERY_WORDS.get(words.lower(), f"Sent by {words}")


def recipient_lines(draft: Draft) -> list[str]:
    v = draft.values
    lines = [v["recipient_name"], v["recipient_title"], v["recipient_organisation"],
             *v["recipient_address"].splitlines()]
    return [line.strip() for line in lines if line.strip()]


def student_lines(draft: Draft) -> list[str]:
    """Under the "Re:" line: who the letter is about ("Student: Sam Rivera, date of birth May 12, 2016") and
    where ("School: Birchwood Elementary School, grade 4")."""
    v = draft.values
    grade = v["grade"].strip()
    if grade and "grade" not in grade.lower():
        grade = f"grade {grade}"
    who = f"Student: {v['student']}" + (f", date of birth {v['birth_date']}" if v["birth_date"] else "")
    where = ", ".join(x for x in (v["school"], grade) if x)
    return [who, *([f"School: {where}"] if where else [])]


_COURTESY = {"ms": "Ms.", "mrs": "Mrs.", "mr": "Mr.", "mx": "Mx.", "miss": "Miss", "dr": "Dr.", "prof": "Professor",
             "professor": "Professor", "doctor": "Dr."}


def greeting(name: str, role: str | None = None) -> str:
    """Whom a letter greets: "Ms. Karen Holloway" gives "Ms. Holloway"; a doctor with no title given is
    "Dr. Kessler"; any other name is greeted whole ("Karen Holloway"), as IEPDesk cannot know how she is addressed."""
    words = name.replace(",", " ").split()
    if not words:
        return ""
    title = _COURTESY.get(words[0].rstrip(".").lower())
    if title and len(words) > 1:
        return f"{title} {words[-1]}"
    if role == "doctor" and len(words) > 1:
        return f"Dr. {words[-1]}"
    return " ".join(words)


# -- the vault's side -----------------------------------------------------------------------------------------
@dataclass
class _Context:
    vault: Vault
    today: dt.date
    student: StudentRecord | None
    parent: PersonRecord | None
    recipient: PersonRecord | None
    cc: list[PersonRecord]
    exhibits: list[ItemRecord]

    def lookup(self, source: str) -> str:
        """The text the vault gives for one of a template's ``from`` places ('' when it has none)."""
        head, _, rest = source.partition(":")
        if rest:
            return {"event": self._event, "note": self._note, "document": self._document}[head](rest)
        if source == "today":
            return long_date(self.today)
        if source == "cc":
            return ", ".join(p.shown for p in self.cc)
        if source == "exhibits":
            return "\n".join(f"{i.title}, {long_date(i.date)}" if i.date else i.title for i in self.exhibits)
        if source in ("timeline", "refusals"):
            return self._facts(source == "refusals")
        owner, _, name = source.partition(".")
        if owner == "parent":
            person = self.parent
            if person is None:
                return ""
            return {"name": person.name, "address": address_of(person), "phone": person.phone or "",
                    "email": person.email or ""}[name]
        if owner == "recipient":
            person = self.recipient
            if person is None:
                return ""
            title = "" if person.role == "other" else person.role_label
            return {"name": person.name, "title": title, "organisation": person.organisation or "",
                    "email": person.email or ""}[name]
        student = self.student
        if student is None:
            return ""
        if name == "birth_date":
            return long_date(student.birth_date) if student.birth_date else ""
        first = student.name.split()[0] if student.name.split() else ""
        return {"name": student.name, "first_name": first, "school": student.school or "",
                "grade": student.grade or ""}[name]

    def _items(self) -> Any:
        query = select(Item).where(Item.trashed_at.is_(None), Item.doc_date.is_not(None),
                                   Item.doc_date <= self.today)
        if self.student is not None:
            query = query.where(Item.student_id == self.student.id)
        return query.order_by(Item.doc_date.desc(), Item.id.desc())

    def _event(self, kinds: str) -> str:
        query = select(Event.date).where(Event.trashed_at.is_(None), Event.kind.in_(kinds.split("|")),
                                         Event.date <= self.today)
        if self.student is not None:
            query = query.where(Event.student_id == self.student.id)
        with self.vault.session() as session:
            found = session.scalars(query.order_by(Event.date.desc(), Event.id.desc()).limit(1)).first()
        return long_date(found) if found else ""

    def _facts(self, refusals: bool) -> str:
        """The case's facts as dated lines, each with the document that shows it: every event up to today, or
        only the school's refusals (its prior written notices, a finding of not eligible)."""
        query = select(Event).where(Event.trashed_at.is_(None), Event.date <= self.today)
        if self.student is not None:
            query = query.where(Event.student_id == self.student.id)
        if refusals:
            query = query.where((Event.kind == "pwn_received") | (Event.outcome == "not_eligible"))
        lines = []
        with self.vault.session() as session:
            for event in session.scalars(query.order_by(Event.date, Event.id)):
                item = session.get(Item, event.item_id) if event.item_id else None
                note = f": {' '.join(event.note.split()).rstrip('.')}" if event.note else ""
                shown = f" (“{' '.join(item.title.split())}”" + (f", {long_date(item.doc_date)})" if item.doc_date
                                                                  else ")") if item else ""
                lines.append(f"- {long_date(event.date)}, {event.title}{note}.{shown}")
        return "\n".join(lines)

    def _note(self, types: str) -> str:
        wanted = set(types.split("|"))
        with self.vault.session() as session:
            for item in session.scalars(self._items().where(Item.origin == "note")):
                if ((item.meta or {}).get("note") or {}).get("type") in wanted and item.doc_date:
                    return long_date(item.doc_date)
        return ""

    def _document(self, spec: str) -> str:
        kind, _, source = spec.partition(":")
        query = self._items().where(Item.kind == kind)
        if source:
            query = query.where(Item.source == source)
        with self.vault.session() as session:
            item = session.scalars(query.limit(1)).first()
            if item is None:
                return ""
            title = " ".join(item.title.split())
            return f"“{title}”, dated {long_date(item.doc_date)}" if item.doc_date else f"“{title}”"


def _student(vault: Vault, student_id: int | None) -> StudentRecord | None:
    students = list_students(vault)
    if student_id is not None:
        found = next((s for s in students if s.id == student_id), None)
        if found is None:
            raise UsageError(f"There is no student {student_id} in this vault. 'iepdesk student list' shows them.")
        return found
    if len(students) > 1:
        raise UsageError("This vault is about several children: say which one the letter is about (--student ID; "
                         "'iepdesk student list' shows them).")
    return students[0] if students else None


def _person(vault: Vault, ref: int | str) -> PersonRecord:
    person_id = resolve_people(vault, [str(ref)])[0]
    return next(p for p in list_people(vault) if p.id == person_id)


def usual_recipient(vault: Vault, template: Template, among: Collection[int] | None = None) -> PersonRecord | None:
    """The person a letter usually goes to: the first of the template's roles that someone of the case has (of
    the people ``among``, when given: those at a meeting)."""
    people = [p for p in list_people(vault) if among is None or p.id in among]
    for role in template.recipient_roles:
        found = sorted((p for p in people if p.role == role), key=lambda p: p.id)
        if found:
            return found[0]
    return None


def _given(value: Any, spec: Field) -> str:
    if value is None:
        return ""
    if spec.type == "date":
        return as_date_text(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if spec.multiline:
        return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")).strip()
    return ", ".join(" ".join(line.split()) for line in text.split("\n") if line.strip())  # an address on one line


def _missing(template: Template, fields: Sequence[FieldState], body: str, edited: bool) -> list[str]:
    """Labels of required fields still empty. Once the body is edited, a field of the template is missing only
    while its [label] is still in the text (the parent may have written it out in their own words)."""
    own = {f.key for f in template.fields}
    missing = []
    for state in fields:
        if not state.missing:
            continue
        if edited and state.key in own and f"[{state.label}]" not in body:
            continue
        missing.append(state.label)
    return missing


def law_values(vault: Vault, template: Template, student: StudentRecord | None) -> dict[str, str]:
    """What the law gives the district to answer this letter, in the child's state: the rule its event starts
    (a records request: 45 days federally, 5 business days in California), as ``rule_span`` and ``rule_citation``,
    and ``deadline_sentence``: a sentence saying so when the law gives a day count, else nothing."""
    from iepdesk.timeline.rules import load_rules

    rules = [r for r in load_rules(vault, student.state if student else None).rules.values()
             if template.event_kind in r.starts and r.party == "district"]
    rule = next((r for r in rules if r.timed), rules[0] if rules else None)
    if rule is None:
        return {"rule_span": "", "rule_citation": "", "deadline_sentence": ""}
    citation = rule.state_citation or rule.citation
    span = rule.span() + (f"{rule.counting()}," if rule.counting() else "")
    sentence = f"The law gives the district {span} from receiving this letter to answer it ({citation})." \
        if rule.timed else ""
    return {"rule_span": span, "rule_citation": citation, "deadline_sentence": sentence}


def _fill_body(template: Template, fields: Sequence[FieldState], computed: dict[str, str]) -> str:
    shown = {f.key: f.value if f.value.strip() else (f"[{f.label}]" if f.required else "") for f in fields}
    filled = "\n".join(line.rstrip() for line in fill(template.body, {**computed, **shown}).splitlines())
    paragraphs = [p.strip("\n") for p in _PARAGRAPHS.split(filled.strip()) if p.strip()]
    return "\n\n".join(paragraphs) + "\n"


def draft(vault: Vault, template_id: str, values: dict[str, Any] | None = None, *, to: int | str | None = None,
          cc: Sequence[int | str] = (), sender: int | str | None = None, student_id: int | None = None,
          exhibits: Sequence[int] = (), body: str | None = None, paper: str = "letter",
          today: dt.date | None = None) -> Draft:
    """Fill the template ``template_id`` for the vault's child.

    ``values`` maps field keys to what the parent typed (a date may be a ``date`` or YYYY-MM-DD); a key left
    out (or None) takes its default from the vault or the template, and an empty text stays empty. ``to`` and
    ``cc`` are people of the case (id, name or address; ``to`` defaults to the first person of the template's
    usual roles), ``sender`` the parent who signs (default: the first parent), ``exhibits`` item ids listed as
    enclosures, ``body`` an edited body that replaces the template's.
    """
    template = get_template(template_id)
    values = dict(values or {})
    for key in values:
        template.field(key)  # an unknown key is a usage error naming the letter's fields
    if paper not in PAPERS:
        raise UsageError(f"'{paper}' is not a paper size; use one of: {', '.join(PAPERS)}.")
    today = today or dt.date.today()
    student = _student(vault, student_id)
    parent = find_parent(vault, sender)
    if to is not None and to != "":
        recipient: PersonRecord | None = _person(vault, to)
    elif values.get("recipient_name") is None:
        recipient = usual_recipient(vault, template)
    else:
        recipient = None  # the parent typed a name that is not a person of the case
    cc_people = [_person(vault, ref) for ref in cc]
    items = [get_item(vault, int(item_id)) for item_id in dict.fromkeys(exhibits)]
    for item in items:
        if item.trashed_at is not None:
            raise UsageError(f"Item {item.id} “{item.title}” is in the Trash; restore it before enclosing it.")
    context = _Context(vault, today, student, parent, recipient, cc_people, items)

    found: dict[str, tuple[str, str]] = {}
    for spec in template.all_fields:
        if values.get(spec.key) is not None:
            found[spec.key] = (_given(values[spec.key], spec), "given")
            continue
        for source in spec.sources:
            text = context.lookup(source)
            if text:
                found[spec.key] = (_given(text, spec), "vault")
                break
    plain = {key: text for key, (text, _origin) in found.items()}
    plain["recipient_greeting"] = greeting(plain.get("recipient_name", ""), recipient.role if recipient else None)
    for spec in template.all_fields:  # defaults may use the other fields: "Dear {recipient_greeting}:"
        if spec.key not in found and spec.default:
            found[spec.key] = (_given(fill(spec.default, plain), spec), "default")
    fields = tuple(FieldState(spec.key, spec.label, found.get(spec.key, ("", ""))[0], found.get(spec.key, ("", ""))[1],
                              spec.required, spec.multiline, spec.type, spec.hint) for spec in template.all_fields)
    shown = {f.key: f.value if f.value.strip() else f"[{f.label}]" for f in fields}
    subject = " ".join(fill(template.subject, shown).split())
    filled = _fill_body(template, fields, law_values(vault, template, student))
    notes = []
    if student is None:
        notes.append("This vault has no child yet: add one with iepdesk student add NAME --birth-date YYYY-MM-DD "
                     "--school SCHOOL --grade GRADE.")
    if parent is None:
        notes.append("Your details are not in the vault yet: iepdesk parent set NAME --address '…' --phone '…' "
                     "--email '…' (or type them in the letter's fields).")
    result = Draft(template, fields, subject, filled, [], student.id if student else None,
                   parent.id if parent else None, recipient.id if recipient else None,
                   tuple(p.id for p in cc_people), tuple(i.id for i in items), paper, False, tuple(notes))
    result = replace(result, missing=_missing(template, fields, filled, False))
    return result.with_body(body) if body is not None else result
