"""What an extractor hands back: the text of each page and what the file says about itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageText:
    text: str
    needs_ocr: bool = False


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
