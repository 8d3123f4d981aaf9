"""The front matter's document: odd and even page templates, section starts, footers, and a canvas that
hands the links back instead of writing them."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
)

from iepdesk.binder import fonts
from iepdesk.binder.front.text import (
    _SCHEME,
    FOOTER_Y,
    GREY,
    INK,
    MARGIN,
    _draw_mixed,
    _fit,
    _page_form,
    _Styles,
    roman,
)
from iepdesk.binder.model import (
    FrontMatterInput,
)

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
            initialFontName=fonts.REGULAR,  # so the PDF names no font it does not embed
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
