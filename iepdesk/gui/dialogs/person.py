"""A person of the case (the IEP team, a doctor, an advocate): name, role and how to reach them. Emails from and
to their address are linked to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.timeline.kinds import ROLES

if TYPE_CHECKING:
    from iepdesk.timeline.people import PersonRecord


@dataclass(frozen=True)
class PersonInput:
    name: str
    role: str
    email: str
    organisation: str
    phone: str


class PersonDialog(Dialog):
    def __init__(self, person: PersonRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a person" if person is None else f"Change {person.name}")
        fit_to_screen(self, 460, 240)
        self.name = QLineEdit(placeholderText="e.g. Jennifer Ortiz")
        self.role = QComboBox()
        for key, label in ROLES.items():
            self.role.addItem(label, key)
        self.email = QLineEdit(placeholderText="Optional: their emails are then linked to them")
        self.organisation = QLineEdit(placeholderText="Optional: e.g. Maple Grove Unified School District")
        self.phone = QLineEdit(placeholderText="Optional")
        if person is not None:
            self.name.setText(person.name)
            self.role.setCurrentIndex(self.role.findData(person.role))
            self.email.setText(person.email or "")
            self.organisation.setText(person.organisation or "")
            self.phone.setText(person.phone or "")
        else:
            self.role.setCurrentIndex(self.role.findData("other"))
        form = QFormLayout()
        for label, widget in (("Name", self.name), ("Role", self.role), ("Email", self.email),
                              ("Organisation", self.organisation), ("Phone", self.phone)):
            form.addRow(label, widget)
            widget.setAccessibleName(label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def value(self) -> PersonInput:
        return PersonInput(self.name.text().strip(), self.role.currentData(), self.email.text().strip(),
                           self.organisation.text().strip(), self.phone.text().strip())

    @classmethod
    def ask(cls, person: PersonRecord | None = None, parent: QWidget | None = None) -> PersonInput | None:
        dialog = cls(person, parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
