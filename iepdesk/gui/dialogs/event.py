"""Add an event: a request sent, a consent signed, a meeting held or set, a notice received… Its date starts the
clocks the law gives it (the Timeline shows them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.dates import date_of
from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.timeline.kinds import EVENT_KINDS

if TYPE_CHECKING:
    from iepdesk.timeline.events import EventRecord


@dataclass(frozen=True)
class EventInput:
    kind: str
    date: dt.date
    title: str
    note: str
    linked: bool  # linked to the document chosen when the dialog opened


class EventDialog(Dialog):
    def __init__(self, document: str | None = None, parent: QWidget | None = None,
                 event: EventRecord | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an event" if event is None else "Change the event")
        fit_to_screen(self, 520, 380)
        intro = QLabel("An event is something that happened or is set: a request you sent, a consent you signed, a "
                       "meeting, a notice from the school. Its date starts the deadlines the law gives it.")
        intro.setWordWrap(True)
        self.kind = QComboBox()
        for key, kind in EVENT_KINDS.items():
            self.kind.addItem(kind.label, key)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("MMMM d, yyyy")
        self.title = QLineEdit(placeholderText="Optional: e.g. Annual IEP meeting")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Optional: what was decided, who was there, what was said.")
        self.linked = QCheckBox(f"It is shown by the document chosen now: “{document}”" if document else "")
        if event is not None:  # changing one: what it says now
            self.kind.setCurrentIndex(self.kind.findData(event.kind))
            self.date.setDate(QDate(event.date.year, event.date.month, event.date.day))
            self.title.setText(event.title)
            self.note.setPlainText(event.note or "")
            document = None  # its link to a document stays as it is
        self.has_document = document is not None
        self.linked.setChecked(self.has_document)
        self.linked.setVisible(self.has_document)
        form = QFormLayout()
        form.addRow("What", self.kind)
        form.addRow("When", self.date)
        form.addRow("Title", self.title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.linked)
        layout.addWidget(buttons)
        for widget, name in ((self.kind, "Kind of event"), (self.date, "Date"), (self.title, "Title"),
                             (self.note, "Note"), (self.linked, "Link to the chosen document")):
            widget.setAccessibleName(name)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def value(self) -> EventInput:
        return EventInput(self.kind.currentData(), date_of(self.date), self.title.text().strip(),
                          self.note.toPlainText().strip(), self.has_document and self.linked.isChecked())

    @classmethod
    def ask(cls, document: str | None = None, parent: QWidget | None = None,
            event: EventRecord | None = None) -> EventInput | None:
        dialog = cls(document, parent, event)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
