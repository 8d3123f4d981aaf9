"""Day counting against examples worked out by hand on a calendar (conventions: iepdesk/timeline/days.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from iepdesk.timeline.days import DaysOff, add_years, count_between, federal_holidays, shift

D = dt.date


@pytest.mark.parametrize(("start", "length", "due"), [
    # 2 Oct 2025 + 60: Oct 3..31 is 29 days, Nov 1..30 is 30 more (59), Dec 1 is the 60th.
    (D(2025, 10, 2), 60, D(2025, 12, 1)),
    # 10 Feb 2026 + 45: Feb 11..28 is 18 days (2026 is not a leap year), Mar 1..27 is 27 more (45).
    (D(2026, 2, 10), 45, D(2026, 3, 27)),
    # 31 Jan 2028 + 30: Feb 1..29 is 29 days (2028 is a leap year), Mar 1 is the 30th.
    (D(2028, 1, 31), 30, D(2028, 3, 1)),
    # 15 Feb 2028 + 15: Feb 16..29 is 14 days, Mar 1 is the 15th; the same count in 2027 ends on Mar 2.
    (D(2028, 2, 15), 15, D(2028, 3, 1)),
    (D(2027, 2, 15), 15, D(2027, 3, 2)),
    # 20 Dec 2025 + 15 runs across the year's end: Dec 21..31 is 11 days, Jan 1..4 is 4 more.
    (D(2025, 12, 20), 15, D(2026, 1, 4)),
    # A calendar-day due date on a weekend is not moved: 4 days after Wednesday 1 Oct 2025 is Sunday 5 Oct.
    (D(2025, 10, 1), 4, D(2025, 10, 5)),
])
def test_calendar_days(start: dt.date, length: int, due: dt.date) -> None:
    assert shift(start, length, "calendar") == due
    assert count_between(start, due, "calendar") == length


def test_federal_holidays_are_the_observed_days() -> None:
    assert federal_holidays(2025) == {
        D(2025, 1, 1), D(2025, 1, 20), D(2025, 2, 17), D(2025, 5, 26), D(2025, 6, 19), D(2025, 7, 4),
        D(2025, 9, 1), D(2025, 10, 13), D(2025, 11, 11), D(2025, 11, 27), D(2025, 12, 25)}
    # 2026: Independence Day is a Saturday, kept on Friday 3 July.
    assert D(2026, 7, 3) in federal_holidays(2026) and D(2026, 7, 4) not in federal_holidays(2026)
    # New Year's Day 2022 was a Saturday: kept on Friday 31 December 2021. Juneteenth 2021 (Sat) on Fri 18 June.
    assert {D(2021, 12, 31), D(2021, 6, 18)} <= federal_holidays(2021)
    assert not any(d.month == 6 and d.day in (18, 19) for d in federal_holidays(2020))  # no Juneteenth yet


@pytest.mark.parametrize(("start", "length", "due"), [
    # Thu 15 Jan 2026 + 3 business days: Fri 16 (1); Sat 17, Sun 18 weekend; Mon 19 is Martin Luther King Jr.
    # Day; Tue 20 (2); Wed 21 (3).
    (D(2026, 1, 15), 3, D(2026, 1, 21)),
    # Mon 24 Nov 2025 + 5: Tue 25 (1), Wed 26 (2), Thu 27 Thanksgiving, Fri 28 (3) (not a federal holiday),
    # Mon 1 Dec (4), Tue 2 Dec (5).
    (D(2025, 11, 24), 5, D(2025, 12, 2)),
    # Fri 3 Oct 2025 + 1: the weekend does not count, and the count starts the day after: Mon 6 Oct.
    (D(2025, 10, 3), 1, D(2025, 10, 6)),
    # Counting from a Saturday: Sat 4 Oct 2025 + 1 is Mon 6 Oct.
    (D(2025, 10, 4), 1, D(2025, 10, 6)),
])
def test_business_days_skip_weekends_and_federal_holidays(start: dt.date, length: int, due: dt.date) -> None:
    assert shift(start, length, "business") == due
    assert count_between(start, due, "business") == length


def test_business_days_backwards_for_a_disclosure_before_a_hearing() -> None:
    # A hearing on Mon 16 Mar 2026: 5 business days before are Fri 13 (1), Thu 12 (2), Wed 11 (3), Tue 10 (4),
    # Mon 9 (5): disclose by Monday 9 March.
    assert shift(D(2026, 3, 16), -5, "business") == D(2026, 3, 9)
    assert count_between(D(2026, 3, 16), D(2026, 3, 9), "business") == -5
    # A hearing on Wed 21 Jan 2026: Tue 20 (1), Mon 19 MLK Day skipped, Fri 16 (2), Thu 15 (3), Wed 14 (4),
    # Tue 13 (5).
    assert shift(D(2026, 1, 21), -5, "business") == D(2026, 1, 13)


def test_a_state_holiday_entered_by_the_user_is_not_a_business_day() -> None:
    # Cesar Chavez Day (California), Tue 31 Mar 2026: Mon 30 Mar + 2 business days is Thu 2 Apr, not Wed 1 Apr.
    off = DaysOff.of(holidays=[D(2026, 3, 31)])
    assert shift(D(2026, 3, 30), 2, "business") == D(2026, 4, 1)
    assert shift(D(2026, 3, 30), 2, "business", off) == D(2026, 4, 2)


def test_school_days_skip_a_winter_break_the_user_entered() -> None:
    winter = DaysOff.of(breaks=[(D(2025, 12, 22), D(2026, 1, 2))])
    # Thu 18 Dec 2025 + 5 school days: Fri 19 (1); the break runs Mon 22 Dec to Fri 2 Jan (Christmas and New
    # Year's Day inside it); Mon 5 Jan (2), Tue 6 (3), Wed 7 (4), Thu 8 (5).
    assert shift(D(2025, 12, 18), 5, "school", winter) == D(2026, 1, 8)
    assert count_between(D(2025, 12, 18), D(2026, 1, 8), "school", winter) == 5
    # Without the break, the same count gives business days only: Fri 19 (1), Mon 22 (2), Tue 23 (3), Wed 24 (4),
    # Thu 25 Christmas skipped, Fri 26 (5).
    assert shift(D(2025, 12, 18), 5, "school") == D(2025, 12, 26)
    # 25 school days from Mon 1 Dec 2025 (Washington's rule for deciding on a request): Dec 2..19 are 14 school
    # days; the break; Jan 5..9 (19), Jan 12..16 (24), Mon 19 Jan is MLK Day, Tue 20 Jan (25).
    assert shift(D(2025, 12, 1), 25, "school", winter) == D(2026, 1, 20)
    # A break that ends on a Friday and a count that starts inside it: Wed 24 Dec + 1 school day is Mon 5 Jan.
    assert shift(D(2025, 12, 24), 1, "school", winter) == D(2026, 1, 5)


def test_years_keep_the_day_and_a_leap_day_falls_back_to_february_28() -> None:
    assert add_years(D(2025, 11, 20), 1) == D(2026, 11, 20)
    assert shift(D(2025, 11, 20), 3, "years") == D(2028, 11, 20)
    assert shift(D(2028, 2, 29), 1, "years") == D(2029, 2, 28)
    assert shift(D(2028, 2, 29), 4, "years") == D(2032, 2, 29)
    assert count_between(D(2028, 2, 29), D(2029, 2, 28), "years") == 1
    assert count_between(D(2028, 2, 29), D(2029, 2, 27), "years") == 0


def test_an_unknown_unit_and_an_endless_break_are_refused() -> None:
    with pytest.raises(ValueError, match="not a way of counting days"):
        shift(D(2026, 1, 1), 5, "weeks")
    forever = DaysOff.of(breaks=[(D(2026, 1, 1), D(2060, 1, 1))])
    with pytest.raises(ValueError, match="check the school breaks"):
        shift(D(2026, 1, 1), 5, "school", forever)
