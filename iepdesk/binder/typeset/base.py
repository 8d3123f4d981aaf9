"""What every typeset item shares: the kinds it handles, the page measures and the result."""

from __future__ import annotations

from dataclasses import dataclass

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EMAIL_TYPES = frozenset({"message/rfc822", "application/vnd.ms-outlook"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/html", DOCX})  # printed from their text
IMAGE_TYPES = frozenset({
    "image/jpeg", "image/png", "image/tiff", "image/heic", "image/gif", "image/bmp", "image/webp",
})

BAND = 36.0  # the bottom half inch, kept free for the exhibit label and Bates number
INCH = 72.0
# Typeset pages: 0.75 in at the sides and top, 1 in at the bottom (the band plus a quarter inch).
TEXT_MARGIN = 0.75 * INCH
TEXT_BOTTOM = 1.0 * INCH
# Pictures: half an inch at the sides and top, 0.75 in at the bottom.
IMAGE_MARGIN = 0.5 * INCH
IMAGE_BOTTOM = 0.75 * INCH
IMAGE_DPI = 200  # pictures are downscaled to at most this at their printed size
MIN_IMAGE_DPI = 50  # a tiny picture is enlarged no further than this
JPEG_QUALITY = 85

GREY = "#555555"
QUOTE_GREY = "#6b6b6b"


@dataclass(frozen=True)
class Typeset:
    """The PDF and where each page of the item begins in it (1-based PDF page numbers, one per item page)."""

    pdf: bytes
    pages: int
    starts: tuple[int, ...]
