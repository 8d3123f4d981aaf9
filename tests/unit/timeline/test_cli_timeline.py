"""The timeline's commands on the demo case, and the binder's chronology and communication log."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from iepdesk.binder.assemble import make_binder
from iepdesk.binder.options import BinderOptions
from iepdesk.vault import Vault
from tests.integration.test_cli import iepdesk, run_json


@pytest.fixture
def demo(demo_path: Path) -> Path:
    return demo_path


def test_the_demo_timeline_shows_the_evaluation_and_records_clocks(demo: Path) -> None:
    data = run_json("timeline", "--today", "2026-03-01", vault=demo)
    assert isinstance(data, dict) and data["today"] == "2026-03-01"
    kinds = [e["kind"] for e in data["events"]]
    assert kinds == ["request_for_evaluation", "consent_signed", "eligibility_meeting", "pwn_received",
                     "records_requested", "due_process_filed", "resolution_meeting", "hearing"]
    assert data["events"][0]["date"] == "2025-09-26" and data["events"][0]["item_id"] is not None
    assert data["events"][1]["date"] == "2025-10-02"
    by_rule = {d["rule"]: d for d in data["deadlines"]}
    evaluation = by_rule["initial-evaluation"]
    assert (evaluation["starts"], evaluation["due"], evaluation["status"]) == ("2025-10-02", "2025-12-01", "met")
    assert evaluation["stopped_on"] == "2025-11-20" and evaluation["citation"].startswith("34 CFR 300.301(c)")
    records = by_rule["records-request"]
    assert (records["starts"], records["due"], records["status"], records["days_left"]) == (
        "2026-02-10", "2026-03-27", "open", 26)
    assert data["deadlines"][0]["rule"] == "records-request"  # the running clock comes first
    assert "initial-iep" not in by_rule  # the team found Sam not eligible
    later = run_json("timeline", "--today", "2026-04-01", vault=demo)
    assert {d["rule"]: d["status"] for d in later["deadlines"]}["records-request"] == "overdue"  # type: ignore[index]
    documents = [e for e in data["chronology"] if e["type"] == "document"]
    assert len(documents) == 26 and [e["date"] for e in data["chronology"]][:1] == ["2025-09-18"]
    table = iepdesk("timeline", "--today", "2026-03-01", vault=demo)
    assert table.returncode == 0
    assert "open       2026-03-27  Access to education records — 26 day(s) left" in table.stdout
    assert "met        2025-12-01  Initial evaluation completed" in table.stdout
    assert "2025-10-02  event 2    Consent for evaluation signed" in table.stdout


def test_events_people_and_breaks_from_the_command_line(demo: Path) -> None:
    people = run_json("person", "list", vault=demo)
    assert isinstance(people, list)
    by_name = {p["name"]: p for p in people}
    assert by_name["Jennifer Ortiz"]["role"] == "school_psychologist" and by_name["Jennifer Ortiz"]["emails"] == 6
    assert by_name["Thomas Greer"]["role"] == "lea_representative" and by_name["Alan Kessler"]["role"] == "doctor"
    added = run_json("person", "add", "Priya Natarajan", "--role", "teacher", "--email",
                     "pnatarajan@maplegrove.k12.example", vault=demo)
    assert added["email"] == "pnatarajan@maplegrove.k12.example"  # type: ignore[index]
    [records] = run_json("event", "list", "--kind", "records_requested", vault=demo)  # type: ignore[misc]
    refused = iepdesk("event", "add", "records_received", "--date", "2026-02-01", "--responds-to",
                      str(records["id"]), vault=demo)
    assert refused.returncode == 2 and "Impossible dates" in refused.stderr and "Traceback" not in refused.stderr
    unknown = iepdesk("event", "add", "letter_sent", "--date", "2026-02-01", vault=demo)
    assert unknown.returncode == 2 and "invalid choice: 'letter_sent'" in unknown.stderr
    future = iepdesk("event", "add", "records_received", "--date", "2026-03-20", "--responds-to", str(records["id"]),
                     "--people", "Greer", "--today", "2026-03-01", vault=demo)
    assert future.returncode == 0 and "is in the future" in future.stderr
    data = run_json("timeline", "--today", "2026-03-25", vault=demo)
    assert {d["rule"]: d["status"] for d in data["deadlines"]}["records-request"] == "met"  # type: ignore[index]
    proposals = run_json("event", "suggest", vault=demo)
    assert isinstance(proposals, list) and {"phone_call", "iee_requested"} <= {p["kind"] for p in proposals}
    call = next(p for p in proposals if p["kind"] == "phone_call")
    confirmed = run_json("event", "confirm", str(call["number"]), vault=demo)
    assert confirmed["kind"] == "phone_call" and confirmed["date"] == "2025-09-24"  # type: ignore[index]
    assert "phone_call" not in {p["kind"] for p in run_json("event", "suggest", vault=demo)}  # type: ignore[union-attr]
    breaks = run_json("breaks", "add", "2025-12-22", "2026-01-02", "--name", "Winter break", vault=demo)
    assert breaks["kind"] == "break"  # type: ignore[index]
    assert iepdesk("breaks", "add", "2026-01-02", "2025-12-22", vault=demo).returncode == 2
    rules = run_json("deadlines", "list", vault=demo)
    assert all(r["citation"] for r in rules)  # type: ignore[union-attr]
    assert iepdesk("undo", vault=demo).returncode == 0  # the break
    assert run_json("breaks", "list", vault=demo) == []


def test_the_binder_carries_events_and_the_communication_log(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "front.pdf"
    with Vault.open(demo) as vault:
        make_binder(vault, out, BinderOptions(part="front"))
    text = "\n".join(page.get_text() for page in pymupdf.open(out))
    text = " ".join(text.split())
    chronology = text[text.index("Chronology Date What happened"):]
    assert "Consent for evaluation signed, with Jennifer Ortiz (school psychologist)" in chronology
    assert "Records requested, with Marcus Bell (principal), Thomas Greer (LEA representative)" in chronology
    log = text[text.index("Communication log Date"):]
    assert "Parent → Marcus Bell (principal), Thomas Greer (LEA representative)" in log
    assert "March 27, 2026" in log  # the records request's response due
