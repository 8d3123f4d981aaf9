"""The people of a case (the IEP team and others), and the link from an email to them by address.

Links are computed, never stored: an email's sender (``meta['email']['from_address']``) and its To and Cc
addresses are looked up among the people's addresses, so adding a person's address links every email at once.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from iepdesk import undo
from iepdesk.errors import UsageError
from iepdesk.timeline.kinds import ROLES, check_role, lowered
from iepdesk.vault import Vault
from iepdesk.vault.models import Item, Person

EDITABLE = ("name", "role", "email", "organisation", "phone", "notes")
_ADDRESS = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
_TITLES = r"(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof)\.?"


@dataclass(frozen=True)
class PersonRecord:
    id: int
    name: str
    role: str
    email: str | None
    organisation: str | None
    phone: str | None
    notes: str | None

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def shown(self) -> str:
        """"Jennifer Ortiz (school psychologist)"."""
        return self.name if self.role == "other" else f"{self.name} ({lowered(self.role_label)})"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "role": self.role, "role_label": self.role_label,
                "email": self.email, "organisation": self.organisation, "phone": self.phone, "notes": self.notes}


def _record(person: Person) -> PersonRecord:
    return PersonRecord(person.id, person.name, person.role, person.email, person.organisation, person.phone,
                        person.notes)


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    values = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in changes.items()}
    if "name" in values and not values["name"]:
        raise UsageError("A person needs a name.")
    role = values.get("role")
    if isinstance(role, str):
        try:
            values["role"] = check_role(role)
        except ValueError as error:
            raise UsageError(str(error)) from error
    given = values.get("email")
    if isinstance(given, str):
        address = email.utils.parseaddr(given)[1].lower() or given.lower()
        if not _ADDRESS.match(address):
            raise UsageError(f"'{values['email']}' is not an email address (it should look like name@example.org).")
        values["email"] = address
    return values


def _check_address_free(session: Any, address: str | None, person_id: int | None) -> None:
    if address is None:
        return
    other = session.scalars(select(Person).where(Person.email == address)).first()
    if other is not None and other.id != person_id:
        raise UsageError(f"The address {address} already belongs to {other.name} (person {other.id}); an address "
                         "links emails to one person.")


def add_person(vault: Vault, name: str, *, role: str = "other", email: str | None = None,
               organisation: str | None = None, phone: str | None = None, notes: str | None = None,
               actor: str = "cli") -> PersonRecord:
    values = _clean({"name": name, "role": role or "other", "email": email, "organisation": organisation,
                     "phone": phone, "notes": notes})
    with vault.session() as session:
        _check_address_free(session, values["email"], None)
        person = Person(**values)
        session.add(person)
        session.flush()
        undo.record(session, "person.add", f"Added {person.name} ({lowered(ROLES[person.role])}).", "Add person",
                    [undo.change("people", person.id, None, undo.row_state(person))], actor=actor)
        return _record(person)


def update_person(vault: Vault, person_id: int, actor: str = "cli", **changes: Any) -> PersonRecord:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise UsageError(f"These fields of a person cannot be changed: {', '.join(sorted(unknown))}.")
    values = _clean(changes)
    with vault.session() as session:
        person = _get(session, person_id)
        if "email" in values:
            _check_address_free(session, values["email"], person.id)
        fields = list(values)
        before = undo.row_state(person, fields)
        for name, value in values.items():
            setattr(person, name, value)
        undo.record(session, "person.edit", f"Changed {', '.join(fields)} of {person.name}.", "Edit person",
                    [undo.change("people", person.id, before, undo.row_state(person, fields))], actor=actor)
        return _record(person)


def _get(session: Any, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise UsageError(f"There is no person {person_id} in this vault. 'iepdesk person list' shows them.")
    return person


def list_people(vault: Vault) -> list[PersonRecord]:
    with vault.session() as session:
        return [_record(p) for p in session.scalars(select(Person).order_by(Person.name, Person.id))]


PARENT_ROLE = "parent"


def parents(vault: Vault) -> list[PersonRecord]:
    """The parents of the case, the first added first (the one who signs letters and prepares binders)."""
    return sorted((p for p in list_people(vault) if p.role == PARENT_ROLE), key=lambda p: p.id)


def resolve_people(vault: Vault, refs: list[str]) -> list[int]:
    """Person ids for what a person typed: an id, an address, a full name, or a part of one name only."""
    people = list_people(vault)
    found: list[int] = []
    for ref in (part.strip() for raw in refs for part in raw.split(",")):
        if not ref:
            continue
        lowered = ref.lower()
        matches = [p for p in people if str(p.id) == ref or (p.email or "") == lowered or p.name.lower() == lowered]
        if not matches:
            matches = [p for p in people if lowered in p.name.lower()]
        if len(matches) != 1:
            known = ", ".join(f"{p.name} ({p.id})" for p in (matches or people)) or "nobody yet"
            what = "more than one person" if matches else "nobody"
            raise UsageError(f"'{ref}' matches {what}. Known: {known}. Add someone with: iepdesk person add NAME "
                             "--role ROLE.")
        if matches[0].id not in found:
            found.append(matches[0].id)
    return found


def mentioned(text: str, people: list[PersonRecord]) -> list[int]:
    """The people a note names: by full name, or by title and last name ("Dr. Bell", "Ms. Ortiz")."""
    found = []
    for person in people:
        last = person.name.split()[-1] if person.name.split() else ""
        full = re.search(rf"\b{re.escape(person.name)}\b", text, re.IGNORECASE)
        titled = last and re.search(rf"\b{_TITLES}\s+{re.escape(last)}\b", text)
        if full or titled:
            found.append(person.id)
    return found


# -- emails ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Party:
    """One end of a message: as written in the header, and the person it links to (if any)."""

    name: str
    address: str
    person: PersonRecord | None

    @property
    def shown(self) -> str:
        if self.person is not None:
            return self.person.shown
        return self.name or self.address


@dataclass(frozen=True)
class MessageParties:
    item_id: int
    sender: Party | None
    recipients: tuple[Party, ...]  # To, then Cc


def parties(header: str | None, by_address: dict[str, PersonRecord]) -> tuple[Party, ...]:
    result = []
    for name, address in email.utils.getaddresses([header or ""]):
        address = address.strip().lower()
        if not (name or address):
            continue
        result.append(Party(name.strip(), address, by_address.get(address)))
    return tuple(result)


def message_parties(vault: Vault, item_ids: list[int] | None = None) -> dict[int, MessageParties]:
    """For each email (an item with ``meta['email']``): who sent it and who got it, linked to people."""
    by_address = {p.email: p for p in list_people(vault) if p.email}
    query = select(Item.id, Item.author, Item.recipients, Item.cc, Item.meta).where(Item.trashed_at.is_(None))
    if item_ids is not None:
        query = query.where(Item.id.in_(item_ids))
    result = {}
    with vault.session() as session:
        for item_id, author, recipients, cc, meta in session.execute(query):
            mail = (meta or {}).get("email")
            if not mail:
                continue
            address = str(mail.get("from_address") or "").lower()
            sender = Party(author or "", address, by_address.get(address)) if (author or address) else None
            to = parties(recipients, by_address) + parties(cc, by_address)
            result[item_id] = MessageParties(item_id, sender, to)
    return result


def emails_of(vault: Vault) -> dict[int, int]:
    """How many emails each person sent or received (by address)."""
    counts: dict[int, int] = {}
    for message in message_parties(vault).values():
        ids = {p.person.id for p in (message.sender, *message.recipients) if p is not None and p.person is not None}
        for person_id in ids:
            counts[person_id] = counts.get(person_id, 0) + 1
    return counts
