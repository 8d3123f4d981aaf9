"""The vault's tables (SQLAlchemy 2.x typed ORM).

The schema itself is owned by the Alembic migrations in ``migrations/versions``; these classes describe it
for queries. A test checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, cast

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Table, Text, false, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {dict[str, Any]: JSON}

    @classmethod
    def table(cls) -> Table:
        """The model's table, for Core statements where many rows are written and the ORM's bookkeeping costs."""
        return cast(Table, cls.__table__)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)


class Student(Base):
    __tablename__ = "students"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[dt.date | None]
    school: Mapped[str | None] = mapped_column(String(200))
    grade: Mapped[str | None] = mapped_column(String(50))
    state: Mapped[str | None] = mapped_column(String(2))  # two letters: its deadline rules apply to the child
    categories: Mapped[list[str] | None] = mapped_column(JSON)  # the groups the parent says fit the child
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Item(Base):
    """One document: an imported file, an email attachment or a typed note.

    ``guesses`` maps a field name (kind, date, author, source, title) to the reason it was guessed; a field
    the user has set is removed from it, so the GUI can show guesses as guesses.
    """

    __tablename__ = "items"
    __table_args__ = (
        Index("ix_items_sha256", "sha256"),
        Index("ix_items_student_date", "student_id", "doc_date"),
        Index("ix_items_parent", "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("students.id", ondelete="RESTRICT"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="RESTRICT"))
    origin: Mapped[str] = mapped_column(String(20))  # file | attachment | note
    kind: Mapped[str] = mapped_column(String(40), default="other")
    title: Mapped[str] = mapped_column(String(500))
    doc_date: Mapped[dt.date | None]
    doc_time: Mapped[dt.datetime | None]  # emails: the sending time, for thread order
    author: Mapped[str | None] = mapped_column(String(300))
    recipients: Mapped[str | None] = mapped_column(Text)
    cc: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(20))  # school | independent | medical | parent
    thread: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    original_name: Mapped[str] = mapped_column(String(500))
    imported_from: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    text_status: Mapped[str] = mapped_column(String(20), default="ok")  # ok | needs_ocr
    guesses: Mapped[dict[str, Any]] = mapped_column(default=dict)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    trashed_at: Mapped[dt.datetime | None]

    pages: Mapped[list[Page]] = relationship(
        back_populates="item", order_by="Page.number", cascade="all, delete-orphan"
    )


class Page(Base):
    """The text of one page. ``status``: text (from the file), ocr (recognised), needs_ocr (waiting)."""

    __tablename__ = "pages"
    __table_args__ = (Index("ux_pages_item_number", "item_id", "number", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 1-based
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="text")
    # OCR's words where they sit: [[x0, y0, x1, y1, word], …] as fractions of the page as seen (top left 0, 0)
    words: Mapped[list[Any] | None] = mapped_column(JSON)
    # the invisible text layer made from those words once, for the binder (iepdesk.textlayer)
    layer: Mapped[bytes | None] = mapped_column(LargeBinary)

    item: Mapped[Item] = relationship(back_populates="pages")


class HistoryEntry(Base):
    """Who did what, when: one row per change, written in the same transaction as the change."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_item", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=text("CURRENT_TIMESTAMP"))
    actor: Mapped[str] = mapped_column(String(50))  # cli | app | import | ocr
    action: Mapped[str] = mapped_column(String(50))
    item_id: Mapped[int | None]  # no foreign key: history outlives a purged item
    summary: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AddedPack:
    """The columns of a pack file a user added, kept whole in the vault (criteria packs, deadline rules)."""

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    file_name: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text)
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Pack(AddedPack, Base):
    """A criteria pack the user added (built-in packs are read from resources/criteria)."""

    __tablename__ = "packs"


class Evidence(Base):
    """A link from a document (optionally its pages and a quoted passage) to a criterion element.

    origin: manual | suggested; status: suggested | accepted | rejected.
    """

    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_item", "item_id"),
        Index("ix_evidence_criterion", "criterion_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    criterion_id: Mapped[str] = mapped_column(String(200))
    page: Mapped[int | None]
    last_page: Mapped[int | None]
    quote: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    strength: Mapped[str | None] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    matched: Mapped[list[str]] = mapped_column(JSON, default=list)
    snippet: Mapped[str | None] = mapped_column(Text)
    score: Mapped[int | None]  # a suggestion's score: 2 for each phrase or test name, 1 for each word
    weaker: Mapped[bool] = mapped_column(default=False, server_default=false())  # found only by words, at the bar
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Binder(Base):
    """A binder that was made: the options, each exhibit (item, original's SHA-256, label, pages) and the output's
    SHA-256, so the parent can show later exactly what was handed over, and when."""

    __tablename__ = "binders"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    exhibits: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    disclosed_on: Mapped[dt.date | None]  # served on the other side for a hearing: its labels are kept from then on


class Person(Base):
    """Someone in the case: the IEP team and others. Emails link to a person by address (stored lower-case)."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40), default="other")
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    organisation: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Event(Base):
    """Something that happened (or is scheduled) in the case: a request, a meeting, a notice received.

    Deadlines are computed from events by the rules in resources/deadlines, never stored. ``people`` holds
    person ids; ``response_to`` names the event this one answers (a records request, for records received).
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_student_date", "student_id", "date"),
        Index("ix_events_item", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("students.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(40))
    date: Mapped[dt.date]
    time: Mapped[str | None] = mapped_column(String(5))  # "HH:MM", local time
    title: Mapped[str] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(40))  # e.g. eligible | not_eligible
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    people: Mapped[list[int]] = mapped_column(JSON, default=list)
    response_to: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    origin: Mapped[str] = mapped_column(String(20), default="manual")  # manual | document
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    trashed_at: Mapped[dt.datetime | None]


class MeetingAsk(Base):
    """One thing the parent asks for at a meeting (from a prep sheet, or added after), and what was decided:
    outcome agreed | refused | deferred (None: not decided yet), and who said it."""

    __tablename__ = "asks"
    __table_args__ = (Index("ix_asks_event", "event_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(500))
    criteria: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcome: Mapped[str | None] = mapped_column(String(20))
    said_by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SchoolDayOff(Base):
    """A school break (a date range when children do not attend) or a holiday (offices closed too).

    Breaks make school-day counts right; holidays also make business-day counts right (federal holidays are
    known to the app and need not be entered).
    """

    __tablename__ = "school_days_off"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("students.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(200))
    first_day: Mapped[dt.date]
    last_day: Mapped[dt.date]
    kind: Mapped[str] = mapped_column(String(20), default="break")  # break | holiday
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DeadlinePack(AddedPack, Base):
    """A deadline-rules pack the user added (a state's timelines); built-in packs are read from resources."""

    __tablename__ = "deadline_packs"
