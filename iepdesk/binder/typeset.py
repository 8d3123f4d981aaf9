"""Every item that is not a PDF, as PDF pages for the binder.

Pictures are placed upright (as the camera's EXIF tag says), one page per frame, on a landscape page when
the picture is wider than tall. Emails are typeset like a printed email; notes, text and Word files page by
page, each page of the item starting a new PDF page. Anything else gets a page saying it cannot be shown.

No page carries anything in its bottom half inch: the binder stamps exhibit labels and Bates numbers there.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import re
import warnings
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from iepdesk.binder import fonts
from iepdesk.items import ItemRecord
from iepdesk.limits import MAX_HEADER_CHARS, MAX_IMAGE_PIXELS, MAX_TYPESET_CHARS, MAX_TYPESET_PAGES

log = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EMAIL_TYPES = frozenset({"message/rfc822", "application/vnd.ms-outlook"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", DOCX})
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


# --- pictures ------------------------------------------------------------------------------------------

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


# --- typesetting with ReportLab --------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r" {2,}")


def _markup(text: str) -> str:
    """Escaped Paragraph markup; runs DejaVu cannot print go to the CJK fallback font."""
    text = _CONTROL.sub("", text.replace("\t", "    "))
    text = _SPACES.sub(lambda m: "\u00a0" * (len(m.group()) - 1) + " ", text)
    if text.startswith(" "):
        text = "\u00a0" + text[1:]
    return fonts.markup(text)


BODY_SIZE = 10.0
LINE_COST = 80  # a line of text costs at least this many characters' worth to lay out (see _cost)
FIT_COST = 12_000  # a page costing more never fits one PDF page, even at the smallest size in FITS
# A page of a note or Word file is shrunk this far to stay one PDF page: (font size, paragraph spacing).
FITS = ((10.0, 1.0), (9.5, 1.0), (9.0, 1.0), (9.0, 0.5), (8.5, 0.5), (8.0, 0.5), (8.0, 0.0))
_SCALED = ("body", "docx", "quote", "md1", "md2", "blank")


@cache
def _styles(size: float = BODY_SIZE, spacing: float = 1.0) -> dict[str, Any]:
    """Paragraph styles; the body styles at ``size``, their paragraph spacing times ``spacing`` (the headers
    stay as they are)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    fonts.register()
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=10, leading=13)
    styles = {
        "body": body,
        "docx": ParagraphStyle("docx", parent=body, spaceAfter=4),
        "quote": ParagraphStyle("quote", parent=body, textColor=colors.HexColor(QUOTE_GREY)),
        "heading": ParagraphStyle("heading", parent=body, fontName=fonts.BOLD, fontSize=14, leading=18,
                                  spaceAfter=8),
        "md1": ParagraphStyle("md1", parent=body, fontName=fonts.BOLD, fontSize=13, leading=17, spaceBefore=4,
                              spaceAfter=4),
        "md2": ParagraphStyle("md2", parent=body, fontName=fonts.BOLD, fontSize=11, leading=15, spaceBefore=3,
                              spaceAfter=3),
        "meta": ParagraphStyle("meta", parent=body, fontSize=9, leading=12, textColor=colors.HexColor(GREY)),
        "label": ParagraphStyle("label", parent=body, fontName=fonts.BOLD, fontSize=9, leading=12,
                                textColor=colors.HexColor(GREY)),
        "value": ParagraphStyle("value", parent=body, fontSize=9.5, leading=12),
        "running": ParagraphStyle("running", parent=body, fontSize=8, leading=10, textColor=colors.HexColor(GREY)),
        "blank": ParagraphStyle("blank", parent=body, fontName=fonts.ITALIC, fontSize=9, leading=12,
                                textColor=colors.HexColor(GREY)),
    }
    if (size, spacing) != (BODY_SIZE, 1.0):
        factor = size / BODY_SIZE
        for name in _SCALED:
            style = styles[name]
            styles[name] = ParagraphStyle(
                name, parent=style, fontSize=style.fontSize * factor, leading=style.leading * factor,
                spaceBefore=style.spaceBefore * factor * spacing, spaceAfter=style.spaceAfter * factor * spacing,
            )
    cjk = {f"{name}-cjk": ParagraphStyle(f"{name}-cjk", parent=style, wordWrap="CJK") for name, style in styles.items()}
    return styles | cjk


def _para(text: str, style: str, size: float = BODY_SIZE, spacing: float = 1.0) -> Any:
    """A Paragraph of plain ``text`` (escaped here), wrapped the CJK way when it holds CJK characters."""
    from reportlab.platypus import Paragraph

    return Paragraph(_markup(text), _styles(size, spacing)[f"{style}-cjk" if fonts.east_asian(text) else style])


def _long_date(date: dt.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def _lines(
    text: str, style: str, markdown: bool = False, size: float = BODY_SIZE, spacing: float = 1.0
) -> list[Any]:
    """Flowables for text, line by line; blank lines become a small gap, quoted reply lines are grey."""
    from reportlab.platypus import Spacer

    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    flowables: list[Any] = []
    gap = False
    for line in text.rstrip().split("\n"):
        if not line.strip():
            gap = bool(flowables)
            continue
        if gap:
            flowables.append(Spacer(0, 0.55 * size * max(spacing, 0.5)))
            gap = False
        heading = re.match(r"(#{1,6})\s+(.*\S)\s*#*$", line) if markdown else None
        if heading:
            level = "md1" if len(heading.group(1)) == 1 else "md2"
            flowables.append(_para(heading.group(2), level, size, spacing))
        elif style != "docx" and line.lstrip().startswith(">"):
            flowables.append(_para(line, "quote", size, spacing))
        else:
            flowables += [_para(piece, style, size, spacing) for piece in _pieces(line)]
    return flowables


LONG_LINE = 4_000  # a line longer than this is laid out as several paragraphs (one costs the square of its length)


def _pieces(line: str) -> list[str]:
    """The line cut into runs of at most LONG_LINE characters, at a space where there is one."""
    pieces, start = [], 0
    while len(line) - start > LONG_LINE:
        space = line.rfind(" ", start + LONG_LINE // 2, start + LONG_LINE)
        end = start + LONG_LINE if space < 0 else space + 1
        pieces.append(line[start:end])
        start = end
    return [*pieces, line[start:]]


def _height(flowables: list[Any], width: float) -> float:
    """How tall the flowables stand in a frame ``width`` wide (a little generous: spaces are not merged)."""
    total = 0.0
    for flowable in flowables:
        total += flowable.wrap(width, 1e9)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total - (flowables[-1].getSpaceAfter() if flowables else 0)  # the last one's space may fall off


class _Layout:
    """A ReportLab document with the binder's margins, a running head after the first page, and a record
    of where each page of the item starts."""

    def __init__(self, paper: tuple[float, float], title: str, author: str | None, running: str) -> None:
        from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

        fonts.register()
        self.buffer = io.BytesIO()
        self.running = running
        self.starts: list[int] = []
        self.marks: dict[int, int] = {}  # PDF page -> the item page that starts on it
        layout = self

        class Doc(BaseDocTemplate):
            def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (ReportLab names it)
                if isinstance(flowable, Start):
                    layout.starts += [self.page] * flowable.count
                    layout.marks.setdefault(self.page, flowable.number)

        class Start(Flowable):
            """Marks where page ``number`` of the item begins, and the ``count`` - 1 pages after it that are
            shown in the same place (draws nothing)."""

            def __init__(self, number: int, count: int = 1) -> None:
                super().__init__()
                self.number = number
                self.count = count

            def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
                return 0, 0

            def draw(self) -> None:
                pass

        self.start = Start
        self.doc = Doc(
            self.buffer, pagesize=paper, leftMargin=TEXT_MARGIN, rightMargin=TEXT_MARGIN, topMargin=TEXT_MARGIN,
            bottomMargin=TEXT_BOTTOM, title=title, author=author or "", creator="IEPDesk", invariant=1,
        )
        frame = Frame(self.doc.leftMargin, self.doc.bottomMargin, self.doc.width, self.doc.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=self._running_head)])
        self.item_pages = 1

    def _running_head(self, canvas: Any, doc: Any) -> None:
        page = doc.page
        if page == 1 or not self.running:
            return
        if page in self.marks:
            text = f"{self.running} · page {self.marks[page]}" if self.item_pages > 1 else self.running
        else:
            last = max((n for p, n in self.marks.items() if p < page), default=1)
            text = (f"{self.running} · page {last}, continued" if self.item_pages > 1
                    else f"{self.running} · continued")
        head = _para(_shorten(text, 120), "running")
        _, height = head.wrap(doc.width, TEXT_MARGIN)
        head.drawOn(canvas, doc.leftMargin, doc.pagesize[1] - 0.5 * INCH - height)  # top half inch

    def build(self, flowables: list[Any]) -> Typeset:
        self.doc.build(flowables)
        pdf = self.buffer.getvalue()
        pages = self.doc.page
        starts = tuple(self.starts) or (1,)
        return Typeset(pdf, pages, starts)


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- emails --------------------------------------------------------------------------------------------

_HEADER_LINE = re.compile(r"(From|To|Cc|Date|Subject):[ \t]?(.*)")


def split_email(text: str) -> tuple[dict[str, str], str]:
    """The header fields ("From", "To", "Cc", "Date", "Subject") and the body of an email page's text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields: dict[str, str] = {}
    number = 0
    last = ""
    while number < len(lines):
        line = lines[number]
        match = _HEADER_LINE.fullmatch(line)
        if match and match.group(1) not in fields:
            last = match.group(1)
            fields[last] = match.group(2).strip()
        elif last and line.strip() and "Subject" not in fields:  # a header value that went on a second line
            fields[last] = f"{fields[last]} {line.strip()}"
        else:
            break
        number += 1
    if "From" not in fields and "Subject" not in fields:
        return {}, text
    if number < len(lines) and not lines[number].strip():
        number += 1
    return fields, "\n".join(lines[number:])


def _email(page_texts: list[str], item: ItemRecord, paper: tuple[float, float]) -> Typeset:
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, Table, TableStyle

    fields, body = split_email(page_texts[0] if page_texts else "")
    if not page_texts:
        body = ""
    fallback = {
        "From": item.author or "", "To": item.recipients or "", "Cc": item.cc or "",
        "Date": _long_date(item.date) if item.date else "", "Subject": item.title,
    }
    shown = {name: _header((fields.get(name) or "").strip() or fallback[name]) for name in fallback}
    subject = shown["Subject"] or "(no subject)"
    layout = _Layout(paper, subject, shown["From"] or None, _shorten(subject))
    flowables: list[Any] = [layout.start(1), _para(subject, "heading")]
    rows = [[_para(f"{name}:", "label"), _para(shown[name], "value")]
            for name in ("From", "To", "Cc", "Date") if shown[name]]
    if rows:
        table = Table(rows, colWidths=[0.7 * INCH, layout.doc.width - 0.7 * INCH], hAlign="LEFT", splitInRow=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]))
        flowables.append(table)
    flowables.append(HRFlowable(width="100%", thickness=0.75, color=colors.HexColor("#999999"), spaceBefore=8,
                                spaceAfter=10))
    kept = _cut(body, MAX_TYPESET_CHARS)
    flowables += _lines(kept, "body") or [_para("(This email has no text.)", "blank")]
    if len(kept) < len(body):
        flowables.append(_para(_not_printed("this email", len(body) - len(kept), f"{MAX_TYPESET_CHARS:,} characters"),
                               "blank"))
    return layout.build(flowables)


def _header(value: str) -> str:
    """A header as printed: at most MAX_HEADER_CHARS, then a note of how much more there is."""
    value = value.strip()
    if len(value) <= MAX_HEADER_CHARS:
        return value
    return (f"{value[:MAX_HEADER_CHARS]}… [{len(value) - MAX_HEADER_CHARS:,} more characters are not printed here; "
            "the original is kept in the IEPDesk vault]")


# --- notes, text and Word files ---------------------------------------------------------------------------


class _Part(NamedTuple):
    """Pages ``first`` to ``last`` of the item, laid out together: ``text`` (one page's, or the start of it),
    then ``note``, which says what is not printed page for page."""

    first: int
    last: int
    text: str
    note: str = ""


def _cost(text: str) -> int:
    """What laying out ``text`` costs, in characters: each line counts a printed line's width more."""
    return len(text) + LINE_COST * text.count("\n")


def _cut(text: str, budget: int) -> str:
    """The start of ``text`` that costs at most ``budget`` (see _cost), ending at a line's end if it can."""
    end = used = 0
    while end < len(text):
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        used += line_end - end + LINE_COST
        if used > budget:
            return text[:end] if end else text[:budget]
        end = line_end + 1
    return text


def _parts(pages: list[str]) -> list[_Part]:
    """The item's pages as they are laid out: page for page, within MAX_TYPESET_PAGES and MAX_TYPESET_CHARS.

    Beyond them, what a parent and a hearing officer would expect from a printed exhibit: the pages that carry
    something are printed; runs of pages without any text (a Word file of page breaks) are shown as one page
    that says which pages they are; and what is left when a limit is reached is not printed but named on a
    last page (from which page, how many characters), the original being kept whole in the vault. The exhibit
    stays in the binder with its page numbers right (a pin cite to a page that is not printed lands on the
    page that says so), rather than the whole binder being refused for one enormous item.
    """
    parts: list[_Part] = []
    budget = MAX_TYPESET_CHARS
    collapse = len(pages) > MAX_TYPESET_PAGES
    number = 0
    while number < len(pages):
        text, first = pages[number], number + 1
        if collapse and not text.strip():
            last = first
            while last < len(pages) and not pages[last].strip():
                last += 1
            if last > first:
                parts.append(_Part(first, last, "", f"Pages {first:,} to {last:,} of the original "
                                   f"({last - first + 1:,} pages) have no text; this one page stands for them."))
                number = last
                continue
        if len(parts) + 1 >= MAX_TYPESET_PAGES or _cost(text) > budget:
            kept = _cut(text, budget) if len(parts) + 1 < MAX_TYPESET_PAGES else ""
            rest = len(text) - len(kept) + sum(len(page) for page in pages[first:])
            why = (f"{MAX_TYPESET_PAGES:,} pages" if len(parts) + 1 >= MAX_TYPESET_PAGES
                   else f"{MAX_TYPESET_CHARS:,} characters")
            where = f"from {'part way through ' if kept else ''}page {first:,}"
            parts.append(_Part(first, len(pages), kept, _not_printed(f"this document {where}", rest, why)))
            break
        budget -= _cost(text)
        parts.append(_Part(first, first, text))
        number += 1
    return parts


def _not_printed(what: str, characters: int, limit: str) -> str:
    return (f"The rest of {what} is not printed here ({characters:,} more characters): a binder lays out at most "
            f"{limit} of one document. The original is kept, whole and unchanged, in the IEPDesk vault; open it "
            "there, or give a copy of it along with this binder.")


def _text(media_type: str, page_texts: list[str], item: ItemRecord, paper: tuple[float, float]) -> Typeset:
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, PageBreak

    title = item.title.strip() or item.original_name
    layout = _Layout(paper, title, item.author, _shorten(title))
    pages = page_texts or [""]
    parts = _parts(pages)
    layout.item_pages = len(pages)
    meta = [_long_date(item.date) if item.date else "", (item.author or "").strip()]
    if item.origin == "note" and item.recipients:
        meta.append(f"With: {item.recipients.strip()}")
    meta_line = " · ".join(part for part in meta if part)
    flowables: list[Any] = [layout.start(1, parts[0].last), _para(title, "heading")]
    if meta_line:
        flowables.append(_para(meta_line, "meta"))
    flowables.append(HRFlowable(width="100%", thickness=0.75, color=colors.HexColor("#999999"), spaceBefore=6,
                                spaceAfter=10))
    style = "docx" if media_type == DOCX else "body"
    markdown = media_type == "text/markdown"
    width, room = layout.doc.width, layout.doc.height
    header = _height(flowables, width)
    for part in parts:
        if part.first > 1:
            flowables += [PageBreak(), layout.start(part.first, part.last - part.first + 1)]
        # Page N of the item should be PDF page N: shrink the text a little when that keeps it on one page
        # (not worth trying for a page far too long for one).
        for size, spacing in FITS if _cost(part.text) <= FIT_COST else ():
            body = _lines(part.text, style, markdown, size, spacing)
            body = body or ([] if part.note else [_para("(This page has no text.)", "blank")])
            if _height(body, width) <= room - (header if part.first == 1 else 0):
                break
        else:
            body = _lines(part.text, style, markdown)
        flowables += body + ([_para(part.note, "blank")] if part.note else [])
    return layout.build(flowables)


# --- everything else -------------------------------------------------------------------------------------


def _unsupported(item: ItemRecord, media_type: str, paper: tuple[float, float], reason: str = "") -> Typeset:
    from reportlab.platypus import Spacer

    name = item.original_name or item.title
    layout = _Layout(paper, item.title or name, item.author, "")
    flowables: list[Any] = [
        layout.start(1),
        _para("This file cannot be shown in the binder", "heading"),
        Spacer(0, 4),
        _para(f"Name: {name}", "body"),
        _para(f"Type: {media_type or 'unknown'}", "body"),
        Spacer(0, 10),
    ]
    if reason:
        flowables += [_para(reason, "body"), Spacer(0, 6)]
    flowables.append(_para("The original file is kept unchanged in the IEPDesk vault; open it there, or give a "
                           "copy of it along with this binder.", "meta"))
    return layout.build(flowables)
