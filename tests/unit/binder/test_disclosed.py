"""Stable exhibit numbers, as a table of cases: labels read back to their places, kept labels first, new ones
after the highest, missing ones named."""

from __future__ import annotations

import datetime as dt

from iepdesk.binder.disclosed import Disclosed, number
from iepdesk.binder.options import BinderOptions

DAY = dt.date(2026, 12, 7)


def test_labels_read_back_to_their_places() -> None:
    numbers = Disclosed(1, DAY, {}, "P-", False, 1)
    assert [numbers.index_of(x) for x in ("P-1", "P-27", "P-0", "R-3", "P-x")] == [0, 26, None, None, None]
    letters = Disclosed(1, DAY, {}, "Ex ", True, 1)
    assert [letters.index_of(x) for x in ("Ex A", "Ex Z", "Ex AA", "Ex a")] == [0, 25, 26, None]


def test_kept_labels_come_first_and_new_ones_follow_the_highest() -> None:
    kept = Disclosed(1, DAY, {10: "P-1", 11: "P-2", 12: "P-3"}, "P-", False, 1)
    result = number([99, 12, 10], BinderOptions(), kept)
    assert result.order == [10, 12, 99]
    assert result.labels == {10: "P-1", 12: "P-3", 99: "P-4"}
    assert result.added == ("P-4",) and result.missing == ("P-2",)
    assert result.sentence() == ("The exhibits disclosed on December 7, 2026 keep their numbers. New since then: P-4 "
                                 "(they follow the disclosed ones). Not in this binder: P-2 (their numbers stay "
                                 "unused).")
    # the disclosed binder's scheme wins over a new prefix, so the labels stay one series
    assert number([99], BinderOptions(exhibit_prefix="X-"), kept).labels == {99: "P-4"}


def test_without_a_disclosure_or_when_asked_the_numbers_run_in_order() -> None:
    kept = Disclosed(1, DAY, {10: "P-1"}, "P-", False, 1)
    assert number([5, 10], BinderOptions(), None).labels == {5: "P-1", 10: "P-2"}
    fresh = number([5, 10], BinderOptions(keep_numbers=False), kept)
    assert fresh.order == [5, 10] and fresh.labels == {5: "P-1", 10: "P-2"} and fresh.sentence() == ""
