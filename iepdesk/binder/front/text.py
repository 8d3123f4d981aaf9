"""The front matter's look: page measures, colours, the text helpers and the paragraph styles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from iepdesk.binder import fonts
from iepdesk.binder.model import (
    ExhibitEntry,
    PinCite,
)

INCH = 72.0
MARGIN = 0.75 * INCH
FOOTER_Y = 0.4 * INCH  # baseline of the footer, above the bottom edge
MONO = fonts.MONO  # SHA-256 digests

ORDER = ("cover", "contents", "statement", "answers", "criteria", "evidence", "chronology", "communications",
         "index", "manifest")
TITLES = {
    "cover": "Cover",
    "contents": "Contents",
    "statement": "Parent statement of concerns and requests",
    "answers": "The school’s reasons, and what the record shows",
    "criteria": "Criteria summary",
    "evidence": "Evidence by criterion",
    "chronology": "Chronology",
    "communications": "Communication log",
    "index": "Exhibit index",
    "manifest": "Manifest of originals",
}
STATUS = {  # symbol, words, colour (the symbol and the words carry the meaning in black and white)
    "supported": ("\u25cf", "Supported", colors.HexColor("#2e6b34")),
    "thin": ("\u25d0", "Thin", colors.HexColor("#8a5a00")),
    "none": ("\u25cb", "None", colors.HexColor("#7a2e2e")),
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

INK = colors.HexColor("#1a1a1a")
GREY = colors.HexColor("#555555")
LINK = "#1f3f6e"  # dark blue: visible on screen, prints as near-black
HEADER_BG = colors.Color(0.87, 0.87, 0.87)
GROUP_BG = colors.Color(0.95, 0.95, 0.95)
GRID = colors.Color(0.62, 0.62, 0.62)

_SCHEME = "iepdesk-binder:"  # link targets ReportLab hands our canvas, which records them instead of writing them


# ---------------------------------------------------------------------------------------------------------------
# Small helpers


def format_date(day: dt.date | None) -> str:
    """"October 14, 2025", or "undated"."""
    if day is None:
        return "undated"
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def roman(number: int) -> str:
    """Lower-case roman numeral of a positive number."""
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into runs that DejaVu covers (False) and runs that need the CJK fallback (True)."""
    if fonts.font_for(text) != fonts.FALLBACK:
        return [(text, False)]
    runs: list[tuple[str, bool]] = []
    for ch in text:
        fallback = not ch.isspace() and fonts.font_for(ch) == fonts.FALLBACK
        if runs and runs[-1][1] == fallback:
            runs[-1] = (runs[-1][0] + ch, fallback)
        else:
            runs.append((ch, fallback))
    return runs


def _mk(text: str | None) -> str:
    """Paragraph markup for plain ``text``: escaped, line breaks kept, CJK runs in the fallback font."""
    if not text:
        return ""
    parts = []
    for run, fallback in _runs(text):
        body = escape(run).replace("\r\n", "\n").replace("\n", "<br/>")
        parts.append(f'<font name="{fonts.FALLBACK}">{body}</font>' if fallback else body)
    return "".join(parts)


def _text_width(text: str, font: str, size: float) -> float:
    return sum(stringWidth(run, fonts.FALLBACK if fallback else font, size) for run, fallback in _runs(text))


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text``, shortened with an ellipsis if it is wider than ``width``."""
    if _text_width(text, font, size) <= width:
        return text
    while text and _text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_mixed(canv: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    for run, fallback in _runs(text):
        face = fonts.FALLBACK if fallback else font
        canv.setFont(face, size)
        canv.drawString(x, y, run)
        x += stringWidth(run, face, size)


def _href(target: str) -> str:
    return _SCHEME + target


def _page_form(section: str) -> str:
    """Name of the form that prints the first page of ``section`` in the contents."""
    return f"iepPage_{section}"


def _cites(cites: Iterable[PinCite], bold: bool = False) -> tuple[str, dict[str, str]]:
    """Clickable pin cites, separated by semicolons, as a paragraph shape and its fields (see :class:`_Shapes`);
    non-breaking spaces keep "P-4 at 3" on one line."""
    shapes, fields = [], {}
    for n, cite in enumerate(cites):
        text = f"<b>{{text{n}}}</b>" if bold else f"{{text{n}}}"
        shapes.append(f'<a href="{{href{n}}}" color="{LINK}">{text}</a>')
        fields[f"href{n}"] = _href(f"body:{cite.body_page}")
        fields[f"text{n}"] = escape(cite.text).replace(" ", "\u00a0")
    return "; ".join(shapes), fields


_LABEL_LINK = f'<a href="{{href}}" color="{LINK}"><b>{{label}}</b></a>'  # an exhibit's label, clickable


def _bates_range(exhibit: ExhibitEntry) -> str:
    """"RIVERA-000012–000015": the first Bates number, and the digits of the last when the prefix is the same."""
    first, last = exhibit.bates_first, exhibit.bates_last
    if first == last:
        return first
    head = first.rstrip("0123456789")
    if last.startswith(head) and head:
        return f"{first}\u2013{last[len(head):]}"
    return f"{first}\u2013{last}"


# ---------------------------------------------------------------------------------------------------------------
# Styles


class _Styles:
    def __init__(self) -> None:
        def style(name: str, **kw: object) -> ParagraphStyle:
            base = {"fontName": fonts.REGULAR, "fontSize": 10, "leading": 13, "textColor": INK}
            base.update(kw)
            return ParagraphStyle(name, **base)

        self.body = style("body", spaceAfter=7)
        self.heading = style("heading", fontName=fonts.BOLD, fontSize=16, leading=20, spaceAfter=12)
        self.subheading = style("subheading", fontName=fonts.BOLD, fontSize=12, leading=15, spaceBefore=10,
                                spaceAfter=6, keepWithNext=1)
        self.criterion = style("criterion", fontName=fonts.BOLD, fontSize=10.5, leading=13.5, spaceBefore=8,
                               spaceAfter=4, keepWithNext=1)
        self.note = style("note", fontSize=9, leading=12, textColor=GREY, spaceAfter=8)
        self.cite = style("cite", leftIndent=14, spaceAfter=2, keepWithNext=1)
        self.quote = style("quote", fontName=fonts.ITALIC, leftIndent=14, rightIndent=10, spaceAfter=3)
        self.quote_note = style("quote_note", leftIndent=14, fontSize=9.5, leading=12.5, spaceAfter=3)
        self.cell = style("cell", fontSize=9, leading=11.5)
        self.cell_small = style("cell_small", fontSize=7.5, leading=9.5, textColor=GREY)
        self.cell_head = style("cell_head", fontName=fonts.BOLD, fontSize=9, leading=11.5)
        self.cell_group = style("cell_group", fontName=fonts.BOLD, fontSize=9.5, leading=12)
        self.cell_mono = style("cell_mono", fontName=MONO, fontSize=7.5, leading=9.5)
        self.comm = style("comm", fontSize=8.5, leading=10.5)
        self.comm_head = style("comm_head", fontName=fonts.BOLD, fontSize=8.5, leading=10.5)
        self.toc_section = style("toc_section", fontSize=10.5, leading=15)
        self.toc_exhibit = style("toc_exhibit", fontSize=10, leading=13.5)
        self.toc_label = style("toc_label", fontName=fonts.BOLD, fontSize=10, leading=13.5)
        self.cover_title = style("cover_title", fontSize=15, leading=19, textColor=GREY, spaceAfter=10)
        self.cover_child = style("cover_child", fontName=fonts.BOLD, fontSize=30, leading=36, spaceBefore=14,
                                 spaceAfter=12)
        self.cover_line = style("cover_line", fontSize=13, leading=18, spaceAfter=3)
        self.cover_small = style("cover_small", fontSize=10.5, leading=15, textColor=GREY)
        self.cover_notice = style("cover_notice", fontSize=9, leading=12, textColor=GREY, alignment=TA_CENTER)
        self.footer = style("footer", fontSize=8, leading=10, textColor=GREY)
