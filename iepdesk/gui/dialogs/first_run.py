"""The first start: make a vault for your child, open one you have, or look around the demo case."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iepdesk.errors import IEPDeskError
from iepdesk.gui.dialogs.child import state_combo
from iepdesk.gui.keyboard import Dialog


@dataclass(frozen=True)
class FirstRunChoice:
    kind: str  # new | open | demo
    path: Path | None = None
    child: str = ""
    school: str = ""
    state: str | None = None


class FirstRunDialog(Dialog):
    def __init__(self, default_folder: Path, parent: QWidget | None = None, welcome: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to IEPDesk" if welcome else "A new vault")
        self.choice: FirstRunChoice | None = None
        intro = QLabel("<h2>Welcome</h2><p>IEPDesk keeps your child's school, medical and evaluation records in "
                       "one folder on this computer — the <b>vault</b> — so you can find, quote and prove what "
                       "matters. Nothing leaves this computer.</p>" if welcome else
                       "<p>A new vault is a folder of its own for one child's records. The vault open now is "
                       "not changed.</p>")
        intro.setWordWrap(True)
        self.child = QLineEdit(placeholderText="Your child's name, e.g. Sam Rivera")
        self.school = QLineEdit(placeholderText="School (optional)")
        self.state = state_combo()
        self.state.setToolTip("The state's deadline rules count your child's clocks (you can set it later in Tools)")
        self.folder = QLineEdit(str(default_folder))
        browse = QPushButton("Choose…")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Child", self.child)
        form.addRow("School", self.school)
        form.addRow("State", self.state)
        form.addRow("Vault folder", folder_row)
        self.create_button = QPushButton("Create my vault")
        self.create_button.setDefault(True)
        self.open_button = QPushButton("Open a vault I already have…")
        self.demo_button = QPushButton("Look around a demo case first")
        for widget, name in ((self.child, "Child's name"), (self.school, "School"), (self.folder, "Vault folder")):
            widget.setAccessibleName(name)
        buttons = QHBoxLayout()
        if welcome:
            buttons.addWidget(self.demo_button)
            buttons.addWidget(self.open_button)
        else:
            self.demo_button.hide()
            self.open_button.hide()
        buttons.addStretch()
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        browse.clicked.connect(self._on_browse_clicked)
        self.create_button.clicked.connect(self._on_create_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.demo_button.clicked.connect(lambda: self._choose(FirstRunChoice("demo")))

    def _choose(self, choice: FirstRunChoice) -> None:
        self.choice = choice
        self.accept()

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Where should the vault go?", self.folder.text())
        if folder:
            self.folder.setText(str(Path(folder) / "IEPDesk Vault"))

    def _on_create_clicked(self) -> None:
        if not self.child.text().strip():
            QMessageBox.information(self, "Your child's name", "Type your child's name first: it goes on the "
                                    "binder's cover and in the letters.")
            return
        self._choose(FirstRunChoice("new", Path(self.folder.text()).expanduser(), self.child.text().strip(),
                                    self.school.text().strip(), self.state.currentData()))

    def _on_open_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the vault's folder (it holds vault.sqlite)")
        if folder:
            self._choose(FirstRunChoice("open", Path(folder)))

    @classmethod
    def ask(cls, default_folder: Path, parent: QWidget | None = None, welcome: bool = True) -> FirstRunChoice | None:
        dialog = cls(default_folder, parent, welcome)
        return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None


def carry_out(choice: FirstRunChoice, demo_path: Path, parent: QWidget | None = None) -> Path:
    """Make or find the vault the person chose; returns its folder. Raises IEPDeskError with a sentence."""
    from iepdesk.gui import vaults

    if choice.kind == "demo":
        return vaults.build_demo_showing_progress(demo_path, parent)
    assert choice.path is not None
    if choice.kind == "open":
        if not vaults.is_vault(choice.path):
            raise IEPDeskError(f"{choice.path} is not an IEPDesk vault: it has no vault.sqlite. Choose the folder "
                               "that holds it.")
        return choice.path
    return vaults.new_vault(choice.path, choice.child, choice.school, choice.state)
