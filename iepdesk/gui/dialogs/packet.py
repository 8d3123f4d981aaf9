"""The disclosure packet for a hearing: which hearing (and when the disclosure is due), the witnesses and what
each will speak to, who is served, how and when; then Open or Show in folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.attempt import said
from iepdesk.gui.dates import date_of
from iepdesk.gui.dialogs.glossary import with_help
from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.gui.lists import readable
from iepdesk.gui.making import FileMaker
from iepdesk.gui.tasks import Task, TaskRunner
from iepdesk.vault import Vault

PERSON = Qt.ItemDataRole.UserRole
HOW = ("email", "mail", "certified mail", "hand delivered", "fax", "portal")
WHY = ("What you will use at the hearing (your evaluations, the exhibits, your witnesses) must reach the district "
       "at least five business days before it, or the hearing officer may refuse it (34 CFR 300.512). IEPDesk "
       "writes the cover letter, the exhibit list, the witness list, the certificate of service and a clean "
       "copy of the binder, and records that you disclosed.")


class PacketDialog(Dialog):
    def __init__(self, vault: Vault, runner: TaskRunner, folder: Path, parent: QWidget | None = None) -> None:
        from iepdesk.hearing.packet import _default_to, hearings
        from iepdesk.timeline.people import list_people

        super().__init__(parent)
        self.vault, self.runner = vault, runner
        self._task: Task | None = None
        self.setWindowTitle("Disclosure packet for a hearing")
        fit_to_screen(self, 1000, 640)
        today = dt.date.today()
        self.hearing = QComboBox()
        found = hearings(vault)
        for event in found:
            self.hearing.addItem(f"{event.date:%B} {event.date.day}, {event.date.year}: {event.title}", event.id)
        ahead = [e for e in found if e.date >= today]
        if ahead:
            self.hearing.setCurrentIndex(self.hearing.findData(ahead[0].id))
        elif found:
            self.hearing.setCurrentIndex(len(found) - 1)
        self.due = QLabel()
        self.due.setWordWrap(True)
        people = [p for p in list_people(vault) if p.role != "parent"]
        self.to = QComboBox()
        for person in people:
            self.to.addItem(person.shown, person.id)
        default = _default_to({p.id: p for p in people})
        if default is not None:
            self.to.setCurrentIndex(self.to.findData(default))
        self.served = readable(QListWidget())
        self.served.setAccessibleName("Also served on")
        self.served.setMaximumHeight(110)
        for person in people:
            line = QListWidgetItem(person.shown)
            line.setData(PERSON, person.id)
            line.setFlags(line.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            line.setCheckState(Qt.CheckState.Checked if person.role == "hearing_officer" else Qt.CheckState.Unchecked)
            self.served.addItem(line)
        self.how = QComboBox(editable=True)
        self.how.addItems(HOW)
        self.how.setAccessibleName("How it is served")
        self.served_date = QDateEdit(QDate(today.year, today.month, today.day))
        self.served_date.setCalendarPopup(True)
        self.served_date.setDisplayFormat("MMMM d, yyyy")
        self.witnesses = QTableWidget(0, 2)
        self.witnesses.setAccessibleName("Witnesses: tick each one and say what they will speak to")
        self.witnesses.setHorizontalHeaderLabels(["Witness (tick to call)", "Will speak to (double-click to type)"])
        self.witnesses.verticalHeader().hide()
        self.witnesses.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.witnesses.horizontalHeader().setStretchLastSection(True)
        self.witnesses.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        from iepdesk.binder.assemble import preparer
        from iepdesk.timeline.people import parents

        everyone = [*parents(vault)[:1], *(p for p in people if p.role != "hearing_officer")]
        self.witnesses.setRowCount(len(everyone))
        for row, person in enumerate(everyone):
            name = QTableWidgetItem(person.shown if person.role != "parent" else f"{preparer(vault)} (you)")
            name.setData(PERSON, person.id)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Unchecked)
            self.witnesses.setItem(row, 0, name)
            self.witnesses.setItem(row, 1, QTableWidgetItem(""))
        self.out = QLineEdit(str(folder / f"Disclosure {today:%Y-%m-%d}.pdf"))
        self.out.setAccessibleName("Packet file")
        browse = QPushButton("Choose…")
        out_row = QHBoxLayout()
        out_row.addWidget(self.out)
        out_row.addWidget(browse)
        why = QLabel(WHY)
        why.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Hearing", with_help(self.hearing, "Due process"))
        form.addRow("", with_help(self.due, "Disclosure"))
        form.addRow("Cover letter to", self.to)
        form.addRow("Also served on", self.served)
        form.addRow("Served by", with_help(self.how, "Certificate of service"))
        form.addRow("Served on (date)", self.served_date)
        form.addRow("Save as", out_row)
        self.foot = FileMaker("Make the packet")
        self.progress, self.message, self.buttons = self.foot.progress, self.foot.message, self.foot.buttons
        self.make_button, self.open_button = self.foot.make_button, self.foot.open_button
        columns = QHBoxLayout()
        columns.addLayout(form, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel("Witnesses you may call:"))
        right.addWidget(self.witnesses)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(why)
        layout.addLayout(columns)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.hearing.setAccessibleName("Hearing")
        self.to.setAccessibleName("Cover letter to")
        self.served_date.setAccessibleName("Served on (date)")
        browse.clicked.connect(self._on_browse_clicked)
        self.make_button.clicked.connect(self.make)
        self.foot.close_button.clicked.connect(self.reject)
        self.hearing.currentIndexChanged.connect(lambda _i: self._show_due())
        self.witnesses.itemChanged.connect(self._on_witness_changed)
        if not found:
            self.make_button.setEnabled(False)
            self.message.setText("No due-process hearing is on the calendar yet. Add it in the Timeline (Add event, "
                                 "kind “Hearing”), then come back here.")
        self._show_due()

    @property
    def result_path(self) -> Path | None:
        """The file made (None until it is)."""
        return self.foot.path

    def _show_due(self) -> None:
        from iepdesk.hearing.packet import disclosure_clock, find_hearing

        if self.hearing.currentData() is None:
            self.due.setText("")
            return
        clock = disclosure_clock(self.vault, find_hearing(self.vault, self.hearing.currentData()))
        self.due.setText(clock.sentence() if clock else "No disclosure deadline is counted for this hearing.")

    def _on_witness_changed(self, cell: QTableWidgetItem) -> None:
        """Typing what a person will speak to makes them a witness."""
        if cell.column() == 1 and cell.text().strip():
            name = self.witnesses.item(cell.row(), 0)
            if name is not None and name.checkState() != Qt.CheckState.Checked:
                name.setCheckState(Qt.CheckState.Checked)

    def request(self) -> object:
        from iepdesk.hearing.packet import PacketRequest

        witnesses = []
        for row in range(self.witnesses.rowCount()):
            name, about = self.witnesses.item(row, 0), self.witnesses.item(row, 1)
            if name is not None and name.checkState() == Qt.CheckState.Checked:
                witnesses.append((name.data(PERSON), about.text().strip() if about else ""))
        ticked = (self.served.item(n) for n in range(self.served.count()))
        served = tuple(line.data(PERSON) for line in ticked if line.checkState() == Qt.CheckState.Checked)
        return PacketRequest(hearing_id=self.hearing.currentData(), witnesses=tuple(witnesses),
                             to=self.to.currentData(), served_on=served,
                             served_how=self.how.currentText().strip() or "email",
                             served_date=date_of(self.served_date))

    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the packet as", self.out.text(), "PDF (*.pdf)")
        if name:
            self.out.setText(name if name.lower().endswith(".pdf") else f"{name}.pdf")

    def make(self) -> None:
        from iepdesk.hearing.packet import make_packet

        request = self.request()
        out = Path(self.out.text()).expanduser()
        self.foot.started("Making the packet…")
        self._task = self.runner.start(
            lambda report, cancel: make_packet(self.vault, out, request, None, report, cancel,  # type: ignore[arg-type]
                                               actor="app"),
            self._on_done, self._on_failed, self.foot.progressed)

    def _on_done(self, result: object) -> None:
        self._task = None
        notes = [result.binder.guessed_sentence(), result.binder.numbering]  # type: ignore[attr-defined]
        self.foot.made(result.path,  # type: ignore[attr-defined]
                       "\n".join([result.sentence(), *(n for n in notes if n)]))  # type: ignore[attr-defined]
        self._show_due()

    def _on_failed(self, error: BaseException) -> None:
        from iepdesk.binder.assemble import Cancelled

        self._task = None
        self.foot.failed(said(error))
        if not isinstance(error, Cancelled):
            QMessageBox.warning(self, "The packet was not made", said(error))

    def done(self, result: int) -> None:
        """Close or Escape while it is being made: it stops, and nothing is recorded."""
        if self._task is not None:
            self._task.cancel.set()
        super().done(result)
