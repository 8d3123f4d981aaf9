"""File ▸ New vault…, Open vault…, Open recent, the demo case: switching the window to another vault.

A switch opens the new vault first; only when that worked is a window made for it and the old one closed
(with its automatic backup), so a folder that is not a vault, is open in another window or was made by a
newer IEPDesk is a sentence in a box and the vault open now stays open.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMenu, QMessageBox, QPushButton, QWidget

from iepdesk.errors import IEPDeskError
from iepdesk.gui import vaults
from iepdesk.gui.attempt import said
from iepdesk.gui.parity import covers

if TYPE_CHECKING:
    from iepdesk.gui.main_window import MainWindow


class VaultActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.new_action = covers(window._action("&New vault…", "Ctrl+Shift+N", self._on_new_triggered), "init",
                                 "student add")
        self.open_action = window._action("&Open vault…", None, self._on_open_triggered)
        self.recent_menu = QMenu("Open &recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.demo_action = covers(window._action("Look at the &demo case", None, self._on_demo_triggered), "demo")
        self.close_demo_action = window._action("&Close the demo", None, self.close_demo)
        demo = vaults.is_demo(window.vault.path)
        self.demo_action.setVisible(not demo)
        self.close_demo_action.setVisible(demo)

    def add_to(self, menu: QMenu) -> None:
        for action in (self.new_action, self.open_action):
            menu.addAction(action)
        menu.addMenu(self.recent_menu)
        menu.addAction(self.demo_action)
        menu.addAction(self.close_demo_action)
        menu.addSeparator()

    def banner(self) -> QWidget | None:
        """"This is the demo case", with the way out, while the demo is open."""
        if not vaults.is_demo(self.window.vault.path):
            return None
        banner = QWidget()
        banner.setObjectName("demoBanner")
        banner.setStyleSheet("#demoBanner { background: #fff4ce; } #demoBanner QLabel { color: #3b2f00; }")
        label = QLabel("<b>This is the demo case</b> — a made-up child and made-up documents, to look around. "
                       "Your own child's documents belong in a vault of your own.")
        label.setWordWrap(True)
        button = QPushButton("Close the demo…")
        button.setAccessibleName("Close the demo and make or open your own vault")
        button.clicked.connect(self.close_demo)
        row = QHBoxLayout(banner)
        row.setContentsMargins(10, 4, 10, 4)
        row.addWidget(label, 1)
        row.addWidget(button)
        return banner

    # -- the actions ----------------------------------------------------------------------------------------
    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        here = self.window.vault.path.absolute()
        recent = [p for p in vaults.recent_vaults(QSettings()) if p.absolute() != here]
        for path in recent:
            action = self.recent_menu.addAction(f"{path.name}  —  {path.parent}")
            action.triggered.connect(lambda _checked=False, path=path: self.switch_to(path))
        if not recent:
            self.recent_menu.addAction("No other vault opened yet").setEnabled(False)

    def _on_new_triggered(self) -> MainWindow | None:
        from iepdesk.gui.dialogs.first_run import FirstRunDialog
        from iepdesk.vault import default_vault_path

        choice = FirstRunDialog.ask(vaults.free_folder(default_vault_path()), self.window, welcome=False)
        if choice is None:
            return None
        try:
            path = vaults.new_vault(choice.path or default_vault_path(), choice.child, choice.school, choice.state)
        except IEPDeskError as error:
            QMessageBox.warning(self.window, "The vault was not made", said(error))
            return None
        return self.switch_to(path)

    def _on_open_triggered(self) -> MainWindow | None:
        folder = QFileDialog.getExistingDirectory(self.window, "Choose the vault's folder (it holds vault.sqlite)",
                                                  str(self.window.vault.path.parent))
        return self.switch_to(Path(folder)) if folder else None

    def _on_demo_triggered(self) -> MainWindow | None:
        try:
            path = vaults.build_demo_showing_progress(vaults.demo_vault_path(), self.window)
        except IEPDeskError as error:
            QMessageBox.warning(self.window, "The demo could not be made", said(error))
            return None
        return self.switch_to(path)

    def close_demo(self) -> MainWindow | None:
        """Leave the demo for the parent's own vault: the last one, or a new one."""
        last = vaults.last_vault(QSettings())
        if last is not None:
            return self.switch_to(last)
        return self._on_new_triggered()

    def switch_to(self, path: Path) -> MainWindow | None:
        """Open ``path`` in a new window in place of this one; on a problem, say it and stay."""
        from iepdesk.gui.main_window import MainWindow
        from iepdesk.gui.tasks import TaskRunner

        window = self.window
        if path.absolute() == window.vault.path.absolute():
            return window
        if window.runner.busy:
            QMessageBox.information(window, "Please wait", "IEPDesk is still working on this vault (an import "
                                    "or reading scanned pages). Try again when it has finished.")
            return None
        try:
            vault = vaults.open_vault(path)
        except IEPDeskError as error:
            QMessageBox.warning(window, "IEPDesk cannot open that vault",
                                f"{error}\n\nThe vault open now ({window.vault.path.name}) stays open.")
            return None
        vaults.remember(QSettings(), path)
        new = MainWindow(vault, TaskRunner(synchronous=window.runner.synchronous), owns_vault=True)
        new.setGeometry(window.geometry())
        if window.isMaximized():
            new.showMaximized()
        else:
            new.show()
        window.close()
        return new

