"""What the binder lays over or takes off an exhibit's pages: the invisible text layer of the words OCR read on a
scan or a photo (iepdesk.textlayer), where each word sits, so any PDF viewer's search finds them; and the
parent's own markup (highlights, notes) taken off a clean copy. The original is never changed."""

from __future__ import annotations

from typing import Any

from iepdesk import textlayer
from iepdesk.vault import Vault

Box = textlayer.Box
_KEPT_ANNOTATIONS = {1, 20}  # Link, Widget (a filled form field is part of the document)


def strip_markup(doc: Any) -> None:
    """Take out of the binder's copy what the parent added on top of the pages (highlights, notes, ink, stamps),
    keeping links and filled form fields."""
    for page in doc:
        for annotation in list(page.annots() or []):
            if annotation.type[0] not in _KEPT_ANNOTATIONS:
                page.delete_annot(annotation)


def text_layers(vault: Vault, item_ids: list[int]) -> dict[int, dict[int, bytes]]:
    """The text layers of the pages OCR read in these documents: item id -> page number -> the layer's compressed
    operators (iepdesk.textlayer). A page read before layers were kept, or kept in other stamp-font codes, gets
    its layer made now from its words."""
    from sqlalchemy import select

    from iepdesk.vault.models import Page

    found: dict[int, dict[int, bytes]] = {}
    with vault.session() as session:
        for start in range(0, len(item_ids), 500):  # SQLite's limit on a query's parameters
            read = (Page.item_id.in_(item_ids[start:start + 500]), Page.status == "ocr", Page.words.is_not(None))
            stale: dict[int, tuple[int, int]] = {}
            for page_id, item_id, number, layer in session.execute(
                    select(Page.id, Page.item_id, Page.number, Page.layer).where(*read)):
                ready = textlayer.stream(layer)
                if ready is not None:
                    found.setdefault(item_id, {})[number] = ready
                else:
                    stale[page_id] = (item_id, number)
            if stale:
                for page_id, words in session.execute(select(Page.id, Page.words).where(Page.id.in_(stale))):
                    made = textlayer.stream(textlayer.text_layer(words))
                    if made is not None:
                        item_id, number = stale[page_id]
                        found.setdefault(item_id, {})[number] = made
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
