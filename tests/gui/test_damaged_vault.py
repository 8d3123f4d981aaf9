"""A parent whose vault was damaged is not locked out: the app offers to save what can be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from iepdesk.errors import VaultDamaged
from iepdesk.gui.dialogs.damaged import DamagedVaultDialog, repaired_folder
from iepdesk.gui.tasks import TaskRunner
from iepdesk.items import list_items
from iepdesk.vault import Vault
from iepdesk.vault.verify import verify
from tests.fixtures.damage import zero_page


def test_a_damaged_vault_is_repaired_from_the_app_into_a_new_one(qtbot, demo_path: Path) -> None:
    with Vault.open(demo_path, write=False) as before:
        titles = sorted(i.title for i in list_items(before))
    zero_page(demo_path / "vault.sqlite", "pages")
    with pytest.raises(VaultDamaged) as refused:
        Vault.open(demo_path)
    dialog = DamagedVaultDialog(demo_path, str(refused.value), runner=TaskRunner(synchronous=True))
    qtbot.addWidget(dialog)
    target = repaired_folder(demo_path)
    assert dialog.target.text() == str(target) and target.name == "vault (repaired)"
    assert "iepdesk repair" in dialog.details.text()
    dialog.repair_button.click()
    assert dialog.repaired == target
    assert not dialog.open_button.isHidden() and dialog.repair_button.isHidden()
    assert "Read the text of" in dialog.text.text()
    dialog.open_button.click()
    assert dialog.result() == DamagedVaultDialog.DialogCode.Accepted
    with Vault.open(dialog.repaired) as repaired:
        assert verify(repaired).ok
        assert sorted(i.title for i in list_items(repaired)) == titles


def test_a_database_failure_nobody_caught_is_told_in_plain_words(qtbot, vault: Vault, monkeypatch) -> None:
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from iepdesk.gui.app import _excepthook
    from iepdesk.gui.main_window import MainWindow
    from iepdesk.gui.tasks import TaskRunner

    window = MainWindow(vault, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())) or 0)
    damaged = sqlite3.DatabaseError("database disk image is malformed")
    damaged.sqlite_errorname = "SQLITE_CORRUPT"
    _excepthook(sqlite3.DatabaseError, damaged, None)
    title, text = shown[-1]
    assert title == "IEPDesk could not do that" and "is damaged" in text
    assert "the repair IEPDesk offers when you open the vault again" in text and "iepdesk" not in text
    _excepthook(ZeroDivisionError, ZeroDivisionError("a real surprise"), None)
    assert shown[-1][0] == "IEPDesk ran into a problem"
    window.close()
