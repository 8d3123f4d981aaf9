"""The plain records the binder's parts hand to each other (no PDF work here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

POINTS_PER_MM = 72 / 25.4
PAPER = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}


@dataclass(frozen=True)
class ExhibitEntry:
    """One exhibit as the front matter lists it; pages are body page numbers (see plan.py)."""

    label: str
    item_id: int
    title: str
    date: dt.date | None
    kind: str  # shown words, e.g. "Evaluation"
    source: str  # shown words, e.g. "School"
    author: str | None
    recipients: str | None
    pages: int  # pages of the original
    first_page: int  # body page of the exhibit's first page (after its slipsheet)
    last_page: int
    bates_first: str
    bates_last: str
    sha256: str
    original_name: str


@dataclass(frozen=True)
class PinCite:
    label: str
    page: int | None  # page within the exhibit; None for the whole exhibit
    body_page: int  # where that is in the binder body

    @property
    def text(self) -> str:
        return f"{self.label} at {self.page}" if self.page else self.label


@dataclass(frozen=True)
class QuoteEntry:
    cite: PinCite
    quote: str | None
    note: str | None


@dataclass(frozen=True)
class CriterionSummary:
    criterion_id: str
    title: str
    citation: str
    status: str  # none | thin | supported
    group: str  # the category or heading it belongs to, e.g. "Other health impairment"
    cites: tuple[PinCite, ...]
    quotes: tuple[QuoteEntry, ...]


@dataclass(frozen=True)
class DenialAnswer:
    """A reason the school gave for saying no, where the record shows it, and the record's answer to it."""

    criterion_id: str  # the denial, e.g. "denial.passing_grades"
    title: str  # "“Average grades, so no adverse effect”"
    says: str  # the reason in plain words
    citation: str
    law: str  # the answer, in a sentence
    said: tuple[QuoteEntry, ...]  # where the record shows the reason (what was tagged to it)
    answers: tuple[tuple[str, QuoteEntry], ...]  # (the element it proves, the quote), strongest first


@dataclass(frozen=True)
class ChronologyEntry:
    date: dt.date | None
    description: str
    cite: PinCite | None


@dataclass(frozen=True)
class CommunicationEntry:
    date: dt.date | None
    sender: str
    recipients: str
    subject: str
    cite: PinCite | None
    response_due: dt.date | None = None
    response_received: dt.date | None = None


@dataclass(frozen=True)
class FrontMatterInput:
    title: str
    child: str
    school: str | None
    meeting_type: str
    meeting_date: dt.date | None
    prepared_by: str
    prepared_on: dt.date
    paper: tuple[float, float]  # points
    gutter: float  # points added to the binding edge (left on odd pages, right on even pages when duplex)
    duplex: bool
    statement: str | None
    criteria: tuple[CriterionSummary, ...]
    chronology: tuple[ChronologyEntry, ...]
    communications: tuple[CommunicationEntry, ...]
    exhibits: tuple[ExhibitEntry, ...]
    manifest: bool
    sections: tuple[str, ...] = ("cover", "contents", "statement", "answers", "criteria", "evidence", "chronology",
                                 "communications", "index", "manifest")
    answers: tuple[DenialAnswer, ...] = ()
    copy: str = "working"  # "disclosure": no strengths or gaps and no notes in the front matter


@dataclass(frozen=True)
class LinkSpot:
    """A clickable area on a front-matter page that jumps to a body page or to another front-matter page."""

    page_index: int  # 0-based, within the front matter
    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin top-left (PyMuPDF)
    body_page: int | None = None  # 1-based body page it jumps to, or
    front_index: int | None = None  # 0-based front-matter page it jumps to


@dataclass(frozen=True)
class SectionMark:
    """Where a front-matter section starts, for bookmarks and the contents."""

    title: str
    page_index: int  # 0-based, within the front matter


@dataclass
class FrontMatter:
    pdf: bytes
    pages: int
    links: list[LinkSpot] = field(default_factory=list)
    sections: list[SectionMark] = field(default_factory=list)
