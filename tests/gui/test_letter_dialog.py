from __future__ import annotations

import datetime as dt
from pathlib import Path

from iepdesk.gui.dialogs.letter import LetterDialog
from iepdesk.letters.parent import set_parent
from iepdesk.timeline.timeline import build_timeline
from iepdesk.vault import Vault


def test_a_records_request_is_written_sent_and_starts_its_clock(qtbot, demo_path: Path) -> None:
    with Vault.open(demo_path) as vault:
        set_parent(vault, "Dana Rivera", address="12 Elm Street;Maple Grove, CA 95999", phone="555-0100",
                   email="dana.rivera@example.com")
        dialog = LetterDialog(vault)
        qtbot.addWidget(dialog)
        dialog.template.setCurrentIndex(dialog.template.findData("records-request"))
        assert "Sam" in dialog.preview.toPlainText()
        for key, widget in dialog._inputs.items():  # fill whatever the vault did not know
            state = next(f for f in dialog._draft.fields if f.key == key)
            if state.missing:
                widget.setPlainText("x") if hasattr(widget, "setPlainText") else widget.setText("Ms. Example")
        dialog.redraw()
        assert dialog._draft.missing == [] and dialog.send_button.isEnabled()
        sent_on = dt.date.today() - dt.timedelta(days=5)
        letter, event = dialog.send(sent_on, "certified mail", None)
        assert letter.kind == "correspondence" and event.kind == "records_requested"
        clocks = [c for c in build_timeline(vault).deadlines if c.start.id == event.id]
        assert clocks and clocks[0].due == sent_on + dt.timedelta(days=45)
