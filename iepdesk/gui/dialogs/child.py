"""Your child's details, the state the child goes to school in (the state's deadline rules then count the
child's clocks; the federal rules where IEPDesk has none of the state's) and the categories that may fit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.dates import date_of
from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.gui.lists import readable
from iepdesk.states import STATES, has_pack

if TYPE_CHECKING:
    import datetime as dt

    from iepdesk.students import StudentRecord


def state_combo(current: str | None = None) -> QComboBox:
    """The states by name, "Not set" first; those IEPDesk has deadline rules for are marked."""
    combo = QComboBox()
    combo.addItem("Not set (the federal timelines)", None)
    for code, name in sorted(STATES.items(), key=lambda pair: pair[1]):
        combo.addItem(f"{name} — its timelines are in IEPDesk" if has_pack(code) else name, code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.setAccessibleName("State")
    return combo


@dataclass(frozen=True)
class ChildInput:
    name: str
    birth_date: dt.date | None
    school: str
    grade: str
    state: str | None
    categories: tuple[str, ...] = ()


class ChildDialog(Dialog):
    def __init__(self, child: StudentRecord, parent: QWidget | None = None,
                 choices: Sequence[tuple[str, str]] = ()) -> None:
        """``choices``: the categories (id, title) the parent may say fit the child."""
        super().__init__(parent)
        self.setWindowTitle("Your child")
        fit_to_screen(self, 560, 560 if choices else 320)
        intro = QLabel("The state your child goes to school in sets the deadlines: IEPDesk then counts each clock "
                       "by that state's rules where it has them, and the federal rules elsewhere.")
        intro.setWordWrap(True)
        self.name = QLineEdit(child.name)
        self.born_known = QCheckBox("Known")
        self.birth_date = QDateEdit()
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setDisplayFormat("MMMM d, yyyy")
        if child.birth_date:
            self.birth_date.setDate(QDate(child.birth_date.year, child.birth_date.month, child.birth_date.day))
        self.born_known.setChecked(child.birth_date is not None)
        self.birth_date.setEnabled(child.birth_date is not None)
        self.school = QLineEdit(child.school or "")
        self.grade = QLineEdit(child.grade or "")
        self.state = state_combo(child.state)
        born = QHBoxLayout()
        born.addWidget(self.birth_date, 1)
        born.addWidget(self.born_known)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Date of birth", born)
        form.addRow("School", self.school)
        form.addRow("Grade", self.grade)
        form.addRow("State", self.state)
        self.categories = readable(QListWidget())
        self.categories.setAccessibleName("Which categories fit your child?")
        for key, title in choices:
            row = QListWidgetItem(title)
            row.setData(Qt.ItemDataRole.UserRole, key)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if key in child.categories else Qt.CheckState.Unchecked)
            self.categories.addItem(row)
        if choices:
            hint = QLabel("Which categories fit your child? Today and Coverage then show what each still needs. "
                          "Tick all that may fit; you can change this at any time.")
            hint.setWordWrap(True)
            form.addRow(hint)
            form.addRow(self.categories)
        for widget, name in ((self.name, "Child's name"), (self.birth_date, "Date of birth"),
                             (self.school, "School"), (self.grade, "Grade")):
            widget.setAccessibleName(name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                        QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.born_known.toggled.connect(self.birth_date.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def value(self) -> ChildInput:
        rows = (self.categories.item(n) for n in range(self.categories.count()))
        ticked = tuple(r.data(Qt.ItemDataRole.UserRole) for r in rows if r.checkState() == Qt.CheckState.Checked)
        return ChildInput(self.name.text().strip(), date_of(self.birth_date) if self.born_known.isChecked() else None,
                          self.school.text().strip(), self.grade.text().strip(), self.state.currentData(), ticked)
