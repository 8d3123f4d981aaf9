"""The papers of a disclosure packet, after its cover letter: the exhibit list, the witness list and the
certificate of service (ReportLab, the binder's fonts and table style). Each starts on its own page under the
same caption, so a hearing officer can file them apart."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, PageBreak, Spacer

from iepdesk.binder import fonts
from iepdesk.binder.front.flowables import _Para
from iepdesk.binder.front.sections import _column_width, _table
from iepdesk.binder.front.text import INCH, _bates_range, _mk, _Styles, format_date
from iepdesk.binder.model import ExhibitEntry


@dataclass(frozen=True)
class Witness:
    name: str
    role: str  # "School psychologist, Maple Grove Unified School District"
    about: str  # what they will speak to


@dataclass(frozen=True)
class Served:
    name: str
    where: str  # organisation, email or postal address: where it was sent


@dataclass(frozen=True)
class PacketPapers:
    child: str
    school: str | None
    hearing: str  # "Due-process hearing, January 7, 2027"
    parent: str
    parent_lines: tuple[str, ...]  # the parent's address, phone, email
    exhibits: tuple[ExhibitEntry, ...]
    binder_name: str  # the exhibits' file
    binder_pages: int
    binder_sha256: str
    witnesses: tuple[Witness, ...]
    served: tuple[Served, ...]
    served_how: str
    served_on: dt.date
    paper: tuple[float, float]


def render_papers(papers: PacketPapers) -> bytes:
    from reportlab.platypus import SimpleDocTemplate

    fonts.register()
    styles = _Styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=papers.paper, leftMargin=0.6 * INCH, rightMargin=0.6 * INCH,
                            topMargin=0.7 * INCH, bottomMargin=0.75 * INCH, title=f"Disclosure — {papers.child}",
                            author=papers.parent, creator="IEPDesk", invariant=1, initialFontName=fonts.REGULAR)

    def footer(canvas: object, template: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(fonts.REGULAR, 8)  # type: ignore[attr-defined]
        canvas.setFillColor(styles.footer.textColor)  # type: ignore[attr-defined]
        canvas.drawString(doc.leftMargin, 0.45 * INCH,  # type: ignore[attr-defined]
                          f"{papers.child}: disclosure for the {papers.hearing[0].lower()}{papers.hearing[1:]}")
        canvas.drawRightString(papers.paper[0] - doc.rightMargin, 0.45 * INCH,  # type: ignore[attr-defined]
                               f"Page {canvas.getPageNumber() + 1}")  # type: ignore[attr-defined]  # 1: the letter
        canvas.restoreState()  # type: ignore[attr-defined]

    story = [*_exhibit_list(papers, styles, doc.width), PageBreak(), *_witness_list(papers, styles, doc.width),
             PageBreak(), *_certificate(papers, styles)]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _caption(papers: PacketPapers, styles: _Styles, title: str) -> list[Flowable]:
    school = f" — {escape(papers.school)}" if papers.school else ""
    return [_Para(f"In the matter of {_mk(papers.child)}{school}", styles.cover_small),
            _Para(escape(papers.hearing), styles.cover_small),
            _Para(f"Submitted by {_mk(papers.parent)}, parent", styles.cover_small),
            Spacer(1, 8), _Para(escape(title), styles.heading)]


def _exhibit_list(papers: PacketPapers, s: _Styles, width: float) -> list[Flowable]:
    exhibits = papers.exhibits
    label_width = min(_column_width((e.label for e in exhibits), s.cell_head, "Exhibit"), width * 0.15)
    date_width = _column_width((_day(e.date) for e in exhibits), s.cell, "Date")
    bates_width = _column_width((e.bates_first for e in exhibits), s.cell_small, "Bates")
    pages_width = _column_width((str(e.pages) for e in exhibits), s.cell, "Pages")
    box = _column_width((), s.cell_head, "Received")  # room for a date or initials
    widths = [label_width, date_width, 0.0, pages_width, bates_width, box, box, box + 12]
    widths[2] = width - sum(widths)
    rows: list[list[object]] = [[_Para(h, s.cell_head) for h in
                                 ("Exhibit", "Date", "Description", "Pages", "Bates", "Offered", "Received",
                                  "Witness")]]
    for e in exhibits:
        details = " · ".join(_mk(part) for part in (e.kind, e.author) if part and part != "Other")
        description: list[Flowable] = [_Para(_mk(e.title) or "(untitled)", s.cell)]
        if details:
            description.append(_Para(details, s.cell_small))
        rows.append([_Para(_mk(e.label), s.cell_head), _Para(_day(e.date), s.cell), description,
                     _Para(str(e.pages), s.cell),
                     _Para(escape(_bates_range(e)).replace("\u2013", "<br/>\u2013"), s.cell_small), "", "", ""])
    total = sum(e.pages for e in exhibits)
    first, last = (exhibits[0], exhibits[-1]) if exhibits else (None, None)
    span = f"{first.label} to {last.label}" if first and last and first is not last else (first.label if first
                                                                                            else "none")
    return [*_caption(papers, s, "Exhibit list"),
            _Para(f"{len(exhibits)} exhibit(s), {span}, {total} page(s) in all, in the file "
                  f"“{_mk(papers.binder_name)}” ({papers.binder_pages} pages with its index; SHA-256 "
                  f"{papers.binder_sha256[:16]}…). Each page of an exhibit carries its label and Bates number. "
                  "The Offered, Received and Witness columns are left blank for the hearing.", s.note),
            _table(rows, widths, min_height=26)]


def _day(day: dt.date | None) -> str:
    """A date in the short form exhibit lists use: 09/18/2025."""
    return f"{day:%m/%d/%Y}" if day else "undated"


def _witness_list(papers: PacketPapers, s: _Styles, width: float) -> list[Flowable]:
    story = _caption(papers, s, "Witness list")
    if not papers.witnesses:
        return [*story, _Para("The parent names no witness at this time and reserves the right to call the "
                              "district's witnesses and to call rebuttal witnesses.", s.body)]
    widths = [width * 0.26, width * 0.3, width * 0.44]
    rows: list[list[object]] = [[_Para(h, s.cell_head) for h in ("Witness", "Role", "Will speak to")]]
    rows += [[_Para(_mk(w.name), s.cell), _Para(_mk(w.role), s.cell), _Para(_mk(w.about) or "—", s.cell)]
             for w in papers.witnesses]
    return [*story, _Para("The parent may call these witnesses, and reserves the right to call the district's "
                          "witnesses and rebuttal witnesses.", s.note), _table(rows, widths, min_height=22)]


def _certificate(papers: PacketPapers, s: _Styles) -> list[Flowable]:
    story = _caption(papers, s, "Certificate of service")
    story.append(_Para(
        f"I certify that on {escape(format_date(papers.served_on))} I served this disclosure (the cover letter, "
        f"the exhibit list, the witness list and the {len(papers.exhibits)} exhibit(s) in the file "
        f"“{_mk(papers.binder_name)}”) {escape(papers.served_how)} on:", s.body))
    for person in papers.served:
        where = f", {_mk(person.where)}" if person.where else ""
        story.append(_Para(f"{_mk(person.name)}{where}", s.cite))
    story += [Spacer(1, 36), _Para("_" * 44, s.body), _Para(_mk(papers.parent) + ", parent of " + _mk(papers.child),
                                                             s.body)]
    story += [_Para(_mk(line), s.cover_small) for line in papers.parent_lines]
    story.append(_Para(f"Date: {escape(format_date(papers.served_on))}", s.body))
    return story
