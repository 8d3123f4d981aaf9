"""The foot of a dialog that makes a file (a binder, a disclosure packet): a progress bar, a message line, and
Make, Open, Show in folder and Close; Open and Show in folder appear once the file is made."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QProgressBar


class FileMaker:
    def __init__(self, make: str) -> None:
        self.path: Path | None = None  # the file made
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.make_button = self.buttons.addButton(make, QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = self.buttons.addButton("Open", QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = self.buttons.addButton("Show in folder", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.open_button.hide()
        self.folder_button.hide()
        self.open_button.clicked.connect(lambda: show(self.path))
        self.folder_button.clicked.connect(lambda: show(self.path.parent if self.path else None))

    def started(self, words: str) -> None:
        self.make_button.setEnabled(False)
        self.progress.show()
        self.progress.setRange(0, 0)
        self.message.setText(words)

    def progressed(self, progress: object) -> None:
        self.progress.setRange(0, max(1, progress.total))  # type: ignore[attr-defined]
        self.progress.setValue(progress.done)  # type: ignore[attr-defined]

    def made(self, path: Path, words: str) -> None:
        self.path = path
        self.progress.hide()
        self.message.setText(words)
        self.make_button.setEnabled(True)
        self.open_button.show()
        self.folder_button.show()

    def failed(self, words: str) -> None:
        self.progress.hide()
        self.make_button.setEnabled(True)
        self.message.setText(words)


def show(path: Path | None) -> None:
    """Open a file, or a folder, in the desktop's own program for it."""
    if path is not None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
