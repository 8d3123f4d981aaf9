from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from iepdesk.gui.dialogs.first_run import FirstRunChoice, FirstRunDialog, carry_out
from iepdesk.students import list_students
from iepdesk.vault import Vault


def test_the_first_run_creates_a_vault_for_the_child(qtbot, tmp_path: Path, monkeypatch) -> None:
    dialog = FirstRunDialog(tmp_path / "IEPDesk Vault")
    qtbot.addWidget(dialog)
    told = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a: told.append(a[2])))
    dialog.create_button.click()  # no name yet: asked for it, nothing made
    assert told and dialog.choice is None
    dialog.child.setText("Sam Rivera")
    dialog.school.setText("Birchwood Elementary")
    dialog.create_button.click()
    assert dialog.choice == FirstRunChoice("new", tmp_path / "IEPDesk Vault", "Sam Rivera", "Birchwood Elementary")
    path = carry_out(dialog.choice, tmp_path / "demo")
    with Vault.open(path) as vault:
        [student] = list_students(vault)
    assert (student.name, student.school) == ("Sam Rivera", "Birchwood Elementary")


def test_opening_a_folder_that_is_not_a_vault_is_explained(tmp_path: Path) -> None:
    import pytest

    from iepdesk.errors import IEPDeskError

    with pytest.raises(IEPDeskError, match="not an IEPDesk vault"):
        carry_out(FirstRunChoice("open", tmp_path), tmp_path / "demo")


def test_the_app_starts_for_real_and_quits(tmp_path: Path) -> None:
    """app.py as a person starts it (its own TaskRunner and settings), offscreen, closing itself when ready."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "app.py", "--vault", str(tmp_path / "vault"), "--quit-after-start"],
                          cwd=Path(__file__).parents[2], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "vault" / "vault.sqlite").exists()
