"""Photos and scans: JPEG, PNG, TIFF (every page), HEIC. Text comes later, from OCR."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from iepdesk.errors import Rejected
from iepdesk.ingest.extracted import Extracted, PageText

EXIF_ORIENTATION = 0x0112
EXIF_IFD = 0x8769
EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_DATETIME = 0x0132


def open_image(data: bytes, media_type: str) -> Any:  # -> PIL.Image.Image
    from PIL import Image, UnidentifiedImageError

    if media_type == "image/heic":
        import pillow_heif

        pillow_heif.register_heif_opener()
    try:
        return Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise Rejected(_unreadable(error)) from error


def _unreadable(error: Exception) -> str:
    return (
        f"is an image that cannot be read ({str(error).strip() or 'damaged data'}): it may be damaged or "
        "incomplete. Copy it from the phone or scanner again."
    )


def _exif_date(exif: Any) -> dt.date | None:
    raw = exif.get_ifd(EXIF_IFD).get(EXIF_DATETIME_ORIGINAL) or exif.get(EXIF_DATETIME)
    try:
        return dt.datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S").date()
    except (TypeError, ValueError):
        return None


def extract_image(data: bytes, media_type: str) -> Extracted:
    image = open_image(data, media_type)
    with image:
        frames = getattr(image, "n_frames", 1)
        try:
            for frame in range(frames):  # decode every page now, so a broken one is caught at import
                image.seek(frame)
                image.load()
            image.seek(0)
            exif = image.getexif()
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            raise Rejected(_unreadable(error)) from error
        meta: dict[str, Any] = {"image": {"width": image.width, "height": image.height, "frames": frames}}
        orientation = exif.get(EXIF_ORIENTATION)
        if orientation and orientation != 1:
            meta["image"]["exif_orientation"] = int(orientation)
        taken = _exif_date(exif)
    extracted = Extracted(
        media_type=media_type, pages=[PageText("", needs_ocr=True) for _ in range(frames)], meta=meta
    )
    if taken:
        extracted.meta_date, extracted.meta_date_reason = taken, "the date the photo was taken"
    return extracted


def upright_page_png(data: bytes, media_type: str, frame: int) -> bytes:
    """One page of an image as greyscale PNG, turned the way the camera says is up (for OCR and viewing)."""
    from PIL import ImageOps

    image = open_image(data, media_type)
    with image:
        image.seek(frame)
        # The orientation tag is read from the first page; later TIFF pages are stored upright.
        page = ImageOps.exif_transpose(image) if frame == 0 else image
        out = io.BytesIO()
        page.convert("L").save(out, format="PNG")
    return out.getvalue()
