"""Change the chosen documents at once: their kind, date, source or child, each left as it is unless the parent
sets it. The change is one step, undone together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.kinds import KINDS, SOURCES

if TYPE_CHECKING:
    from iepdesk.students import StudentRecord

KEEP = "(leave as it is)"


class BatchEditDialog(Dialog):
    def __init__(self, count: int, students: list[StudentRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Change {count} documents")
        fit_to_screen(self, 460, 260)
        intro = QLabel(f"What you set here is set on all {count} documents you chose; what you leave as it is "
                       "stays as each one has it. Undo (Ctrl+Z) takes the whole change back.")
        intro.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.addItem(KEEP, None)
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.set_date = QCheckBox("Set the date:")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("MMMM d, yyyy")
        self.date.setEnabled(False)
        self.source = QComboBox()
        self.source.addItem(KEEP, None)
        for key, label in SOURCES.items():
            self.source.addItem(label, key)
        self.child = QComboBox()
        self.child.addItem(KEEP, None)
        for student in students:
            self.child.addItem(student.name, student.id)
        form = QFormLayout()
        form.addRow("Kind", self.kind)
        form.addRow(self.set_date, self.date)
        form.addRow("Source", self.source)
        if len(students) > 1:  # one child: every document is already about that child
            form.addRow("Child", self.child)
        for widget, name in ((self.kind, "Kind of document"), (self.date, "Date"), (self.source, "Source"),
                             (self.child, "Child")):
            widget.setAccessibleName(name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"Change {count} documents")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.set_date.toggled.connect(self.date.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def changes(self) -> dict[str, Any]:
        """The fields set, named as the core names them (iepdesk.items.update_items)."""
        changes: dict[str, Any] = {}
        if self.kind.currentData() is not None:
            changes["kind"] = self.kind.currentData()
        if self.set_date.isChecked():
            changes["doc_date"] = self.date.date().toPython()
        if self.source.currentData() is not None:
            changes["source"] = self.source.currentData()
        if self.child.currentData() is not None:
            changes["student_id"] = self.child.currentData()
        return changes
