"""The child's state counts the clocks: each example is worked by hand, with the count written out, against
the breaks and the summer a parent would enter. (Federal holidays are known; other days off are entered.)"""

from __future__ import annotations

import datetime as dt

import pytest

from iepdesk.errors import UsageError
from iepdesk.students import add_student, update_student
from iepdesk.timeline.breaks import add_day_off
from iepdesk.timeline.deadlines import Clock, deadlines
from iepdesk.timeline.events import add_event
from iepdesk.timeline.rules import RuleError, parse_rule_pack
from iepdesk.vault import Vault

D = dt.date


def _child(vault: Vault, state: str | None) -> int:
    return add_student(vault, "Sam Rivera", state=state).id


def _evaluation(vault: Vault, today: dt.date) -> Clock:
    [clock] = [c for c in deadlines(vault, today) if c.rule.id == "initial-evaluation"]
    return clock


def test_without_a_state_the_federal_date_comes_with_the_caveat(vault: Vault) -> None:
    _child(vault, None)
    add_event(vault, "consent_signed", D(2025, 10, 2))
    clock = _evaluation(vault, D(2025, 10, 3))
    assert clock.due == D(2025, 12, 1) and clock.rule.state is None
    assert clock.law().startswith("federal law: 34 CFR 300.301(c)") and "state's own timeframe" in clock.law()
    data = clock.as_json()
    assert {k: data[k] for k in ("rule", "state", "starts", "due", "status")} == {
        "rule": "initial-evaluation", "state": None, "starts": "2025-10-02", "due": "2025-12-01", "status": "open"}
    assert data["citation"].startswith("34 CFR 300.301")


def test_texas_counts_45_school_days_extends_them_by_absences_and_ends_the_year_on_june_30(vault: Vault) -> None:
    child = _child(vault, "TX")
    add_day_off(vault, D(2026, 3, 16), D(2026, 3, 20), name="Spring break")
    add_day_off(vault, D(2026, 4, 3), name="Good Friday")
    add_day_off(vault, D(2026, 5, 29), D(2026, 8, 18), name="Summer", kind="summer")  # back on Wed Aug 19
    consent = add_event(vault, "consent_signed", D(2026, 3, 2), student_id=child)
    # Mar 3-6: 4 · Mar 9-13: 9 · (spring break) · Mar 23-27: 14 · Mar 30-Apr 2: 18 (Apr 3 off) · Apr 6-10: 23
    # · Apr 13-17: 28 · Apr 20-24: 33 · Apr 27-May 1: 38 · May 4-8: 43 · May 11: 44 · May 12: 45
    clock = _evaluation(vault, D(2026, 3, 3))
    assert clock.due == D(2026, 5, 12) and clock.rule.state == "TX"
    assert clock.law() == "Texas law: Tex. Educ. Code 29.004(a), (a-1)"
    # three days absent in the period: three more school days (May 13, 14, 15)
    for day in (D(2026, 3, 4), D(2026, 3, 5), D(2026, 4, 7)):
        add_event(vault, "absence", day, student_id=child)
    clock = _evaluation(vault, D(2026, 3, 3))
    assert clock.due == D(2026, 5, 15) and "extended by 3 school day(s)" in clock.due_reason
    assert clock.start.id == consent.id


def test_texas_consent_35_to_44_school_days_before_the_last_day_is_due_june_30(vault: Vault) -> None:
    child = _child(vault, "TX")
    add_day_off(vault, D(2026, 3, 16), D(2026, 3, 20), name="Spring break")
    add_day_off(vault, D(2026, 4, 3), name="Good Friday")
    add_day_off(vault, D(2026, 5, 29), D(2026, 8, 18), name="Summer", kind="summer")
    add_event(vault, "consent_signed", D(2026, 3, 30), student_id=child)
    # school days left after Mar 30 to the last day, May 28: Mar 31-Apr 2: 3 · Apr 6-10: 8 · 13-17: 13 · 20-24: 18
    # · Apr 27-May 1: 23 · May 4-8: 28 · 11-15: 33 · 18-22: 38 · May 26-28: 41 (May 25 Memorial Day) → June 30
    clock = _evaluation(vault, D(2026, 3, 31))
    assert clock.due == D(2026, 6, 30) and "41 school day(s) before the last day" in clock.due_reason


def test_texas_consent_fewer_than_35_school_days_before_the_end_runs_on_after_the_summer(vault: Vault) -> None:
    child = _child(vault, "TX")
    add_day_off(vault, D(2026, 5, 29), D(2026, 8, 18), name="Summer", kind="summer")
    add_event(vault, "consent_signed", D(2026, 4, 13), student_id=child)
    # left: Apr 14-17: 4 · 20-24: 9 · Apr 27-May 1: 14 · May 4-8: 19 · 11-15: 24 · 18-22: 29 · 26-28: 32 → 13 more
    # after the summer: Aug 19-21: 3 · Aug 24-28: 8 · Aug 31-Sep 4: 13
    assert _evaluation(vault, D(2026, 4, 14)).due == D(2026, 9, 4)


def test_california_leaves_out_a_two_week_winter_break_but_not_thanksgiving(vault: Vault) -> None:
    child = _child(vault, "CA")
    add_day_off(vault, D(2025, 11, 24), D(2025, 11, 28), name="Thanksgiving break")  # 5 weekdays: counted
    add_day_off(vault, D(2025, 12, 22), D(2026, 1, 2), name="Winter break")  # 10 weekdays: left out
    add_event(vault, "consent_signed", D(2025, 11, 17), student_id=child)
    # Nov 18-30: 13 · Dec 1-21: 34 · (Dec 22-Jan 2, 12 days, not counted) · Jan 3 is day 35 · day 60 = Jan 28
    clock = _evaluation(vault, D(2025, 11, 18))
    assert clock.due == D(2026, 1, 28)
    assert "not counting breaks of 6 or more school days" in clock.due_reason


def test_georgia_leaves_out_a_five_day_break_with_its_weekends(vault: Vault) -> None:
    child = _child(vault, "GA")
    add_day_off(vault, D(2025, 11, 24), D(2025, 11, 28), name="Thanksgiving break")
    add_event(vault, "consent_signed", D(2025, 10, 1), student_id=child)
    # Oct 2-31: 30 · Nov 1-21: 51 · (Sat Nov 22 to Sun Nov 30 left out) · Dec 1: 52 · Dec 9: 60
    assert _evaluation(vault, D(2025, 10, 2)).due == D(2025, 12, 9)


def test_pennsylvania_does_not_count_the_summer(vault: Vault) -> None:
    child = _child(vault, "PA")
    add_day_off(vault, D(2026, 6, 12), D(2026, 8, 24), name="Summer", kind="summer")
    add_event(vault, "consent_signed", D(2026, 5, 1), student_id=child)
    # May 2-31: 30 · Jun 1-11: 41 · (Jun 12-Aug 24 left out) · Aug 25: 42 · Sep 12: 60
    assert _evaluation(vault, D(2026, 5, 2)).due == D(2026, 9, 12)


def test_illinois_counts_60_school_days_and_ends_before_the_next_year(vault: Vault) -> None:
    child = _child(vault, "IL")
    add_day_off(vault, D(2026, 3, 23), D(2026, 3, 27), name="Spring break")
    add_day_off(vault, D(2026, 6, 5), D(2026, 8, 18), name="Summer", kind="summer")
    add_event(vault, "consent_signed", D(2026, 1, 20), student_id=child)
    # Jan 21-23: 3 · Jan 26-30: 8 · Feb 2-6: 13 · Feb 9-13: 18 · Feb 17-20: 22 (Feb 16 Presidents' Day) · Feb 23-27: 27
    # · Mar 2-6: 32 · Mar 9-13: 37 · Mar 16-20: 42 · (spring break) · Mar 30-Apr 3: 47 · Apr 6-10: 52 · Apr 13-17: 57
    # · Apr 20: 58 · Apr 21: 59 · Apr 22: 60
    assert _evaluation(vault, D(2026, 1, 21)).due == D(2026, 4, 22)


def test_illinois_consent_too_near_the_end_of_the_year_is_due_before_the_next_one(vault: Vault) -> None:
    child = _child(vault, "IL")
    add_day_off(vault, D(2026, 6, 5), D(2026, 8, 18), name="Summer", kind="summer")
    add_event(vault, "consent_signed", D(2026, 4, 20), student_id=child)
    # 32 school days are left (Apr 21 to Jun 4): fewer than 60, so before the first day of the next year (Aug 19)
    assert _evaluation(vault, D(2026, 4, 21)).due == D(2026, 8, 18)


def test_north_carolina_counts_90_days_from_the_written_referral(vault: Vault) -> None:
    child = _child(vault, "NC")
    add_event(vault, "request_for_evaluation", D(2025, 9, 3), student_id=child)
    add_event(vault, "consent_signed", D(2025, 9, 20), student_id=child)
    # Sep 4-30: 27 · Oct: 58 · Nov: 88 · Dec 1: 89 · Dec 2: 90
    [clock] = [c for c in deadlines(vault, D(2025, 9, 21)) if c.rule.id == "initial-evaluation"]
    assert clock.start.kind == "request_for_evaluation" and clock.due == D(2025, 12, 2)


def test_the_state_is_set_once_for_the_child_and_a_wrong_one_is_refused(vault: Vault) -> None:
    child = _child(vault, None)
    add_event(vault, "consent_signed", D(2025, 10, 2))
    assert _evaluation(vault, D(2025, 10, 3)).due == D(2025, 12, 1)
    assert update_student(vault, child, state="north carolina").state == "NC"
    assert update_student(vault, child, state="tx").state == "TX"
    assert _evaluation(vault, D(2025, 10, 3)).rule.unit == "school"
    with pytest.raises(UsageError, match="two-letter postal code"):
        update_student(vault, child, state="Texass")


@pytest.mark.parametrize(("change", "message"), [
    ('skip_summer = true\nunit = "school"', "only applies to calendar days"),
    ('skip_weekends_around = true', "needs 'skip_breaks_of'"),
    ('year_end = { under = 45, due = "June 30" }\nunit = "school"', "a month and day"),
    ('year_end = { under = 45, due = "06-30" }', "its unit must be .school."),
    ('year_end = { under = 31, due = "next_year+30", counted_in = "weeks" }', "counted_in is"),
    ('year_end = { under = 31, due = "next_year+30", since = "referral" }', "'referral', which is not a kind"),
    ('due_at_age = 3\ntiming = "by the third birthday"', "so it has no 'length'"),
    ('due_at_age = "three"', "the child's age in years"),
    ('summer_to_fall = "yes"', "true or false"),
])
def test_a_state_rule_that_cannot_count_is_refused_with_its_line(change: str, message: str) -> None:
    text = f"""[pack]
id = "xx"
version = "1"
title = "A state"
state = "TX"

[[rule]]
id = "xx-rule"
title = "A rule"
starts = "consent_signed"
length = 10
{change}
citation = "A code"
"""
    with pytest.raises(RuleError, match=message) as refused:
        parse_rule_pack(text, "xx.toml")
    assert str(refused.value).startswith("xx.toml, line ")


def test_texas_ard_meets_30_days_after_the_report_or_on_the_first_day_of_the_fall(vault: Vault) -> None:
    child = _child(vault, "TX")
    add_day_off(vault, D(2026, 5, 29), D(2026, 8, 18), name="Summer", kind="summer")
    add_event(vault, "evaluation_received", D(2026, 2, 2), student_id=child)
    # Feb 3-28: 26 · Mar 1-4: 30
    [clock] = [c for c in deadlines(vault, D(2026, 2, 3)) if c.rule.id == "initial-iep"]
    assert clock.due == D(2026, 3, 4) and clock.rule.state == "TX" and "89.1011" in clock.law()
    add_event(vault, "evaluation_received", D(2026, 5, 15), student_id=child)
    # May 16-31: 16 · June 1-14: 30 → June 14 is in the summer → the first school day after it, Wednesday Aug 19
    late = [c for c in deadlines(vault, D(2026, 5, 16)) if c.rule.id == "initial-iep" and c.starts == D(2026, 5, 15)]
    assert late[0].due == D(2026, 8, 19) and "falls in the summer" in late[0].due_reason


def test_california_request_30_days_or_less_before_the_end_gets_30_days_into_the_next_year(vault: Vault) -> None:
    child = _child(vault, "CA")
    add_day_off(vault, D(2026, 6, 12), D(2026, 8, 24), name="Summer", kind="summer")
    add_event(vault, "request_for_evaluation", D(2026, 5, 20), student_id=child)
    add_event(vault, "consent_signed", D(2026, 5, 28), student_id=child)
    # the last school day is Thursday June 11: the request came 22 days before it (30 or less), so the IEP is due
    # 30 days after school starts again (Tuesday Aug 25): Aug 26-31: 6 · Sep 1-24: 30 → Sep 24
    clock = _evaluation(vault, D(2026, 5, 29))
    assert clock.due == D(2026, 9, 24) and "22 day(s) before the last day" in clock.due_reason


def test_california_request_earlier_in_the_spring_runs_the_60_days_around_the_summer(vault: Vault) -> None:
    child = _child(vault, "CA")
    add_day_off(vault, D(2026, 6, 12), D(2026, 8, 24), name="Summer", kind="summer")
    add_event(vault, "request_for_evaluation", D(2026, 4, 20), student_id=child)
    add_event(vault, "consent_signed", D(2026, 5, 28), student_id=child)
    # the request came 52 days before June 11: the 60 days run. May 29-Jun 11: 14 · (summer left out) · Aug 25: 15
    # · Aug 26-31: 21 · Sep: 51 · Oct 1-9: 60
    assert _evaluation(vault, D(2026, 5, 29)).due == D(2026, 10, 9)


def test_a_states_rule_on_recording_meetings_is_read_and_a_bad_one_named() -> None:
    from iepdesk.timeline.rules import state_rule_pack

    california = state_rule_pack("CA")
    assert california is not None and california.recording is not None
    assert california.recording[1] == "Cal. Ed. Code 56341.1(g)(1)" and "24 hours" in california.recording[0]
    text = '[pack]\nid = "xx"\nversion = "1"\ntitle = "A state"\nstate = "TX"\n\n[recording]\nrule = "Ask first."\n'
    text += '\n[[override]]\nrule = "initial-evaluation"\nlength = 45\ncitation = "A code"\n'
    with pytest.raises(RuleError, match=r"xx.toml, line 7: \[recording\] gives the state's rule"):
        parse_rule_pack(text, "xx.toml")
