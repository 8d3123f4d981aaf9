"""The parent's own details, for the letters they sign: a person of the case with the role "parent".

Name, phone and email are the person's own fields (an email address links the parent's emails to them);
the postal address is kept in the person's notes, one line of the address per line. A vault may hold two
parents; a letter is signed by the one chosen, else the first added.
"""

from __future__ import annotations

import re

from iepdesk.errors import UsageError
from iepdesk.timeline.people import (
    PARENT_ROLE,
    PersonRecord,
    add_person,
    list_people,
    parents,
    resolve_people,
    update_person,
)
from iepdesk.vault import Vault

ROLE = PARENT_ROLE


def address_lines(address: str | None) -> list[str]:
    """An address as its lines: typed on several lines, or on one with ';' between them."""
    return [line.strip() for line in re.split(r"[\n;]", address or "") if line.strip()]


def address_of(person: PersonRecord | None) -> str:
    return "\n".join(address_lines(person.notes if person else None))


def find_parent(vault: Vault, ref: str | int | None = None) -> PersonRecord | None:
    """The parent ``ref`` names (an id, a name, an address), or the first parent; None when there is none."""
    if ref is None or ref == "":
        found = parents(vault)
        return found[0] if found else None
    person_id = resolve_people(vault, [str(ref)])[0]
    return next(p for p in list_people(vault) if p.id == person_id)


def set_parent(vault: Vault, name: str, *, address: str | None = None, phone: str | None = None,
               email: str | None = None, actor: str = "cli") -> tuple[PersonRecord, bool]:
    """Add the parent, or change the details of the parent of that name; returns (person, added).

    A person of the case already of that name (added from an email, say) becomes the parent.

    A value left as None is kept as it was; an empty text clears it.
    """
    name = " ".join(name.split())
    if not name:
        raise UsageError("Say the parent's name, e.g. iepdesk parent set 'Dana Rivera' --address '…'.")
    changes: dict[str, str | None] = {}
    if address is not None:
        changes["notes"] = "\n".join(address_lines(address)) or None
    if phone is not None:
        changes["phone"] = phone.strip() or None
    if email is not None:
        changes["email"] = email.strip() or None
    same = [p for p in list_people(vault) if p.name.lower() == name.lower()]
    same.sort(key=lambda p: (p.role != ROLE, p.id))  # a parent of that name first, else the person of that name
    if same:
        if same[0].role != ROLE:
            changes["role"] = ROLE  # someone already in the case (e.g. added from an email) is the parent
        if not changes:
            return same[0], False
        return update_person(vault, same[0].id, actor=actor, **changes), False
    return add_person(vault, name, role=ROLE, email=changes.get("email"), phone=changes.get("phone"),
                      notes=changes.get("notes"), actor=actor), True
