"""Prepare for a meeting: the goal, what you will ask for (each with the category its evidence comes from), then
the prep sheet to bring (Open or Show in folder)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from iepdesk.errors import IEPDeskError
from iepdesk.gui.attempt import said
from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.gui.making import show
from iepdesk.vault import Vault

ROWS = 5


class PrepDialog(Dialog):
    def __init__(self, vault: Vault, folder: Path, parent: QWidget | None = None) -> None:
        from iepdesk.criteria.catalogue import load_catalogue
        from iepdesk.criteria.coverage import category_choices, chosen_roots
        from iepdesk.timeline.events import MEETINGS, list_events

        super().__init__(parent)
        self.vault = vault
        self.result_path: Path | None = None
        self.setWindowTitle("Prepare for a meeting")
        fit_to_screen(self, 860, 560)
        today = dt.date.today()
        self.meeting = QComboBox()
        self.meeting.setAccessibleName("Meeting")
        ahead = [e for e in list_events(vault, kinds=list(MEETINGS)) if e.date >= today]
        for event in ahead:
            self.meeting.addItem(f"{event.date:%B} {event.date.day}, {event.date.year}: {MEETINGS[event.kind]}",
                                 event.id)
        self.goal = QLineEdit()
        self.goal.setAccessibleName("Your goal")
        self.goal.setPlaceholderText("What success looks like when you leave, in one sentence")
        catalogue = load_catalogue(vault)
        chosen = set(chosen_roots(vault, catalogue)[1:])
        choices = [("", "(no category)"), *((key, title) for key, title in category_choices(catalogue)
                                            if key in chosen), ("idea.general", "Eligibility in general")]
        grid = QGridLayout()
        grid.addWidget(QLabel("What you will ask for"), 0, 0)
        grid.addWidget(QLabel("Its evidence comes from"), 0, 1)
        self.asks: list[tuple[QLineEdit, QComboBox]] = []
        for row in range(1, ROWS + 1):
            text = QLineEdit()
            text.setAccessibleName(f"Ask {row}")
            text.setPlaceholderText("e.g. an evaluation in reading; eligibility under OHI; extended time"
                                    if row == 1 else "")
            combo = QComboBox()
            combo.setAccessibleName(f"Category of ask {row}")
            for key, title in choices:
                combo.addItem(title, key)
            grid.addWidget(text, row, 0)
            grid.addWidget(combo, row, 1)
            self.asks.append((text, combo))
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.out = QLineEdit(str(folder / f"Prep sheet {today:%Y-%m-%d}.pdf"))
        self.out.setAccessibleName("Prep sheet file")
        form = QFormLayout()
        form.addRow("Meeting", self.meeting)
        form.addRow("Your goal", self.goal)
        form.addRow("Save as", self.out)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.make_button = self.buttons.addButton("Make the prep sheet", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = self.buttons.addButton("Open", QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.open_button.hide()
        intro = QLabel("A sheet to bring: your goal, each thing you ask for with its strongest evidence, the "
                       "school's stated reasons with the answer, questions to ask, and what to do in the room.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(grid)
        layout.addStretch()
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.make_button.clicked.connect(self.make)
        self.open_button.clicked.connect(lambda: show(self.result_path))
        close.clicked.connect(self.reject)
        if not ahead:
            self.make_button.setEnabled(False)
            self.message.setText("No meeting, mediation or hearing is on the calendar. Add it in the Timeline (Add "
                                 "event), then come back here.")

    def make(self) -> None:
        from iepdesk.hearing.prep import Ask, PrepRequest, make_prep

        asks = tuple(Ask(text.text().strip(), (combo.currentData(),) if combo.currentData() else ())
                     for text, combo in self.asks if text.text().strip())
        request = PrepRequest(self.meeting.currentData(), self.goal.text().strip(), asks)
        try:
            result = make_prep(self.vault, Path(self.out.text()).expanduser(), request, actor="app")
        except IEPDeskError as error:  # the core's refusal, in the app's words
            self.message.setText(said(error))
            QMessageBox.warning(self, "The prep sheet was not made", said(error))
            return
        self.result_path = result.path
        missing = f" No evidence tagged yet for: {'; '.join(result.missing)}." if result.missing else ""
        self.message.setText(f"Prep sheet ready: {result.path.name} ({result.quotes} quote(s) for your asks, "
                             f"{result.reasons} reason(s) of the school answered).{missing}")
        self.open_button.show()
