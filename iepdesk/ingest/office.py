"""Word .docx (read straight from its ZIP, within the limits) and plain text or Markdown files.

A .docx is a ZIP of XML parts. Only two are read, each streamed through the XML parser in chunks, so
nothing of the document's tree is kept: word/document.xml (the text) and docProps/core.xml (title, author,
date). Before that, the sizes every member declares are checked against the limits. Python's zipfile never
hands out more than a member's declared size when read in chunks, and its CRC check then refuses a member
whose data says otherwise; reading a member whole (``ZipFile.read``, which python-docx uses) would inflate
all of a lying member in one call instead.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from typing import Any
from xml.etree import ElementTree

from iepdesk.errors import Rejected
from iepdesk.ingest.extracted import Extracted, PageText, too_many_pages
from iepdesk.limits import MAX_PACK_RATIO, MAX_PAGE_TEXT_CHARS, MAX_PAGES, MAX_PART_BYTES, MAX_UNPACKED_BYTES

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
MB = 1024 * 1024
_DAMAGED = (
    "is a Word document that cannot be read (it may be damaged). Open it in Word or LibreOffice "
    "and save it again, or save it as PDF."
)
_BROKEN = (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, KeyError, RuntimeError,
           NotImplementedError, EOFError, OSError, ValueError, zlib.error)


class _Body:
    """The parser's target for word/document.xml: text page by page, split where Word put a page break
    (explicit, or the last one Word rendered). Runs of blank pages are only counted until text follows them,
    so blank pages at the end cost nothing and are left out."""

    def __init__(self) -> None:
        self.pages: list[PageText] = []
        self.blank = 0  # blank pages read since the last page with text
        self.lines: list[str] = []  # the page being read
        self.chars = 0  # its length so far: text past MAX_PAGE_TEXT_CHARS is left out (and analyse warns)
        self.cut = False
        self.parts: list[str] = []  # the paragraph, or the table cell, being read
        self.cells: list[str] = []  # the table row being read
        self.tables = 0
        self.text = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == f"{_W}t":
            self.text = True
        elif self.tables:
            if tag == f"{_W}tbl":
                self.tables += 1
        elif tag == f"{_W}tab":
            self.parts.append("\t")
        elif (tag == f"{_W}br" and attrib.get(f"{_W}type") == "page") or (
            tag == f"{_W}lastRenderedPageBreak" and (self.parts or self.lines)
        ):
            self._line("".join(self.parts))
            self.parts = []
            self._page()
        elif tag == f"{_W}tbl":
            self.tables = 1

    def end(self, tag: str) -> None:
        if tag == f"{_W}t":
            self.text = False
        elif tag == f"{_W}p" and not self.tables:
            self._line("".join(self.parts))
            self.parts = []
        elif tag == f"{_W}tc" and self.tables == 1:
            self.cells.append("".join(self.parts))
            self.parts = []
        elif tag == f"{_W}tr" and self.tables == 1:
            self._line("\t".join(self.cells))
            self.cells = []
        elif tag == f"{_W}tbl":
            self.tables -= 1

    def data(self, text: str) -> None:
        if not self.text:
            return
        if self.chars > MAX_PAGE_TEXT_CHARS:
            self.cut = True
        else:
            self.parts.append(text)
            self.chars += len(text)

    def close(self) -> list[PageText]:
        self._page()
        return self.pages or [PageText("\n")]

    def _line(self, line: str) -> None:
        if line or self.chars <= MAX_PAGE_TEXT_CHARS:  # (empty lines past the limit are not worth a place)
            self.lines.append(line)
            self.chars += 1

    def _page(self) -> None:
        text = "\n".join(self.lines).strip("\n") + "\n"
        page = PageText(text, cut=self.cut)
        self.lines, self.chars, self.cut = [], 0, False
        if not text.strip():
            self.blank += 1
            return
        if len(self.pages) + self.blank >= MAX_PAGES:
            raise too_many_pages(f"more than {MAX_PAGES:,}")
        self.pages += [PageText("\n") for _ in range(self.blank)] + [page]
        self.blank = 0


_CORE_FIELDS = {f"{_DC}title": "title", f"{_DC}creator": "author", f"{_DCTERMS}created": "created"}


class _Core:
    """The parser's target for docProps/core.xml: title, author (creator) and creation date."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}
        self._field: str | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self._field = _CORE_FIELDS.get(tag)

    def end(self, tag: str) -> None:
        self._field = None

    def data(self, text: str) -> None:
        if self._field:
            self.found[self._field] = self.found.get(self._field, "") + text

    def close(self) -> dict[str, str]:
        return {name: value.strip() for name, value in self.found.items() if value.strip()}


def check_sizes(archive: zipfile.ZipFile, what: str = "Word document", program: str = "Word") -> None:
    """Refuse an Office or OpenDocument file whose members, by the sizes the ZIP declares, would unpack past the
    limits (``what`` and ``program`` name the file and what opens it, for the message)."""
    members = archive.infolist()
    for info in members:
        if info.file_size > MB and info.file_size > MAX_PACK_RATIO * max(info.compress_size, 1):
            raise Rejected(
                f"is a {what} built to unpack to far more than its size (one part grows "
                f"{info.file_size // max(info.compress_size, 1):,} times), the way harmful files are. It was not "
                f"opened. If you trust where it came from, open it in {program}, save it as PDF, and import that."
            )
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES or any(
        info.file_size > MAX_PART_BYTES for info in members if info.filename.endswith((".xml", ".rels"))
    ):
        raise Rejected(
            f"is a {what} too large to read: it unpacks to more than IEPDesk reads (at most "
            f"{MAX_PART_BYTES // MB} MB of text and {MAX_UNPACKED_BYTES // MB} MB in all). Open it in {program} and "
            "save it as PDF (or split it into smaller documents), then import that."
        )


def _parse(archive: zipfile.ZipFile, name: str, target: _Body | _Core) -> Any:
    """Feed one member to the XML parser in chunks; what ``target.close()`` makes of it."""
    info = archive.getinfo(name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise zipfile.BadZipFile(f"{name}: a compression Word does not use")
    parser = ElementTree.XMLParser(target=target)
    with archive.open(info) as part:
        while chunk := part.read(MB):
            parser.feed(chunk)
    return parser.close()


def extract_docx(data: bytes) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_sizes(archive)
            pages = _parse(archive, "word/document.xml", _Body())
            names = set(archive.namelist())
            core = _parse(archive, "docProps/core.xml", _Core()) if "docProps/core.xml" in names else {}
    except _BROKEN as error:
        raise Rejected(_DAMAGED) from error
    extracted = Extracted(
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        pages=pages,
        title=core.get("title"),
        author=core.get("author"),
        meta={"docx": {"author": core.get("author", ""), "title": core.get("title", "")}},
    )
    try:
        created = dt.datetime.fromisoformat(core.get("created", ""))
    except ValueError:
        created = None
    if created is not None and created.year > 1990:
        extracted.meta_date, extracted.meta_date_reason = created.date(), "the Word file's creation date"
    return extracted


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def extract_text(data: bytes, media_type: str) -> Extracted:
    text = decode_text(data).replace("\r\n", "\n")
    pages = [PageText(page) for page in text.split("\f")] if "\f" in text else [PageText(text)]
    return Extracted(media_type=media_type, pages=pages)
