"""Make a binder: the meeting, the selection, the order and the print options; then Open or Show in folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iepdesk.binder.options import BinderOptions
from iepdesk.gui.dates import date_of
from iepdesk.gui.dialogs.preferences import preference
from iepdesk.gui.tasks import Task, TaskRunner
from iepdesk.vault import Vault

MEETINGS = ("IEP meeting", "IEP eligibility meeting", "504 meeting", "Mediation", "Resolution meeting",
            "Due-process hearing")
ORDERS = {"chronological": "By date", "criterion": "By criterion", "kind": "By kind of document"}


class BinderDialog(QDialog):
    def __init__(self, vault: Vault, runner: TaskRunner, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.runner = runner
        self.result_path: Path | None = None
        self._task: Task | None = None
        self.setWindowTitle("Make a binder")
        self.meeting = QComboBox(editable=True)
        self.meeting.addItems(MEETINGS)
        self.meeting_date = QDateEdit(QDate.currentDate())
        self.meeting_date.setCalendarPopup(True)
        self.meeting_date.setDisplayFormat("MMMM d, yyyy")
        self.prepared_by = QLineEdit("Parent")
        self.statement = QPlainTextEdit()
        self.statement.setPlaceholderText("Optional: your concerns and what you are asking for, in your own words.")
        self.statement.setMaximumHeight(90)
        self.order = QComboBox()
        for key, label in ORDERS.items():
            self.order.addItem(label, key)
        self.only_tagged = QCheckBox("Only documents tagged as evidence")
        self.paper = QComboBox()
        self.paper.addItem("Letter", "letter")
        self.paper.addItem("A4", "a4")
        self.duplex = QCheckBox("Two-sided printing (each exhibit starts on a right-hand page)")
        self.gutter = QDoubleSpinBox(suffix=" mm", maximum=40, singleStep=1)
        self.prefix = QLineEdit(str(preference("exhibit_prefix")))
        self.bates = QLineEdit(str(preference("bates_prefix")))
        self.bates.setPlaceholderText("The child's last name, e.g. RIVERA-")
        self.paper.setCurrentIndex(max(0, self.paper.findData(preference("paper"))))
        self.exhibits = QListWidget()
        self.exhibits.setAccessibleName("The exhibits this binder will hold")
        self.exhibits.setMinimumWidth(420)
        self.resize(1060, 560)
        self.out = QLineEdit(str(folder / f"Evidence binder {dt.date.today():%Y-%m-%d}.pdf"))
        browse = QPushButton("Choose…")
        out_row = QHBoxLayout()
        out_row.addWidget(self.out)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("For", self.meeting)
        form.addRow("Meeting date", self.meeting_date)
        form.addRow("Prepared by", self.prepared_by)
        form.addRow("Statement", self.statement)
        form.addRow("Order", self.order)
        form.addRow("", self.only_tagged)
        form.addRow("Paper", self.paper)
        form.addRow("", self.duplex)
        form.addRow("Hole-punch margin", self.gutter)
        form.addRow("Exhibit labels", self.prefix)
        form.addRow("Bates numbers", self.bates)
        form.addRow("Save as", out_row)
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.make_button = self.buttons.addButton("Make binder", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = self.buttons.addButton("Open", QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = self.buttons.addButton("Show in folder", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.open_button.hide()
        self.folder_button.hide()
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        exhibits_box = QVBoxLayout()
        exhibits_box.addWidget(QLabel("Exhibits, in order:"))
        exhibits_box.addWidget(self.exhibits)
        columns.addLayout(exhibits_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for widget, name in ((self.meeting, "Meeting"), (self.meeting_date, "Meeting date"),
                             (self.prepared_by, "Prepared by"), (self.out, "Binder file")):
            widget.setAccessibleName(name)
        browse.clicked.connect(self._on_browse_clicked)
        self.make_button.clicked.connect(self.make)
        self.open_button.clicked.connect(lambda: self._show(self.result_path))
        self.folder_button.clicked.connect(lambda: self._show(self.result_path.parent if self.result_path else None))
        self.close_button.clicked.connect(self._on_close_clicked)
        self.cancel_button = self.buttons.addButton("Cancel making it", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        for signal in (self.order.currentIndexChanged, self.only_tagged.toggled):
            signal.connect(lambda *_: self.show_exhibits())
        self.prefix.textChanged.connect(lambda _t: self.show_exhibits())
        self.show_exhibits()

    def show_exhibits(self) -> None:
        """The exhibit list the options give, before anything is made."""
        from iepdesk.binder.collect import select_items
        from iepdesk.binder.options import exhibit_label
        from iepdesk.criteria.catalogue import load_catalogue

        self.exhibits.clear()
        try:
            options = self.options()
            selection = select_items(self.vault, options, load_catalogue(self.vault))
        except Exception as error:  # e.g. nothing matches: say so in the list
            self.exhibits.addItem(str(error))
            return
        for index, item in enumerate(selection.items):
            when = item.date.isoformat() if item.date else "undated"
            self.exhibits.addItem(f"{exhibit_label(index, options)}  {when}  {item.title}")

    def options(self) -> BinderOptions:
        return BinderOptions(
            meeting_type=self.meeting.currentText().strip() or "IEP meeting",
            meeting_date=date_of(self.meeting_date), prepared_by=self.prepared_by.text().strip() or "Parent",
            statement=self.statement.toPlainText().strip() or None, order=self.order.currentData(),
            criteria=("idea", "s504", "denial") if self.only_tagged.isChecked() else (),
            paper=self.paper.currentData(), duplex=self.duplex.isChecked(), gutter_mm=self.gutter.value(),
            exhibit_prefix=self.prefix.text() or "P-", bates_prefix=self.bates.text().strip() or None,
        )

    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the binder as", self.out.text(), "PDF (*.pdf)")
        if name:
            self.out.setText(name if name.lower().endswith(".pdf") else f"{name}.pdf")

    def make(self) -> None:
        from iepdesk.binder.assemble import make_binder

        try:
            options = self.options().check()
        except Exception as error:
            self.message.setText(str(error))
            return
        out = Path(self.out.text()).expanduser()
        self.make_button.setEnabled(False)
        self.cancel_button.show()
        self.progress.show()
        self.progress.setRange(0, 0)
        self.message.setText("Making the binder…")
        self._task = self.runner.start(
            lambda report, cancel: make_binder(self.vault, out, options, report, cancel, actor="app"),
            self._on_done, self._on_failed, self._on_progress)

    def _on_progress(self, progress: object) -> None:
        self.progress.setRange(0, max(1, progress.total))  # type: ignore[attr-defined]
        self.progress.setValue(progress.done)  # type: ignore[attr-defined]
        self.message.setText(progress.current)  # type: ignore[attr-defined]

    def _on_cancel_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel.set()
            self.message.setText("Stopping…")

    def _on_done(self, result: object) -> None:
        self._task = None
        self.cancel_button.hide()
        self.progress.hide()
        self.result_path = result.path  # type: ignore[attr-defined]
        skipped = "".join(f"\nLeft out: {p.sentence()}" for p in result.skipped)  # type: ignore[attr-defined]
        self.message.setText(f"Binder ready: {result.path.name}, {result.pages} pages, "  # type: ignore[attr-defined]
                             f"{len(result.exhibits)} exhibits.{skipped}")  # type: ignore[attr-defined]
        self.make_button.setEnabled(True)
        self.open_button.show()
        self.folder_button.show()

    def _on_failed(self, error: BaseException) -> None:
        self._task = None
        self.cancel_button.hide()
        self.progress.hide()
        self.make_button.setEnabled(True)
        self.message.setText(str(error))
        QMessageBox.warning(self, "The binder was not made", str(error))

    @staticmethod
    def _show(path: Path | None) -> None:
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _on_close_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel.set()
        self.accept() if self.result_path else self.reject()
