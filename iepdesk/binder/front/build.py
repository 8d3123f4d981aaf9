"""Building the front matter in one pass, then drawing the contents' page numbers."""

from __future__ import annotations

import io

from iepdesk.binder import fonts
from iepdesk.binder.front.document import _Doc, _RecordingCanvas
from iepdesk.binder.front.sections import _Builder, _sections
from iepdesk.binder.front.text import TITLES, _Styles
from iepdesk.binder.model import (
    FrontMatter,
    FrontMatterInput,
    LinkSpot,
    SectionMark,
)

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
