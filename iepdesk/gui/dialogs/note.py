"""A typed note: a phone call, a meeting or an observation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.dates import date_of
from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog

TYPES = {"call": "Phone call", "meeting": "Meeting", "observation": "Observation"}


@dataclass(frozen=True)
class NoteInput:
    note_type: str
    title: str
    date: dt.date
    people: str
    text: str


class NoteDialog(Dialog):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New note")
        fit_to_screen(self, 560, 460)
        self.kind = QComboBox()
        for key, label in TYPES.items():
            self.kind.addItem(label, key)
        self.title = QLineEdit(placeholderText="e.g. Call with the principal")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("MMMM d, yyyy")
        self.people = QLineEdit(placeholderText="Who took part, e.g. Dr. Bell (principal)")
        self.text = QPlainTextEdit(text)
        self.text.setPlaceholderText("What was said or seen, as exactly as you can. Write it down the same day.")
        form = QFormLayout()
        form.addRow("Kind", self.kind)
        form.addRow("Title", self.title)
        form.addRow("Date", self.date)
        form.addRow("With", self.people)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        for widget, name in ((self.kind, "Kind of note"), (self.title, "Title"), (self.date, "Date"),
                             (self.people, "People"), (self.text, "Note text")):
            widget.setAccessibleName(name)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def value(self) -> NoteInput:
        return NoteInput(self.kind.currentData(), self.title.text().strip(), date_of(self.date),
                         self.people.text().strip(), self.text.toPlainText())

    @classmethod
    def ask(cls, text: str = "", parent: QWidget | None = None) -> NoteInput | None:
        dialog = cls(text, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.text.toPlainText().strip():
            return dialog.value()
        return None
