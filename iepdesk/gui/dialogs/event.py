"""Add an event: a request sent, a consent signed, a meeting held or set, a notice received… Its date starts the
clocks the law gives it (the Timeline shows them). It can say what was decided, who took part, and which earlier
event it answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.dates import date_of
from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.timeline.kinds import EVENT_KINDS, OUTCOMES

if TYPE_CHECKING:
    from iepdesk.timeline.events import EventRecord
    from iepdesk.timeline.people import PersonRecord


@dataclass(frozen=True)
class EventInput:
    kind: str
    date: dt.date
    title: str
    note: str
    linked: bool  # linked to the document chosen when the dialog opened
    outcome: str | None = None  # what it decided (an eligibility meeting: eligible or not), None: not recorded
    people: tuple[int, ...] = ()  # who took part or was written to
    response_to: int | None = None  # the earlier event it answers


class EventDialog(Dialog):
    def __init__(self, document: str | None = None, parent: QWidget | None = None,
                 event: EventRecord | None = None, people: list[PersonRecord] | None = None,
                 events: list[EventRecord] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an event" if event is None else "Change the event")
        fit_to_screen(self, 560, 600)
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
        self.outcome = QComboBox()
        self.outcome_label = QLabel("Decided")
        self.people = QListWidget()
        self.people.setToolTip("Tick who took part, or whom it was sent to")
        for person in people or []:
            row = QListWidgetItem(person.shown)
            row.setData(Qt.ItemDataRole.UserRole, person.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if event is not None and person.id in event.people else
                              Qt.CheckState.Unchecked)
            self.people.addItem(row)
        self.people.setMaximumHeight(110)
        self.response_to = QComboBox()
        self.response_to.addItem("Nothing earlier", None)
        for earlier in events or []:
            if event is None or earlier.id != event.id:
                self.response_to.addItem(f"{earlier.date:%Y-%m-%d} {earlier.title}", earlier.id)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_outcomes())
        if event is not None:  # changing one: what it says now
            self.kind.setCurrentIndex(self.kind.findData(event.kind))
            self.date.setDate(QDate(event.date.year, event.date.month, event.date.day))
            self.title.setText(event.title)
            self.note.setPlainText(event.note or "")
            self.response_to.setCurrentIndex(max(0, self.response_to.findData(event.response_to)))
            document = None  # its link to a document stays as it is
        self._show_outcomes(event.outcome if event is not None else None)
        self.has_document = document is not None
        self.linked.setChecked(self.has_document)
        self.linked.setVisible(self.has_document)
        form = QFormLayout()
        form.addRow("What", self.kind)
        form.addRow("When", self.date)
        form.addRow("Title", self.title)
        form.addRow(self.outcome_label, self.outcome)
        form.addRow("Answers", self.response_to)
        if self.people.count():
            form.addRow("Who", self.people)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.linked)
        layout.addWidget(buttons)
        for widget, name in ((self.kind, "Kind of event"), (self.date, "Date"), (self.title, "Title"),
                             (self.note, "Note"), (self.linked, "Link to the chosen document"),
                             (self.outcome, "What it decided"), (self.response_to, "The earlier event it answers"),
                             (self.people, "Who took part")):
            widget.setAccessibleName(name)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def _show_outcomes(self, chosen: str | None = None) -> None:
        """What an event of this kind can decide (only some kinds decide something)."""
        choices = OUTCOMES.get(self.kind.currentData(), {})
        self.outcome.clear()
        self.outcome.addItem("Not recorded", None)
        for key, label in choices.items():
            self.outcome.addItem(label[0].upper() + label[1:], key)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(chosen)))
        self.outcome.setVisible(bool(choices))
        self.outcome_label.setVisible(bool(choices))

    def value(self) -> EventInput:
        people = tuple(self.people.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.people.count())
                       if self.people.item(n).checkState() == Qt.CheckState.Checked)
        return EventInput(self.kind.currentData(), date_of(self.date), self.title.text().strip(),
                          self.note.toPlainText().strip(), self.has_document and self.linked.isChecked(),
                          self.outcome.currentData() if self.outcome.isVisibleTo(self) else None, people,
                          self.response_to.currentData())

    @classmethod
    def ask(cls, document: str | None = None, parent: QWidget | None = None, event: EventRecord | None = None,
            people: list[PersonRecord] | None = None, events: list[EventRecord] | None = None) -> EventInput | None:
        dialog = cls(document, parent, event, people, events)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
