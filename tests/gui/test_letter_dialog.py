from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QTimer

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
        # 45 days, or sooner: before the demo's hearing (January 7, 2027) when that comes first
        expected = min([sent_on + dt.timedelta(days=45),
                        *[d for d in (dt.date(2026, 11, 13), dt.date(2027, 1, 7)) if sent_on < d]])
        assert clocks and clocks[0].due == expected


def test_a_letter_asks_for_the_parent_once_greets_by_title_and_saves_where_the_parent_says(
        qtbot, demo_path: Path, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QApplication, QFileDialog

    from iepdesk.gui.dialogs.parent import ParentDialog
    from iepdesk.letters.parent import parents
    from iepdesk.timeline.people import add_person

    with Vault.open(demo_path) as vault:
        ms = add_person(vault, "Ms. Rosa Lindqvist", role="case_manager")
        dialog = LetterDialog(vault)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.template.setCurrentIndex(dialog.template.findData("meeting-request"))
        # no command lines in the app's hints
        assert all("iepdesk " not in w.placeholderText() for w in dialog._inputs.values() if hasattr(w, "isModified"))
        assert dialog.details_button.isVisible()

        def fill_in() -> None:  # what the parent types in Your details
            details = QApplication.activeModalWidget()
            assert isinstance(details, ParentDialog)
            details.name.setText("Dana Rivera")
            details.address.setPlainText("418 Linden Court\nMaple Grove, CA 95999")
            details.accept()

        QTimer.singleShot(0, fill_in)
        dialog.details_button.click()
        assert [p.name for p in parents(vault)] == ["Dana Rivera"]
        assert not dialog.details_button.isVisible()
        assert "Dana Rivera" in dialog.preview.toPlainText() and "418 Linden Court" in dialog.preview.toPlainText()

        dialog.recipient.setCurrentIndex(dialog.recipient.findData(ms.id))
        assert "Dear Ms. Lindqvist:" in dialog.preview.toPlainText()

        folder = tmp_path / "letters"
        folder.mkdir()
        asked: list[str] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda _parent, _title, suggested, _filter: (asked.append(suggested) or
                                                                         str(folder / "to the school"), "PDF (*.pdf)"))
        for _key, widget in dialog._inputs.items():  # fill what the vault did not know
            state = next(f for f in dialog._draft.fields if f.key == _key)
            if state.missing:
                widget.setPlainText("x") if hasattr(widget, "setPlainText") else widget.setText("x")
        dialog.redraw()
        dialog.save_button.click()
        saved = folder / "to the school.pdf"
        assert saved.read_bytes().startswith(b"%PDF-") and dialog.saved_to == saved
        dialog.save_button.click()  # the next letter is offered in the folder chosen last
        assert Path(asked[-1]).parent == folder
