"""Prepare for a meeting from the app: the next meeting is chosen, the parent writes the goal and the asks, each
with the category its evidence comes from, and the sheet is made; Today's meeting card leads here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pymupdf

from iepdesk.gui.dialogs.prep import PrepDialog
from iepdesk.gui.main_window import VIEWS
from iepdesk.timeline.events import add_event
from iepdesk.vault import Vault
from tests.fixtures.windows import open_window


def test_the_prep_sheet_is_made_from_the_dialog(qtbot, demo_path: Path, tmp_path: Path) -> None:
    with Vault.open(demo_path) as vault:
        dialog = PrepDialog(vault, tmp_path)
        qtbot.addWidget(dialog)
        assert "January 7, 2027" in dialog.meeting.currentText()
        text, combo = dialog.asks[0]
        titles = [combo.itemText(n) for n in range(combo.count())]
        assert "Other health impairment" in titles and "Autism" not in titles  # the categories chosen for Sam
        dialog.goal.setText("Sam is found eligible.")
        text.setText("Eligibility under Other Health Impairment")
        combo.setCurrentIndex(combo.findData("idea.ohi"))
        dialog.out.setText(str(tmp_path / "prep.pdf"))
        dialog.make_button.click()
        assert "Prep sheet ready" in dialog.message.text(), dialog.message.text()
        with pymupdf.open(tmp_path / "prep.pdf") as doc:
            sheet = " ".join(page.get_text() for page in doc)
        assert "Sam is found eligible." in sheet and "I have diagnosed Sam" in sheet


def test_todays_meeting_card_leads_to_the_prep_sheet(qtbot, vault: Vault, monkeypatch) -> None:
    add_event(vault, "iep_meeting", dt.date.today() + dt.timedelta(days=10))
    opened: list[bool] = []
    monkeypatch.setattr(PrepDialog, "exec", lambda self: opened.append(self.make_button.isEnabled()) or 0)
    window = open_window(qtbot, vault)
    window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("today"))
    button = window.today.buttons["meeting"]
    assert button.text() == "Prepare for it"
    button.click()
    assert opened == [True]
    window.close()
