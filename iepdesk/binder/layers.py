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


def ocr_words(vault: Vault, item_ids: list[int]) -> dict[int, dict[int, list[Any]]]:
    """The word boxes OCR kept for these documents: item id -> page number -> words (each box a fraction of the
    page's picture). One query for the whole binder."""
    from sqlalchemy import select

    from iepdesk.vault.models import Page

    found: dict[int, dict[int, list[Any]]] = {}
    with vault.session() as session:
        for start in range(0, len(item_ids), 500):  # SQLite's limit on a query's parameters
            rows = session.execute(select(Page.item_id, Page.number, Page.words).where(
                Page.item_id.in_(item_ids[start:start + 500]), Page.status == "ocr", Page.words.is_not(None)))
            for item_id, number, words in rows:
                if words:
                    found.setdefault(item_id, {})[number] = words
    return found


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


def ocr_operators(placed: Box, words: list[Any], sheet_height: float) -> bytes:
    """Content-stream operators laying the words OCR read on a scan or a photo over it, invisible (text render
    mode 3), each where it sits and as wide as it is, so a PDF viewer's search finds them and selecting the
    picture copies the words. Written as raw operators in the stamp font (a few bytes a word: cheap on
    thousands of scanned pages); a character outside Windows-1252 is kept as '?'."""
    from iepdesk.binder.stampfont import stamp_font

    font = stamp_font(False)
    x0, y0, x1, y1 = placed
    width, height = x1 - x0, y1 - y0
    ops = [b"q BT 3 Tr\n"]
    seen: dict[str, tuple[float, str]] = {}  # a word's width at 1 pt and its bytes: words come back on a page
    for left, top, right, bottom, word in words:
        word = str(word)
        if word not in seen:
            seen[word] = (max(font.width(word, 1), 0.01), font.encode(word).hex())
        unit, code = seen[word]
        box_w, box_h = (right - left) * width, (bottom - top) * height
        size = min(box_h * 0.9, box_w / unit)
        if size >= 1:
            x, baseline = x0 + left * width, y0 + bottom * height - box_h * 0.15
            ops.append(f"/IEPS {size:.2f} Tf 1 0 0 1 {x:.2f} {sheet_height - baseline:.2f} Tm <{code}> Tj\n"
                       .encode())
    ops.append(b"ET Q\n")
    return b"".join(ops)
