"""Stable exhibit numbers: once a binder has been disclosed (served on the district for a hearing, see
packet.py), its exhibits keep their labels in every later binder of the child. A document added since takes the
next number (P-27, P-28 …); one left out leaves its number unused; nothing is renumbered, so "P-14 at 2" means
the same page in the hearing room as in the disclosure. Pure, apart from reading the last disclosed binder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from iepdesk.binder.options import BinderOptions, exhibit_label
from iepdesk.vault import Vault


@dataclass(frozen=True)
class Disclosed:
    """The last disclosed binder: when, and the label each document had in it."""

    binder_id: int
    on: dt.date
    labels: dict[int, str]  # item id -> label
    prefix: str
    letters: bool
    first: int

    def index_of(self, label: str) -> int | None:
        """The 0-based place a label stands for (P-1 -> 0 when numbering starts at 1), or None."""
        if not label.startswith(self.prefix):
            return None
        rest = label[len(self.prefix):]
        if self.letters:
            if not rest.isalpha() or not rest.isupper():
                return None
            number = 0
            for char in rest:
                number = number * 26 + ord(char) - ord("A") + 1
        elif rest.isdigit():
            number = int(rest)
        else:
            return None
        return number - self.first if number >= self.first else None


@dataclass(frozen=True)
class Numbering:
    order: list[int]  # item ids in binder order: the kept ones by their number, then the new ones
    labels: dict[int, str]
    kept: Disclosed | None = None
    added: tuple[str, ...] = ()  # labels given to documents not in the disclosed binder
    missing: tuple[str, ...] = ()  # labels of the disclosed binder with no document in this one

    def sentence(self) -> str:
        """What a parent is told before (and after) making a binder that differs from the disclosed one."""
        if self.kept is None:
            return ""
        day = f"{self.kept.on:%B} {self.kept.on.day}, {self.kept.on.year}"
        parts = [f"The exhibits disclosed on {day} keep their numbers."]
        if self.added:
            parts.append(f"New since then: {_span(self.added)} (they follow the disclosed ones).")
        if self.missing:
            parts.append(f"Not in this binder: {_span(self.missing)} (their numbers stay unused).")
        return " ".join(parts)


def _span(labels: tuple[str, ...]) -> str:
    return ", ".join(labels[:6]) + (f" and {len(labels) - 6} more" if len(labels) > 6 else "")


def last_disclosed(vault: Vault, student_id: int | None = None) -> Disclosed | None:
    from sqlalchemy import select

    from iepdesk.vault.models import Binder

    with vault.session() as session:
        rows = session.scalars(select(Binder).where(Binder.disclosed_on.is_not(None))
                               .order_by(Binder.disclosed_on.desc(), Binder.id.desc())).all()
        for row in rows:
            options: dict[str, Any] = row.options or {}
            if student_id is not None and options.get("student_id") not in (None, student_id):
                continue
            assert row.disclosed_on is not None
            return Disclosed(row.id, row.disclosed_on, {int(e["item_id"]): str(e["label"]) for e in row.exhibits},
                             str(options.get("exhibit_prefix", "P-")), bool(options.get("letters", False)),
                             int(options.get("first_exhibit", 1)))
    return None


def number(item_ids: list[int], options: BinderOptions, kept: Disclosed | None) -> Numbering:
    """The order and labels of a binder of ``item_ids`` (in the order chosen), keeping ``kept``'s labels."""
    if kept is None or not options.keep_numbers:
        return Numbering(list(item_ids), {i: exhibit_label(n, options) for n, i in enumerate(item_ids)})
    scheme = replace(options, exhibit_prefix=kept.prefix, letters=kept.letters, first_exhibit=kept.first)
    places = {i: kept.index_of(label) for i, label in kept.labels.items()}
    found = {i: p for i, p in places.items() if p is not None}
    old = sorted((i for i in item_ids if i in found), key=lambda i: found[i])
    new = [i for i in item_ids if i not in found]
    after = max(found.values(), default=-1) + 1
    labels = {i: kept.labels[i] for i in old}
    labels.update({i: exhibit_label(after + n, scheme) for n, i in enumerate(new)})
    chosen = set(item_ids)
    missing = tuple(kept.labels[i] for i in sorted(found, key=lambda i: found[i]) if i not in chosen)
    return Numbering(old + new, labels, kept, tuple(labels[i] for i in new), missing)
