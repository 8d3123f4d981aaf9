"""File ▸ Back up now…, Automatic backups…, Restore a backup…, the "last backup" line in the status bar, and
the automatic backup made when the window closes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from iepdesk.gui.palette import WARNING, text_css
from iepdesk.gui.parity import covers

if TYPE_CHECKING:
    from iepdesk.gui.main_window import MainWindow


class BackupActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.backup_action = covers(window._action("&Back up now…", None, self._on_backup_triggered), "backup")
        self.auto_backup_action = window._action("&Automatic backups…", None, self._on_auto_backup_triggered)
        self.restore_backup_action = covers(window._action("Res&tore a backup…", None,
                                                           self._on_restore_backup_triggered), "restore")

    def backup_folder(self) -> Path | None:
        from PySide6.QtCore import QSettings

        value = QSettings().value("backup_folder")
        return Path(str(value)) if value else None

    def show_last_backup(self) -> None:
        """The "last backup" line: when the newest backup was made, by hand or automatically; a warning when there
        is none, it is over a week old, or the automatic backups' drive is not there."""
        from iepdesk.vault.backups_known import last_made

        folder = self.backup_folder()
        made = last_made(self.window.vault.path)
        self.window.backup_label.setToolTip("")
        if folder is not None and not folder.is_dir():
            text, warn = f"Backup folder missing: {folder} (is the USB stick plugged in?)", True
        elif made is not None:
            when, where = made
            age = (when.now(when.tzinfo) - when).days
            text, warn = f"Last backup: {when:%Y-%m-%d %H:%M}", age > 7
            if warn:
                text += f" ({age} days ago): back up now"
            self.window.backup_label.setToolTip(str(where))
        elif folder is None:
            text, warn = "No backup yet: File ▸ Back up now…, or Automatic backups…", True
        else:
            text, warn = "No backup yet: one is made when you close IEPDesk", True
        label = self.window.backup_label
        label.setText(text)
        label.setStyleSheet(text_css(label, WARNING) if warn else "")

    def _on_backup_triggered(self) -> None:
        from iepdesk.vault.backup import backup, default_name

        name, _ = QFileDialog.getSaveFileName(self.window, "Back up the vault to…",
                                              str((self.backup_folder() or Path.home()) / default_name()),
                                              "IEPDesk backup (*.iepbackup)")
        if name:
            report = self.window._run_change(lambda: backup(self.window.vault, Path(name), overwrite=True))
            if report is not None:
                self.show_last_backup()
                QMessageBox.information(self.window, "Backed up", f"The backup is written and checked:\n{report.path}")

    def _on_auto_backup_triggered(self) -> None:
        from PySide6.QtCore import QSettings

        folder = QFileDialog.getExistingDirectory(
            self.window, "Where should automatic backups go? (a USB stick or a synced folder)",
            str(self.backup_folder() or Path.home()))
        if folder:
            QSettings().setValue("backup_folder", folder)
            self.show_last_backup()

    def _on_restore_backup_triggered(self) -> None:
        from iepdesk.vault.backup import restore

        archive, _ = QFileDialog.getOpenFileName(self.window, "Choose a backup",
                                                 str(self.backup_folder() or Path.home()),
                                                 "IEPDesk backup (*.iepbackup *.zip)")
        if not archive:
            return
        folder = QFileDialog.getExistingDirectory(self.window, "Choose an empty folder for the restored vault")
        if folder:
            report = self.window._run_change(lambda: restore(Path(archive), Path(folder) / "Restored vault"))
            if report is not None and QMessageBox.question(
                    self.window, "Restored", f"{report.items} documents restored into {report.path}.\n\nOpen the "
                    "restored vault now? (You can open it later with File ▸ Open vault….)"
            ) == QMessageBox.StandardButton.Yes:
                self.window.vaults.switch_to(Path(report.path))

    def automatic_backup(self) -> None:
        """On closing: back up when something changed and the last one is a day old; a failure is said plainly."""
        from iepdesk.errors import IEPDeskError
        from iepdesk.vault.backup import auto_backup

        folder = self.backup_folder()
        if folder is None:
            return
        try:
            auto_backup(self.window.vault, folder)
        except IEPDeskError as error:
            QMessageBox.warning(self.window, "The automatic backup failed", f"{error}\n\nYour vault itself is fine.")
