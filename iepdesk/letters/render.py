"""A draft as a one-page PDF a parent signs and sends (ReportLab, Letter or A4).

From the top: the parent's name and contact lines under a thin rule, the date (and how it is sent), the
recipient, the "Re:" line with the child's name and date of birth, the greeting, the body (lines starting with
"- " become a list), the closing with room to sign, the printed name, then enclosures and cc. Fonts are DejaVu
Sans, embedded, with the CJK fallback for names DejaVu cannot print (binder/fonts.py). The type shrinks a little
when that keeps the letter on one page; a letter that still does not fit is refused, with what to shorten.
The same draft always gives the same bytes.
"""

from __future__ import annotations

import io
import itertools
import re
from functools import cache
from typing import Any

from iepdesk.binder import fonts
from iepdesk.errors import IEPDeskError
from iepdesk.letters.compose import Draft, delivery_line, recipient_lines, student_lines

INCH = 72.0
PAPER_SIZES = {"letter": (8.5 * INCH, 11 * INCH), "a4": (595.2756, 841.8898)}
SIDE = 1.0 * INCH
TOP = 0.7 * INCH
BOTTOM = 0.7 * INCH
SIGNATURE_SPACE = 0.6 * INCH
# (body size, space factor): tried in order until the letter fits its pages.
SIZES = ((11.0, 1.0), (10.5, 1.0), (10.5, 0.8), (10.0, 0.8), (9.5, 0.7), (9.0, 0.6))
GREY = "#444444"
RULE = "#888888"
_BULLET = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CITATION = re.compile(r"\b(\d+) (CFR|C\.F\.R\.|USC|U\.S\.C\.) (§ ?)?")  # "34 CFR 300.613" is not broken


class LetterError(IEPDeskError):
    """A letter that cannot be made yet (a field is missing, or it does not fit); the message says what to do."""

    exit_code = 1


def _markup(text: str) -> str:
    """Escaped Paragraph markup; runs DejaVu cannot print go to the CJK fallback font."""
    text = _CONTROL.sub("", text.replace("\t", " "))
    text = _CITATION.sub(lambda m: "\u00a0".join(x.strip() for x in m.groups() if x) + "\u00a0", text)
    return fonts.markup(text)


@cache
def _styles(size: float, space: float) -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    fonts.register()
    body = ParagraphStyle("letter-body", fontName=fonts.REGULAR, fontSize=size, leading=size * 1.32,
                          spaceAfter=size * 0.75 * space, bulletFontName=fonts.REGULAR, bulletFontSize=size)
    small = size - 1.5
    return {
        "body": body,
        "bullet": ParagraphStyle("letter-bullet", parent=body, leftIndent=size * 1.6, bulletIndent=size * 0.4,
                                 spaceAfter=size * 0.2 * space),
        "plain": ParagraphStyle("letter-plain", parent=body, spaceAfter=0),
        "name": ParagraphStyle("letter-name", parent=body, fontName=fonts.BOLD, fontSize=size + 2.5,
                               leading=(size + 2.5) * 1.25, spaceAfter=1),
        "contact": ParagraphStyle("letter-contact", parent=body, fontSize=small, leading=small * 1.3, spaceAfter=0,
                                  textColor=colors.HexColor(GREY)),
        "delivery": ParagraphStyle("letter-delivery", parent=body, fontName=fonts.ITALIC, spaceAfter=0),
        "re": ParagraphStyle("letter-re", parent=body, fontName=fonts.BOLD, spaceAfter=0),
        "re-line": ParagraphStyle("letter-re-line", parent=body, spaceAfter=0),
        "small": ParagraphStyle("letter-small", parent=body, fontSize=small, leading=small * 1.3, spaceAfter=0),
        "small-indent": ParagraphStyle("letter-small-indent", parent=body, fontSize=small, leading=small * 1.3,
                                       spaceAfter=0, leftIndent=small * 1.4),
    }


def _para(text: str, style: str, size: float, space: float, bullet: str | None = None) -> Any:
    from reportlab.platypus import Paragraph

    base = _styles(size, space)[style]
    if fonts.east_asian(text):
        from reportlab.lib.styles import ParagraphStyle

        base = ParagraphStyle(f"{base.name}-cjk", parent=base, wordWrap="CJK")
    return Paragraph(_markup(text), base, bulletText=bullet)


def _lines_para(lines: list[str], style: str, size: float, space: float) -> Any:
    """One paragraph of several lines, each kept on its own line."""
    from reportlab.platypus import Paragraph

    base = _styles(size, space)[style]
    return Paragraph("<br/>".join(_markup(line) for line in lines), base)


def _body(draft: Draft, size: float, space: float) -> list[Any]:
    """The body's paragraphs; lines starting with "- " (or "1.") become a list."""
    flowables: list[Any] = []
    for paragraph in draft.paragraphs:
        lines = [line.rstrip() for line in paragraph.split("\n") if line.strip()]
        for bulleted, group in itertools.groupby(lines, key=lambda line: bool(_BULLET.match(line))):
            chunk = list(group)
            if bulleted:
                for line in chunk:
                    mark = _BULLET.match(line)
                    assert mark is not None
                    number = mark.group().strip()
                    flowables.append(_para(line[mark.end():], "bullet", size, space,
                                           bullet=number if number[0].isdigit() else "•"))
                last = flowables[-1]
                last.style = _spaced(last.style, size * 0.75 * space)
            elif len(chunk) == 1:
                flowables.append(_para(chunk[0], "body", size, space))
            else:
                flowables.append(_lines_para(chunk, "body", size, space))
    return flowables


def _spaced(style: Any, after: float) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{style.name}-last", parent=style, spaceAfter=after)


def _flowables(draft: Draft, size: float, space: float, width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, KeepTogether, Spacer, Table, TableStyle

    v = draft.values
    gap = size * 1.25 * space + 2
    out: list[Any] = [_para(v["parent_name"], "name", size, space)]
    contact = [*v["parent_address"].splitlines()]
    reach = "  ·  ".join(x for x in (v["parent_phone"], v["parent_email"]) if x)
    if reach:
        contact.append(reach)
    out.append(_lines_para(contact, "contact", size, space))
    out.append(HRFlowable(width="100%", thickness=0.6, color=colors.HexColor(RULE), spaceBefore=size * 0.5,
                          spaceAfter=gap))
    out.append(_para(v["date"], "plain", size, space))
    if v["delivery"]:
        out.append(_para(delivery_line(v["delivery"]), "delivery", size, space))
    out.append(Spacer(0, gap))
    out.append(_lines_para(recipient_lines(draft), "plain", size, space))
    out.append(Spacer(0, gap))
    label = size * 2.9
    re_table = Table(
        [[_para("Re:", "re", size, space), [_para(draft.subject, "re", size, space),
                                              _lines_para(student_lines(draft), "re-line", size, space)]]],
        colWidths=[label, width - label], hAlign="LEFT")
    re_table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # else the table names Helvetica, which is not embedded
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    out += [re_table, Spacer(0, gap), _para(v["salutation"], "body", size, space)]
    out += _body(draft, size, space)
    signature = [Spacer(0, size * 0.3), _para(v["closing"], "plain", size, space), Spacer(0, SIGNATURE_SPACE),
                 _para(v["parent_name"], "plain", size, space),
                 _para(f"Parent of {v['student']}", "plain", size, space)]
    out.append(KeepTogether(signature))
    if v["enclosures"]:
        out += [Spacer(0, gap * 0.8), _para("Enclosures:", "small", size, space)]
        out += [_para(line, "small-indent", size, space) for line in v["enclosures"].splitlines() if line.strip()]
    if v["cc"]:
        out += [Spacer(0, gap * (0.4 if v["enclosures"] else 0.8)), _para(f"cc: {v['cc']}", "small", size, space)]
    return out


def _build(draft: Draft, size: float, space: float) -> tuple[bytes, int]:
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=PAPER_SIZES[draft.paper], leftMargin=SIDE, rightMargin=SIDE, topMargin=TOP,
        bottomMargin=BOTTOM, title=draft.subject, author=draft.value("parent_name"), subject=draft.template.title,
        creator="IEPDesk", invariant=1, initialFontName=fonts.REGULAR, initialFontSize=size,
    )  # the initial font is DejaVu too, so the PDF names no font it does not embed
    doc.build(_flowables(draft, size, space, doc.width))
    return buffer.getvalue(), doc.page


def check_ready(draft: Draft) -> None:
    if draft.missing:
        raise LetterError(f"The letter “{draft.template.title}” is not ready: fill in {', '.join(draft.missing)}. "
                          "Nothing was written.")


def render(draft: Draft, *, max_pages: int | None = None) -> bytes:
    """The letter as PDF bytes, on at most ``max_pages`` pages (by default as many as its template allows: one
    for a letter); refuses while a field is missing, naming it, and when the text does not fit, saying what to
    shorten."""
    check_ready(draft)
    max_pages = max_pages or draft.template.pages
    pages = 0
    for size, space in SIZES:
        pdf, pages = _build(draft, size, space)
        if pages <= max_pages:
            return pdf
    longest = max((f for f in draft.fields if f.multiline and f.key in {x.key for x in draft.template.fields}),
                  key=lambda f: len(f.value), default=None)
    what = f"shorten “{longest.label}” (now {len(longest.value.split())} words)" if longest and longest.value \
        else "shorten the text"
    limit = "one page" if max_pages == 1 else f"{max_pages} pages"
    raise LetterError(f"The letter “{draft.template.title}” does not fit on {limit} even in smaller type "
                      f"({pages} pages): {what}, or put the details in an enclosure.")


def page_count(pdf: bytes) -> int:
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return doc.page_count


def page_texts(pdf: bytes) -> list[str]:
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [page.get_text() for page in doc]
