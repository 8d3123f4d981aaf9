"""Emails typeset like a printed email: the headers, then the message."""

from __future__ import annotations

import re
from typing import Any

from iepdesk.binder.typeset.base import INCH, Typeset
from iepdesk.binder.typeset.layout import _Layout, _lines, _long_date, _para, _shorten
from iepdesk.binder.typeset.text import _cut, _not_printed
from iepdesk.items import ItemRecord
from iepdesk.limits import MAX_HEADER_CHARS, MAX_TYPESET_CHARS

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
