"""School breaks and holidays: the days that do not count as school days (a break) or as school or business days
(a holiday) when IEPDesk counts a deadline. IEPDesk cannot know a district's calendar; the parent enters it."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.attempt import attempt
from iepdesk.gui.dates import date_of
from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.gui.lists import readable
from iepdesk.timeline.breaks import KINDS
from iepdesk.vault import Vault

KIND_CHOICES = {
    "break": "A school break (no school days)",
    "summer": "The summer: from the day after the spring term's last day to the day before fall's first",
    "holiday": "A holiday: offices are closed too (not a business day either)",
}


class BreaksDialog(Dialog):
    """The list of breaks and holidays, and a line to add one."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.added = 0
        self.setWindowTitle("School breaks and holidays")
        fit_to_screen(self, 600, 440)
        intro = QLabel("Deadlines counted in school days skip these. Enter your school's breaks (winter, spring, "
                       "summer) and the holidays your state or district keeps; federal holidays are known already.")
        intro.setWordWrap(True)
        self.table = readable(QTableWidget(0, 4))
        self.table.setHorizontalHeaderLabels(["From", "To", "Name", "Kind"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setColumnWidth(2, 220)
        self.name = QLineEdit(placeholderText="e.g. Winter break")
        self.first = QDateEdit(QDate.currentDate())
        self.last = QDateEdit(QDate.currentDate())
        for field in (self.first, self.last):
            field.setCalendarPopup(True)
            field.setDisplayFormat("MMMM d, yyyy")
        self.kind = QComboBox()
        for key, label in KIND_CHOICES.items():
            self.kind.addItem(label, key)
        self.add_button = QPushButton("Add")
        form = QFormLayout()
        form.addRow("Name", self.name)
        dates = QHBoxLayout()
        dates.addWidget(self.first)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.last)
        form.addRow("From", dates)
        form.addRow("Kind", self.kind)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.add_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(buttons)
        for widget, name in ((self.name, "Name of the break"), (self.first, "First day"), (self.last, "Last day"),
                             (self.kind, "Kind of day off")):
            widget.setAccessibleName(name)
        self.add_button.clicked.connect(self._on_add_clicked)
        buttons.rejected.connect(self.reject)
        self.first.dateChanged.connect(lambda day: self.last.setDate(max(day, self.last.date())))
        self.refresh()

    def refresh(self) -> None:
        from iepdesk.timeline.breaks import list_days_off

        rows = list_days_off(self.vault)
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, text in enumerate((row.first_day.isoformat(), row.last_day.isoformat(), row.name,
                                           KINDS.get(row.kind, row.kind))):
                self.table.setItem(number, column, QTableWidgetItem(text))

    def _on_add_clicked(self) -> None:
        from iepdesk.timeline.breaks import add_day_off

        added = attempt(self, "Not added", lambda: add_day_off(
            self.vault, date_of(self.first), date_of(self.last), name=self.name.text().strip() or None,
            kind=self.kind.currentData(), actor="app"))
        if added is None:
            return
        self.added += 1
        self.name.clear()
        self.refresh()
