"""The timeline, people and their emails, events from documents, the communication log, and undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from iepdesk import undo
from iepdesk.errors import UsageError
from iepdesk.ingest import import_paths
from iepdesk.ingest.notes import add_note
from iepdesk.students import add_student
from iepdesk.timeline.comms import communication_log
from iepdesk.timeline.events import add_event, get_event, list_events, trash_event, update_event
from iepdesk.timeline.people import add_person, emails_of, list_people, message_parties, resolve_people, update_person
from iepdesk.timeline.proposals import confirm, suggest_events
from iepdesk.timeline.timeline import build_timeline
from iepdesk.vault import Vault
from tests.fixtures import docs

D = dt.date
PACIFIC = dt.timezone(dt.timedelta(hours=-7))
PARENT = "Dana Rivera <dana.rivera@example.com>"
ORTIZ = "Jennifer Ortiz <JOrtiz@maplegrove.k12.example>"


@pytest.fixture
def case(vault: Vault, inbox: Path) -> dict[str, int]:
    """A small case: the parent's request for evaluation, the school's answer, and a prior written notice."""
    add_student(vault, "Sam Rivera")
    docs.eml(inbox / "request.eml", subject="Request for evaluation - Sam Rivera", sender=PARENT, to=ORTIZ,
             cc="Marcus Bell <mbell@maplegrove.k12.example>", date=dt.datetime(2025, 9, 26, 8, 12, tzinfo=PACIFIC),
             message_id="<req1@example.com>",
             body="Dear Ms. Ortiz,\n\nI am writing to request a full and individual evaluation of Sam for special "
                  "education.\n\nDana Rivera")
    docs.eml(inbox / "answer.eml", subject="RE: Request for evaluation - Sam Rivera", sender=ORTIZ, to=PARENT,
             date=dt.datetime(2025, 9, 30, 11, 26, tzinfo=PACIFIC), message_id="<req2@maplegrove.k12.example>",
             in_reply_to="<req1@example.com>", references="<req1@example.com>",
             body="Dear Ms. Rivera,\n\nThe consent form is going home today.\n\nJennifer Ortiz")
    docs.text_pdf(inbox / "pwn.pdf", ["Prior Written Notice\nDate: November 21, 2025\nThe district refuses to find "
                                      "Sam eligible.\nCase manager: Thomas Greer"])
    results = {Path(r.path).stem: r.item_id for r in import_paths(vault, [inbox]).results}
    call = add_note(vault, "Called Dr. Bell about the evaluation; Ms. Ortiz joined.", note_type="call",
                    title="Call with the principal", date=D(2025, 9, 24))
    return {"request": results["request"], "answer": results["answer"], "pwn": results["pwn"], "call": call.id}


def test_people_link_to_emails_by_address(vault: Vault, case: dict[str, int]) -> None:
    ortiz = add_person(vault, "Jennifer Ortiz", role="school psychologist",
                       email="Jennifer Ortiz <JORTIZ@maplegrove.k12.example>")
    assert (ortiz.email, ortiz.role, ortiz.shown) == ("jortiz@maplegrove.k12.example", "school_psychologist",
                                                      "Jennifer Ortiz (school psychologist)")
    bell = add_person(vault, "Marcus Bell", role="principal")
    parties = message_parties(vault)
    request, answer = parties[case["request"]], parties[case["answer"]]
    assert [p.person.id if p.person else None for p in request.recipients] == [ortiz.id, None]  # Bell: no address yet
    assert answer.sender is not None and answer.sender.person == ortiz
    assert emails_of(vault) == {ortiz.id: 2}
    update_person(vault, bell.id, email="mbell@maplegrove.k12.example")  # adding an address links old emails too
    assert emails_of(vault) == {ortiz.id: 2, bell.id: 1}
    with pytest.raises(UsageError, match="already belongs to Jennifer Ortiz"):
        add_person(vault, "J. Ortiz", email="jortiz@maplegrove.k12.example")
    with pytest.raises(UsageError, match="'janitor' is not a role"):
        add_person(vault, "Someone", role="janitor")
    with pytest.raises(UsageError, match="is not an email address"):
        add_person(vault, "Someone", email="not an address")
    assert resolve_people(vault, ["ortiz", "mbell@maplegrove.k12.example"]) == [ortiz.id, bell.id]
    assert resolve_people(vault, [f"{bell.id}, Jennifer Ortiz"]) == [bell.id, ortiz.id]
    with pytest.raises(UsageError, match="'Greer' matches nobody"):
        resolve_people(vault, ["Greer"])
    assert [p.name for p in list_people(vault)] == ["Jennifer Ortiz", "Marcus Bell"]


def test_the_timeline_merges_documents_and_events_in_date_order(vault: Vault, case: dict[str, int]) -> None:
    request = add_event(vault, "request_for_evaluation", D(2025, 9, 26), item_id=case["request"])
    consent = add_event(vault, "consent_signed", D(2025, 10, 2))
    add_event(vault, "records_requested", D(2026, 2, 10))
    timeline = build_timeline(vault, today=D(2026, 3, 1))
    order = [(e.date, e.type, e.id) for e in timeline.entries]
    assert order == [(D(2025, 9, 24), "document", case["call"]), (D(2025, 9, 26), "event", request.id),
                     (D(2025, 9, 26), "document", case["request"]), (D(2025, 9, 30), "document", case["answer"]),
                     (D(2025, 10, 2), "event", consent.id), (D(2025, 11, 21), "document", case["pwn"]),
                     (D(2026, 2, 10), "event", request.id + 2)]
    data = timeline.as_json()
    assert [d["status"] for d in data["deadlines"]] == ["overdue", "open", "done"]  # no evaluation yet
    assert {"rule", "citation", "starts", "due", "status"} <= set(data["deadlines"][0])
    assert [e["kind"] for e in data["events"]] == ["request_for_evaluation", "consent_signed", "records_requested"]
    assert data["deadlines"][0]["rule"] == "initial-evaluation" and data["deadlines"][0]["due"] == "2025-12-01"


def test_an_event_edit_is_undone_and_redone(vault: Vault, case: dict[str, int]) -> None:
    event = add_event(vault, "eligibility_meeting", D(2025, 11, 20), note="Found not eligible")
    update_event(vault, event.id, date=D(2025, 11, 21), outcome="not_eligible", note="Team said no")
    assert undo.available(vault)[0].label == "Edit event"  # type: ignore[union-attr]
    undo.undo(vault)
    back = get_event(vault, event.id)
    assert (back.date, back.outcome, back.note) == (D(2025, 11, 20), None, "Found not eligible")
    undo.redo(vault)
    assert get_event(vault, event.id).date == D(2025, 11, 21)
    trash_event(vault, event.id)
    assert list_events(vault) == []
    undo.undo(vault)
    assert [e.id for e in list_events(vault)] == [event.id]
    undo.undo(vault)  # the edit
    undo.undo(vault)  # the event itself
    assert list_events(vault) == [] and list_events(vault, trashed=True) == []


def test_documents_suggest_events_and_one_confirmation_adds_one(vault: Vault, case: dict[str, int]) -> None:
    add_person(vault, "Marcus Bell", role="principal", email="mbell@maplegrove.k12.example")
    proposals = suggest_events(vault)
    found = {(p.kind, p.item_id, p.date) for p in proposals}
    assert found == {("phone_call", case["call"], D(2025, 9, 24)),
                     ("request_for_evaluation", case["request"], D(2025, 9, 26)),
                     ("pwn_received", case["pwn"], D(2025, 11, 21))}
    call = next(p for p in proposals if p.kind == "phone_call")
    assert call.reason == "a note of a phone call" and len(call.people) == 1  # "Dr. Bell" in the note
    assert list_events(vault) == []  # proposals change nothing
    pwn = next(p for p in proposals if p.kind == "pwn_received")
    event = confirm(vault, str(pwn.number))
    assert (event.kind, event.item_id, event.date, event.origin) == ("pwn_received", case["pwn"], D(2025, 11, 21),
                                                                     "document")
    assert {p.kind for p in suggest_events(vault)} == {"phone_call", "request_for_evaluation"}
    confirm(vault, f"{case['request']}:request_for_evaluation")
    with pytest.raises(UsageError, match="There is no proposal '9'"):
        confirm(vault, "9")


def test_the_communication_log_has_responses_due_and_received(vault: Vault, case: dict[str, int]) -> None:
    add_person(vault, "Jennifer Ortiz", role="school_psychologist", email="jortiz@maplegrove.k12.example")
    add_person(vault, "Marcus Bell", role="principal")
    request = add_event(vault, "records_requested", D(2026, 2, 10), people=resolve_people(vault, ["Bell"]))
    log = communication_log(vault, today=D(2026, 3, 1))
    rows = {(r.item_id, r.event_id): r for r in log}
    mail = rows[(case["request"], None)]
    assert (mail.sender, mail.recipients) == ("Dana Rivera", "Jennifer Ortiz (school psychologist), Marcus Bell")
    assert mail.response_received == D(2025, 9, 30)  # the first reply in the thread from someone else
    assert rows[(case["call"], None)].recipients == "Jennifer Ortiz (school psychologist), Marcus Bell (principal)"
    records = rows[(None, request.id)]
    assert (records.sender, records.recipients, records.response_due, records.response_received) == (
        "Parent", "Marcus Bell (principal)", D(2026, 3, 27), None)
    assert records.citation == "34 CFR 300.613(a); 300.501(a)"
    add_event(vault, "records_received", D(2026, 3, 5), response_to=request.id, today=D(2026, 3, 5))
    later = {(r.item_id, r.event_id): r for r in communication_log(vault, today=D(2026, 3, 10))}
    assert later[(None, request.id)].response_received == D(2026, 3, 5)
    assert [r.date for r in log] == sorted(r.date for r in log)
    assert [r.item_id for r in communication_log(vault, item_ids={case["answer"]}) if r.item_id] == [case["answer"]]


def test_a_parents_letter_asking_for_an_evaluation_is_proposed_as_the_request_that_starts_its_clock(
        vault: Vault, tmp_path: Path) -> None:
    from iepdesk.ingest import import_paths
    from iepdesk.timeline.deadlines import deadlines
    from tests.fixtures import docs

    letter = docs.text_pdf(tmp_path / "letter to the school.pdf", [
        "March 3, 2026\n\nDear Ms. Ortiz,\n\nI am writing to request a full evaluation of my son Sam for special "
        "education and related services.\n\nSincerely,\nDana Rivera"])
    item = import_paths(vault, [letter]).results[0].item_id
    [proposal] = suggest_events(vault)
    assert (proposal.kind, proposal.date, proposal.item_id) == ("request_for_evaluation", dt.date(2026, 3, 3), item)
    assert proposal.reason == "the letter asks for an evaluation"
    event = confirm(vault, "1", today=dt.date(2026, 3, 10))
    clocks = [c for c in deadlines(vault, dt.date(2026, 3, 10)) if c.start.id == event.id]
    assert [c.rule.id for c in clocks] == ["evaluation-request-answer"]  # the 60 days then run from the consent
    assert suggest_events(vault) == []
