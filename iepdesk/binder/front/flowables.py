"""The pieces the front matter is laid out with: rules, filled space, paragraphs that cut long words,
paragraph shapes filled with plain text, and the contents' lines with their leaders."""

from __future__ import annotations

import math
import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    Flowable,
    Paragraph,
)
from reportlab.platypus.paragraph import cleanBlockQuotedText

from iepdesk.binder import fonts
from iepdesk.binder.front.text import GREY, GRID, INK, _href

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
