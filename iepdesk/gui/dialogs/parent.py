"""Your own details, asked once and kept in the vault: every letter IEPDesk writes is signed with them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog

if TYPE_CHECKING:
    from iepdesk.timeline.people import PersonRecord
    from iepdesk.vault import Vault


@dataclass(frozen=True)
class ParentInput:
    name: str
    address: str
    phone: str
    email: str


class ParentDialog(Dialog):
    def __init__(self, parent_now: PersonRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your details")
        fit_to_screen(self, 460, 300)
        intro = QLabel("Your letters to the school are signed with these. They stay in this vault, on this computer.")
        intro.setWordWrap(True)
        self.name = QLineEdit(placeholderText="e.g. Dana Rivera")
        self.address = QPlainTextEdit()
        self.address.setPlaceholderText("12 Elm Street\nSpringfield, IL 62701")
        self.address.setFixedHeight(70)
        self.phone = QLineEdit(placeholderText="Optional")
        self.email = QLineEdit(placeholderText="Optional: your emails are then linked to you")
        if parent_now is not None:  # what is kept now
            from iepdesk.letters.parent import address_of

            self.name.setText(parent_now.name)
            self.address.setPlainText(address_of(parent_now))
            self.phone.setText(parent_now.phone or "")
            self.email.setText(parent_now.email or "")
        form = QFormLayout()
        for label, widget in (("Name", self.name), ("Address", self.address), ("Phone", self.phone),
                              ("Email", self.email)):
            form.addRow(label, widget)
            widget.setAccessibleName(f"Your {label.lower()}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def value(self) -> ParentInput:
        return ParentInput(self.name.text().strip(), self.address.toPlainText().strip(), self.phone.text().strip(),
                           self.email.text().strip())


def ask_parent_details(vault: Vault, parent: QWidget | None = None) -> PersonRecord | None:
    """Ask for (or show again) the parent's details and keep them in the vault; the parent kept, or None when
    the parent cancelled or the core refused (its sentence shown)."""
    from iepdesk.gui.attempt import attempt
    from iepdesk.letters.parent import parents, set_parent

    now = parents(vault)
    dialog = ParentDialog(now[0] if now else None, parent)
    if dialog.exec() != ParentDialog.DialogCode.Accepted:
        return None
    given = dialog.value()
    done = attempt(parent or dialog, "Your details were not kept", lambda: set_parent(
        vault, given.name, address=given.address, phone=given.phone, email=given.email, actor="app"))
    return done[0] if done is not None else None
