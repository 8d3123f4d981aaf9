"""Make a binder: the meeting, the selection, the order and the print options; then Open or Show in folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iepdesk.binder.options import BinderOptions
from iepdesk.gui.attempt import said
from iepdesk.gui.dates import date_of
from iepdesk.gui.dialogs.glossary import with_help
from iepdesk.gui.dialogs.preferences import preference
from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.gui.lists import readable
from iepdesk.gui.making import FileMaker
from iepdesk.gui.tasks import Task, TaskRunner
from iepdesk.vault import Vault

MEETINGS = ("IEP meeting", "IEP eligibility meeting", "504 meeting", "Mediation", "Resolution meeting",
            "Due-process hearing")
ORDERS = {"chronological": "By date", "criterion": "By criterion", "kind": "By kind of document",
          "manual": "As arranged in the list (drag to move)"}
ITEM_ID = Qt.ItemDataRole.UserRole
BATES_HELP = ("Bates numbers: every page of the binder gets its own running number, so anyone can point to "
              "exactly one page.")
GUTTER_HELP = "Hole-punch margin: extra blank space on the binding side so the holes miss the words."


class BinderDialog(Dialog):
    def __init__(self, vault: Vault, runner: TaskRunner, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.runner = runner
        self._task: Task | None = None
        self.setWindowTitle("Make a binder")
        self.meeting = QComboBox(editable=True)
        self.meeting.addItems(MEETINGS)
        from iepdesk.timeline.events import MEETINGS as MEETING_KINDS
        from iepdesk.timeline.events import next_meeting

        ahead = next_meeting(vault)
        if ahead is not None:  # the next meeting or hearing on the calendar
            self.meeting.setCurrentText(MEETING_KINDS[ahead.kind])
        day = ahead.date if ahead is not None else None
        self.meeting_date = QDateEdit(QDate(day.year, day.month, day.day) if day else QDate.currentDate())
        self.meeting_date.setCalendarPopup(True)
        self.meeting_date.setDisplayFormat("MMMM d, yyyy")
        self.prepared_by = QLineEdit(_preparer(vault))
        self.statement = QPlainTextEdit()
        self.statement.setPlaceholderText("Optional: your concerns and what you are asking for, in your own words.")
        self.statement.setMaximumHeight(90)
        self.copy = QComboBox()
        self.copy.addItem("Working copy: for you and your advocate (strengths, gaps, your notes)", "working")
        self.copy.addItem("Disclosure copy: for the school or a hearing (no gaps or notes, clean pages)",
                          "disclosure")
        self.copy.setAccessibleName("Which copy")
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
        self.exhibits = readable(QListWidget())
        self.exhibits.setAccessibleName("The exhibits this binder will hold")
        self.exhibits.setToolTip("Untick a document to leave it out; drag one to move it (the order becomes "
                                 "'As arranged in the list').")
        self.exhibits.setMinimumWidth(420)
        self.exhibits.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.exhibits.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.left_out: set[int] = set()  # the documents the parent unticked
        from iepdesk.binder.disclosed import last_disclosed

        self.disclosed = last_disclosed(vault)
        self.keep_numbers = QCheckBox(
            f"Keep the exhibit numbers disclosed on {self.disclosed.on:%B} {self.disclosed.on.day}, "
            f"{self.disclosed.on.year} (new documents take the next numbers)" if self.disclosed else "")
        self.keep_numbers.setChecked(True)
        self.keep_numbers.setVisible(self.disclosed is not None)
        self.numbering = _help("")
        from iepdesk.binder.front.text import TITLES
        from iepdesk.binder.options import SECTIONS

        self.sections_button = QPushButton("Sections in front…")
        self.sections_button.setToolTip("Choose which parts go before the exhibits")
        menu = QMenu(self.sections_button)
        self.section_actions = {}
        for key in SECTIONS[1:]:  # the cover always goes in
            action = menu.addAction(TITLES[key])
            action.setCheckable(True)
            action.setChecked(True)
            self.section_actions[key] = action
        self.sections_button.setMenu(menu)
        fit_to_screen(self, 1060, 560)
        self.out = QLineEdit(str(folder / f"Evidence binder {dt.date.today():%Y-%m-%d}.pdf"))
        browse = QPushButton("Choose…")
        out_row = QHBoxLayout()
        out_row.addWidget(self.out)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Copy", with_help(self.copy, "Disclosure"))
        form.addRow("For", self.meeting)
        form.addRow("Meeting date", self.meeting_date)
        form.addRow("Prepared by", self.prepared_by)
        form.addRow("Statement", self.statement)
        form.addRow("", self.sections_button)
        form.addRow("Order", self.order)
        form.addRow("", self.only_tagged)
        form.addRow("Paper", self.paper)
        form.addRow("", self.duplex)
        form.addRow("Hole-punch margin", self.gutter)
        form.addRow("", _help(GUTTER_HELP))
        form.addRow("Exhibit labels", with_help(self.prefix, "Exhibit"))
        if self.disclosed is not None:
            form.addRow("", self.keep_numbers)
        form.addRow("Bates numbers", with_help(self.bates, "Bates number"))
        form.addRow("", _help(BATES_HELP))
        form.addRow("Save as", out_row)
        self.foot = FileMaker("Make binder")
        self.progress, self.message, self.buttons = self.foot.progress, self.foot.message, self.foot.buttons
        self.make_button, self.open_button = self.foot.make_button, self.foot.open_button
        self.folder_button, self.close_button = self.foot.folder_button, self.foot.close_button
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        exhibits_box = QVBoxLayout()
        exhibits_box.addWidget(QLabel("Exhibits, in order (untick to leave out, drag to move):"))
        exhibits_box.addWidget(self.exhibits)
        exhibits_box.addWidget(self.numbering)
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move do&wn")
        self.up_button.setToolTip("Move the chosen document one place earlier (Alt+U)")
        self.down_button.setToolTip("Move the chosen document one place later (Alt+W)")
        moves = QHBoxLayout()
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        moves.addStretch()
        exhibits_box.addLayout(moves)
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
        self.close_button.clicked.connect(self._on_close_clicked)
        self.cancel_button = self.buttons.addButton("Cancel making it", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        for signal in (self.order.currentIndexChanged, self.only_tagged.toggled):
            signal.connect(lambda *_: self.show_exhibits())
        self.prefix.textChanged.connect(lambda _t: self._number())
        self.keep_numbers.toggled.connect(lambda _on: self._number())
        self.exhibits.itemChanged.connect(self._on_exhibit_changed)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(+1))
        self.exhibits.model().rowsMoved.connect(self._on_exhibits_moved)
        self.show_exhibits()

    @property
    def result_path(self) -> Path | None:
        """The file made (None until it is)."""
        return self.foot.path

    def show_exhibits(self) -> None:
        """The exhibits the options give, before anything is made: each ticked unless the parent left it out.
        In the order "As arranged in the list" the documents keep the places the parent gave them."""
        from iepdesk.binder.collect import select_items
        from iepdesk.criteria.catalogue import load_catalogue

        arranged = {row.data(ITEM_ID)[0]: n for n, row in enumerate(self._rows())}
        self.exhibits.blockSignals(True)
        self.exhibits.clear()
        try:
            options = replace(self.options(), item_ids=(), order=self.order.currentData() or "chronological")
            if options.order == "manual":
                options = replace(options, order="chronological")
            selection = select_items(self.vault, options, load_catalogue(self.vault))
        except Exception as error:  # e.g. nothing matches: say so in the list
            self.exhibits.addItem(said(error))
            self.exhibits.blockSignals(False)
            return
        items = selection.items
        if self.order.currentData() == "manual":
            items = sorted(items, key=lambda i: arranged.get(i.id, len(arranged)))
        for item in items:
            row = QListWidgetItem()
            row.setData(ITEM_ID, (item.id, item.date.isoformat() if item.date else "undated", item.title))
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
            row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)  # dropped between rows, never onto one
            row.setCheckState(Qt.CheckState.Unchecked if item.id in self.left_out else Qt.CheckState.Checked)
            row.setToolTip(item.title)
            self.exhibits.addItem(row)
        self.exhibits.blockSignals(False)
        self._number()

    def _rows(self) -> list[QListWidgetItem]:
        rows = (self.exhibits.item(n) for n in range(self.exhibits.count()))
        return [row for row in rows if row.data(ITEM_ID) is not None]

    def chosen_ids(self) -> list[int]:
        """The ticked documents, in the list's order."""
        return [row.data(ITEM_ID)[0] for row in self._rows() if row.checkState() == Qt.CheckState.Checked]

    def _number(self) -> None:
        """Each ticked row gets the exhibit label it will have; a row left out says so."""
        from iepdesk.binder.disclosed import number

        numbering = number(self.chosen_ids(), self.options(), self.disclosed)
        self.exhibits.blockSignals(True)
        for row in self._rows():
            item_id, when, title = row.data(ITEM_ID)
            label = numbering.labels.get(item_id) if row.checkState() == Qt.CheckState.Checked else None
            row.setText(f"{label or '(left out)'}  {when}  {title}")
        self.exhibits.blockSignals(False)
        self.numbering.setText(numbering.sentence())
        self.numbering.setVisible(bool(numbering.sentence()))
        self.make_button.setEnabled(bool(numbering.labels) and self._task is None)

    def _on_exhibit_changed(self, row: QListWidgetItem) -> None:
        item_id = row.data(ITEM_ID)[0] if row.data(ITEM_ID) else None
        if item_id is not None:
            (self.left_out.discard if row.checkState() == Qt.CheckState.Checked else self.left_out.add)(item_id)
        self._number()

    def move_current(self, step: int) -> None:
        """The keyboard's way to drag: the chosen document one place earlier or later."""
        row = self.exhibits.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.exhibits.count():
            return
        # moveRow emits rowsMoved as a drag does; a later place is given as the row after it
        self.exhibits.model().moveRow(self.exhibits.rootIndex(), row, self.exhibits.rootIndex(),
                                      target + 1 if step > 0 else target)
        self.exhibits.setCurrentRow(target)

    def _on_exhibits_moved(self, *_args: object) -> None:
        """A document dragged to a new place: the list's order is now the binder's."""
        self.order.blockSignals(True)
        self.order.setCurrentIndex(self.order.findData("manual"))
        self.order.blockSignals(False)
        self._number()

    def options(self) -> BinderOptions:
        order = self.order.currentData() or "chronological"
        chosen = tuple(self.chosen_ids()) if hasattr(self, "make_button") else ()
        # the ticked documents in the list's order; all of them, unless some are left out or the order is the list's
        item_ids = chosen if (order == "manual" or self.left_out) else ()
        return BinderOptions(
            meeting_type=self.meeting.currentText().strip() or "IEP meeting",
            meeting_date=date_of(self.meeting_date), prepared_by=self.prepared_by.text().strip(),
            statement=self.statement.toPlainText().strip() or None, order=order, item_ids=item_ids,
            criteria=("idea", "s504", "denial") if self.only_tagged.isChecked() else (),
            paper=self.paper.currentData(), duplex=self.duplex.isChecked(), gutter_mm=self.gutter.value(),
            exhibit_prefix=self.prefix.text() or "P-", bates_prefix=self.bates.text().strip() or None,
            copy=self.copy.currentData() or "working", keep_numbers=self.keep_numbers.isChecked(),
            sections=("cover", *(key for key, action in self.section_actions.items() if action.isChecked())),
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
            self.message.setText(said(error))
            return
        out = Path(self.out.text()).expanduser()
        self.cancel_button.show()
        self.foot.started("Making the binder…")
        self._task = self.runner.start(
            lambda report, cancel: make_binder(self.vault, out, options, report, cancel, actor="app"),
            self._on_done, self._on_failed, self._on_progress)

    def _on_progress(self, progress: object) -> None:
        self.foot.progressed(progress)
        self.message.setText(progress.current)  # type: ignore[attr-defined]

    def _on_cancel_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel.set()
            self.message.setText("Stopping…")

    def _on_done(self, result: object) -> None:
        self._task = None
        self.cancel_button.hide()
        skipped = "".join(f"\nLeft out: {p.sentence()}" for p in result.skipped)  # type: ignore[attr-defined]
        guessed = f"\n{result.guessed_sentence()}" if result.guessed else ""  # type: ignore[attr-defined]
        self.foot.made(result.path, f"Binder ready: {result.path.name}, {result.pages} pages, "  # type: ignore[attr-defined]
                       f"{len(result.exhibits)} exhibits.{skipped}{guessed}")  # type: ignore[attr-defined]

    def _on_failed(self, error: BaseException) -> None:
        from iepdesk.binder.assemble import Cancelled

        self._task = None
        self.cancel_button.hide()
        self.foot.failed(said(error))
        if not isinstance(error, Cancelled):  # a cancel the parent asked for needs no box
            QMessageBox.warning(self, "The binder was not made", said(error))

    def _on_close_clicked(self) -> None:
        self.accept() if self.result_path else self.reject()

    def done(self, result: int) -> None:
        """Close, Escape or the window's own close button: a binder being made is stopped, nothing is written."""
        if self._task is not None:
            self._task.cancel.set()
        super().done(result)


def _help(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text)")
    return label


def _preparer(vault: Vault) -> str:
    from iepdesk.binder.assemble import preparer

    return preparer(vault)
