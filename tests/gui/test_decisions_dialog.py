"""After a meeting, from the app: what was decided about each ask, who said it, then the confirmation letter
filled with each decision and a request for prior written notice of each refusal; Today leads there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from iepdesk.gui.dialogs.decisions import DecisionsDialog
from iepdesk.gui.dialogs.letter import LetterDialog
from iepdesk.gui.main_window import VIEWS
from iepdesk.hearing.outcomes import add_asks, list_asks
from iepdesk.timeline.events import add_event, list_events
from iepdesk.timeline.people import list_people
from iepdesk.vault import Vault
from tests.fixtures.windows import open_window


def _resolution_meeting(vault: Vault) -> int:
    return next(e.id for e in list_events(vault) if e.kind == "resolution_meeting")


def test_decisions_are_recorded_and_the_letter_is_filled(qtbot, demo_path: Path) -> None:
    with Vault.open(demo_path) as vault:
        meeting = _resolution_meeting(vault)
        add_asks(vault, meeting, [("Find Sam eligible under OHI", ("idea.ohi",))])
        dialog = DecisionsDialog(vault)
        qtbot.addWidget(dialog)
        assert dialog.meeting.currentData() == meeting  # the meeting whose asks wait for a decision
        _ask, outcome, who, note = dialog.rows[0]
        outcome.setCurrentIndex(outcome.findData("refused"))
        who.setText("Thomas Greer")
        note.setText("He said the grades show no need")
        dialog.new_ask.setText("Extended time on tests")
        dialog.new_ask.returnPressed.emit()  # saves the decision above first, then adds the ask
        assert [a.text for a in list_asks(vault, meeting)] == ["Find Sam eligible under OHI", "Extended time on tests"]
        assert list_asks(vault, meeting)[0].outcome == "refused"
        dialog.letter_button.click()
        assert dialog.letter_values is not None, dialog.message.text()
        assert dialog.letter_to == next(p.id for p in list_people(vault) if p.name == "Thomas Greer")

        letter = LetterDialog(vault)
        qtbot.addWidget(letter)
        letter.template.setCurrentIndex(letter.template.findData("conversation-confirmation"))
        letter.fill(dialog.letter_values)
        preview = " ".join(letter.preview.toPlainText().split())
        assert "Find Sam eligible under OHI: refused (Thomas Greer). He said the grades show no need. Please give " \
               "me prior written notice of this refusal" in preview
        assert "November 13, 2026" in preview and "Extended time on tests" not in preview  # not decided


def test_todays_meeting_card_asks_for_the_decisions_of_the_last_meeting(qtbot, vault: Vault, monkeypatch) -> None:
    meeting = add_event(vault, "iep_meeting", dt.date.today() - dt.timedelta(days=3)).id
    add_asks(vault, meeting, [("An IEE at public expense", ()), ("A reading specialist", ())])
    opened: list[int] = []
    monkeypatch.setattr(DecisionsDialog, "exec", lambda self: opened.append(self.meeting.currentData()) or 0)
    window = open_window(qtbot, vault)
    window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("today"))
    button = window.today.buttons["meeting"]
    assert button.text() == "Record what was decided"
    button.click()
    assert opened == [meeting]
    window.close()
