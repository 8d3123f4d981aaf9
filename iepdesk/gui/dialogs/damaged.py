"""A vault whose database is damaged: say so plainly, and save what can be read into a new vault."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.attempt import said
from iepdesk.gui.keyboard import Dialog
from iepdesk.gui.tasks import TaskRunner

if TYPE_CHECKING:
    from iepdesk.repair import RepairReport


def repaired_folder(damaged: Path) -> Path:
    """A new folder beside the damaged vault: ``<name> (repaired)``, ``<name> (repaired 2)``…"""
    candidate, number = damaged.with_name(f"{damaged.name} (repaired)"), 2
    while candidate.exists():
        candidate, number = damaged.with_name(f"{damaged.name} (repaired {number})"), number + 1
    return candidate


class DamagedVaultDialog(Dialog):
    """Explains the damage, repairs into a new folder on request, then shows what was saved."""

    def __init__(self, vault_path: Path, message: str, parent: QWidget | None = None,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("IEPDesk — this vault needs repair")
        self.vault_path = vault_path
        self.repaired: Path | None = None
        self.runner = runner or TaskRunner(self)
        self.text = QLabel(
            f"<p><b>IEPDesk cannot make changes to the vault at {html.escape(str(vault_path))}</b>: its database "
            "is damaged (a disk error or a crash can do this). Your original files are not affected.</p>"
            "<p>IEPDesk can save everything it can still read into a <b>new vault</b>, and make again what the "
            "original files allow. The damaged vault is left as it is. If you have a recent backup, restoring "
            "it is the other way: open another vault (or the demo), then File ▸ Restore a backup….</p>")
        self.text.setWordWrap(True)
        self.details = QLabel(message)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.target = QLineEdit(str(repaired_folder(vault_path)))
        self.target.setAccessibleName("Folder for the repaired vault")
        browse = QPushButton("Choose…")
        self.target_row = QWidget()
        row = QHBoxLayout(self.target_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("New vault:"))
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        self.repair_button = QPushButton("Repair into a new vault")
        self.repair_button.setDefault(True)
        self.close_button = QPushButton("Close")
        self.open_button = QPushButton("Open the repaired vault")
        self.open_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.repair_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.details)
        layout.addWidget(self.target_row)
        layout.addLayout(buttons)
        self.setMinimumWidth(640)
        browse.clicked.connect(self._on_browse_clicked)
        self.repair_button.clicked.connect(self._on_repair_clicked)
        self.close_button.clicked.connect(self.reject)
        self.open_button.clicked.connect(self.accept)

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Where should the repaired vault go?",
                                                  str(self.vault_path.parent))
        if folder:
            self.target.setText(str(Path(folder) / repaired_folder(self.vault_path).name))

    def _on_repair_clicked(self) -> None:
        from iepdesk.repair import repair

        target = Path(self.target.text()).expanduser()
        self.repair_button.setEnabled(False)
        self.text.setText("<p>Repairing… this takes a moment for a large vault.</p>")
        self.runner.start(lambda _report, _cancel: repair(self.vault_path, target, actor="app"),
                          self._on_repaired, self._on_failed)

    def _on_repaired(self, report: RepairReport) -> None:
        self.repaired = report.path
        closing = report.closing()
        told = report.lines()[:-len(closing)]
        lines = "".join(f"<li>{html.escape(line.strip())}</li>" for line in told[1:])
        self.text.setText(f"<p><b>{html.escape(told[0])}</b></p><ul>{lines}</ul>" +
                          "".join(f"<p>{html.escape(line)}</p>" for line in closing))
        self.details.hide()
        self.target_row.hide()
        self.repair_button.hide()
        self.open_button.show()
        self.open_button.setDefault(True)
        self.adjustSize()  # the report is longer than the question: the dialog grows so all of it shows

    def _on_failed(self, error: BaseException) -> None:
        self.repair_button.setEnabled(True)
        self.text.setText(f"<p><b>The repair could not be done.</b></p><p>{html.escape(said(error))}</p>")

    @classmethod
    def ask(cls, vault_path: Path, message: str, parent: QWidget | None = None) -> Path | None:
        """The repaired vault's folder, or None when the person closed the dialog."""
        dialog = cls(vault_path, message, parent)
        return dialog.repaired if dialog.exec() == QDialog.DialogCode.Accepted else None
