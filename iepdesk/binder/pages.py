"""The source pages of an exhibit: each original checked before the binder is made, turned and cropped
pages made plain (upright, no larger than their CropBox, nothing outside it), pages with annotations drawn as
they are seen."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from iepdesk.binder import inert
from iepdesk.binder.stamp import _visible_box
from iepdesk.ingest.pdf import open_mended
from iepdesk.items import ItemRecord
from iepdesk.vault import Vault


@dataclass(frozen=True)
class Problem:
    item_id: int
    title: str
    reason: str

    def sentence(self) -> str:
        return f"item {self.item_id} “{self.title}” {self.reason}"


@dataclass
class _Source:
    item: ItemRecord
    pages: int
    typeset: bytes | None = None  # the item laid out as PDF pages (not a PDF original)
    starts: tuple[int, ...] = ()  # for typeset items: where each of the item's own pages begins
    redraw: bool = False  # pages are drawn as seen first (see _as_seen)
    active: bool = False  # the original may carry active content (see inert.py)


def _prepare(vault: Vault, item: ItemRecord, paper: tuple[float, float]) -> _Source | Problem:

    if not vault.blobs.has(item.sha256):
        return Problem(item.id, item.title, "has lost its original file in the vault (run 'iepdesk verify').")
    data = vault.blobs.read(item.sha256)
    if hashlib.sha256(data).hexdigest() != item.sha256:
        return Problem(item.id, item.title, "has an original file that changed since it was imported (damaged).")
    if item.media_type != "application/pdf":
        from iepdesk.binder.typeset import typeset
        from iepdesk.items import page_texts

        texts = [text for _, _, text in page_texts(vault, item.id)]
        laid_out = typeset(item.media_type, data, texts, item, paper)
        return _Source(item, laid_out.pages, laid_out.pdf, laid_out.starts)
    try:
        doc = open_mended(data)
    except Exception:
        return Problem(item.id, item.title, "has an original PDF that cannot be opened any more.")
    with doc:
        if doc.needs_pass or doc.is_encrypted:
            return Problem(item.id, item.title, "is a password-protected PDF; a binder cannot include it. Print "
                           "it to a new PDF without the password, import that, and use it instead.")
        try:
            return _check_pdf(doc, item)
        except _mupdf_errors() as error:
            return Problem(item.id, item.title, f"is a damaged PDF that cannot be laid out in a binder "
                           f"({_reason(error)}). Open it in a PDF reader and print it to a new PDF, import that, "
                           "and use it instead.")


def _check_pdf(doc: Any, item: ItemRecord) -> _Source | Problem:
    """Ask of the PDF now everything the assembly will ask of it: each page, every object its pages reach (as
    the copy and the clean-up will read it), and, for pages redrawn as seen, the redrawing itself."""
    pages, active, redraw = doc.page_count, False, False
    for number, (_, text) in enumerate(inert.reachable(doc)):
        if number < pages:  # the pages come first, in order
            box = _visible_box(text, strict=False)
            if box is not None and (box[2] - box[0] <= 1 or box[3] - box[1] <= 1):
                return Problem(item.id, item.title, f"has a page of zero size (page {number + 1}), so it cannot be "
                               "printed. Print the document to a new PDF and import that.")
            redraw = redraw or _needs_redrawing(doc, number, text)
        active = active or inert.is_active(text)
    _upright(doc)  # as the assembly will do it, on this copy: a page MuPDF cannot turn is a problem now
    if redraw:
        _as_seen(doc).close()
    return _Source(item, pages, redraw=redraw, active=active)


def _mupdf_errors() -> tuple[type[BaseException], ...]:
    """What MuPDF raises for a PDF it cannot read (RuntimeError includes Python's RecursionError)."""
    from pymupdf import mupdf

    return RuntimeError, ValueError, mupdf.FzErrorBase


def _reason(error: BaseException) -> str:
    text = re.sub(r"^code=\d+:\s*", "", str(error)).strip().rstrip("!.")
    if isinstance(error, RecursionError) or "stack overflow" in text or "nest" in text:
        return "its objects are nested far too deep"
    if "cycle" in text:
        return "its list of pages loops back on itself"
    return f"MuPDF says: {text[:200]}" if text else "MuPDF cannot read it"


_ROTATE = re.compile(r"/Rotate\s+(-?\d+)")


def _upright(doc: Any) -> None:
    """Make each turned or cropped page of the copy the binder is made of plain: upright (its /Rotate applied to
    its content) and no larger than what a reader shows (its CropBox). What lies outside the CropBox, not shown
    by a reader, is removed: its text, the pixels of pictures, drawings wholly outside; it would otherwise ride
    into the binder and could be copied out of it, and a parent who cropped a page expects the rest gone. The
    original is never changed.

    MuPDF's show_pdf_page draws a turned page from the wrong corner (a quarter turn lost the bottom of the
    page); its remove_rotation is exact, once the page is its own CropBox."""
    import pymupdf

    for number in range(doc.page_count):
        text = doc.xref_object(doc.page_xref(number), compressed=True)
        rotate = _ROTATE.search(text)
        if "/CropBox" not in text and not (rotate and int(rotate.group(1)) % 360):
            continue  # the common case, told from the page's own text without loading it
        page = doc[number]
        crop, media = page.cropbox, page.mediabox
        if not crop.contains(media):
            rotation = page.rotation
            page.set_rotation(0)
            page.set_cropbox(media)
            for strip in (pymupdf.Rect(media.x0, media.y0, media.x1, crop.y0),
                          pymupdf.Rect(media.x0, crop.y1, media.x1, media.y1),
                          pymupdf.Rect(media.x0, crop.y0, crop.x0, crop.y1),
                          pymupdf.Rect(crop.x1, crop.y0, media.x1, crop.y1)):
                if not strip.is_empty:
                    page.add_redact_annot(strip)
            page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS,  # type: ignore[attr-defined]
                                  graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED)  # type: ignore[attr-defined]
            # the page becomes its CropBox (given here in PDF coordinates, y upwards)
            page.set_mediabox(pymupdf.Rect(crop.x0, media.y1 - crop.y1 + media.y0, crop.x1,
                                           media.y1 - crop.y0 + media.y0))
            page.set_rotation(rotation)
        if page.rotation:
            page.remove_rotation()


def _needs_redrawing(src: Any, number: int, source: str) -> bool:
    """A page with annotations or form fields that must print: see _as_seen. ``source`` is the page object's
    text. (A turned page is made upright before: see _upright.)"""
    if "/Annots" in source:
        page = src[number]
        return any(True for _ in page.widgets()) or any(a.type[0] != 1 for a in page.annots())  # 1: a link
    return False


def _as_seen(src: Any) -> Any:
    """A copy whose pages are drawn as a reader shows them: rotation applied, annotations and filled form
    fields baked into the page so they print."""
    import pymupdf

    src.bake()
    seen = pymupdf.open()
    for page in src:
        rect = page.rect
        seen.new_page(width=rect.width, height=rect.height).show_pdf_page(rect, src, page.number)
    return seen
