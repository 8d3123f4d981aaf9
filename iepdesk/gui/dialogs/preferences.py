"""Preferences: where files go, and how binders are numbered and printed (kept in the app's settings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.keyboard import Dialog

DEFAULTS: dict[str, Any] = {"folder": str(Path.home()), "paper": "letter", "exhibit_prefix": "P-", "bates_prefix": ""}


def preference(name: str) -> Any:
    return QSettings().value(f"preferences/{name}", DEFAULTS[name])


class PreferencesDialog(Dialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.folder = QLineEdit(str(preference("folder")))
        browse = QPushButton("Choose…")
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(browse)
        self.paper = QComboBox()
        self.paper.addItem("Letter", "letter")
        self.paper.addItem("A4", "a4")
        self.paper.setCurrentIndex(max(0, self.paper.findData(preference("paper"))))
        self.exhibit_prefix = QLineEdit(str(preference("exhibit_prefix")))
        self.bates_prefix = QLineEdit(str(preference("bates_prefix")))
        self.bates_prefix.setPlaceholderText("The child's last name, e.g. RIVERA-")
        form = QFormLayout()
        form.addRow("Save binders and letters in", row)
        form.addRow("Paper", self.paper)
        form.addRow("Exhibit labels start with", self.exhibit_prefix)
        form.addRow("Bates numbers start with", self.bates_prefix)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        for widget, name in ((self.folder, "Default folder"), (self.paper, "Paper size"),
                             (self.exhibit_prefix, "Exhibit prefix"), (self.bates_prefix, "Bates prefix")):
            widget.setAccessibleName(name)
        browse.clicked.connect(self._on_browse_clicked)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Default folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def save(self) -> None:
        settings = QSettings()
        settings.setValue("preferences/folder", self.folder.text().strip() or DEFAULTS["folder"])
        settings.setValue("preferences/paper", self.paper.currentData())
        settings.setValue("preferences/exhibit_prefix", self.exhibit_prefix.text() or "P-")
        settings.setValue("preferences/bates_prefix", self.bates_prefix.text().strip())
        self.accept()
