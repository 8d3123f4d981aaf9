"""Making, opening and switching vaults in the app, and keeping the demo apart from a parent's own case."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from iepdesk.gui import vaults
from iepdesk.gui.dialogs.first_run import FirstRunDialog
from iepdesk.gui.main_window import MainWindow
from iepdesk.gui.tasks import TaskRunner
from iepdesk.items import list_rows
from iepdesk.students import list_students
from iepdesk.vault import Vault
from tests.fixtures import docs
from tests.fixtures.windows import open_window


def _adopt(qtbot, window: MainWindow | None) -> MainWindow:
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window._ready)
    return window


def _warnings(monkeypatch) -> list[str]:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, _title, text, *a: told.append(text)))
    return told


def _fill_new_vault_dialog(child: str, folder: Path) -> None:
    """What a parent types in File ▸ New vault… (the real dialog, shown modally)."""
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FirstRunDialog) and not dialog.demo_button.isVisible()
        dialog.child.setText(child)
        dialog.folder.setText(str(folder))
        dialog.create_button.click()
    QTimer.singleShot(0, fill)


def test_a_new_vault_is_made_and_opened_in_place_of_the_old(qtbot, vault: Vault, tmp_path: Path) -> None:
    window = open_window(qtbot, vault)
    _fill_new_vault_dialog("Ana Lopez", tmp_path / "Ana")
    window.vaults.new_action.trigger()
    new = _adopt(qtbot, next(w for w in MainWindow.windows if w is not window and w.isVisible()))
    assert new.vault.path == tmp_path / "Ana" and new.isVisible() and not window.isVisible()
    assert [s.name for s in list_students(new.vault)] == ["Ana Lopez"]
    assert vaults.last_vault(QSettings()) == (tmp_path / "Ana").absolute()
    assert new.windowTitle() == "IEPDesk — Ana"


def test_open_and_open_recent_switch_vaults(qtbot, tmp_path: Path, monkeypatch) -> None:
    other = tmp_path / "other"
    with Vault.create(other) as made:
        docs.text_pdf(tmp_path / "IEP.pdf", ["Individualized Education Program"])
        from iepdesk.ingest import import_paths

        import_paths(made, [tmp_path / "IEP.pdf"])
    first = tmp_path / "vault"
    Vault.create(first).close()
    told = _warnings(monkeypatch)  # a box would wait for a click: record it instead
    window = MainWindow(vaults.open_vault(first), TaskRunner(synchronous=True), owns_vault=True)
    window.show()
    _adopt(qtbot, window)
    vaults.remember(QSettings(), first)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(other)))
    new = _adopt(qtbot, window.vaults._on_open_triggered())
    assert [r.title for r in list_rows(new.vault)] == ["Individualized Education Program"]
    assert new.model.rowCount() == 1
    # the first vault is in Open recent, and choosing it goes back
    new.vaults._fill_recent()
    [back] = [a for a in new.vaults.recent_menu.actions() if a.text().startswith("vault")]
    back.trigger()
    again = _adopt(qtbot, next(w for w in MainWindow.windows if w is not new and w.isVisible()))
    assert again.vault.path.absolute() == first.absolute() and not new.isVisible()
    assert told == []
    again.close()


def test_a_folder_that_cannot_be_opened_is_explained_and_the_vault_stays_open(qtbot, vault: Vault, tmp_path: Path,
                                                                              monkeypatch) -> None:
    window = open_window(qtbot, vault)
    told = _warnings(monkeypatch)
    plain = tmp_path / "holiday photos"
    plain.mkdir()
    assert window.vaults.switch_to(plain) is None
    assert "is not an IEPDesk vault" in told[-1] and "stays open" in told[-1]
    with Vault.create(tmp_path / "busy"):  # another window (here: this test) holds it
        assert window.vaults.switch_to(tmp_path / "busy") is None
    assert "in use" in told[-1] or "open" in told[-1]
    newer = tmp_path / "newer"
    Vault.create(newer).close()
    with sqlite3.connect(newer / "vault.sqlite") as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    assert window.vaults.switch_to(newer) is None
    assert "newer version of IEPDesk" in told[-1]
    assert window.isVisible() and window.vault.writable  # still working on its vault
    docs.text_pdf(tmp_path / "after.pdf", ["Still works"])
    window.imports.import_paths([tmp_path / "after.pdf"])
    assert window.model.rowCount() == 1


def test_the_demo_says_so_is_not_reopened_and_guards_imports(qtbot, demo_path: Path, tmp_path: Path,
                                                             monkeypatch) -> None:
    (demo_path / vaults.DEMO_MARK).touch()
    own = tmp_path / "own"
    vaults.new_vault(own, "Sam Rivera")
    vaults.remember(QSettings(), own)
    vaults.remember(QSettings(), demo_path)  # the demo is never the vault to reopen
    assert vaults.last_vault(QSettings()) == own.absolute()
    assert demo_path.absolute() not in [p.absolute() for p in vaults.recent_vaults(QSettings())]
    with Vault.open(demo_path) as demo:
        window = open_window(qtbot, demo)
        banner = window.centralWidget().findChild(type(window.centralWidget()), "demoBanner")
        assert banner is not None and banner.isVisible()
        assert window.vaults.close_demo_action.isVisible() and not window.vaults.demo_action.isVisible()
        before = len(list_rows(demo))
        docs.text_pdf(tmp_path / "real.pdf", ["My child's real report card"])

        def answer(label: str) -> None:
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox) and "demo case" in box.text()
            [button] = [b for b in box.buttons() if b.text() == label]
            button.click()

        QTimer.singleShot(0, lambda: answer("Cancel"))
        window.imports.import_paths([tmp_path / "real.pdf"])
        assert len(list_rows(demo)) == before  # nothing landed in the demo
        QTimer.singleShot(0, lambda: answer("Make or open my own vault…"))
        window.imports.import_paths([tmp_path / "real.pdf"])
        new = _adopt(qtbot, next(w for w in MainWindow.windows if w is not window and w.isVisible()))
        assert new.vault.path.absolute() == own.absolute() and not window.isVisible()
        assert new.centralWidget().findChild(type(new.centralWidget()), "demoBanner") is None
        new.close()


def test_the_demo_is_built_whole_under_a_hidden_name_with_progress(qtbot, tmp_path: Path) -> None:
    said: list[str] = []
    path = vaults.build_demo_vault(tmp_path / "Demo Vault", said.append)
    assert vaults.is_demo(path) and vaults.is_vault(path)
    assert said and all(not p.name.startswith(".iepdesk-") for p in tmp_path.iterdir())
