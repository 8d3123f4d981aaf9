"""What the binder lays over or takes off an exhibit's pages: an invisible text layer of the words OCR read on a
scan or a photo, where each word sits, so any PDF viewer's search finds them; and the parent's own markup
(highlights, notes) taken off a clean copy. The original is never changed."""

from __future__ import annotations

from typing import Any

from iepdesk.vault import Vault

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 from the top left
_KEPT_ANNOTATIONS = {1, 20}  # Link, Widget (a filled form field is part of the document)


def strip_markup(doc: Any) -> None:
    """Take out of the binder's copy what the parent added on top of the pages (highlights, notes, ink, stamps),
    keeping links and filled form fields."""
    for page in doc:
        for annotation in list(page.annots() or []):
            if annotation.type[0] not in _KEPT_ANNOTATIONS:
                page.delete_annot(annotation)


def ocr_words(vault: Vault, item_id: int) -> dict[int, list[Any]]:
    """The word boxes OCR kept for a document, by its page number (each box a fraction of the page's picture)."""
    from sqlalchemy import select

    from iepdesk.vault.models import Page

    with vault.session() as session:
        rows = session.execute(select(Page.number, Page.words).where(
            Page.item_id == item_id, Page.status == "ocr", Page.words.is_not(None)))
        return {number: words for number, words in rows if words}


def picture_boxes(doc: Any) -> dict[int, Box]:
    """Where the picture sits on each page of a photo laid out as pages, as fractions of the page (the largest
    picture of the page), measured before the page is stamped."""
    boxes = {}
    for index, page in enumerate(doc):
        shown = [info["bbox"] for info in page.get_image_info()]
        if shown:
            x0, y0, x1, y1 = max(shown, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
            w, h = page.rect.width, page.rect.height
            boxes[index] = (x0 / w, y0 / h, x1 / w, y1 / h)
    return boxes


def within(placed: Box, part: Box) -> Box:
    """``part`` (fractions of a page) where the page was placed on the sheet."""
    x0, y0, x1, y1 = placed
    w, h = x1 - x0, y1 - y0
    return (x0 + part[0] * w, y0 + part[1] * h, x0 + part[2] * w, y0 + part[3] * h)


def ocr_layer(page: Any, placed: tuple[float, float, float, float], words: list[Any]) -> None:
    """Lay the words OCR read on a scanned page over it, invisible (text render mode 3), where each word sits,
    so a PDF viewer's search finds them and selecting the picture copies the words."""
    import pymupdf

    x0, y0, x1, y1 = placed
    width, height = x1 - x0, y1 - y0
    font = pymupdf.Font("helv")
    writer = pymupdf.TextWriter(page.rect)
    for left, top, right, bottom, word in words:
        box_w, box_h = (right - left) * width, (bottom - top) * height
        size = min(box_h * 0.9, box_w / max(font.text_length(word, fontsize=1), 0.01))
        if size >= 1:
            writer.append((x0 + left * width, y0 + bottom * height - box_h * 0.15), word, font=font, fontsize=size)
    writer.write_text(page, render_mode=3)


