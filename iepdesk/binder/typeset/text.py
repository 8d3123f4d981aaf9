"""Notes, text and Word files page by page, each page of the item starting a new PDF page; beyond the limits,
runs of pages without text are shown as one page and the rest is named, not printed."""

from __future__ import annotations

from typing import Any, NamedTuple

from iepdesk.binder.typeset.base import DOCX, Typeset
from iepdesk.binder.typeset.layout import (
    FIT_COST,
    FITS,
    LINE_COST,
    _height,
    _Layout,
    _lines,
    _long_date,
    _para,
    _shorten,
)
from iepdesk.items import ItemRecord
from iepdesk.limits import MAX_TYPESET_CHARS, MAX_TYPESET_PAGES


class _Part(NamedTuple):
    """Pages ``first`` to ``last`` of the item, laid out together: ``text`` (one page's, or the start of it),
    then ``note``, which says what is not printed page for page."""

    first: int
    last: int
    text: str
    note: str = ""


def _cost(text: str) -> int:
    """What laying out ``text`` costs, in characters: each line counts a printed line's width more."""
    return len(text) + LINE_COST * text.count("\n")


def _cut(text: str, budget: int) -> str:
    """The start of ``text`` that costs at most ``budget`` (see _cost), ending at a line's end if it can."""
    end = used = 0
    while end < len(text):
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        used += line_end - end + LINE_COST
        if used > budget:
            return text[:end] if end else text[:budget]
        end = line_end + 1
    return text


def _parts(pages: list[str]) -> list[_Part]:
    """The item's pages as they are laid out: page for page, within MAX_TYPESET_PAGES and MAX_TYPESET_CHARS.

    Beyond them, what a parent and a hearing officer would expect from a printed exhibit: the pages that carry
    something are printed; runs of pages without any text (a Word file of page breaks) are shown as one page
    that says which pages they are; and what is left when a limit is reached is not printed but named on a
    last page (from which page, how many characters), the original being kept whole in the vault. The exhibit
    stays in the binder with its page numbers right (a pin cite to a page that is not printed lands on the
    page that says so), rather than the whole binder being refused for one enormous item.
    """
    parts: list[_Part] = []
    budget = MAX_TYPESET_CHARS
    collapse = len(pages) > MAX_TYPESET_PAGES
    number = 0
    while number < len(pages):
        text, first = pages[number], number + 1
        if collapse and not text.strip():
            last = first
            while last < len(pages) and not pages[last].strip():
                last += 1
            if last > first:
                parts.append(_Part(first, last, "", f"Pages {first:,} to {last:,} of the original "
                                   f"({last - first + 1:,} pages) have no text; this one page stands for them."))
                number = last
                continue
        if len(parts) + 1 >= MAX_TYPESET_PAGES or _cost(text) > budget:
            kept = _cut(text, budget) if len(parts) + 1 < MAX_TYPESET_PAGES else ""
            rest = len(text) - len(kept) + sum(len(page) for page in pages[first:])
            why = (f"{MAX_TYPESET_PAGES:,} pages" if len(parts) + 1 >= MAX_TYPESET_PAGES
                   else f"{MAX_TYPESET_CHARS:,} characters")
            where = f"from {'part way through ' if kept else ''}page {first:,}"
            parts.append(_Part(first, len(pages), kept, _not_printed(f"this document {where}", rest, why)))
            break
        budget -= _cost(text)
        parts.append(_Part(first, first, text))
        number += 1
    return parts


def _not_printed(what: str, characters: int, limit: str) -> str:
    return (f"The rest of {what} is not printed here ({characters:,} more characters): a binder lays out at most "
            f"{limit} of one document. The original is kept, whole and unchanged, in the IEPDesk vault; open it "
            "there, or give a copy of it along with this binder.")


def _text(media_type: str, page_texts: list[str], item: ItemRecord, paper: tuple[float, float]) -> Typeset:
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, PageBreak

    title = item.title.strip() or item.original_name
    layout = _Layout(paper, title, item.author, _shorten(title))
    pages = page_texts or [""]
    parts = _parts(pages)
    layout.item_pages = len(pages)
    meta = [_long_date(item.date) if item.date else "", (item.author or "").strip()]
    if item.origin == "note" and item.recipients:
        meta.append(f"With: {item.recipients.strip()}")
    meta_line = " · ".join(part for part in meta if part)
    flowables: list[Any] = [layout.start(1, parts[0].last), _para(title, "heading")]
    if meta_line:
        flowables.append(_para(meta_line, "meta"))
    flowables.append(HRFlowable(width="100%", thickness=0.75, color=colors.HexColor("#999999"), spaceBefore=6,
                                spaceAfter=10))
    style = "docx" if media_type == DOCX else "body"
    markdown = media_type == "text/markdown"
    width, room = layout.doc.width, layout.doc.height
    header = _height(flowables, width)
    for part in parts:
        if part.first > 1:
            flowables += [PageBreak(), layout.start(part.first, part.last - part.first + 1)]
        # Page N of the item should be PDF page N: shrink the text a little when that keeps it on one page
        # (not worth trying for a page far too long for one).
        for size, spacing in FITS if _cost(part.text) <= FIT_COST else ():
            body = _lines(part.text, style, markdown, size, spacing)
            body = body or ([] if part.note else [_para("(This page has no text.)", "blank")])
            if _height(body, width) <= room - (header if part.first == 1 else 0):
                break
        else:
            body = _lines(part.text, style, markdown)
        flowables += body + ([_para(part.note, "blank")] if part.note else [])
    return layout.build(flowables)
