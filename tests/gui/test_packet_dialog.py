"""The disclosure packet dialog: the parent picks the hearing, ticks the witnesses and says what each will speak
to, and the packet is made, dated and recorded; with no hearing on the calendar it says what to do first."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from PySide6.QtCore import Qt

from iepdesk.gui.dialogs.packet import PacketDialog
from iepdesk.gui.tasks import TaskRunner
from iepdesk.letters.parent import set_parent
from iepdesk.timeline.events import list_events
from iepdesk.vault import Vault


def test_the_packet_is_made_from_the_dialog(qtbot, demo_path: Path, tmp_path: Path) -> None:
    with Vault.open(demo_path) as vault:
        set_parent(vault, "Dana Rivera", address="418 Linden Court; Maple Grove, CA 95999")
        dialog = PacketDialog(vault, TaskRunner(synchronous=True), tmp_path)
        qtbot.addWidget(dialog)
        assert "January 7, 2027" in dialog.hearing.currentText()
        assert "Disclosure of evaluations before a hearing" in dialog.due.text()
        assert dialog.to.currentText() == "Rachel Dunmore (attorney)"  # the district's counsel
        served = [dialog.served.item(n) for n in range(dialog.served.count())]
        assert [r.text() for r in served if r.checkState() == Qt.CheckState.Checked] == \
            ["Hon. Paul Ahn (hearing officer)"]
        rows = {dialog.witnesses.item(r, 0).text(): r for r in range(dialog.witnesses.rowCount())}
        assert "Dana Rivera (you)" in rows
        # typing what a person will speak to makes them a witness
        dialog.witnesses.item(rows["Elena Marsh (evaluator)"], 1).setText("Her evaluation of Sam")
        assert dialog.witnesses.item(rows["Elena Marsh (evaluator)"], 0).checkState() == Qt.CheckState.Checked
        dialog.out.setText(str(tmp_path / "packet.pdf"))
        dialog.make_button.click()
        assert "Disclosure packet written" in dialog.message.text(), dialog.message.text()
        assert not dialog.open_button.isHidden()
        with pymupdf.open(tmp_path / "packet.pdf") as doc:
            text = "".join(page.get_text() for page in doc)
        assert "Elena Marsh" in text and "Her evaluation of Sam" in text
        assert (tmp_path / "packet - exhibits.pdf").exists()
        assert len(list_events(vault, kinds=["disclosure"])) == 1
        assert "disclosed" in dialog.due.text()  # the clock is stopped now


def test_without_a_hearing_it_says_what_to_do(qtbot, vault: Vault, tmp_path: Path) -> None:
    dialog = PacketDialog(vault, TaskRunner(synchronous=True), tmp_path)
    qtbot.addWidget(dialog)
    assert not dialog.make_button.isEnabled()
    assert "Add it in the Timeline" in dialog.message.text()
