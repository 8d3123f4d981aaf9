"""Typesetting text with ReportLab: styles, paragraphs, and a layout that fits each page of an item on as
few PDF pages as it can, within bounded time."""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import cache
from typing import Any

from iepdesk.binder import fonts
from iepdesk.binder.typeset.base import GREY, INCH, QUOTE_GREY, TEXT_BOTTOM, TEXT_MARGIN, Typeset

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
