"""The People view: the IEP team and everyone else in the case, with their role and how to reach them. Events,
letters and emails name them; an email from or to their address is linked to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.attempt import attempt
from iepdesk.gui.lists import readable
from iepdesk.gui.parity import covers
from iepdesk.vault import Vault


class PeopleView(QWidget):
    changed = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.table = readable(covers(QTableWidget(0, 5), "person list"))
        self.table.setHorizontalHeaderLabels(["Name", "Role", "Email", "Organisation", "Phone"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("People of the case")
        for column, width in enumerate((220, 170, 260, 300)):
            self.table.setColumnWidth(column, width)
        self.add_button = covers(QPushButton("Add a person…"), "person add")
        self.change_button = covers(QPushButton("Change…"), "person edit")
        row = QHBoxLayout()
        row.addWidget(QLabel("<h3>People of the case</h3><p>The IEP team and everyone else: events and letters "
                             "name them, and emails from or to their address are linked to them.</p>"), 1)
        row.addWidget(self.add_button)
        row.addWidget(self.change_button)
        self.children_line = covers(QLabel(), "student list")
        self.children_line.setAccessibleName("The children of this vault")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.children_line)
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.change_button.clicked.connect(self._on_change_clicked)
        self.table.doubleClicked.connect(lambda _index: self._on_change_clicked())

    def refresh(self) -> None:
        from iepdesk.students import list_students
        from iepdesk.timeline.people import list_people

        children = [s.name + (f" ({s.school})" if s.school else "") for s in list_students(self.vault)]
        self.children_line.setText("The case is about " + ", ".join(children) + "." if children else
                              "No child is named in this vault yet (File ▸ New vault… names one).")

        people = list_people(self.vault)
        self.table.setRowCount(len(people))
        for number, person in enumerate(people):
            cells = (person.name, person.role_label, person.email or "", person.organisation or "", person.phone or "")
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, person.id)
                self.table.setItem(number, column, cell)
        self.change_button.setEnabled(bool(people))

    def chosen(self) -> int | None:
        cell = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None

    def _on_add_clicked(self) -> None:
        from iepdesk.gui.dialogs.person import PersonDialog
        from iepdesk.timeline.people import add_person

        asked = PersonDialog.ask(None, self)
        if asked is not None:
            self._change(lambda: add_person(self.vault, asked.name, role=asked.role, email=asked.email or None,
                                            organisation=asked.organisation or None, phone=asked.phone or None,
                                            actor="app"))

    def _on_change_clicked(self) -> None:
        from iepdesk.gui.dialogs.person import PersonDialog
        from iepdesk.timeline.people import list_people, update_person

        person_id = self.chosen()
        person = next((p for p in list_people(self.vault) if p.id == person_id), None)
        if person is None:
            return
        asked = PersonDialog.ask(person, self)
        if asked is not None:
            self._change(lambda: update_person(self.vault, person.id, actor="app", name=asked.name,
                                               role=asked.role, email=asked.email or None,
                                               organisation=asked.organisation or None, phone=asked.phone or None))

    def _change(self, change: Callable[[], Any]) -> None:
        if attempt(self, "That did not work", change) is not None:
            self.refresh()
            self.changed.emit()
