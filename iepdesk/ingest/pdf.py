"""PDF: the text of every page, the page count and the document's own metadata."""

from __future__ import annotations

import datetime as dt
import re
from types import ModuleType
from typing import TYPE_CHECKING

from iepdesk.errors import Rejected
from iepdesk.ingest.extracted import Extracted, PageText, too_many_pages
from iepdesk.limits import MAX_PAGES

if TYPE_CHECKING:  # PyMuPDF is imported on first use
    import pymupdf

_JUNK_AUTHORS = {"", "user", "administrator", "admin", "owner", "microsoft office user", "unknown", "windows user"}
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


def pdf_date(value: str | None) -> dt.date | None:
    match = _PDF_DATE.match(value or "")
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return None


def clean_title(title: str | None) -> str | None:
    title = re.sub(r"^Microsoft (Word|PowerPoint|Excel) - ", "", (title or "").strip())
    title = re.sub(r"\.(docx?|pdf|pptx?|xlsx?)$", "", title, flags=re.IGNORECASE).strip()
    return title if len(title) > 2 and not title.lower().startswith(("untitled", "document")) else None


def _quiet_pymupdf() -> ModuleType:
    """PyMuPDF, told to keep MuPDF's messages for us instead of printing them on the terminal."""
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    return pymupdf


def open_pdf(data: bytes, password: str | None = None) -> pymupdf.Document:
    """Open PDF bytes, with the password when it needs one; raise Rejected with the reason otherwise."""
    pymupdf = _quiet_pymupdf()

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:  # MuPDF raises its own types; every one means "cannot open"
        raise Rejected(
            "is damaged and cannot be opened as a PDF, not even in part "
            f"({str(error).strip() or 'unreadable structure'}). Get the document again if you can."
        ) from error
    if doc.needs_pass:
        if not password:
            doc.close()
            raise Rejected(
                "is protected by a password. Import it again with its password "
                "(the app asks for it; on the command line, use --password).",
                code="password",
            )
        if not doc.authenticate(password):
            doc.close()
            raise Rejected("is protected by a password, and the password given does not open it.", code="password")
    return doc


def open_mended(data: bytes) -> pymupdf.Document:
    """An original opened as the import read it: a page tree that claims more pages than it holds is mended in
    memory (see count_pages). For the binder and the preview; what else is wrong, they find themselves."""
    doc = _quiet_pymupdf().open(stream=data, filetype="pdf")
    if not doc.needs_pass:
        try:
            count_pages(doc)
        except Rejected:
            pass
    return doc


def count_pages(doc: pymupdf.Document) -> tuple[int, int | None]:
    """How many pages the document has, and how many it claimed when that was a lie.

    A page tree can claim more pages than it holds (/Count 1000000000 over two pages): MuPDF then refuses
    to count or open any page. When the claim is over MAX_PAGES or refused, the tree is walked and every
    node's /Count set to what it holds, in memory only (the original file is not changed)."""
    try:
        count = doc.page_count
    except Exception:  # MuPDF: "Invalid number of pages"
        count = None
    if count is not None and count <= MAX_PAGES:
        return count, None
    root = _ref(doc.xref_get_key(doc.pdf_catalog(), "Pages")[1])
    claimed = doc.xref_get_key(root, "Count")[1] if root else ""
    real = _mend_page_tree(doc, root) if root else 0
    if real > MAX_PAGES:
        raise too_many_pages(f"{count:,}" if count == real else f"more than {MAX_PAGES:,}")
    try:
        return doc.page_count, int(claimed) if claimed.isdigit() else None
    except Exception as error:
        raise Rejected("is damaged: its list of pages cannot be read. Get the document again if you can.") from error


def _ref(value: str) -> int:
    found = re.match(r"(\d+) \d+ R", value)
    return int(found[1]) if found else 0


def _mend_page_tree(doc: pymupdf.Document, root: int) -> int:
    """Count the pages under ``root`` (stopping past MAX_PAGES) and set each node's /Count to what it holds."""
    kids: dict[int, list[int]] = {}
    stack, pages = [root], 0
    while stack and pages <= MAX_PAGES:
        node = stack.pop()
        if node in kids:
            continue  # a node met twice: a loop in the tree
        found = doc.xref_get_key(node, "Kids")
        if found[0] != "array":
            pages += 1
            continue
        kids[node] = [int(kid) for kid in re.findall(r"(\d+) \d+ R", found[1])]
        stack.extend(reversed(kids[node]))
    if pages <= MAX_PAGES:
        held: dict[int, int] = {}
        for node in reversed(list(kids)):  # a node's kids were met after it
            held[node] = sum(held.get(kid, 0 if kid in kids else 1) for kid in kids[node])
            doc.xref_set_key(node, "Count", str(held[node]))
    return pages


def extract_pdf(data: bytes, password: str | None = None) -> Extracted:
    pymupdf = _quiet_pymupdf()

    pymupdf.TOOLS.mupdf_warnings()  # clear what earlier files left
    doc = open_pdf(data, password)
    with doc:
        count, claimed = count_pages(doc)
        if count == 0:
            raise Rejected("is a PDF with no pages (it may be incomplete). Get the document again if you can.")
        pages: list[PageText] = []
        unreadable = 0
        for number in range(count):
            try:
                page = doc.load_page(number)
                text = page.get_text()
                needs_ocr = not text.strip() and bool(page.get_images(full=False))
            except Exception:  # a damaged page: keep the others
                unreadable += 1
                text, needs_ocr = "", False
            pages.append(PageText(text, needs_ocr))
        if unreadable == count:
            raise Rejected("is damaged: none of its pages could be read. Get the document again if you can.")
        info = {k: v for k, v in (doc.metadata or {}).items() if v}
        repaired = bool(getattr(doc, "is_repaired", False)) or "repair" in pymupdf.TOOLS.mupdf_warnings().lower()
        extracted = Extracted(media_type="application/pdf", pages=pages, meta={"pdf": info})
        if password:
            extracted.meta["encrypted"] = True
        if claimed is not None:
            extracted.meta["repaired"] = True
            extracted.warnings.append(
                f"was damaged: its list of pages says it has {claimed:,} pages, but it holds {count:,}. IEPDesk "
                f"kept those {count:,}; check them against the paper copy."
            )
        elif repaired or unreadable:
            extracted.meta["repaired"] = True
            note = f"; {unreadable} page(s) could not be read" if unreadable else ""
            extracted.warnings.append(
                f"was damaged; IEPDesk repaired it and kept {count} page(s){note}. "
                "Check the pages against the paper copy."
            )
    extracted.title = clean_title(info.get("title"))
    author = (info.get("author") or "").strip()
    extracted.author = author if author.lower() not in _JUNK_AUTHORS else None
    for key, label in (("creationDate", "the PDF's creation date"), ("modDate", "the PDF's last-saved date")):
        found = pdf_date(info.get(key))
        if found:
            extracted.meta_date, extracted.meta_date_reason = found, label
            break
    return extracted
