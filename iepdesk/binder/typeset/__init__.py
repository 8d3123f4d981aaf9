"""Every item that is not a PDF, as PDF pages for the binder.

Pictures are placed upright (as the camera's EXIF tag says), one page per frame, on a landscape page when
the picture is wider than tall. Emails are typeset like a printed email; notes, text and Word files page by
page, each page of the item starting a new PDF page. Anything else gets a page saying it cannot be shown.

No page carries anything in its bottom half inch: the binder stamps exhibit labels and Bates numbers there.
"""

from __future__ import annotations

import logging

from iepdesk.binder.typeset.base import DOCX, EMAIL_TYPES, IMAGE_TYPES, TEXT_TYPES, Typeset
from iepdesk.binder.typeset.mail import _email, split_email
from iepdesk.binder.typeset.pictures import _image_pages, _TooBig, _unreadable_errors
from iepdesk.binder.typeset.text import _text
from iepdesk.binder.typeset.unsupported import _unsupported
from iepdesk.items import ItemRecord

log = logging.getLogger(__name__)

__all__ = ["DOCX", "Typeset", "split_email", "typeset", "typeset_item"]


def typeset_item(
    media_type: str, data: bytes, page_texts: list[str], item: ItemRecord, paper: tuple[float, float]
) -> bytes:
    """PDF pages for an item that is not a PDF, laid out on ``paper`` (points, portrait), band left empty."""
    return typeset(media_type, data, page_texts, item, paper).pdf


def typeset(
    media_type: str, data: bytes, page_texts: list[str], item: ItemRecord, paper: tuple[float, float]
) -> Typeset:
    """Like :func:`typeset_item`, with the page count and where each item page starts.

    Pictures give exactly one page per frame. Emails and text may give more pages than the item has, when a
    page overflows; ``starts[n - 1]`` is the PDF page where page ``n`` of the item begins.
    """
    paper = (min(paper), max(paper))
    if media_type in IMAGE_TYPES:
        try:
            return _image_pages(data, media_type, paper)
        except _TooBig as error:  # printed as a page that says so, like a picture that cannot be read
            return _unsupported(item, media_type, paper, reason=str(error))
        except _unreadable_errors() as error:  # a damaged picture must not stop the whole binder
            log.warning("Picture of item %s cannot be read: %r", item.id, error)
            return _unsupported(item, media_type, paper, reason=(
                "The picture could not be read: it may be damaged or incomplete, so it is not printed here."))
    if media_type in EMAIL_TYPES:
        return _email(page_texts, item, paper)
    if media_type in TEXT_TYPES:
        return _text(media_type, page_texts, item, paper)
    return _unsupported(item, media_type, paper)
