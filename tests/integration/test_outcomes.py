"""Issue 25, after the meeting: the asks of the prep sheet kept with the meeting, what was decided about each
recorded (who said it), and the letter confirming it, each decision listed and prior written notice asked for
each refusal."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from iepdesk import undo
from iepdesk.errors import UsageError
from iepdesk.hearing.outcomes import confirmation_values, decide, list_asks, meetings_to_record
from iepdesk.hearing.prep import Ask, PrepRequest, make_prep
from iepdesk.letters.compose import draft
from iepdesk.letters.parent import set_parent
from iepdesk.letters.render import render
from iepdesk.timeline.events import list_events
from iepdesk.vault import Vault
from tests.integration.test_cli import iepdesk


@pytest.fixture
def demo(demo_path: Path) -> Vault:
    with Vault.open(demo_path) as vault:
        yield vault


def _resolution_meeting(vault: Vault) -> int:
    return next(e.id for e in list_events(vault) if e.kind == "resolution_meeting")


def test_decisions_recorded_after_the_meeting_fill_the_confirmation_letter(demo: Vault, tmp_path: Path) -> None:
    meeting = _resolution_meeting(demo)
    asks = (Ask("Find Sam eligible under other health impairment", ("idea.ohi",)),
            Ask("An independent evaluation at public expense"), Ask("Extended time on tests"))
    make_prep(demo, tmp_path / "prep.pdf", PrepRequest(meeting, "Sam found eligible", asks))
    make_prep(demo, tmp_path / "again.pdf", PrepRequest(meeting, "", asks[:1]))  # the same ask is kept once
    kept = list_asks(demo, meeting)
    assert [a.text for a in kept] == [a.text for a in asks] and not any(a.outcome for a in kept)
    assert kept[0].criteria == ("idea.ohi",)
    assert meeting in meetings_to_record(demo)

    with pytest.raises(UsageError, match="Nothing is recorded yet of what was decided"):
        confirmation_values(demo, meeting)
    decide(demo, kept[0].id, "refused", said_by="Thomas Greer", note="He said Sam's grades show no need")
    decide(demo, kept[1].id, "agreed", said_by="Thomas Greer")
    decide(demo, kept[2].id, "deferred", said_by="the team")
    decide(demo, kept[1].id, "agreed")  # a decision given again keeps who said it
    assert list_asks(demo, meeting)[1].said_by == "Thomas Greer"
    assert meeting not in meetings_to_record(demo)

    set_parent(demo, "Dana Rivera", address="418 Linden Court; Maple Grove, CA 95999")
    values = confirmation_values(demo, meeting)
    assert values["conversation_date"] == "2026-11-13"
    letter = draft(demo, "conversation-confirmation", values)
    assert letter.ready, letter.missing
    with pymupdf.open(stream=render(letter)) as doc:
        text = " ".join(" ".join(page.get_text() for page in doc).split())
    assert "Find Sam eligible under other health impairment: refused (Thomas Greer). He said Sam's grades show " \
           "no need. Please give me prior written notice of this refusal and its reasons (34 CFR 300.503)." in text
    assert "An independent evaluation at public expense: agreed (Thomas Greer)." in text
    assert "Extended time on tests: put off (the team). Please tell me in writing when" in text
    assert text.count("prior written notice of this refusal") == 1  # one request, for the one refusal


def test_a_decision_can_be_undone(demo: Vault, tmp_path: Path) -> None:
    meeting = _resolution_meeting(demo)
    make_prep(demo, tmp_path / "prep.pdf", PrepRequest(meeting, "", (Ask("A one-to-one aide"),)))
    ask = list_asks(demo, meeting)[0]
    decide(demo, ask.id, "refused", said_by="Ms. Ortiz")
    undo.undo(demo)
    assert list_asks(demo, meeting)[0].outcome is None


def test_bad_decisions_are_named(demo: Vault) -> None:
    hearing_request = next(e.id for e in list_events(demo) if e.kind == "request_for_evaluation")
    with pytest.raises(UsageError, match="is not a meeting"):
        list_asks(demo, hearing_request)
    with pytest.raises(UsageError, match="There is no ask 999"):
        decide(demo, 999, "agreed")
    with pytest.raises(UsageError, match="'maybe' is not a decision"):
        decide(demo, 1, "maybe")


def test_the_commands_from_ask_to_letter(demo_path: Path, tmp_path: Path) -> None:
    with Vault.open(demo_path) as vault:
        meeting = _resolution_meeting(vault)
    added = iepdesk("asks", str(meeting), "--add", "A full evaluation in reading", "idea.sld", "--json",
                    vault=demo_path)
    assert added.returncode == 0, added.stderr
    ask = json.loads(added.stdout)[0]
    assert ask["text"] == "A full evaluation in reading" and ask["outcome"] is None
    done = iepdesk("decide", str(ask["id"]), "refused", "--by", "Thomas Greer", vault=demo_path)
    assert done.returncode == 0, done.stderr
    assert "Refused: A full evaluation in reading (Thomas Greer)" in done.stdout
    letter = iepdesk("letter", "conversation-confirmation", "--meeting", str(meeting), "--text",
                     "--field", "parent_name=Dana Rivera", "--field", "parent_address=418 Linden Court",
                     vault=demo_path)
    assert letter.returncode == 0, letter.stderr
    assert "A full evaluation in reading: refused (Thomas Greer). Please give me prior written notice" in letter.stdout
    assert "Thomas Greer\nLEA representative" in letter.stdout  # to the school's person who was at the meeting
    wrong = iepdesk("letter", "pwn-request", "--meeting", str(meeting), "--text", vault=demo_path)
    assert wrong.returncode == 2 and "--meeting fills the letter confirming a conversation" in wrong.stderr
