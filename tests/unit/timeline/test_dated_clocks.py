"""Clocks due on a day of their own, not after a count: the child's third and sixteenth birthdays, the first day of
the next school year, and the procedural safeguards notice once a year. Each date is worked out by hand."""

from __future__ import annotations

import datetime as dt

from iepdesk.students import add_student
from iepdesk.timeline.breaks import add_day_off
from iepdesk.timeline.deadlines import Clock, deadlines
from iepdesk.timeline.events import add_event
from iepdesk.vault import Vault

D = dt.date


def _clocks(vault: Vault, rule: str, today: dt.date) -> list[Clock]:
    return [c for c in deadlines(vault, today) if c.rule.id == rule]


def test_an_iep_is_due_by_the_third_birthday_of_a_child_in_early_intervention(vault: Vault) -> None:
    child = add_student(vault, "Ana", birth_date=D(2024, 3, 10)).id
    add_event(vault, "early_intervention", D(2025, 1, 6), student_id=child)
    add_event(vault, "early_intervention", D(2025, 9, 1), student_id=child)  # still one third birthday
    [clock] = _clocks(vault, "iep-by-third-birthday", D(2026, 12, 6))
    # born March 10, 2024: three on March 10, 2027; Dec 6 to Mar 10 is 25 + 31 + 28 + 10 = 94 days
    assert (clock.due, clock.status, clock.days_left) == (D(2027, 3, 10), "open", 94)
    assert "born March 10, 2024" in clock.due_reason and "34 CFR 300.124(b)" in clock.rule.citation
    add_event(vault, "iep_meeting", D(2027, 2, 22), student_id=child)
    [clock] = _clocks(vault, "iep-by-third-birthday", D(2027, 3, 1))
    assert clock.status == "met" and clock.stopped_by is not None and clock.stopped_by.date == D(2027, 2, 22)


def test_without_a_date_of_birth_the_birthday_clock_says_what_to_enter(vault: Vault) -> None:
    add_student(vault, "Ana")
    add_event(vault, "early_intervention", D(2025, 1, 6))
    [clock] = _clocks(vault, "iep-by-third-birthday", D(2026, 12, 6))
    assert clock.due is None and clock.status == "open"
    assert "enter the child's date of birth" in clock.sentence()


def test_no_child_in_early_intervention_no_third_birthday_clock(vault: Vault) -> None:
    add_student(vault, "Ana", birth_date=D(2024, 3, 10))
    add_event(vault, "request_for_evaluation", D(2026, 11, 2))
    assert _clocks(vault, "iep-by-third-birthday", D(2026, 12, 6)) == []


def test_the_iep_in_effect_at_sixteen_must_plan_for_after_high_school(vault: Vault) -> None:
    child = add_student(vault, "Leo", birth_date=D(2011, 5, 2)).id
    add_event(vault, "iep_meeting", D(2025, 4, 20), student_id=child)
    add_event(vault, "iep_meeting", D(2026, 4, 20), student_id=child)
    [clock] = _clocks(vault, "transition-planning", D(2026, 12, 6))
    assert (clock.due, clock.status) == (D(2027, 5, 2), "open")  # sixteen on May 2, 2027
    add_event(vault, "transition_plan", D(2027, 4, 15), student_id=child, today=D(2027, 4, 15))
    [clock] = _clocks(vault, "transition-planning", D(2027, 5, 10))
    assert clock.status == "met"


def test_a_child_found_eligible_in_the_spring_needs_an_iep_when_school_starts(vault: Vault) -> None:
    add_student(vault, "Sam")
    add_event(vault, "eligibility_meeting", D(2026, 5, 26), outcome="eligible")
    [clock] = _clocks(vault, "iep-by-school-year", D(2026, 6, 1))
    assert clock.due is None and "enter the summer break" in clock.sentence()
    add_day_off(vault, D(2026, 6, 5), D(2026, 8, 18), name="Summer", kind="summer")
    [clock] = _clocks(vault, "iep-by-school-year", D(2026, 6, 1))
    assert clock.due == D(2026, 8, 19)  # the summer ends Tuesday Aug 18; school starts Wednesday Aug 19
    [thirty] = _clocks(vault, "initial-iep", D(2026, 6, 1))
    assert thirty.due == D(2026, 6, 25)  # May 27-31: 5 · June 1-25: 30: the 30 days come first


def test_not_eligible_starts_no_school_year_clock(vault: Vault) -> None:
    add_student(vault, "Sam")
    add_event(vault, "eligibility_meeting", D(2026, 5, 26), outcome="not_eligible")
    assert _clocks(vault, "iep-by-school-year", D(2026, 6, 1)) == []


def test_the_safeguards_notice_comes_once_a_year(vault: Vault) -> None:
    add_student(vault, "Sam")
    add_event(vault, "safeguards_received", D(2025, 9, 2))
    [clock] = _clocks(vault, "safeguards-notice", D(2026, 12, 6))
    assert (clock.due, clock.status) == (D(2026, 9, 2), "overdue")
    add_event(vault, "safeguards_received", D(2026, 10, 5))
    clocks = _clocks(vault, "safeguards-notice", D(2026, 12, 6))
    assert [(c.starts, c.status) for c in clocks] == [(D(2026, 10, 5), "open"), (D(2025, 9, 2), "missed")]
