"""Each section of the front matter, as the flowables that make it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from iepdesk.binder import fonts
from iepdesk.binder.front.flowables import _FillTo, _Finish, _Para, _Rule, _SectionStart, _Shapes, _TocLine
from iepdesk.binder.front.text import (
    _LABEL_LINK,
    GRID,
    GROUP_BG,
    HEADER_BG,
    INCH,
    MONO,
    ORDER,
    STATUS,
    TITLES,
    _bates_range,
    _cites,
    _href,
    _mk,
    _page_form,
    _Styles,
    format_date,
)
from iepdesk.binder.model import (
    ChronologyEntry,
    CommunicationEntry,
    CriterionSummary,
    ExhibitEntry,
    FrontMatterInput,
    PinCite,
)

# ---------------------------------------------------------------------------------------------------------------
# Sections


def _sections(data: FrontMatterInput) -> list[str]:
    has = {
        "cover": True,
        "contents": True,
        "statement": bool(data.statement and data.statement.strip()),
        "answers": bool(data.answers),
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
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # for empty cells too: no font the PDF does not embed
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
            "answers": self.answers,
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
                _Para(escape(f"Prepared on {format_date(d.prepared_on)}"), s.cover_small)]
        if d.copy == "working":
            out.append(_Para("Working copy, for you and your advocate: it shows where the case is strong and where "
                             "it is thin, and your notes. Make a disclosure copy for the school or a hearing.",
                             s.cover_small))
        out += [_FillTo(40), _Rule(space=4),
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

    # -- the school's reasons, answered
    def answers(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [self.heading("answers"), _Para(
            "Each reason the school gave for its decision, where the record shows it, the rule that answers it, "
            "and the passages of the record that answer it, the strongest first.", s.note)]
        for answer in self.data.answers:
            title = _mk(answer.title)
            if answer.citation:
                title += f'  <font name="{fonts.REGULAR}" size="8.5" color="#555555">{_mk(answer.citation)}</font>'
            block: list[Flowable] = [_Para(title, s.criterion)]
            if answer.said:
                shape, fields = _cites(dict.fromkeys(q.cite for q in answer.said))
                block.append(self.para(s.quote_note, "<b>In the record:</b> " + shape, **fields))
            if answer.law:
                block.append(self.para(s.quote_note, "<b>The rule:</b> {law}", law=_mk(answer.law)))
            out.append(KeepTogether(block))
            for element, entry in answer.answers:
                quote = [self.cite_para(s.cite, [entry.cite], bold=True)]
                quote.append(self.para(s.quote, "“{quote}”", quote=_mk((entry.quote or "").strip())))
                quote.append(self.para(s.quote_note, "Shows: {element}", element=_mk(element)))
                out.append(KeepTogether(quote))
            if not answer.answers:
                out.append(_Para("No passage of this binder is tagged yet to an element that answers it.", s.note))
            out.append(Spacer(1, 6))
        return out

    # -- criteria summary
    def _status(self, status: str) -> str:
        symbol, words, colour = STATUS.get(status.lower(), STATUS["none"])
        return f'<font color="{colour.hexval()}">{symbol}</font> {words}'

    def criteria(self) -> list[Flowable]:
        s = self.s
        w = self.width
        working = self.data.copy == "working"  # a disclosure copy says where the evidence is, not how strong
        widths = [w * 0.46, w * 0.17, w * 0.37] if working else [w * 0.5, w * 0.5]
        rows: list[list[object]] = [[_Para("Element", s.cell_head), _Para("Status", s.cell_head),
                                     _Para("Exhibits (pin cites)", s.cell_head)]]
        if not working:
            del rows[0][1]
        extra: list[tuple] = []
        group = None
        for criterion in self.data.criteria:
            if criterion.group != group:
                group = criterion.group
                row = len(rows)
                rows.append([_Para(_mk(group) or "Other", s.cell_group), ""] + ([""] if working else []))
                extra += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), GROUP_BG)]
            element = [self.text(s.cell, _mk(criterion.title))]
            if criterion.citation:
                element.append(self.text(s.cell_small, _mk(criterion.citation)))
            cites = (self.cite_para(s.cell, criterion.cites) if criterion.cites
                     else _Para('<font color="#555555">—</font>', s.cell))
            rows.append([element, _Para(self._status(criterion.status), s.cell), cites] if working else
                        [element, cites])
        legend = " ".join(f'<font color="{c.hexval()}">{sym}</font> {words}' for sym, words, c in STATUS.values())
        how = "Pin cites give the exhibit and its page; “P-4 at 3” is page 3 of exhibit P-4."
        return [self.heading("criteria"), _Para(f"Status: {legend}. {how}" if working else how, s.note),
                _table(rows, widths, extra)]

    # -- evidence by criterion
    def evidence(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [self.heading("evidence")]
        group = None
        for criterion in self.data.criteria:
            if not criterion.quotes:
                continue
            heading: list[Flowable] = []  # the group's and the element's headings, kept with the first quote
            if criterion.group != group:
                group = criterion.group
                heading.append(_Para(_mk(group), s.subheading))
            heading.append(self._criterion_heading(criterion))
            for entry in criterion.quotes:
                block: list[Flowable] = [*heading, self.cite_para(s.cite, [entry.cite], bold=True)]
                heading = []
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
        bates_width = _column_width((e.bates_first for e in self.data.exhibits), s.cell_small, "Bates")
        pages_width = _column_width((str(e.pages) for e in self.data.exhibits), s.cell, "Pages")
        box_width = _column_width((), s.cell_head, "Received") + 2  # room to write a date or initials
        widths = [label_width, date_width, 0.0, bates_width, pages_width, box_width, box_width]
        widths[2] = w - sum(widths)
        heads = ["Exhibit", "Date", "Description", "Bates", "Pages", "Offered", "Received"]
        rows: list[list[object]] = [[_Para(h, s.cell_head) for h in heads]]
        for exhibit in self.data.exhibits:
            details = " · ".join(_mk(part) for part in (exhibit.kind, exhibit.source, exhibit.author) if part)
            description: list[Flowable] = [self.text(s.cell, _mk(exhibit.title) or "(untitled)")]
            if details:
                description.append(self.text(s.cell_small, details))
            rows.append([self.label_para(s.cell, exhibit), self.text(s.cell, escape(format_date(exhibit.date))),
                         description, self.text(s.cell_small, escape(_bates_range(exhibit)).replace("\u2013",
                                                                                                     "<br/>\u2013")),
                         self.text(s.cell, str(exhibit.pages)), "", ""])
        return [self.heading("index"),
                _Para("Bates numbers are printed at the foot of every exhibit page, with the exhibit's own page "
                      "(“P-4 p. 2 of 5”). The Offered and Received columns are left blank for the hearing "
                      "officer.", s.note),
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
                      f"with <font name=\"{MONO}\">sha256sum</font> or <font name=\"{MONO}\">certutil -hashfile "
                      "FILE SHA256</font>) and getting the same 64 characters proves the file is unchanged; any "
                      "change to the file, however small, gives a different fingerprint.", s.body),
                _table(rows, widths)]
