"""Every choice a binder offers, with hearing-ready defaults (a prehearing order may ask for others)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from iepdesk.errors import UsageError

ORDERS = ("chronological", "criterion", "kind", "manual")
COPIES = ("working", "disclosure")
PARTS = ("all", "exhibits", "front")
SECTIONS = ("cover", "contents", "statement", "answers", "criteria", "evidence", "chronology", "communications",
            "index", "manifest")
_STAMP_TEXT = re.compile(r"^[\x20-\x7e]*$")


@dataclass(frozen=True)
class BinderOptions:
    # which copy: "working" (everything, for the parent and their advocate) or "disclosure" (for the school and
    # the hearing officer: no strengths or gaps, no notes, only descriptions a person confirmed, clean exhibits)
    copy: str = "working"
    clean: bool | None = None  # leave out highlights and notes added to the PDFs (None: only in a disclosure copy)
    # what goes in
    student_id: int | None = None
    item_ids: tuple[int, ...] = ()  # only these documents (in this order when order = "manual")
    criteria: tuple[str, ...] = ()  # only documents with accepted evidence for these criteria
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    order: str = "chronological"
    skip_problems: bool = False  # leave out documents whose original is missing or cannot be used
    # the cover
    title: str = "Evidence binder"
    meeting_type: str = "IEP meeting"
    meeting_date: dt.date | None = None
    prepared_by: str = ""  # "": the parent named in the vault (Your details), else "Parent"
    statement: str | None = None
    # numbering
    exhibit_prefix: str = "P-"
    letters: bool = False  # P-A, P-B … instead of P-1, P-2 …
    first_exhibit: int = 1
    keep_numbers: bool = True  # once a binder was disclosed, its exhibits keep their labels (disclosed.py)
    bates_prefix: str | None = None  # None: the child's last name, e.g. "RIVERA-"
    bates_start: int = 1
    bates_digits: int = 6
    # printing
    paper: str = "letter"
    duplex: bool = False
    gutter_mm: float = 0.0
    slipsheets: bool = True
    part: str = "all"
    sections: tuple[str, ...] = SECTIONS
    manifest: bool = True

    def check(self) -> BinderOptions:
        if self.copy not in COPIES:
            raise UsageError(f"The copy '{self.copy}' is not one of {', '.join(COPIES)}.")
        if self.order not in ORDERS:
            raise UsageError(f"The order '{self.order}' is not one of {', '.join(ORDERS)}.")
        if self.part not in PARTS:
            raise UsageError(f"'{self.part}' is not one of {', '.join(PARTS)}.")
        if self.paper not in ("letter", "a4"):
            raise UsageError("The paper size is letter or a4.")
        if self.order == "manual" and not self.item_ids:
            raise UsageError("A manual order needs the documents listed in that order (--items).")
        unknown = set(self.sections) - set(SECTIONS)
        if unknown:
            raise UsageError(f"Unknown section(s): {', '.join(sorted(unknown))}; use {', '.join(SECTIONS)}.")
        for name, text in (("exhibit prefix", self.exhibit_prefix), ("Bates prefix", self.bates_prefix or "")):
            if not _STAMP_TEXT.match(text) or len(text) > 20:
                raise UsageError(f"The {name} '{text}' must be up to 20 plain letters, digits or punctuation "
                                 "(it is stamped on every page).")
        if not 3 <= self.bates_digits <= 10 or self.bates_start < 0 or self.first_exhibit < 1:
            raise UsageError("Bates numbers need 3 to 10 digits and a start of 0 or more; exhibits start at 1 or more.")
        if not 0 <= self.gutter_mm <= 40:
            raise UsageError("The hole-punch gutter is between 0 and 40 mm.")
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise UsageError("The end date comes before the start date.")
        return self

    @property
    def disclosure(self) -> bool:
        return self.copy == "disclosure"

    @property
    def clean_exhibits(self) -> bool:
        return self.disclosure if self.clean is None else self.clean

    def as_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return {k: (v.isoformat() if isinstance(v, dt.date) else list(v) if isinstance(v, tuple) else v)
                for k, v in data.items()}


def exhibit_label(index: int, options: BinderOptions) -> str:
    """The label of the index-th exhibit (0-based): P-1, P-2 … or P-A … P-Z, P-AA …"""
    number = options.first_exhibit + index
    if not options.letters:
        return f"{options.exhibit_prefix}{number}"
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{options.exhibit_prefix}{letters}"


@dataclass(frozen=True)
class Bates:
    prefix: str
    start: int
    digits: int

    def number(self, index: int) -> str:
        return f"{self.prefix}{self.start + index:0{self.digits}d}"


def bates_prefix_for(child: str) -> str:
    last = re.sub(r"[^A-Za-z0-9]", "", (child.split() or ["IEP"])[-1]).upper()
    return f"{last or 'IEP'}-"


