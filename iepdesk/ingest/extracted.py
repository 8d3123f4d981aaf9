"""What an extractor hands back: the text of each page and what the file says about itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from iepdesk.errors import Rejected
from iepdesk.limits import MAX_PAGE_TEXT_CHARS, MAX_PAGES


@dataclass
class PageText:
    text: str
    needs_ocr: bool = False
    cut: bool = False  # the extractor already left out text past MAX_PAGE_TEXT_CHARS


@dataclass
class Attachment:
    name: str
    data: bytes


@dataclass
class Extracted:
    """An extractor's findings. Facts the file states (an email's Date) are not guesses; the guesser
    fills what is missing from the text."""

    media_type: str
    pages: list[PageText]
    title: str | None = None
    author: str | None = None
    recipients: str | None = None
    cc: str | None = None
    sent: dt.datetime | None = None  # an email's own Date header
    meta_date: dt.date | None = None  # a date from the file's metadata (PDF, photo, Word)
    meta_date_reason: str = ""
    thread: str | None = None
    kind: str | None = None  # set when the format decides it (an email is correspondence)
    meta: dict[str, Any] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def too_many_pages(count: str) -> Rejected:
    """The reason a document with more than MAX_PAGES pages is refused (``count`` says how many it has)."""
    return Rejected(
        f"has {count} pages; IEPDesk reads at most {MAX_PAGES:,} pages in one document. Split it into smaller "
        "files (print or save parts of it as separate PDFs), then import those."
    )


def bound_pages(extracted: Extracted) -> None:
    """Refuse a document with too many pages; cut the text of a page past what search keeps, with a warning."""
    if len(extracted.pages) > MAX_PAGES:
        raise too_many_pages(f"{len(extracted.pages):,}")
    cut = [number for number, page in enumerate(extracted.pages, 1)
           if page.cut or len(page.text) > MAX_PAGE_TEXT_CHARS]
    for number in cut:
        extracted.pages[number - 1].text = extracted.pages[number - 1].text[:MAX_PAGE_TEXT_CHARS]
    if cut:
        where = f"page {cut[0]} holds" if len(cut) == 1 else f"{len(cut)} pages hold"
        extracted.warnings.append(
            f"is very long: {where} more than {MAX_PAGE_TEXT_CHARS:,} characters of text, and only the first "
            f"{MAX_PAGE_TEXT_CHARS:,} of a page can be searched. The original file is kept whole."
        )
