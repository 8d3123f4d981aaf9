"""Photos and scans: JPEG, PNG, TIFF (every page), HEIC. Text comes later, from OCR.

A picture's size is checked right after its header is read, before any pixel is decoded (MAX_IMAGE_PIXELS;
Pillow then needs 4 bytes a pixel for colour). For OCR a page is decoded small where the format allows
(JPEG decodes at 1/2, 1/4 or 1/8 of its size) and scaled down to MAX_OCR_PIXELS.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import struct
import warnings
from typing import Any

from iepdesk.errors import Rejected
from iepdesk.ingest.extracted import Extracted, PageText, too_many_pages
from iepdesk.limits import MAX_IMAGE_PIXELS, MAX_OCR_PIXELS, MAX_PAGES

EXIF_ORIENTATION = 0x0112
EXIF_IFD = 0x8769
EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_DATETIME = 0x0132
# What Pillow raises for a damaged or cut-off picture (a truncated TIFF page raises TypeError).
BROKEN = (OSError, ValueError, SyntaxError, EOFError, TypeError, KeyError, IndexError, struct.error)


def open_image(data: bytes, media_type: str, *, check_size_now: bool = True) -> Any:  # -> PIL.Image.Image
    """The picture, opened (nothing decoded yet). Over MAX_IMAGE_PIXELS it is refused, unless the caller checks
    the size itself (``check_size_now=False``: the binder prints a page saying so instead)."""
    from PIL import Image

    if media_type == "image/heic":
        import pillow_heif

        pillow_heif.register_heif_opener()
    warnings.filterwarnings("ignore", module=r"PIL\.")  # Pillow's notes on odd files; we decide ourselves
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as error:  # over twice Pillow's own limit, far over ours
        if not check_size_now:
            raise
        raise Rejected(_too_large(None)) from error
    except BROKEN as error:
        raise Rejected(_unreadable(error)) from error
    if check_size_now:
        check_size(image)
    return image


def check_size(image: Any) -> None:
    """Refuse a picture (or the TIFF page it is at) larger than MAX_IMAGE_PIXELS, before it is decoded."""
    if image.width * image.height > MAX_IMAGE_PIXELS:
        raise Rejected(_too_large(image.size))


def _too_large(size: tuple[int, int] | None) -> str:
    shown = f" ({size[0]:,} × {size[1]:,} pixels)" if size else ""
    return (
        f"is a picture too large to read{shown}: IEPDesk reads pictures of up to {MAX_IMAGE_PIXELS // 1_000_000} "
        "megapixels. Open it in a photo editor and save a smaller copy (or scan the page again at 300 dpi), "
        "then import that."
    )


def _unreadable(error: Exception) -> str:
    detail = re.sub(r"\s*<[^>]*>", "", str(error)).strip() or "damaged data"  # no "<_io.BytesIO object at …>"
    return (
        f"is an image that cannot be read ({detail}): it may be damaged or incomplete. Copy it from the phone "
        "or scanner again."
    )


def _exif_date(exif: Any) -> dt.date | None:
    raw = exif.get_ifd(EXIF_IFD).get(EXIF_DATETIME_ORIGINAL) or exif.get(EXIF_DATETIME)
    try:
        return dt.datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S").date()
    except (TypeError, ValueError):
        return None


def _readable_pages(image: Any, size: int) -> tuple[int, Exception | None]:
    """Decode every page now, so a broken one is caught at import: how many could be read before the first
    that cannot, and why that one cannot (None when all could). Refuses more than MAX_PAGES pages."""
    frames = 0
    while True:
        try:
            image.seek(frames)
        except EOFError:
            return frames, None
        except BROKEN as error:
            return frames, error
        if frames == MAX_PAGES:
            raise too_many_pages(f"more than {MAX_PAGES:,}")
        check_size(image)
        if not _inside(image, size):
            return frames, EOFError("the file ends before this page's picture")
        try:
            if image.format == "JPEG":
                image.draft(None, (1, 1))  # an eighth of the size: every byte is still decoded
            image.load()
        except BROKEN as error:
            return frames, error
        frames += 1


def _inside(image: Any, size: int) -> bool:
    """Whether a TIFF page's picture lies inside the file (in a copy cut short it does not, and Pillow
    decodes what is there without a word)."""
    if image.format != "TIFF":
        return True
    tags = image.tag_v2
    offsets, counts = tags.get(273) or tags.get(324), tags.get(279) or tags.get(325)  # strips, or tiles
    return bool(offsets and counts) and max(o + c for o, c in zip(offsets, counts, strict=False)) <= size


def extract_image(data: bytes, media_type: str) -> Extracted:
    image = open_image(data, media_type)
    with image:
        width, height = image.size
        try:
            exif = image.getexif()
            orientation = exif.get(EXIF_ORIENTATION)
            taken = _exif_date(exif)
        except BROKEN:
            orientation, taken = None, None
        frames, problem = _readable_pages(image, len(data))
    if frames == 0:
        raise Rejected(_unreadable(problem or EOFError()))
    meta: dict[str, Any] = {"image": {"width": width, "height": height, "frames": frames}}
    if orientation and orientation != 1:
        meta["image"]["exif_orientation"] = int(orientation)
    extracted = Extracted(
        media_type=media_type, pages=[PageText("", needs_ocr=True) for _ in range(frames)], meta=meta
    )
    if problem is not None:
        extracted.warnings.append(
            f"is damaged or incomplete: IEPDesk could read only its first {frames} page(s), and kept those. "
            "The file is kept as it came; copy it again from the scanner or phone if you can."
        )
    if taken:
        extracted.meta_date, extracted.meta_date_reason = taken, "the date the photo was taken"
    return extracted


def upright_page_png(data: bytes, media_type: str, frame: int) -> bytes:
    """One page of an image as greyscale PNG of at most MAX_OCR_PIXELS, turned the way the camera says is
    up (for OCR and viewing)."""
    from PIL import Image

    image = open_image(data, media_type)
    with image:
        # The orientation tag is read from the first page; later TIFF pages are stored upright.
        orientation = image.getexif().get(EXIF_ORIENTATION) if frame == 0 else None
        image.seek(frame)
        check_size(image)
        factor = math.ceil(math.sqrt(image.width * image.height / MAX_OCR_PIXELS))
        if factor > 1 and image.format == "JPEG":
            image.draft("L", (image.width // factor, image.height // factor))  # decoded at 1/2, 1/4 or 1/8
            factor = math.ceil(math.sqrt(image.width * image.height / MAX_OCR_PIXELS))
        page = image if image.mode in ("L", "RGB") else image.convert("L")
        if factor > 1:
            page = page.reduce(factor)  # before turning grey, so that only the small copy is made
        page = page.convert("L")
        turn = _UPRIGHT.get(orientation or 1)
        if turn is not None:
            page = page.transpose(getattr(Image.Transpose, turn))
        out = io.BytesIO()
        page.save(out, format="PNG")
    return out.getvalue()


# EXIF orientation → the turn that makes the picture upright (as PIL.ImageOps.exif_transpose does)
_UPRIGHT = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE", 6: "ROTATE_270",
            7: "TRANSVERSE", 8: "ROTATE_90"}
