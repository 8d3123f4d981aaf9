"""Help that a parent reads: Help ▸ Glossary (F1) finds a word as it is typed, and the "?" beside a word in a
dialog shows what it means and opens the glossary there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from iepdesk.gui.dialogs.binder import BinderDialog
from iepdesk.gui.dialogs.glossary import GlossaryDialog
from iepdesk.gui.tasks import TaskRunner
from iepdesk.vault import Vault
from tests.fixtures.windows import open_window


def test_the_glossary_finds_a_word_as_it_is_typed(qtbot) -> None:
    dialog = GlossaryDialog("prior written notice")
    qtbot.addWidget(dialog)
    assert dialog.list.currentItem().text() == "PWN" and "34 CFR 300.503" in dialog.text.toPlainText()
    qtbot.keyClicks(dialog.look_for, "stay")
    assert dialog.list.item(0).text() == "Stay-put" and dialog.list.count() < 5  # its name first, then texts
    assert "current placement" in dialog.text.toPlainText()
    dialog.look_for.setText("zzzz")
    assert dialog.list.count() == 0 and "No word matches" in dialog.text.toPlainText()


def test_a_question_mark_beside_a_word_explains_it(qtbot, vault: Vault, tmp_path: Path, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(GlossaryDialog, "exec", lambda self: opened.append(self.list.currentItem().text()) or 0)
    dialog = BinderDialog(vault, TaskRunner(synchronous=True), tmp_path)
    qtbot.addWidget(dialog)
    [bates] = [label for label in dialog.findChildren(QLabel) if label.accessibleName() == "What “Bates number” means"]
    assert "running number" in bates.toolTip() and not bates.isHidden()
    bates.linkActivated.emit("Bates number")
    assert opened == ["Bates number"]


def test_f1_opens_the_glossary_from_the_window(qtbot, vault: Vault, monkeypatch) -> None:
    opened: list[bool] = []
    monkeypatch.setattr(GlossaryDialog, "exec", lambda self: opened.append(True) or 0)
    window = open_window(qtbot, vault)
    assert window.tools.glossary_action.shortcut().toString() == "F1"
    window.tools.glossary_action.trigger()
    assert opened == [True]
    window.close()
