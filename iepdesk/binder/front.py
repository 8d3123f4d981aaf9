"""The binder's front matter, typeset with ReportLab: cover, contents, parent statement, criteria summary,
evidence by criterion, chronology, communication log, exhibit index and manifest of originals.

Page numbers printed for front-matter sections are lower-case roman (the cover is page i); page numbers printed
for exhibits and pin cites are body page numbers (arabic). Clickable areas are not written into the PDF: they are
handed back as :class:`LinkSpot` records in PyMuPDF coordinates (origin top-left, y down) for the assembler to add.

One build: the contents print each section's first page through a small form (PDF XObject) named after the
section, and the forms are drawn at the end of the build, once every section has started (the contents take the same
room whatever numbers they print, so the numbers need not be known while the contents are laid out).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.paragraph import cleanBlockQuotedText

from iepdesk.binder import fonts
from iepdesk.binder.model import (
    ChronologyEntry,
    CommunicationEntry,
    CriterionSummary,
    ExhibitEntry,
    FrontMatter,
    FrontMatterInput,
    LinkSpot,
    PinCite,
    SectionMark,
)

INCH = 72.0
MARGIN = 0.75 * INCH
FOOTER_Y = 0.4 * INCH  # baseline of the footer, above the bottom edge
MONO = "Courier"  # built in; SHA-256 digests are plain hex

ORDER = ("cover", "contents", "statement", "criteria", "evidence", "chronology", "communications", "index",
         "manifest")
TITLES = {
    "cover": "Cover",
    "contents": "Contents",
    "statement": "Parent statement of concerns and requests",
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


def _page_range(exhibit: ExhibitEntry) -> str:
    if exhibit.last_page <= exhibit.first_page:
        return str(exhibit.first_page)
    return f"{exhibit.first_page}\u2013{exhibit.last_page}"


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


# ---------------------------------------------------------------------------------------------------------------
# Flowables


class _SectionStart(ActionFlowable):
    """Starts a section: a new page (a right-hand one when duplex), and notes the page."""

    def __init__(self, key: str) -> None:
        super().__init__(("sectionStart", key))


class _Finish(ActionFlowable):
    def __init__(self) -> None:
        super().__init__(("finish",))


class _Rule(Flowable):
    def __init__(self, width: float = 0, thickness: float = 0.8, space: float = 6) -> None:
        super().__init__()
        self._rule_width, self.thickness, self.space = width, thickness, space

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = self._rule_width or aw
        return self.width, self.thickness + 2 * self.space

    def draw(self) -> None:
        self.canv.setStrokeColor(GRID)
        self.canv.setLineWidth(self.thickness)
        y = self.space + self.thickness / 2
        self.canv.line(0, y, self.width, y)


class _FillTo(Flowable):
    """Empty space up to ``reserve`` points above the bottom of the frame (for the cover's notice)."""

    def __init__(self, reserve: float) -> None:
        super().__init__()
        self.reserve = reserve

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.height = max(0.0, ah - self.reserve - 1)
        return aw, self.height

    def draw(self) -> None:
        pass


class _Para(Paragraph):
    """A paragraph that does not break its lines again when wrapped again at the width it was last wrapped at
    (a table wraps each cell to size its row, again when it splits at a page end, and again to draw it). The lines
    are reused only while they are still the ones that wrap made (a failed split drops them)."""

    _wrapped: tuple[float, object, float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        wrapped = self._wrapped
        if wrapped is not None and wrapped[0] == availWidth and wrapped[1] is self.__dict__.get("blPara"):
            self.width, self.height = wrapped[2], wrapped[3]
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        lines = self.__dict__.get("blPara")
        self._wrapped = (availWidth, lines, width, height) if lines is not None else None
        return width, height


_STAND_IN = "\ue000{}\ue001"  # a field's text while a shape is parsed (private-use characters, no markup)
_NOT_LITERAL = re.compile('[&<>"\ue000\ue001]')


def _literal(markup: str) -> bool:
    """Whether ``markup`` is text the paragraph parser keeps as it is: not empty, no tag, entity or quote, no
    whitespace its cleaner would change."""
    return bool(markup) and not _NOT_LITERAL.search(markup) and cleanBlockQuotedText(markup) == markup


class _Shapes:
    """Paragraphs made from shapes: markup with ``{field}`` places, filled with markup. Parsing the markup is most of
    what a small paragraph costs, and the tables make thousands of paragraphs from a handful of shapes, so each shape
    is parsed once per style with stand-ins for its fields; when every field is plain text (:func:`_literal`, the
    usual case) a paragraph gets copies of those fragments with the stand-ins replaced by the text, just what parsing
    its markup would give. Otherwise its markup is parsed. A shape's own text has no whitespace but single spaces
    between words, so that the parser's cleaner leaves it alone too; fields go in text or in a link's href only."""

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, str], list] = {}

    def __call__(self, style: ParagraphStyle, shape: str, **fields: str) -> _Para:
        markup = shape.format(**fields)
        if not all(_literal(value) for value in fields.values()):
            return _Para(markup, style)
        key = (shape, style.name)
        parsed = self._parsed.get(key)
        if parsed is None:
            stand_ins = {name: _STAND_IN.format(name) for name in fields}
            parsed = self._parsed[key] = _Para(shape.format(**stand_ins), style).frags

        def fill(text: str) -> str:
            for name, value in fields.items():
                text = text.replace(_STAND_IN.format(name), value)
            return text

        frags = []
        for frag in parsed:
            copy = frag.clone()
            if getattr(frag, "text", None):
                copy.text = fill(frag.text)
            if getattr(frag, "link", None):
                copy.link = [(number, fill(target)) for number, target in frag.link]
            for name, value in frag.__dict__.items():  # nothing shared between paragraphs
                if name != "link" and isinstance(value, list):
                    setattr(copy, name, list(value))
                elif name == "cbDefn":
                    copy.cbDefn = value.clone()
            frags.append(copy)
        return _Para(markup, style, frags=frags)


class _TocLine(Flowable):
    """One contents line: an optional label column, a wrapping title, dot leaders and a right-aligned page
    number, the whole line clickable. A section's page number is not known when its line is laid out: ``form``
    names the form that prints it, drawn at the end of the build (see :meth:`_Doc.handle_finish`)."""

    NUMBER_WIDTH = 44.0

    LEADER = '<onDraw name="iepLeader" label="."/>'  # ends the title paragraph's markup: see _leader

    def __init__(self, label: _Para | None, title: _Para, number: str, target: str, label_width: float,
                 form: str | None = None) -> None:
        super().__init__()
        self._label_para, self._para = label, title
        self.number, self.target, self.label_width, self.form = number, target, label_width, form
        self.style = title.style

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        _, height = self._para.wrap(aw - self.label_width - self.NUMBER_WIDTH, ah)
        if self._label_para is not None:
            _, label_height = self._label_para.wrap(self.label_width - 4, ah)
            height = max(height, label_height)
        self.height = height
        return aw, height

    def _leader(self, canv: Canvas, kind: str, label: str | None) -> None:
        info = canv._curr_tx_info  # where the title's last line ends, in the title paragraph's coordinates
        self._end = (info["cur_x"], info["cur_y"])

    def draw(self) -> None:
        canv = self.canv
        canv.setNamedCB("iepLeader", self._leader)
        if self._label_para is not None:
            self._label_para.drawOn(canv, 0, self.height - self._label_para.height)
        para_y = self.height - self._para.height
        self._end = (self._para.width, 0.0)
        self._para.drawOn(canv, self.label_width, para_y)
        # Dots and number after the title, so the text reads in order: label, title, dots, number.
        x, y = self.label_width + self._end[0], para_y + self._end[1]
        size = self.style.fontSize
        step = 4.5
        end = self.width - self.NUMBER_WIDTH + 8
        count = math.floor((end - (x + 5)) / step)
        canv.saveState()
        if count > 0:
            canv.setFillColor(GREY)
            canv.setFont(fonts.REGULAR, size)
            canv.drawString(end - count * step, y, "." * count, charSpace=step - stringWidth(".", fonts.REGULAR, size))
        if self.form is not None:
            canv.translate(self.width, y)
            canv.doForm(self.form)
        else:
            canv.setFillColor(INK)
            canv.setFont(fonts.REGULAR, size)
            canv.drawRightString(self.width, y, self.number)
        canv.restoreState()
        canv.linkURL(_href(self.target), (0, 0, self.width, self.height), relative=1)


# ---------------------------------------------------------------------------------------------------------------
# The document: odd and even page templates, section starts, footers


class _RecordingCanvas(Canvas):
    """Records our own link targets (with their page and absolute rectangle) instead of writing annotations."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.spots: list[tuple[int, tuple[float, float, float, float], str]] = []

    def linkURL(self, url: str, rect: tuple, relative: int = 0, *args: object, **kw: object) -> None:  # noqa: N802
        if isinstance(url, str) and url.startswith(_SCHEME):
            x1, y1, x2, y2 = self._absRect(rect, relative)
            box = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            self.spots.append((self.getPageNumber() - 1, box, url[len(_SCHEME):]))
            return
        super().linkURL(url, rect, relative, *args, **kw)


class _Doc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, data: FrontMatterInput, styles: _Styles) -> None:
        width, height = data.paper
        super().__init__(
            buffer, pagesize=(width, height), leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
            bottomMargin=MARGIN, title=f"{data.title} — {data.child}", author=data.prepared_by,
            creator="IEPDesk", invariant=1, pageCompression=0,  # the binder compresses when it saves
        )
        self.data, self.styles = data, styles
        self.frame_width = width - 2 * MARGIN - data.gutter
        frame_height = height - 2 * MARGIN

        def frame(x: float, ident: str) -> Frame:
            return Frame(x, MARGIN, self.frame_width, frame_height, leftPadding=0, rightPadding=0, topPadding=0,
                         bottomPadding=0, id=ident)

        self._odd = PageTemplate("odd", [frame(MARGIN + data.gutter, "odd")], onPageEnd=self._footer,
                                 pagesize=(width, height))
        self._even = PageTemplate("even", [frame(MARGIN, "even")], onPageEnd=self._footer, pagesize=(width, height))
        self.addPageTemplates([self._odd, self._even])
        self.starts: dict[str, int] = {}  # section -> 1-based page
        self.no_footer: set[int] = set()
        self.blank: set[int] = set()
        self._footer_text = _fit(f"{data.child} — {data.meeting_type}", fonts.REGULAR, 8, self.frame_width / 2 - 30)

    def handle_pageBegin(self) -> None:  # noqa: N802 - ReportLab's name
        binding_left = not self.data.duplex or (self.page + 1) % 2 == 1
        self.pageTemplate = self._odd if binding_left else self._even
        super().handle_pageBegin()

    def _new_page(self) -> None:
        self.handle_pageBreak()
        self.clean_hanging()  # begins the next page now, so self.page is its number

    def handle_sectionStart(self, key: str) -> None:  # noqa: N802
        if self._curPageFlowableCount:
            self._new_page()
        if self.data.duplex and self.page % 2 == 0:
            self.blank.add(self.page)
            self._new_page()
        self.starts[key] = self.page
        if key == "cover":
            self.no_footer.add(self.page)

    def handle_finish(self) -> None:
        if self.data.duplex and self.page % 2 == 1:
            self._new_page()
            self.blank.add(self.page)
        if "contents" not in self.starts:
            return
        # Every section has started: draw the page numbers the contents refer to (see _TocLine).
        canv, size = self.canv, self.styles.toc_section.fontSize
        for key, page in self.starts.items():
            if key in ("cover", "contents"):
                continue  # not listed
            canv.beginForm(_page_form(key), lowerx=-200, lowery=-50, upperx=50, uppery=50)
            canv.setFillColor(INK)
            canv.setFont(fonts.REGULAR, size)
            canv.drawRightString(0, 0, roman(page))
            canv.endForm()

    def _footer(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        if self.page in self.no_footer:
            return
        frame = self.pageTemplate.frames[0]
        canv.saveState()
        canv.setFillColor(GREY)
        canv.setFont(fonts.REGULAR, 8)
        canv.drawCentredString(frame._x1 + frame._width / 2, FOOTER_Y, roman(self.page))
        if self.page not in self.blank:
            _draw_mixed(canv, frame._x1, FOOTER_Y, self._footer_text, fonts.REGULAR, 8)
        canv.restoreState()


# ---------------------------------------------------------------------------------------------------------------
# Sections


def _sections(data: FrontMatterInput) -> list[str]:
    has = {
        "cover": True,
        "contents": True,
        "statement": bool(data.statement and data.statement.strip()),
        "criteria": bool(data.criteria),
        "evidence": any(criterion.quotes for criterion in data.criteria),
        "chronology": bool(data.chronology),
        "communications": bool(data.communications),
        "index": bool(data.exhibits),
        "manifest": data.manifest and bool(data.exhibits),
    }
    listed = [key for key in ORDER if key in data.sections and has[key]]
    if "contents" in listed and not data.exhibits and not set(listed) - {"cover", "contents"}:
        listed.remove("contents")  # nothing to list
    return listed


def _table(rows: list[list[object]], widths: list[float], extra: list[tuple] | None = None,
           min_height: float | None = None) -> Table:
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        *(extra or []),
    ]
    min_heights = [0.0] + [min_height] * (len(rows) - 1) if min_height else None
    return Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(commands), hAlign="LEFT",
                 minRowHeights=min_heights, splitInRow=1)


def _column_width(texts: Iterable[str], style: ParagraphStyle, head: str) -> float:
    """Width of a column of short single-line texts (dates, page ranges), cell padding included."""
    widest = max((stringWidth(text, style.fontName, style.fontSize) for text in texts), default=0.0)
    return max(widest, stringWidth(head, fonts.BOLD, style.fontSize)) + 10


class _Builder:
    def __init__(self, data: FrontMatterInput, styles: _Styles, width: float) -> None:
        self.data, self.s, self.width = data, styles, width
        self.para = _Shapes()

    def text(self, style: ParagraphStyle, markup: str) -> _Para:
        """A paragraph of ``markup``, most often plain text (see :class:`_Shapes`)."""
        return self.para(style, "{text}", text=markup)

    def cite_para(self, style: ParagraphStyle, cites: Iterable[PinCite], bold: bool = False) -> _Para:
        shape, fields = _cites(cites, bold)
        return self.para(style, shape, **fields)

    def label_para(self, style: ParagraphStyle, exhibit: ExhibitEntry) -> _Para:
        return self.para(style, _LABEL_LINK, href=_href(f"body:{exhibit.first_page}"), label=_mk(exhibit.label))

    def story(self, sections: list[str]) -> list[Flowable]:
        makers: dict[str, Callable[[], list[Flowable]]] = {
            "cover": self.cover, "contents": lambda: self.contents(sections), "statement": self.statement,
            "criteria": self.criteria, "evidence": self.evidence, "chronology": self.chronology,
            "communications": self.communications, "index": self.index, "manifest": self.manifest,
        }
        story: list[Flowable] = []
        for key in sections:
            story.append(_SectionStart(key))
            story.extend(makers[key]())
        story.append(_Finish())
        return story

    def heading(self, key: str) -> _Para:
        return _Para(escape(TITLES[key]), self.s.heading)

    # -- cover
    def cover(self) -> list[Flowable]:
        d, s = self.data, self.s
        out: list[Flowable] = [Spacer(1, 0.9 * INCH), _Para(_mk(d.title), s.cover_title), _Rule(),
                               _Para(_mk(d.child), s.cover_child)]
        if d.school:
            out.append(_Para(_mk(d.school), s.cover_line))
        out.append(_Para(_mk(d.meeting_type), s.cover_line))
        out.append(_Para(escape(f"Meeting date: {format_date(d.meeting_date)}"), s.cover_line))
        out += [Spacer(1, 0.5 * INCH), _Rule(), _Para(f"Prepared by {_mk(d.prepared_by)}", s.cover_small),
                _Para(escape(f"Prepared on {format_date(d.prepared_on)}"), s.cover_small),
                _FillTo(40), _Rule(space=4),
                _Para("Confidential: contains a child’s educational and medical records.", s.cover_notice)]
        return out

    # -- contents
    def contents(self, sections: list[str]) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [self.heading("contents")]
        for key in sections:
            if key in ("cover", "contents"):
                continue
            title = self.para(s.toc_section, "{title}" + _TocLine.LEADER, title=escape(TITLES[key]))
            out.append(_TocLine(None, title, "", f"front:{key}", 0, form=_page_form(key)))
        if self.data.exhibits:
            out.append(_Para("Exhibits", s.subheading))
            widest = max(stringWidth(e.label, fonts.BOLD, s.toc_label.fontSize) for e in self.data.exhibits)
            label_width = min(widest + 14, 0.25 * self.width)
            for exhibit in self.data.exhibits:
                label = self.para(s.toc_label, "<b>{label}</b>", label=_mk(exhibit.label))
                title = self.para(s.toc_exhibit, "{title}" + _TocLine.LEADER,
                                  title=_mk(exhibit.title) or "(untitled)")
                out.append(_TocLine(label, title, str(exhibit.first_page), f"body:{exhibit.first_page}",
                                    label_width))
        return out

    # -- statement
    def statement(self) -> list[Flowable]:
        out: list[Flowable] = [self.heading("statement")]
        text = (self.data.statement or "").replace("\r\n", "\n").strip()
        for block in text.split("\n\n"):
            if block.strip():
                out.append(_Para(_mk(block.strip()), self.s.body))
        return out

    # -- criteria summary
    def _status(self, status: str) -> str:
        symbol, words, colour = STATUS.get(status.lower(), STATUS["none"])
        return f'<font color="{colour.hexval()}">{symbol}</font> {words}'

    def criteria(self) -> list[Flowable]:
        s = self.s
        w = self.width
        widths = [w * 0.46, w * 0.17, w * 0.37]
        rows: list[list[object]] = [[_Para("Element", s.cell_head), _Para("Status", s.cell_head),
                                     _Para("Exhibits (pin cites)", s.cell_head)]]
        extra: list[tuple] = []
        group = None
        for criterion in self.data.criteria:
            if criterion.group != group:
                group = criterion.group
                row = len(rows)
                rows.append([_Para(_mk(group) or "Other", s.cell_group), "", ""])
                extra += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), GROUP_BG)]
            element = [self.text(s.cell, _mk(criterion.title))]
            if criterion.citation:
                element.append(self.text(s.cell_small, _mk(criterion.citation)))
            cites = (self.cite_para(s.cell, criterion.cites) if criterion.cites
                     else _Para('<font color="#555555">—</font>', s.cell))
            rows.append([element, _Para(self._status(criterion.status), s.cell), cites])
        legend = " ".join(f'<font color="{c.hexval()}">{sym}</font> {words}' for sym, words, c in STATUS.values())
        return [self.heading("criteria"),
                _Para(f"Status: {legend}. Pin cites give the exhibit and its page; “P-4 at 3” is page 3 of "
                      "exhibit P-4.", s.note),
                _table(rows, widths, extra)]

    # -- evidence by criterion
    def evidence(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [self.heading("evidence")]
        group = None
        for criterion in self.data.criteria:
            if not criterion.quotes:
                continue
            if criterion.group != group:
                group = criterion.group
                out.append(_Para(_mk(group), s.subheading))
            out.append(self._criterion_heading(criterion))
            for entry in criterion.quotes:
                block: list[Flowable] = [self.cite_para(s.cite, [entry.cite], bold=True)]
                if entry.quote and entry.quote.strip():
                    block.append(self.para(s.quote, "“{quote}”", quote=_mk(entry.quote.strip())))
                if entry.note and entry.note.strip():
                    block.append(self.para(s.quote_note, "<b>Note:</b> {note}", note=_mk(entry.note.strip())))
                block.append(Spacer(1, 5))
                out.append(KeepTogether(block))
        return out

    def _criterion_heading(self, criterion: CriterionSummary) -> _Para:
        text = _mk(criterion.title)
        if criterion.citation:
            text += f'  <font name="{fonts.REGULAR}" size="8.5" color="#555555">{_mk(criterion.citation)}</font>'
        return _Para(text, self.s.criterion)

    # -- chronology
    def chronology(self) -> list[Flowable]:
        s = self.s
        w = self.width
        date_width = _column_width((format_date(e.date) for e in self.data.chronology), s.cell, "Date")
        exhibit_width = max(70.0, w * 0.15)
        widths = [date_width, w - date_width - exhibit_width, exhibit_width]
        rows: list[list[object]] = [[_Para("Date", s.cell_head), _Para("What happened", s.cell_head),
                                     _Para("Exhibit", s.cell_head)]]
        for entry in self.data.chronology:
            rows.append(self._chronology_row(entry))
        return [self.heading("chronology"), _table(rows, widths)]

    def _chronology_row(self, entry: ChronologyEntry) -> list[object]:
        s = self.s
        return [self.text(s.cell, escape(format_date(entry.date))), self.text(s.cell, _mk(entry.description)),
                self.cite_para(s.cell, [entry.cite]) if entry.cite else _Para("", s.cell)]

    # -- communication log
    def communications(self) -> list[Flowable]:
        s = self.s
        w = self.width
        fractions = [0.14, 0.22, 0.0, 0.13, 0.13, 0.12]
        widths = [w * f for f in fractions]
        widths[2] = w - sum(widths)
        heads = ["Date", "From → To", "Subject", "Response due", "Response received", "Exhibit"]
        rows: list[list[object]] = [[_Para(escape(h), s.comm_head) for h in heads]]
        for entry in self.data.communications:
            rows.append(self._communication_row(entry))
        return [self.heading("communications"), _table(rows, widths)]

    def _communication_row(self, entry: CommunicationEntry) -> list[object]:
        s = self.s

        def day(value: dt.date | None) -> str:
            return escape(format_date(value)) if value else ""

        parties = (self.para(s.comm, "{sender} →<br/>{recipients}", sender=_mk(entry.sender),
                             recipients=_mk(entry.recipients)) if entry.recipients
                   else self.text(s.comm, _mk(entry.sender)))
        return [self.text(s.comm, escape(format_date(entry.date))), parties, self.text(s.comm, _mk(entry.subject)),
                self.text(s.comm, day(entry.response_due)), self.text(s.comm, day(entry.response_received)),
                self.cite_para(s.comm, [entry.cite]) if entry.cite else _Para("", s.comm)]

    # -- exhibit index
    def index(self) -> list[Flowable]:
        s = self.s
        w = self.width
        label_width = min(_column_width((e.label for e in self.data.exhibits), s.cell_head, "Exhibit"), w * 0.2)
        date_width = _column_width((format_date(e.date) for e in self.data.exhibits), s.cell, "Date")
        pages_width = _column_width((_page_range(e) for e in self.data.exhibits), s.cell, "Pages")
        box_width = _column_width((), s.cell_head, "Received") + 2  # room to write a date or initials
        widths = [label_width, date_width, 0.0, pages_width, box_width, box_width]
        widths[2] = w - sum(widths)
        heads = ["Exhibit", "Date", "Description", "Pages", "Offered", "Received"]
        rows: list[list[object]] = [[_Para(h, s.cell_head) for h in heads]]
        for exhibit in self.data.exhibits:
            details = " · ".join(_mk(part) for part in (exhibit.kind, exhibit.source, exhibit.author) if part)
            description: list[Flowable] = [self.text(s.cell, _mk(exhibit.title) or "(untitled)")]
            if details:
                description.append(self.text(s.cell_small, details))
            rows.append([self.label_para(s.cell, exhibit), self.text(s.cell, escape(format_date(exhibit.date))),
                         description, self.text(s.cell, _page_range(exhibit)), "", ""])
        return [self.heading("index"),
                _Para("Pages are binder page numbers. The Offered and Received columns are left blank for the "
                      "hearing officer.", s.note),
                _table(rows, widths, min_height=26)]

    # -- manifest of originals
    def manifest(self) -> list[Flowable]:
        s = self.s
        w = self.width
        label_width = min(_column_width((e.label for e in self.data.exhibits), s.cell_head, "Exhibit"), w * 0.2)
        hash_width = stringWidth("0" * 32, MONO, s.cell_mono.fontSize) + 12
        widths = [label_width, w - label_width - hash_width, hash_width]
        rows: list[list[object]] = [[_Para("Exhibit", s.cell_head), _Para("Original file name", s.cell_head),
                                     _Para("SHA-256", s.cell_head)]]
        for exhibit in self.data.exhibits:
            digest = exhibit.sha256.lower()
            parts = {f"part{n}": escape(digest[i:i + 32]) for n, i in enumerate(range(0, len(digest), 32))}
            digest_para = self.para(s.cell_mono, "<br/>".join(f"{{{name}}}" for name in parts), **parts)
            rows.append([self.label_para(s.cell, exhibit), self.text(s.cell, _mk(exhibit.original_name)),
                         digest_para])
        return [self.heading("manifest"),
                _Para("Each exhibit was printed from the original file named below. The SHA-256 fingerprint is "
                      "computed from the file’s exact bytes: computing it again from the original (for example "
                      "with <font name=\"Courier\">sha256sum</font> or <font name=\"Courier\">certutil -hashfile "
                      "FILE SHA256</font>) and getting the same 64 characters proves the file is unchanged; any "
                      "change to the file, however small, gives a different fingerprint.", s.body),
                _table(rows, widths)]


# ---------------------------------------------------------------------------------------------------------------
# Building


def _render(data: FrontMatterInput, styles: _Styles, sections: list[str]) -> tuple[bytes, _Doc, _RecordingCanvas]:
    buffer = io.BytesIO()
    doc = _Doc(buffer, data, styles)
    story = _Builder(data, styles, doc.frame_width).story(sections)
    canvases: list[_RecordingCanvas] = []

    def make_canvas(*args: object, **kwargs: object) -> _RecordingCanvas:
        canv = _RecordingCanvas(*args, **kwargs)
        canvases.append(canv)
        return canv

    doc.build(story, canvasmaker=make_canvas)
    return buffer.getvalue(), doc, canvases[-1]


def build_front_matter(data: FrontMatterInput) -> FrontMatter:
    """Typeset the front matter; see the module docstring for page numbers and link coordinates.

    With no section to show (``data.sections`` empty), the result has ``pages == 0`` and ``pdf == b""``.
    """
    fonts.register()
    sections = _sections(data)
    if not sections:
        return FrontMatter(pdf=b"", pages=0)
    pdf, doc, canv = _render(data, _Styles(), sections)
    starts = doc.starts
    height = data.paper[1]
    links: list[LinkSpot] = []
    for page_index, (x0, y0, x1, y1), target in canv.spots:
        rect = (round(x0, 2), round(height - y1, 2), round(x1, 2), round(height - y0, 2))
        kind, _, value = target.partition(":")
        if kind == "body":
            links.append(LinkSpot(page_index=page_index, rect=rect, body_page=int(value)))
        elif kind == "front" and value in starts:
            links.append(LinkSpot(page_index=page_index, rect=rect, front_index=starts[value] - 1))
    marks = [SectionMark(TITLES[key], starts[key] - 1) for key in sections]
    return FrontMatter(pdf=pdf, pages=doc.page, links=links, sections=marks)
