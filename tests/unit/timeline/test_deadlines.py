"""Clocks computed from events with an injected 'today': met, missed, open, due soon, overdue and the rest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from iepdesk.errors import UsageError
from iepdesk.timeline.breaks import add_day_off
from iepdesk.timeline.deadlines import Clock, deadlines
from iepdesk.timeline.events import add_event, update_event
from iepdesk.timeline.rules import add_rule_pack
from iepdesk.vault import Vault

D = dt.date


def clocks(vault: Vault, today: dt.date, rule: str | None = None) -> list[Clock]:
    found = deadlines(vault, today)
    return [c for c in found if rule is None or c.rule.id == rule]


def only(vault: Vault, today: dt.date, rule: str) -> Clock:
    [clock] = clocks(vault, today, rule)
    return clock


def test_the_evaluation_clock_met_and_missed(vault: Vault) -> None:
    consent = add_event(vault, "consent_signed", D(2025, 10, 2))
    meeting = add_event(vault, "eligibility_meeting", D(2025, 11, 20), outcome="not_eligible")
    clock = only(vault, D(2026, 3, 1), "initial-evaluation")
    assert (clock.starts, clock.due, clock.status) == (D(2025, 10, 2), D(2025, 12, 1), "met")
    assert clock.stopped_by is not None and clock.stopped_by.id == meeting.id and clock.start.id == consent.id
    assert clock.days_left is None
    assert "due December 1, 2025 (60 calendar days after consent for evaluation signed on October 2, 2025)" \
        in clock.sentence()
    assert clocks(vault, D(2026, 3, 1), "initial-iep") == []  # found not eligible: no IEP clock
    assert clocks(vault, D(2026, 3, 1), "reevaluation") == []
    update_event(vault, meeting.id, date=D(2025, 12, 5))
    late = only(vault, D(2026, 3, 1), "initial-evaluation")
    assert late.status == "missed"
    assert late.sentence().endswith("eligibility meeting on December 5, 2025, 4 day(s) late.")


@pytest.mark.parametrize(("today", "status", "left"), [
    (D(2026, 2, 10), "open", 45),
    (D(2026, 3, 1), "open", 26),
    (D(2026, 3, 19), "open", 8),
    (D(2026, 3, 20), "due_soon", 7),
    (D(2026, 3, 27), "due_soon", 0),
    (D(2026, 3, 28), "overdue", -1),
    (D(2026, 6, 1), "overdue", -66),
])
def test_the_records_clock_runs_with_today(vault: Vault, today: dt.date, status: str, left: int) -> None:
    add_event(vault, "records_requested", D(2026, 2, 10))
    clock = only(vault, today, "records-request")
    assert (clock.due, clock.status, clock.days_left, clock.left_in_unit) == (D(2026, 3, 27), status, left, left)


def test_an_answer_stops_the_clock_it_names_and_a_later_one_waits(vault: Vault) -> None:
    first = add_event(vault, "records_requested", D(2026, 1, 5))
    second = add_event(vault, "records_requested", D(2026, 2, 10))
    answer = add_event(vault, "records_received", D(2026, 2, 20), response_to=second.id)
    by_start = {c.start.id: c for c in clocks(vault, D(2026, 3, 1), "records-request")}
    assert by_start[second.id].status == "met" and by_start[second.id].stopped_by.id == answer.id  # type: ignore[union-attr]
    assert by_start[first.id].status == "overdue" and by_start[first.id].due == D(2026, 2, 19)
    # an answer that names nothing stops the earliest clock still running
    add_event(vault, "records_received", D(2026, 2, 25))
    by_start = {c.start.id: c for c in clocks(vault, D(2026, 3, 1), "records-request")}
    assert by_start[first.id].status == "missed" and by_start[first.id].stopped_by.date == D(2026, 2, 25)  # type: ignore[union-attr]


def test_an_answer_dated_after_today_does_not_stop_a_clock_yet(vault: Vault) -> None:
    add_event(vault, "records_requested", D(2026, 2, 10))
    add_event(vault, "records_received", D(2026, 3, 10), today=D(2026, 3, 10))
    assert only(vault, D(2026, 3, 1), "records-request").status == "open"
    assert only(vault, D(2026, 3, 10), "records-request").status == "met"


def test_a_stop_event_before_its_start_is_refused_as_impossible(vault: Vault) -> None:
    request = add_event(vault, "records_requested", D(2026, 2, 10))
    with pytest.raises(UsageError, match=r"Impossible dates: this records received on February 1, 2026 would answer "
                                         r"event \d+ \(Records requested, February 10, 2026\), which comes after it"):
        add_event(vault, "records_received", D(2026, 2, 1), response_to=request.id)
    answer = add_event(vault, "records_received", D(2026, 2, 20), response_to=request.id)
    with pytest.raises(UsageError, match=r"Impossible dates: event .* answers this one"):
        update_event(vault, request.id, date=D(2026, 2, 21))
    with pytest.raises(UsageError, match="Impossible dates"):
        update_event(vault, answer.id, date=D(2026, 2, 9))
    with pytest.raises(UsageError, match="cannot respond to itself"):
        update_event(vault, answer.id, response_to=answer.id)
    call = add_event(vault, "phone_call", D(2026, 2, 20), response_to=answer.id)
    with pytest.raises(UsageError, match="already answers this event"):  # no circles of answers
        update_event(vault, answer.id, response_to=call.id)


def test_a_received_document_dated_in_the_future_is_kept_with_a_warning(vault: Vault) -> None:
    received = add_event(vault, "pwn_received", D(2026, 4, 2), today=D(2026, 3, 1))
    assert received.id and len(received.warnings) == 1 and "is in the future" in received.warnings[0]
    meeting = add_event(vault, "iep_meeting", D(2026, 4, 2), today=D(2026, 3, 1))
    assert meeting.warnings == ()  # a meeting is planned ahead


def test_a_meeting_set_before_the_45th_day_brings_the_records_due_date_forward(vault: Vault) -> None:
    add_event(vault, "records_requested", D(2026, 2, 10))
    add_event(vault, "iep_meeting", D(2026, 2, 24))
    clock = only(vault, D(2026, 2, 15), "records-request")
    assert clock.due == D(2026, 2, 24) and clock.due_reason.startswith("before the IEP meeting on February 24, 2026")
    assert clock.status == "open"


def test_a_disclosure_is_due_five_business_days_before_the_hearing(vault: Vault) -> None:
    add_event(vault, "hearing", D(2026, 3, 16))
    clock = only(vault, D(2026, 3, 2), "hearing-disclosure")
    assert (clock.due, clock.status, clock.days_left, clock.left_in_unit) == (D(2026, 3, 9), "due_soon", 7, 5)
    assert only(vault, D(2026, 3, 10), "hearing-disclosure").status == "overdue"
    add_event(vault, "disclosure", D(2026, 3, 9))
    assert only(vault, D(2026, 3, 10), "hearing-disclosure").status == "met"


def test_the_hearing_decision_follows_the_resolution_period(vault: Vault) -> None:
    add_event(vault, "due_process_filed", D(2026, 1, 5))
    found = {c.rule.id: c for c in clocks(vault, D(2026, 2, 10))}
    assert found["resolution-meeting"].due == D(2026, 1, 20) and found["resolution-meeting"].status == "overdue"
    assert found["resolution-period"].due == D(2026, 2, 4) and found["resolution-period"].status == "ended"
    # 45 days after 4 Feb: Feb 5..28 is 24 days, Mar 1..21 is 21 more
    decision = found["hearing-decision"]
    assert (decision.starts, decision.due, decision.status) == (D(2026, 2, 4), D(2026, 3, 21), "open")
    assert decision.due_reason == "45 calendar days after the end of the resolution period"
    assert list(found)[:2] == ["district-response", "resolution-meeting"]  # overdue first, the earliest first


def test_a_rule_without_a_day_count_is_an_open_item_until_answered(vault: Vault) -> None:
    request = add_event(vault, "iee_requested", D(2026, 1, 27))
    clock = only(vault, D(2026, 3, 1), "iee-answer")
    assert (clock.due, clock.status, clock.days_left) == (None, "open", None)
    assert clock.sentence() == ("Answer to an IEE request: without unnecessary delay (since January 27, 2026); "
                                "no answer yet.")
    assert clock.as_json()["citation"] == "34 CFR 300.502(a)-(c)"
    add_event(vault, "iee_answered", D(2026, 2, 3), response_to=request.id)
    assert only(vault, D(2026, 3, 1), "iee-answer").status == "done"


def test_eligibility_starts_the_iep_clock_and_iep_meetings_chain_the_annual_review(vault: Vault) -> None:
    add_event(vault, "eligibility_meeting", D(2025, 11, 20), outcome="eligible")
    first = add_event(vault, "iep_meeting", D(2025, 12, 15))
    add_event(vault, "iep_meeting", D(2026, 12, 10))
    found = clocks(vault, D(2027, 1, 1))
    iep = next(c for c in found if c.rule.id == "initial-iep")
    assert (iep.due, iep.status) == (D(2025, 12, 20), "met")
    reviews = sorted((c for c in found if c.rule.id == "annual-review"), key=lambda c: c.starts)
    assert [(c.due, c.status) for c in reviews] == [(D(2026, 12, 15), "met"), (D(2027, 12, 10), "open")]
    assert reviews[0].start.id == first.id
    reevaluation = next(c for c in found if c.rule.id == "reevaluation")
    assert reevaluation.due == D(2028, 11, 20)


def test_deadlines_are_sorted_overdue_and_due_soon_first(vault: Vault) -> None:
    add_event(vault, "consent_signed", D(2025, 10, 2))
    add_event(vault, "evaluation_received", D(2025, 11, 14))
    add_event(vault, "records_requested", D(2026, 1, 5))  # overdue by 1 March
    add_event(vault, "records_requested", D(2026, 2, 10))  # open
    add_event(vault, "hearing", D(2026, 3, 16))  # disclosure due soon
    statuses = [c.status for c in clocks(vault, D(2026, 3, 2))]
    assert statuses == ["overdue", "due_soon", "open", "met"]


def test_school_breaks_in_the_vault_count_in_a_state_school_day_rule(vault: Vault, tmp_path: Path) -> None:
    pack = tmp_path / "state.toml"
    pack.write_text('[pack]\nid = "state"\nversion = "1"\ntitle = "A state"\n\n[[override]]\n'
                    'rule = "records-request"\nlength = 10\nunit = "school"\ncitation = "State Code 2"\n', "utf-8")
    add_rule_pack(vault, pack)
    add_event(vault, "records_requested", D(2025, 12, 18))
    # Without breaks: Dec 19, 22, 23, 24, 26, 29, 30, 31, Jan 2, Jan 5 (Christmas and New Year's Day skipped).
    assert only(vault, D(2025, 12, 19), "records-request").due == D(2026, 1, 5)
    add_day_off(vault, D(2025, 12, 22), D(2026, 1, 2), name="Winter break")
    # With the winter break: Dec 19 (1); Jan 5..9 (6); Jan 12, 13, 14, 15 (10).
    clock = only(vault, D(2025, 12, 19), "records-request")
    assert clock.due == D(2026, 1, 15) and clock.due_reason.startswith("10 school days after records requested")
    assert clock.left_in_unit == 9 and clock.days_left == 27
    with pytest.raises(UsageError, match=r"ends .* before it starts"):
        add_day_off(vault, D(2026, 4, 10), D(2026, 4, 3))


def test_an_event_kind_no_rule_knows_and_other_bad_values_are_refused(vault: Vault) -> None:
    with pytest.raises(UsageError, match=r"'letter_sent' is not a kind of event\. Use one of: request_for_evaluation"):
        add_event(vault, "letter_sent", D(2026, 1, 5))
    with pytest.raises(UsageError, match="'maybe' is not an outcome of eligibility meeting; use one of: eligible"):
        add_event(vault, "eligibility_meeting", D(2026, 1, 5), outcome="maybe")
    with pytest.raises(UsageError, match="'25:00' is not a time"):
        add_event(vault, "iep_meeting", D(2026, 1, 5), time="25:00")
    with pytest.raises(UsageError, match="There is no item 99"):
        add_event(vault, "pwn_received", D(2026, 1, 5), item_id=99)
    with pytest.raises(UsageError, match="There is no person 7"):
        add_event(vault, "meeting", D(2026, 1, 5), people=[7])
    with pytest.raises(UsageError, match="too long ago"):
        add_event(vault, "meeting", D(1925, 1, 5))


def test_a_meeting_still_ahead_starts_no_clock_yet(vault: Vault) -> None:
    add_event(vault, "iep_meeting", D(2026, 2, 24))
    assert clocks(vault, D(2026, 2, 20)) == []
    assert only(vault, D(2026, 2, 24), "annual-review").due == D(2027, 2, 24)


def test_an_answer_to_the_wrong_kind_of_event_is_kept_with_a_warning(vault: Vault) -> None:
    request = add_event(vault, "request_for_evaluation", D(2025, 9, 26))
    answer = add_event(vault, "iee_answered", D(2025, 10, 1), response_to=request.id)
    assert answer.warnings == ("IEE request answered usually answers IEE requested, but event 1 is request for "
                               "evaluation: kept as entered, but check it (it stops no clock).",)
    consent = add_event(vault, "consent_signed", D(2025, 10, 2), response_to=request.id)
    assert consent.warnings == ()
    assert only(vault, D(2025, 10, 3), "evaluation-request-answer").status == "done"


def test_only_the_parents_complaint_starts_the_resolution_meeting_clock(vault: Vault) -> None:
    """300.510(a): the district convenes a resolution meeting within 15 days of the *parent's* complaint."""
    add_event(vault, "due_process_filed", D(2026, 1, 5), outcome="by_district")
    assert clocks(vault, D(2026, 1, 10), "resolution-meeting") == []
    assert clocks(vault, D(2026, 1, 10), "resolution-period") == []
    add_event(vault, "due_process_filed", D(2026, 2, 2), outcome="by_parent")
    clock = only(vault, D(2026, 2, 3), "resolution-meeting")
    assert clock.due == D(2026, 2, 17)  # February 2 + 15 days


def test_the_federal_clocks_of_discipline_placement_appeals_and_limits(vault: Vault) -> None:
    """Each counted by hand: school and business days skip weekends and federal holidays."""
    add_event(vault, "pwn_received", D(2025, 11, 21))
    add_event(vault, "disciplinary_removal", D(2026, 2, 11))
    add_event(vault, "private_placement", D(2026, 3, 2))
    add_event(vault, "resolution_meeting", D(2026, 4, 9), outcome="agreement")
    add_event(vault, "decision_received", D(2026, 5, 1))
    found = {c.rule.id: c for c in clocks(vault, D(2026, 2, 12))}
    assert found["due-process-limit"].due == D(2027, 11, 21)  # two years after the written notice
    assert found["state-complaint-limit"].due == D(2026, 11, 21)
    # Feb 12-13: 2 · Feb 17-20: 6 (Feb 16 Presidents' Day) · Feb 23-25: 9, Feb 26: 10
    assert found["manifestation-determination"].due == D(2026, 2, 26)
    # 10 business days before Monday Mar 2: Feb 27, 26, 25, 24, 23, 20, 19, 18, 17, then Feb 13 (Feb 16 a holiday)
    assert found["private-placement-notice"].due == D(2026, 2, 13)
    later = {c.rule.id: c for c in clocks(vault, D(2026, 5, 2))}
    assert later["resolution-agreement-review"].due == D(2026, 4, 14)  # Thu Apr 9 → Fri 10, Mon 13, Tue 14
    assert later["civil-action"].due == D(2026, 7, 30)  # May 2-31: 30 · June: 60 · July 30: 90
    add_event(vault, "resolution_meeting", D(2026, 4, 20), outcome="no_agreement")
    assert len([c for c in clocks(vault, D(2026, 5, 2)) if c.rule.id == "resolution-agreement-review"]) == 1


def test_the_running_deadlines_go_to_a_calendar_file_with_reminders(vault: Vault) -> None:
    from iepdesk.timeline.calendar import calendar_text

    add_event(vault, "records_requested", D(2026, 2, 10), title="Records, with a comma; and a semicolon")
    add_event(vault, "consent_signed", D(2025, 10, 2))
    add_event(vault, "eligibility_meeting", D(2025, 11, 20), outcome="not_eligible")  # met: not in the calendar
    text = calendar_text(deadlines(vault, D(2026, 3, 2)))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded as RFC 5545 asks
    unfolded = text.replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == 1 and "DTSTART;VALUE=DATE:20260327" in unfolded
    assert "SUMMARY:Access to education records" in unfolded and "TRIGGER:-P2D" in unfolded
    assert "March 27\\, 2026" in unfolded  # commas escaped


def test_the_calendar_file_reads_in_an_independent_calendar_parser(vault: Vault) -> None:
    """Issue 14: the icalendar package (not our code) reads one event per open deadline, on its due date."""
    import icalendar

    from iepdesk.timeline.calendar import calendar_text

    add_event(vault, "records_requested", D(2026, 2, 10))
    add_event(vault, "consent_signed", D(2026, 2, 20))
    clocks = deadlines(vault, D(2026, 3, 2))
    running = {c.rule.title: c.due for c in clocks if c.due is not None and c.status in ("open", "due_soon",
                                                                                          "overdue")}
    parsed = icalendar.Calendar.from_ical(calendar_text(clocks))
    events = {str(e.get("SUMMARY")): e.decoded("DTSTART") for e in parsed.walk("VEVENT")}
    assert len(events) == len(running) >= 2
    for title, due in running.items():
        assert any(summary.startswith(title) and day == due for summary, day in events.items()), title
    assert all(list(e.walk("VALARM")) for e in parsed.walk("VEVENT"))  # each with its reminder
