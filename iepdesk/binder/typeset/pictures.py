"""Pictures as pages: upright as the camera says, one page per frame, reduced to what prints."""

from __future__ import annotations

import io
import math
import warnings
from typing import Any

from iepdesk.binder.typeset.base import (
    IMAGE_BOTTOM,
    IMAGE_DPI,
    IMAGE_MARGIN,
    INCH,
    JPEG_QUALITY,
    MIN_IMAGE_DPI,
    Typeset,
)
from iepdesk.limits import MAX_IMAGE_PIXELS

_LOSSLESS = frozenset({"PNG", "TIFF", "GIF", "BMP"})
_ROTATED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height


class _TooBig(Exception):
    """A picture with more pixels than a binder decodes (MAX_IMAGE_PIXELS)."""

    def __init__(self, size: tuple[int, int] | None) -> None:
        shown = f"{size[0]:,} × {size[1]:,} pixels ({size[0] * size[1] / 1e6:,.0f} megapixels)" if size else \
            "far larger than a photo or a scan"
        super().__init__(f"The picture is {shown}: more than the {MAX_IMAGE_PIXELS / 1e6:,.0f} megapixels a binder "
                         "prints, so it is not printed here.")


def _unreadable_errors() -> tuple[type[BaseException], ...]:
    """What decoding a damaged picture raises (Pillow, pillow-heif, MuPDF), and not a mistake in this code."""
    from PIL import Image

    from iepdesk.errors import IEPDeskError

    return (IEPDeskError, OSError, ValueError, SyntaxError, EOFError, RuntimeError, Image.DecompressionBombError)


def _page_for(size: tuple[int, int], paper: tuple[float, float]) -> tuple[Any, Any]:
    """The page (landscape for a wide picture) and where the picture goes on it, fitted and centred."""
    import pymupdf

    width, height = size
    page_w, page_h = (paper[1], paper[0]) if width > height else paper
    box = pymupdf.Rect(IMAGE_MARGIN, IMAGE_MARGIN, page_w - IMAGE_MARGIN, page_h - IMAGE_BOTTOM)
    scale = min(box.width / width, box.height / height, INCH / MIN_IMAGE_DPI)
    shown_w, shown_h = width * scale, height * scale
    left = box.x0 + (box.width - shown_w) / 2
    top = box.y0 + (box.height - shown_h) / 2
    return pymupdf.Rect(0, 0, page_w, page_h), pymupdf.Rect(left, top, left + shown_w, top + shown_h)


def _printable(image: Any) -> Any:
    """The picture in a mode a PDF shows as is: 1, L, P (no transparency) or RGB, on white paper."""
    from PIL import Image

    mode = image.mode
    if mode in ("1", "L", "RGB"):
        return image
    if mode == "P" and "transparency" not in image.info:
        return image
    if mode.startswith("I") or mode == "F":  # 16-bit and float greyscale
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if mode in ("LA", "La", "PA", "RGBA", "RGBa", "P") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return image.convert("RGB")  # CMYK, YCbCr, LAB, HSV


def _encode(image: Any, lossless_source: bool) -> bytes:
    """PNG for scans and line art (few colours, from a lossless file), else JPEG."""
    few_colours = image.mode in ("1", "P") or (lossless_source and image.getcolors(256) is not None)
    out = io.BytesIO()
    if lossless_source and (few_colours or image.mode == "L"):
        image.save(out, format="PNG", optimize=False, compress_level=6)
    else:
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _fitted_pixels(shown: Any) -> tuple[int, int]:
    return (max(1, math.ceil(shown.width / INCH * IMAGE_DPI)), max(1, math.ceil(shown.height / INCH * IMAGE_DPI)))


def _reduced(image: Any, want: tuple[int, int]) -> Any:
    """The decoded picture made smaller by a whole factor when it is at least twice the ``want`` pixels it is
    printed at: a strip at a time, so that no full-size copy of it is ever made (Pillow would convert a whole
    palette picture to RGBA first, and premultiply a whole RGBA one)."""
    from PIL import Image

    factor = min(image.width // want[0], image.height // want[1])
    if factor < 2:
        return image
    if image.mode in ("P", "PA"):
        mode = "RGBA" if image.mode == "PA" or "transparency" in image.info else "RGB"
    elif image.mode in ("L", "LA", "RGB", "RGBA", "I", "F", "CMYK"):
        mode = image.mode
    else:
        mode = "I" if image.mode.startswith("I;16") else "L" if image.mode == "1" else "RGB"
    out = Image.new(mode, (-(-image.width // factor), -(-image.height // factor)))
    rows = factor * 64
    for top in range(0, image.height, rows):
        strip = image.crop((0, top, image.width, min(top + rows, image.height)))
        out.paste((strip if strip.mode == mode else strip.convert(mode)).reduce(factor), (0, top // factor))
    return out


def _image_pages(data: bytes, media_type: str, paper: tuple[float, float]) -> Typeset:
    """One page per frame. A big picture is decoded small straight away where the format allows (a JPEG at a
    reduced size), else at its own size and mode, then reduced before it is turned or put on white; one with
    more than MAX_IMAGE_PIXELS is not decoded at all (_TooBig)."""
    import pymupdf
    from PIL import Image, ImageOps

    from iepdesk.ingest.image import EXIF_ORIENTATION, open_image

    doc = pymupdf.open()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # MAX_IMAGE_PIXELS is our own limit
        try:
            image = open_image(data, media_type, check_size_now=False)
        except Image.DecompressionBombError as error:  # far beyond our limit too
            raise _TooBig(None) from error
        with image:
            frames = getattr(image, "n_frames", 1)
            source = image.format or ""
            orientation = image.getexif().get(EXIF_ORIENTATION) or 1
            for frame in range(frames):
                image.seek(frame)
                # Like ingest.image.upright_page_png: the orientation tag is the first page's; later TIFF pages
                # are stored upright.
                turned = orientation if frame == 0 else 1
                stored = image.size
                if stored[0] * stored[1] > MAX_IMAGE_PIXELS:
                    raise _TooBig(stored)
                _, shown = _page_for((stored[1], stored[0]) if turned in _ROTATED else stored, paper)
                want = _fitted_pixels(shown)
                if turned in _ROTATED:
                    want = (want[1], want[0])  # as stored
                if source in ("JPEG", "MPO") and frame == 0:
                    # Decode a big JPEG at a reduced size straight away (much faster than decoding it whole).
                    image.draft(image.mode if image.mode in ("RGB", "L") else None, want)
                image.load()
                drafted = image.size != stored
                small = _reduced(image, want)
                upright = ImageOps.exif_transpose(small) if frame == 0 else small.copy()
                upright = _printable(upright)
                page_rect, shown = _page_for(upright.size, paper)
                want = _fitted_pixels(shown)
                resized = small is not image or upright.width > want[0] * 1.02
                if upright.width > want[0] * 1.02:
                    if upright.mode in ("1", "P"):
                        upright = upright.convert("L" if upright.mode == "1" else "RGB")
                    upright = upright.resize(want, Image.Resampling.LANCZOS, reducing_gap=3.0)
                as_is = (source == "JPEG" and frames == 1 and not drafted and not resized and upright.size == stored
                         and turned == 1 and image.mode in ("L", "RGB"))  # an upright JPEG small enough goes in as is
                stream = data if as_is else _encode(upright, source in _LOSSLESS)
                page = doc.new_page(width=page_rect.width, height=page_rect.height)
                page.insert_image(shown, stream=stream)
    pdf = doc.tobytes(garbage=3, deflate=True, no_new_id=True)  # the same picture gives the same bytes
    count = doc.page_count
    doc.close()
    return Typeset(pdf, count, tuple(range(1, count + 1)))
