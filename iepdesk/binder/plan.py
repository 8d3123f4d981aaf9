"""Where everything goes in the binder: labels, slipsheets, blank pages and page numbers. Pure: no PDF work.

The body (everything after the front matter) is numbered 1, 2, 3 … With duplex printing the front matter
has an even number of pages, so an odd body page is a right-hand page: every slipsheet and every exhibit
starts on one, with a blank page before it when needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iepdesk.binder.options import Bates, BinderOptions, exhibit_label


@dataclass(frozen=True)
class PlannedExhibit:
    item_id: int
    label: str
    slipsheet: int | None  # body page of its slipsheet
    first_page: int  # body page of the original's first page
    last_page: int
    bates_first: int  # index into the Bates sequence
    pages: int
    starts: tuple[int, ...] = ()  # for a typeset item: the exhibit page where each of its own pages begins

    def body_page(self, page: int) -> int:
        """Body page where the document's page ``page`` (1-based) begins."""
        if self.starts and 1 <= page <= len(self.starts):
            return self.first_page + self.starts[page - 1] - 1
        return self.first_page + min(page, self.pages) - 1


@dataclass(frozen=True)
class Plan:
    exhibits: tuple[PlannedExhibit, ...]
    blanks: tuple[int, ...]  # body pages left blank for duplex
    body_pages: int
    bates: Bates
    printed: dict[int, tuple[str, ...]] = field(default_factory=dict)  # typeset items: each printed page's text

    def exhibit(self, item_id: int) -> PlannedExhibit | None:
        return next((e for e in self.exhibits if e.item_id == item_id), None)

    def bates_of(self, exhibit: PlannedExhibit, page: int) -> str:
        return self.bates.number(exhibit.bates_first + page - 1)


def plan_binder(pages: list[tuple[int, int, tuple[int, ...]]], options: BinderOptions, bates: Bates,
                printed: dict[int, tuple[str, ...]] | None = None, labels: dict[int, str] | None = None) -> Plan:
    """``pages``: (item id, page count, where each of the document's own pages starts — empty when they are the
    same) in binder order; ``printed``: the text of each printed page of the items laid out by IEPDesk (an
    email), so a quote is cited at the page it is printed on; ``labels``: labels kept from a disclosed binder
    (the others are numbered in order)."""
    exhibits: list[PlannedExhibit] = []
    blanks: list[int] = []
    next_page = 1
    next_bates = 0

    def right_hand() -> None:
        nonlocal next_page
        if options.duplex and next_page % 2 == 0:
            blanks.append(next_page)
            next_page += 1

    for index, (item_id, count, starts) in enumerate(pages):
        slipsheet = None
        if options.slipsheets:
            right_hand()
            slipsheet = next_page
            next_page += 1
        right_hand()
        label = (labels or {}).get(item_id) or exhibit_label(index, options)
        exhibits.append(PlannedExhibit(item_id, label, slipsheet, next_page,
                                       next_page + count - 1, next_bates, count, starts))
        next_page += count
        next_bates += count
    return Plan(tuple(exhibits), tuple(blanks), next_page - 1, bates, dict(printed or {}))
